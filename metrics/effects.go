package metrics

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"gonum.org/v1/gonum/stat/distuv"

	"sijang/metrics/did"
)

// The evaluation panel of one programme. Its rules, each of which the
// Monte-Carlo test against the demo's planted effects needs:
//
//   - A stall's cohort is the month it joined the programme (enrolled_on).
//     A stall that joined after the 1st is partly treated in that month, so
//     the month is neither before nor after and is left out; the month
//     before is the base of every comparison, as in did.
//   - Each comparison measures this programme alone: a stall's months are
//     cut where it joined another programme. A stall of the programme keeps
//     the stretch holding its base month, up to its next other programme;
//     any other stall keeps its longest stretch. (Effects add on the log
//     scale, so a stall already in another programme through its stretch
//     compares like with like.)
//   - Outcomes are net of the category's own month-to-month movement, taken
//     from stalls outside every programme at the time (monthEffects):
//     enrolment favoured some categories (fish, side dishes, meat), whose
//     holiday trade moves differently, so without this the comparison
//     stalls are not like the enrolled ones.
//   - Months with a day without data, and months a stall opened or closed
//     in, are left out; so are months after joining in which fewer than
//     minCell of a cohort's stalls remain (dropThinMonths).

// stallMonth is one stall's month of net sales in won.
type stallMonth struct {
	stall    string
	month    int    // monthIndex
	group    string // category (else alley): the comparison group of monthEffects
	alley    string
	complete bool // every day of the month has data
	openAll  bool // the stall neither opened nor closed during the month
	total    float64
	offline  float64
	online   float64
}

func (r stallMonth) usable() bool { return r.complete && r.openAll }

// outcome is the evaluated outcome of the month: log(1 + won) for total
// and offline, won for online_krw.
func (r stallMonth) outcome(name string) float64 {
	switch name {
	case "offline":
		return math.Log1p(math.Max(r.offline, 0))
	case "online_krw":
		return r.online
	}
	return math.Log1p(math.Max(r.total, 0))
}

// exposure is when a stall joined a programme.
type exposure struct {
	month int // monthIndex of enrolled_on: the stall's cohort
	day   int // day of the month of enrolled_on
}

func exposureOf(enrolled time.Time) exposure {
	return exposure{month: monthIndex(enrolled), day: enrolled.Day()}
}

// partial reports whether the stall joined after the 1st, so that its
// first month is only partly treated.
func (e exposure) partial() bool { return e.day > 1 }

// treatedShare is the share of the first month's days from enrolment on.
func (e exposure) treatedShare() float64 {
	days := MonthOf(e.month).AddDate(0, 1, -1).Day()
	return float64(days-e.day+1) / float64(days)
}

// exposed reports whether the stall is in any programme during month m.
func exposed(joined map[string]exposure, m int) bool {
	for _, e := range joined {
		if e.month <= m {
			return true
		}
	}
	return false
}

// Trim counts what programPanel left out of a programme's panel.
type Trim struct {
	Incomplete   int // stall-months with a day without data
	OpenClose    int // stall-months the stall opened or closed in
	Partial      int // stall-months in which the stall joined some programme after the 1st
	OtherProgram int // stall-months on the other side of the stall joining another programme
	NoReference  int // stall-months whose category has no stall outside every programme that month
	Thin         int // months after joining when too few of the cohort's stalls remain (see minCell)
	// NoPost lists the programme's stalls left without any month after
	// joining it (they joined another programme at the same time, or have
	// no data after joining).
	NoPost []string
}

// String says what was left out, in Korean, or "" when nothing was.
func (t Trim) String() string {
	var parts []string
	add := func(n int, what string) {
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d개", what, n))
		}
	}
	add(t.Incomplete, "자료가 빠진 날이 있는 점포-월")
	add(t.OpenClose, "개점·폐점한 달의 점포-월")
	add(t.Partial, "월 중간에 사업에 참여한 달의 점포-월")
	add(t.OtherProgram, "다른 사업 참여로 전후가 섞이는 점포-월")
	add(t.NoReference, "같은 품목의 비교 점포가 없는 점포-월")
	add(t.Thin, fmt.Sprintf("참여 점포가 %d곳 미만만 남은 달의 점포-월", minCell))
	if len(t.NoPost) > 0 {
		parts = append(parts, fmt.Sprintf("참여 후 쓸 수 있는 달이 없는 참여 점포 %d곳(%s)", len(t.NoPost), strings.Join(t.NoPost, ", ")))
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, ", ") + " 제외"
}

// programPanel builds the did panel of one programme and outcome from a
// market's stall-months, sorted by stall and month, following the rules
// at the top of this file. joined holds every stall's programmes.
func programPanel(rows []stallMonth, outcome, program string, joined map[string]map[string]exposure) (did.Panel, Trim) {
	var trim Trim
	// The category's month effects, from stall-months outside every programme.
	m := monthEffects(rows, outcome, func(r stallMonth) bool {
		return !exposed(joined[r.stall], r.month)
	})
	p := did.Panel{TimeIsMonth: true}
	for lo := 0; lo < len(rows); {
		hi := lo
		for hi < len(rows) && rows[hi].stall == rows[lo].stall {
			hi++
		}
		stall := rows[lo].stall
		ex := joined[stall]
		var switches []int // months the stall joined another programme
		for prog, e := range ex {
			if prog != program {
				switches = append(switches, e.month)
			}
		}
		slices.Sort(switches)
		segment := func(month int) int {
			n := 0
			for _, q := range switches {
				if q <= month {
					n++
				}
			}
			return n
		}
		joinedIn := func(month int) bool {
			for _, e := range ex {
				if e.partial() && e.month == month {
					return true
				}
			}
			return false
		}
		own, treated := ex[program]
		keep := 0
		if treated {
			keep = segment(own.month - 1)
		} else {
			counts := make([]int, len(switches)+1)
			for _, r := range rows[lo:hi] {
				if r.usable() && !joinedIn(r.month) {
					counts[segment(r.month)]++
				}
			}
			for k, c := range counts {
				if c > counts[keep] {
					keep = k
				}
			}
		}
		cohort, post := 0, false
		if treated {
			cohort = own.month
		}
		for _, r := range rows[lo:hi] {
			adj, ok := m[groupMonth{r.group, r.month}]
			switch {
			case !r.complete:
				trim.Incomplete++
			case !r.openAll:
				trim.OpenClose++
			case joinedIn(r.month):
				trim.Partial++
			case segment(r.month) != keep:
				trim.OtherProgram++
			case !ok:
				trim.NoReference++
			default:
				p.Unit = append(p.Unit, stall)
				p.Time = append(p.Time, r.month)
				p.Outcome = append(p.Outcome, r.outcome(outcome)-adj)
				p.Cohort = append(p.Cohort, cohort)
				post = post || (treated && r.month >= cohort)
			}
		}
		if treated && !post {
			trim.NoPost = append(trim.NoPost, stall)
		}
		lo = hi
	}
	return dropThinMonths(p, &trim), trim
}

// minCell is the fewest stalls of a cohort a month after joining must
// still hold to be used (all of the cohort, if it is smaller): with one or
// two stalls left, the influence-function standard error of that month's
// ATT(g,t) is far too small.
const minCell = 5

// dropThinMonths leaves out the months after joining in which fewer than
// minCell of a cohort's stalls (all of them, if fewer) are observed both
// then and in the month before the cohort joined.
func dropThinMonths(p did.Panel, trim *Trim) did.Panel {
	size := map[int]map[string]bool{}    // cohort → units
	seen := map[[2]int]map[string]bool{} // (cohort, month) → units observed
	for i, g := range p.Cohort {
		if g == 0 {
			continue
		}
		if size[g] == nil {
			size[g] = map[string]bool{}
		}
		size[g][p.Unit[i]] = true
		k := [2]int{g, p.Time[i]}
		if seen[k] == nil {
			seen[k] = map[string]bool{}
		}
		seen[k][p.Unit[i]] = true
	}
	thin := func(g, t int) bool {
		if t < g {
			return false
		}
		n := 0
		for u := range seen[[2]int{g, t}] {
			if seen[[2]int{g, g - 1}][u] {
				n++
			}
		}
		return n < min(minCell, len(size[g]))
	}
	out := did.Panel{TimeIsMonth: p.TimeIsMonth}
	for i := range p.Unit {
		if g := p.Cohort[i]; g != 0 && thin(g, p.Time[i]) {
			trim.Thin++
			continue
		}
		out.Unit = append(out.Unit, p.Unit[i])
		out.Time = append(out.Time, p.Time[i])
		out.Outcome = append(out.Outcome, p.Outcome[i])
		out.Cohort = append(out.Cohort, p.Cohort[i])
	}
	return out
}

// groupMonth keys a comparison group's (a category's) month.
type groupMonth struct {
	group string
	month int
}

// monthEffects fits y = a_stall + m_{group,month} by alternating means
// over the usable reference stall-months and returns m (a two-way fixed
// effects fit, so stalls that opened late or have gaps do not shift m).
// Groups are what a stall sells: m carries the category's own seasons (설
// and 추석 weigh far more on a fish stall than on a 국밥 stall), and a
// category that a programme favoured is compared with itself.
func monthEffects(rows []stallMonth, outcome string, reference func(stallMonth) bool) map[groupMonth]float64 {
	type obs struct {
		unit int
		key  groupMonth
		y    float64
	}
	var data []obs
	units := map[string]int{}
	for _, r := range rows {
		if !r.usable() || !reference(r) {
			continue
		}
		u, ok := units[r.stall]
		if !ok {
			u = len(units)
			units[r.stall] = u
		}
		data = append(data, obs{u, groupMonth{r.group, r.month}, r.outcome(outcome)})
	}
	a := make([]float64, len(units))
	m := map[groupMonth]float64{}
	sum, n := map[groupMonth]float64{}, map[groupMonth]float64{}
	as, an := make([]float64, len(a)), make([]float64, len(a))
	for iter := 0; iter < 200; iter++ {
		clear(sum)
		clear(n)
		for _, o := range data {
			sum[o.key] += o.y - a[o.unit]
			n[o.key]++
		}
		for k := range sum {
			m[k] = sum[k] / n[k]
		}
		clear(as)
		clear(an)
		for _, o := range data {
			as[o.unit] += o.y - m[o.key]
			an[o.unit]++
		}
		var change float64
		for u := range a {
			v := as[u] / an[u]
			change = max(change, math.Abs(v-a[u]))
			a[u] = v
		}
		if change < 1e-10 {
			break
		}
	}
	return m
}

// placeboLead is how many months before joining the placebo test pretends
// the stalls joined.
const placeboLead = 6

// placeboPanel keeps each enrolled stall's months before it joined and
// pretends it joined placeboLead months earlier; the simple ATT of the
// result is an "effect" over months when nothing had happened yet. Unlike
// did's Wald pre-test over every pre-treatment ATT(g,t) — which with dozens
// of monthly cells and cohorts of a few stalls rejects even on data with
// exactly parallel trends — it is one number with an honest interval.
func placeboPanel(p did.Panel) did.Panel {
	out := did.Panel{TimeIsMonth: p.TimeIsMonth}
	for i, g := range p.Cohort {
		if g != 0 && p.Time[i] >= g {
			continue
		}
		if g != 0 {
			g -= placeboLead
		}
		out.Unit = append(out.Unit, p.Unit[i])
		out.Time = append(out.Time, p.Time[i])
		out.Outcome = append(out.Outcome, p.Outcome[i])
		out.Cohort = append(out.Cohort, g)
	}
	return out
}

// pValue is the two-sided normal p-value of an effect against zero.
func pValue(e did.Effect) float64 {
	if e.SE <= 0 {
		return math.NaN()
	}
	return 2 * distuv.UnitNormal.Survival(math.Abs(e.ATT/e.SE))
}

// treatedSales sums the sales a programme's effect applies to: every
// month of every enrolled stall from the month it joined (the first month
// in proportion to the days from enrolment on), whether or not the month
// was complete enough to enter the estimate.
func treatedSales(rows []stallMonth, program string, joined map[string]map[string]exposure) float64 {
	var s float64
	for _, r := range rows {
		e, ok := joined[r.stall][program]
		switch {
		case !ok || r.month < e.month:
		case r.month == e.month:
			s += r.total * e.treatedShare()
		default:
			s += r.total
		}
	}
	return s
}

// Won is an amount in won with its interval.
type Won struct {
	KRW, Low, High float64
}

// incrementalKRW converts an effect on log sales into won. Observed sales
// S already carry the effect θ, so the counterfactual is S·e^(−θ) and the
// increment S·(1 − e^(−θ)). The map is increasing in θ, so the effect's
// interval maps onto the won interval exactly.
func incrementalKRW(sales float64, e did.Effect) Won {
	f := func(theta float64) float64 { return sales * -math.Expm1(-theta) }
	return Won{KRW: f(e.ATT), Low: f(e.CILow), High: f(e.CIHigh)}
}

// ComponentProgram maps the budget components (spend.component) that pay
// for one programme to it; every other component (promotion, office, …)
// serves the project as a whole and is shared out (shareSpend).
var ComponentProgram = map[string]string{
	"platform": "smartstore", // 플랫폼 입점 지원
	"delivery": "jangbogi",   // 배송 지원
	"live":     "live",       // 라이브커머스
	"training": "training",   // 교육
}

// Spend is what a programme cost.
type Spend struct {
	Direct float64 // its own components
	Shared float64 // its share of the shared components, in proportion to Direct
}

// Total is Direct + Shared.
func (s Spend) Total() float64 { return s.Direct + s.Shared }

// shareSpend splits a market's spend by component into programmes: each
// mapped component goes to its programme; the shared components are split
// in proportion to the programmes' own spend. It also returns the market's
// whole spend.
func shareSpend(byComponent map[string]float64) (map[string]Spend, float64) {
	out := map[string]Spend{}
	var direct, shared float64
	for c, krw := range byComponent {
		if p, ok := ComponentProgram[c]; ok {
			s := out[p]
			s.Direct += krw
			out[p] = s
			direct += krw
		} else {
			shared += krw
		}
	}
	if direct > 0 {
		for p, s := range out {
			s.Shared = shared * s.Direct / direct
			out[p] = s
		}
	}
	return out, direct + shared
}

// perWon divides won figures by spend: sales per won spent, with the
// interval; NaN without spend.
func perWon(w Won, spend float64) Won {
	if spend <= 0 {
		return Won{math.NaN(), math.NaN(), math.NaN()}
	}
	return Won{w.KRW / spend, w.Low / spend, w.High / spend}
}

// Persistence says whether a programme's effect outlived its support
// period, from the calendar-month effects of did (R's aggte "calendar"):
// each month's effect over the stalls that had joined by then.
type Persistence struct {
	EndMonth int // last month of support (programs.ends_on); 0 when unknown
	Months   int // calendar months with an effect after EndMonth
	// During and After average the monthly effects inside and after the
	// support period. Their standard error is the average of the monthly
	// standard errors, an upper bound whatever the months' correlation.
	During, After did.Effect
	State         string // persisted, faded, reversed, no_data (no month after support), unknown
}

func persistence(res *did.Result, endMonth int, z float64) Persistence {
	p := Persistence{EndMonth: endMonth, State: "unknown"}
	if res == nil || endMonth == 0 {
		return p
	}
	var during, after []did.Effect
	for _, pe := range res.Calendar.Periods {
		if pe.Time > endMonth {
			after = append(after, pe.Effect)
		} else {
			during = append(during, pe.Effect)
		}
	}
	p.Months = len(after)
	p.During = meanBound(during, z)
	p.After = meanBound(after, z)
	switch {
	case len(after) == 0:
		p.State = "no_data"
	case p.After.CILow > 0 && res.Simple.ATT > 0, p.After.CIHigh < 0 && res.Simple.ATT < 0:
		p.State = "persisted"
	case p.After.CILow > 0 || p.After.CIHigh < 0:
		p.State = "reversed"
	default:
		p.State = "faded"
	}
	return p
}

// meanBound averages effects, with the average standard error as a
// conservative standard error of the mean.
func meanBound(es []did.Effect, z float64) did.Effect {
	if len(es) == 0 {
		return did.Effect{ATT: math.NaN(), SE: math.NaN(), CILow: math.NaN(), CIHigh: math.NaN()}
	}
	var att, se float64
	for _, e := range es {
		att += e.ATT
		se += e.SE
	}
	att /= float64(len(es))
	se /= float64(len(es))
	return did.Effect{ATT: att, SE: se, CILow: att - z*se, CIHigh: att + z*se}
}

// Impact is what a programme did in won and per won spent, with the
// caveats its verdict names.
type Impact struct {
	Market, Program, Name string
	// Basis says what the won figures rest on, e.g. the simple ATT of log
	// monthly sales over every stall-month after joining.
	Basis        string
	Effect       did.Effect // the effect on log sales the won figures come from
	SalesKRW     float64    // the sales that effect applies to
	Incremental  Won
	Spend        Spend
	PerWon       Won // Incremental / Spend.Total()
	PerWonDirect Won // Incremental / Spend.Direct
	// Placebo is the simple ATT with every stall's joining moved
	// placeboLead months earlier, over months before anyone joined; PreTrendP
	// is its p-value. WaldP is did's Wald pre-test (NaN when not computed),
	// kept for the record: with many monthly cells it rejects even on
	// parallel data.
	Placebo      did.Effect
	PreTrendP    float64
	WaldP        float64
	Sensitivity  float64 // did's Sensitivity.Multiple; NaN when not available
	SmallCohorts int     // cohorts of fewer than 5 stalls
	Trim         Trim
	Persistence  Persistence
	Note         string // why there is no estimate, when there is none
	Verdict      string
}
