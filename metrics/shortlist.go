package metrics

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"time"

	"gonum.org/v1/gonum/stat"

	"sijang/metrics/did"
)

// The onboarding shortlist: which stalls the programme office should bring
// into a programme next. Candidates are the stalls not in the programme,
// open, with sales in the last 12 months and not excluded in market.yaml.
// A candidate's expected gain over the next 12 months is its expected
// sales without the programme — its average complete month of the last 12,
// times 12 — times (e^effect − 1), where the effect is its stall group's,
// pulled toward the programme's overall effect (shortlist_pool.go). The
// budget view takes the candidates with the largest gains that the
// programme's budget left pays for; every stall costs the same to onboard,
// so that is the best set.

// Candidate is one stall on a programme's shortlist.
type Candidate struct {
	Stall       string
	Rank        int
	Group       GroupEffect // the group effect that applies
	SalesKRW    float64     // expected sales without the programme over 12 months
	SalesMonths int         // complete months of the last 12 behind SalesKRW
	Gain        Won         // SalesKRW × (e^effect − 1), at the effect's interval
	InBudget    bool
	Reasons     []string // plain Korean sentences
	// The stall's recovery over the last 12 months, the market's and its
	// alley's footfall recovery over the same months; NaN when unknown.
	Recovery, MarketRecovery, FootfallRecovery float64
}

// Excluded is a stall that is not a candidate, and why.
type Excluded struct {
	Stall, Reason string
}

// BudgetView is what the programme's budget left buys.
type BudgetView struct {
	CostKRW    float64 // one stall's onboarding; NaN when unknown
	CostSource string  // market.yaml or ledger
	LeftKRW    float64 // the programme's budget components: plan − spent; NaN when unknown
	Stalls     int     // candidates the budget left pays for
	Gain       Won     // their expected gain over 12 months, with its simulated 95% interval
	Note       string  // Korean, when there is no budget view
}

// Shortlist is one programme's shortlist in one market.
type Shortlist struct {
	Market, Program, Name string
	AsOf                  int // month index of the first month after the data
	Pooled                *Pooled
	Candidates            []Candidate // by rank
	Excluded              []Excluded
	Budget                BudgetView
	Backtest              Backtest
}

// exclusion is a market.yaml programs[].exclude entry; empty fields match
// any stall.
type exclusion struct {
	program, stall, category, alley, reason string
}

func (x exclusion) matches(stall string, c stallContext) bool {
	return (x.stall == "" || x.stall == stall) &&
		(x.category == "" || x.category == c.category) &&
		(x.alley == "" || x.alley == c.alley)
}

// stallContext is what the shortlist says about a stall besides its gain
// (shortlist_context.sql). Recoveries are NaN when unknown.
type stallContext struct {
	name, alley, alleyName, category string
	closedOn                         time.Time // zero when open
	recovery, marketRecovery         float64
	footfallRecovery                 float64
}

// groupKey is the shortlist's stall group: category and alley.
func groupKey(category, alley string) string { return category + "/" + alley }

// groupsOf maps each stall of rows to its group key.
func groupsOf(rows []stallMonth) map[string]string {
	out := map[string]string{}
	for _, r := range rows {
		out[r.stall] = groupKey(r.group, r.alley)
	}
	return out
}

// candidates lists the programme's candidates as of month asOf (the first
// month after the data) with their expected gains, ranked, and the stalls
// left out with the reason. rows are sorted by stall and month; ctx may
// lack stalls (then nothing is known about them but their sales).
func candidates(rows []stallMonth, joined map[string]map[string]exposure, program string, asOf int,
	pooled *Pooled, excl []exclusion, ctx map[string]stallContext) ([]Candidate, []Excluded) {
	var cands []Candidate
	var out []Excluded
	for lo := 0; lo < len(rows); {
		hi := lo
		for hi < len(rows) && rows[hi].stall == rows[lo].stall {
			hi++
		}
		stall, months := rows[lo].stall, rows[lo:hi]
		lo = hi
		if _, in := joined[stall][program]; in {
			continue
		}
		c, known := ctx[stall]
		if !known {
			c = stallContext{category: months[0].group, alley: months[0].alley}
		}
		if i := slices.IndexFunc(excl, func(x exclusion) bool { return x.matches(stall, c) }); i >= 0 {
			out = append(out, Excluded{stall, excl[i].reason})
			continue
		}
		if !c.closedOn.IsZero() && monthIndex(c.closedOn) < asOf {
			out = append(out, Excluded{stall, fmt.Sprintf("%s 폐점", c.closedOn.Format("2006.01.02"))})
			continue
		}
		last := months[len(months)-1]
		if last.month != asOf-1 || last.total <= 0 {
			out = append(out, Excluded{stall, fmt.Sprintf("최근 달(%s) 매출 자료 없음", monthLabel(asOf-1))})
			continue
		}
		var sum float64
		n := 0
		for _, r := range months {
			if r.month >= asOf-12 && r.month < asOf && r.usable() {
				sum += r.total
				n++
			}
		}
		if n < minSide {
			out = append(out, Excluded{stall, fmt.Sprintf("최근 12개월 중 자료가 온전한 달이 %d개월뿐", n)})
			continue
		}
		g := pooled.Group(groupKey(months[0].group, months[0].alley))
		s := sum / float64(n) * 12
		f := func(theta float64) float64 { return s * math.Expm1(theta) }
		cands = append(cands, Candidate{
			Stall: stall, Group: g, SalesKRW: s, SalesMonths: n,
			Gain: Won{KRW: f(g.Effect.ATT), Low: f(g.Effect.CILow), High: f(g.Effect.CIHigh)},
		})
	}
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].Gain.KRW != cands[j].Gain.KRW {
			return cands[i].Gain.KRW > cands[j].Gain.KRW
		}
		return cands[i].Stall < cands[j].Stall
	})
	for i := range cands {
		cands[i].Rank = i + 1
	}
	return cands, out
}

// budgetDraws is the number of simulated effects behind the budget view's
// interval; the seed is fixed so that reruns agree.
const budgetDraws = 10_000

// budgetView marks the best set of candidates (ranked by gain) that the
// budget left pays for at cost per stall, and sums their gain. The
// interval is simulated: each draw takes one effect per stall group from
// its normal (stalls of a group share it), so it is wider than the sum of
// independent intervals would suggest and narrower than the sum of the
// interval ends.
func budgetView(cands []Candidate, cost float64, source string, left float64) BudgetView {
	b := BudgetView{CostKRW: cost, CostSource: source, LeftKRW: left,
		Gain: Won{KRW: math.NaN(), Low: math.NaN(), High: math.NaN()}}
	switch {
	case math.IsNaN(cost) || cost <= 0:
		b.Note = "입점 비용을 알 수 없습니다: market.yaml 사업에 onboarding_cost_krw를 정하거나 사업비 집행내역을 넣으세요."
		return b
	case math.IsNaN(left):
		b.Note = "이 사업의 계획 예산(비목)을 알 수 없어 남은 예산을 계산하지 못했습니다."
		return b
	case left < cost:
		b.Note = fmt.Sprintf("남은 예산 %s으로는 한 곳(%s)도 더 입점시킬 수 없습니다.", krwText(math.Max(left, 0)), krwText(cost))
		return b
	}
	b.Stalls = min(len(cands), int(left/cost))
	chosen := cands[:b.Stalls]
	if len(chosen) == 0 {
		b.Note = "후보 점포가 없습니다."
		return b
	}
	b.Gain.KRW = 0
	for i := range chosen {
		chosen[i].InBudget = true
		b.Gain.KRW += chosen[i].Gain.KRW
	}
	rng := rand.New(rand.NewPCG(1, 6))
	totals := make([]float64, budgetDraws)
	draw := map[string]float64{}
	for d := range totals {
		clear(draw)
		for _, c := range chosen {
			theta, ok := draw[c.Group.Key]
			if !ok {
				theta = c.Group.Effect.ATT + c.Group.Effect.SE*rng.NormFloat64()
				draw[c.Group.Key] = theta
			}
			totals[d] += c.SalesKRW * math.Expm1(theta)
		}
	}
	slices.Sort(totals)
	b.Gain.Low = stat.Quantile(0.025, stat.Empirical, totals, nil)
	b.Gain.High = stat.Quantile(0.975, stat.Empirical, totals, nil)
	return b
}

// reasons writes why a candidate ranks where it does, in plain Korean.
func reasons(c Candidate, sc stallContext, p *Pooled) []string {
	var out []string
	who := strings.TrimSpace(sc.category + " " + sc.alleyName)
	if who == "" {
		who = "같은 무리"
	}
	g := c.Group
	switch {
	case g.N == 0:
		out = append(out, fmt.Sprintf("같은 품목·골목(%s)의 참여 점포가 아직 없어 사업 평균 효과 %s를 적용했습니다(불확실성이 큼).",
			who, pctText(p.Overall.ATT)))
	case g.Weight < 0.8:
		out = append(out, fmt.Sprintf("같은 품목·골목(%s) 참여 점포 %d곳의 참여 후 매출 변화는 %s이지만, 점포 수가 적어 사업 평균(%s) 쪽으로 보정해 %s로 봅니다.",
			who, g.N, pctText(g.Raw), pctText(p.Overall.ATT), pctText(g.Effect.ATT)))
	default:
		out = append(out, fmt.Sprintf("같은 품목·골목(%s) 참여 점포 %d곳의 참여 후 매출 변화 %s(보정 후 %s).",
			who, g.N, pctText(g.Raw), pctText(g.Effect.ATT)))
	}
	months := ""
	if c.SalesMonths < 12 {
		months = fmt.Sprintf(", 온전한 %d개월로 환산", c.SalesMonths)
	}
	out = append(out, fmt.Sprintf("최근 12개월 매출 %s%s → 12개월 기대 증가 매출 %s.", krwText(c.SalesKRW), months, wonRange(c.Gain)))
	if !math.IsNaN(sc.recovery) {
		s := fmt.Sprintf("기준연도 대비 회복률 %.0f%%", 100*sc.recovery)
		if !math.IsNaN(sc.marketRecovery) {
			s += fmt.Sprintf("(시장 %.0f%%)", 100*sc.marketRecovery)
			switch {
			case sc.recovery < sc.marketRecovery-0.05:
				s += ", 시장보다 회복이 더딥니다"
			case sc.recovery > sc.marketRecovery+0.05:
				s += ", 시장보다 회복이 빠릅니다"
			}
		}
		out = append(out, s+".")
	}
	if !math.IsNaN(sc.footfallRecovery) {
		out = append(out, fmt.Sprintf("%s 유동인구는 기준연도의 %.0f%%.", orDefault(sc.alleyName, "골목"), 100*sc.footfallRecovery))
	}
	if c.Gain.Low < 0 {
		out = append(out, "효과의 95% 구간이 0을 포함해 매출 증가를 장담할 수 없습니다.")
	}
	return out
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// programShortlist builds one programme's shortlist in one market as of
// the month after the data, with its backtest, from the programme's panel
// of total sales (programPanel), its simple ATT and the spend of its own
// budget components.
func (in *evaluationInput) programShortlist(m, prog string, panel did.Panel, overall did.Effect, direct float64, z float64) Shortlist {
	rows, joined := in.rows[m], in.joined[m]
	info := in.programs[[2]string{m, prog}]
	sl := Shortlist{Market: m, Program: prog, Name: info.name, AsOf: lastMonth(rows) + 1}
	groups := groupsOf(rows)
	sl.Pooled = poolGroups(stallEffects(panel, func(s string) string { return groups[s] }), overall, z)
	var excl []exclusion
	for _, x := range in.exclusions[m] {
		if x.program == prog {
			excl = append(excl, x)
		}
	}
	sl.Candidates, sl.Excluded = candidates(rows, joined, prog, sl.AsOf, sl.Pooled, excl, in.context[m])

	cost, source := math.NaN(), ""
	if info.costKRW > 0 {
		cost, source = info.costKRW, "market.yaml"
	} else {
		enrolled := 0
		for _, ex := range joined {
			if _, ok := ex[prog]; ok {
				enrolled++
			}
		}
		if direct > 0 && enrolled > 0 {
			cost, source = direct/float64(enrolled), "ledger"
		}
	}
	left, planned := 0.0, false
	for c, p := range ComponentProgram {
		if p != prog {
			continue
		}
		if plan, ok := in.plan[m][c]; ok {
			planned = true
			left += plan - in.spend[m][c]
		}
	}
	if !planned {
		left = math.NaN()
	}
	sl.Budget = budgetView(sl.Candidates, cost, source, left)
	for i := range sl.Candidates {
		c := &sl.Candidates[i]
		sc := contextOr(in.context[m], c.Stall)
		c.Recovery, c.MarketRecovery, c.FootfallRecovery = sc.recovery, sc.marketRecovery, sc.footfallRecovery
		c.Reasons = reasons(*c, sc, sl.Pooled)
	}
	sl.Backtest = backtest(rows, joined, prog, panel, z)
	return sl
}

func contextOr(ctx map[string]stallContext, stall string) stallContext {
	if c, ok := ctx[stall]; ok {
		return c
	}
	return stallContext{recovery: math.NaN(), marketRecovery: math.NaN(), footfallRecovery: math.NaN()}
}

// lastMonth is the latest month of rows.
func lastMonth(rows []stallMonth) int {
	last := 0
	for _, r := range rows {
		last = max(last, r.month)
	}
	return last
}
