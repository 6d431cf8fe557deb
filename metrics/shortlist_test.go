package metrics

import (
	"bufio"
	"context"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/gonum/stat/combin"

	"sijang/internal/demo"
	"sijang/metrics/did"
)

// TestPoolGroupsFixture checks the empirical-Bayes pooling against the
// values computed by hand in testdata/shortlist/pool.txt.
func TestPoolGroupsFixture(t *testing.T) {
	f, err := os.Open("testdata/shortlist/pool.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	num := func(s string) float64 {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("fixture: %v", err)
		}
		return v
	}
	var effects []stallEffect
	var overall did.Effect
	type want struct {
		n                                int
		raw, rawSE, weight, att, se, tau float64
	}
	wants := map[string]want{}
	var wantTau2, wantWithin float64
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) == 0 || strings.HasPrefix(fs[0], "#") {
			continue
		}
		switch fs[0] {
		case "stall":
			effects = append(effects, stallEffect{stall: fs[1], group: fs[2], theta: num(fs[3])})
		case "overall":
			overall = did.Effect{ATT: num(fs[1]), SE: num(fs[2])}
		case "tau2":
			wantTau2 = num(fs[1])
		case "within":
			wantWithin = num(fs[1])
		case "group":
			n, _ := strconv.Atoi(fs[2])
			wants[fs[1]] = want{n: n, raw: num(fs[3]), rawSE: num(fs[4]), weight: num(fs[5]), att: num(fs[6]), se: num(fs[7])}
		}
	}
	if len(effects) == 0 || len(wants) == 0 {
		t.Fatal("fixture holds no stalls or no expected groups")
	}
	const z, tol = 1.959964, 5e-7
	close := func(what string, got, want float64) {
		t.Helper()
		if math.IsNaN(want) != math.IsNaN(got) || (!math.IsNaN(want) && math.Abs(got-want) > tol) {
			t.Errorf("%s = %.7f, want %.7f", what, got, want)
		}
	}
	p := poolGroups(effects, overall, z)
	close("tau2", p.Tau2, wantTau2)
	close("within", p.Within, wantWithin)
	for key, w := range wants {
		g := p.Group(key)
		if g.N != w.n {
			t.Errorf("group %s: n = %d, want %d", key, g.N, w.n)
		}
		close("group "+key+" raw", g.Raw, w.raw)
		close("group "+key+" raw se", g.RawSE, w.rawSE)
		close("group "+key+" weight", g.Weight, w.weight)
		close("group "+key+" att", g.Effect.ATT, w.att)
		close("group "+key+" se", g.Effect.SE, w.se)
		close("group "+key+" ci low", g.Effect.CILow, w.att-z*w.se)
	}
}

// TestPoolGroupsDegenerate: one group gives no between-group variance, so
// every group is the overall effect; one stall per group borrows the
// spread implied by the overall standard error.
func TestPoolGroupsDegenerate(t *testing.T) {
	overall := did.Effect{ATT: 0.1, SE: 0.02}
	p := poolGroups([]stallEffect{{group: "A", theta: 0.3}, {group: "A", theta: 0.5}, {group: "A", theta: 0.4}}, overall, 2)
	if g := p.Group("A"); p.Tau2 != 0 || g.Weight != 0 || g.Effect.ATT != 0.1 {
		t.Errorf("one group: tau2 %g, weight %g, att %g; want 0, 0, 0.1", p.Tau2, g.Weight, g.Effect.ATT)
	}
	p = poolGroups([]stallEffect{{group: "A", theta: 0.3}, {group: "B", theta: 0.1}}, overall, 2)
	// s = 0.02·√2; se² = 0.0008 each; ȳ = 0.2; Q = 2·0.01/0.0008 = 25;
	// τ² = (25 − 1)/(2500 − 1250) = 0.0192.
	if want := 0.02 * math.Sqrt2; math.Abs(p.Within-want) > 1e-12 {
		t.Errorf("within = %g, want %g", p.Within, want)
	}
	if math.Abs(p.Tau2-0.0192) > 1e-12 {
		t.Errorf("tau2 = %g, want 0.0192", p.Tau2)
	}
}

// TestCandidates checks who is a candidate, the expected gains (by hand:
// 12 complete months of 1,000,000 won → 12,000,000 × (e^0.25 − 1) =
// 3,408,305), the ranking and the budget view.
func TestCandidates(t *testing.T) {
	const asOf = 2022*12 + 11 // 2022-12: data ends in 2022-11
	month := func(stall, cat, alley string, m int, total float64, complete bool) stallMonth {
		return stallMonth{stall: stall, month: m, group: cat, alley: alley, complete: complete, openAll: true, total: total}
	}
	var rows []stallMonth
	add := func(stall, cat, alley string, from, to int, total float64, incomplete ...int) {
		for m := from; m <= to; m++ {
			ok := true
			for _, x := range incomplete {
				ok = ok && x != m
			}
			rows = append(rows, month(stall, cat, alley, m, total, ok))
		}
	}
	add("s1", "수산", "fish", asOf-24, asOf-1, 1_000_000)                         // 12 complete months: S = 12,000,000
	add("s2", "반찬", "side", asOf-12, asOf-1, 2_000_000, asOf-3, asOf-5, asOf-7) // 9 complete: S = 24,000,000
	add("s3", "수산", "fish", asOf-12, asOf-1, 9_000_000)                         // already enrolled
	add("s4", "국밥", "soup", asOf-12, asOf-1, 9_000_000)                         // excluded category
	add("s5", "수산", "fish", asOf-12, asOf-2, 9_000_000)                         // no sales in the last month
	add("s6", "수산", "fish", asOf-12, asOf-1, 9_000_000, asOf-12, asOf-11, asOf-10, asOf-9, asOf-8, asOf-7, asOf-6, asOf-5, asOf-4, asOf-3)
	add("s7", "수산", "fish", asOf-12, asOf-1, 9_000_000) // closed
	joined := map[string]map[string]exposure{"s3": {"smartstore": {month: asOf - 30, day: 1}}}
	const z = 1.959964
	pooled := &Pooled{
		Overall: did.Effect{ATT: 0.1, SE: 0.04}, Tau2: 0.0009, z: z,
		Groups: map[string]GroupEffect{"수산/fish": {Key: "수산/fish", N: 3, Raw: 0.3, Weight: 0.8,
			Effect: did.Effect{ATT: 0.25, SE: 0.05, CILow: 0.25 - z*0.05, CIHigh: 0.25 + z*0.05}}},
	}
	excl := []exclusion{{program: "smartstore", category: "국밥", reason: "배달 불가"}}
	ctx := map[string]stallContext{"s7": {category: "수산", alley: "fish", closedOn: time.Date(2022, 10, 20, 0, 0, 0, 0, time.UTC)}}
	cands, out := candidates(rows, joined, "smartstore", asOf, pooled, excl, ctx)

	wantOut := map[string]string{"s4": "배달 불가", "s5": "최근 달(2022년 11월) 매출 자료 없음",
		"s6": "최근 12개월 중 자료가 온전한 달이 2개월뿐", "s7": "2022.10.20 폐점"}
	if len(out) != len(wantOut) {
		t.Errorf("excluded %v, want %v", out, wantOut)
	}
	for _, x := range out {
		if wantOut[x.Stall] != x.Reason {
			t.Errorf("excluded %s: %q, want %q", x.Stall, x.Reason, wantOut[x.Stall])
		}
	}
	// s2's group has no enrolled stall: the overall 0.10 with se
	// √(0.0009 + 0.04²) = 0.05 → 24,000,000 × (e^0.1 − 1) = 2,524,102.
	want := []struct {
		stall          string
		sales          float64
		gain, low, hig float64
	}{
		{"s1", 12_000_000, 3_408_305, 1_969_948, 4_994_756},
		{"s2", 24_000_000, 2_524_102, 48_091, 5_255_045},
	}
	if len(cands) != len(want) {
		t.Fatalf("%d candidates, want %d: %+v", len(cands), len(want), cands)
	}
	for i, w := range want {
		c := cands[i]
		if c.Stall != w.stall || c.Rank != i+1 || c.SalesKRW != w.sales {
			t.Errorf("rank %d: %s sales %.0f, want %s sales %.0f", i+1, c.Stall, c.SalesKRW, w.stall, w.sales)
		}
		for _, v := range [][2]float64{{c.Gain.KRW, w.gain}, {c.Gain.Low, w.low}, {c.Gain.High, w.hig}} {
			if math.Abs(v[0]-v[1]) > 1 {
				t.Errorf("%s gain %.0f, want %.0f", c.Stall, v[0], v[1])
			}
		}
	}

	// 7,000,000 left at 5,000,000 a stall buys s1 alone; its simulated
	// interval is the interval of its own gain, up to simulation error.
	b := budgetView(cands, 5_000_000, "market.yaml", 7_000_000)
	if b.Stalls != 1 || !cands[0].InBudget || cands[1].InBudget || math.Abs(b.Gain.KRW-3_408_305) > 1 {
		t.Errorf("budget 7,000,000: %+v, in budget %v %v", b, cands[0].InBudget, cands[1].InBudget)
	}
	if math.Abs(b.Gain.Low/1_969_948-1) > 0.03 || math.Abs(b.Gain.High/4_994_756-1) > 0.03 {
		t.Errorf("budget interval %.0f – %.0f, want about 1,969,948 – 4,994,756", b.Gain.Low, b.Gain.High)
	}
	b = budgetView(cands, 5_000_000, "ledger", 12_000_000)
	if b.Stalls != 2 || math.Abs(b.Gain.KRW-5_932_407) > 1 {
		t.Errorf("budget 12,000,000: %d stalls, gain %.0f; want 2, 5,932,407", b.Stalls, b.Gain.KRW)
	}
	if b = budgetView(cands, 5_000_000, "ledger", 4_000_000); b.Stalls != 0 || b.Note == "" {
		t.Errorf("budget below one stall: %+v", b)
	}
	if b = budgetView(cands, math.NaN(), "", 4_000_000); b.Note == "" {
		t.Errorf("unknown cost: %+v", b)
	}
}

// TestRandomThirdP: of the 3 pairs of gains 1 2 3, only {2, 3} sums to
// at least 5 (1/3); {1, 3} and {2, 3} reach 4 (2/3).
func TestRandomThirdP(t *testing.T) {
	if got := randomThirdP([]float64{1, 2, 3}, 2, 5); math.Abs(got-1.0/3) > 1e-12 {
		t.Errorf("p(≥5) = %g, want 1/3", got)
	}
	if got := randomThirdP([]float64{1, 2, 3}, 2, 4); math.Abs(got-2.0/3) > 1e-12 {
		t.Errorf("p(≥4) = %g, want 2/3", got)
	}
}

// TestSpearman: x = 1 2 3 4, y = 1 3 2 4 differ by one swap: ρ = 1 −
// 6·2/(4·15) = 0.8. Ties share their average rank: ranks(5 5 1) = 2.5 2.5 1.
func TestSpearman(t *testing.T) {
	if got := spearman([]float64{1, 2, 3, 4}, []float64{10, 30, 20, 40}); math.Abs(got-0.8) > 1e-12 {
		t.Errorf("spearman = %g, want 0.8", got)
	}
	if got := ranks([]float64{5, 5, 1}); got[0] != 2.5 || got[1] != 2.5 || got[2] != 1 {
		t.Errorf("ranks = %v, want [2.5 2.5 1]", got)
	}
}

// TestBacktestOnDemo: on the default demo market (seed 1, where effects are
// planted by category) the ranking made the day before the latest wave
// must order the wave's realised gains with a Spearman correlation of at
// least 0.5, and its top third must capture clearly more of the gain than
// a random third. Smart Store and 장보기 effects differ by category;
// training's planted effect is the same for every stall, so its ranking
// can only follow stall size and is reported, not asserted.
func TestBacktestOnDemo(t *testing.T) {
	rows, joined, _ := defaultDemoRows(t)
	for _, prog := range []string{"smartstore", "jangbogi", "training"} {
		panel, _ := programPanel(rows, "total", prog, joined)
		bt := backtest(rows, joined, prog, panel, 1.959964)
		t.Logf("%s: wave %s, %d stalls, %d months after: Spearman %.3f, top third %.3f of the gain vs %.3f at random (p %.3f) %s",
			prog, monthLabel(bt.Cutoff), len(bt.Stalls), bt.MonthsAfter, bt.Spearman, bt.TopThird, bt.RandomThird, bt.RandomP, bt.Note)
		if prog == "training" {
			continue
		}
		if len(bt.Stalls) < minWave || bt.Note != "" {
			t.Errorf("%s: no backtest: %s", prog, bt.Note)
			continue
		}
		if bt.Spearman < 0.5 {
			t.Errorf("%s: Spearman %.3f, want at least 0.5", prog, bt.Spearman)
		}
		// "Clearly more": at most 5% of the wave's thirds capture as
		// much — or none but the ranking's own, when a small wave has too
		// few thirds for 5% (6 stalls: 15 pairs).
		n := len(bt.Stalls)
		k := int(math.Round(float64(n) / 3))
		if bt.TopThird <= bt.RandomThird || bt.RandomP > math.Max(0.05, 1/float64(combin.Binomial(n, k))) {
			t.Errorf("%s: top third %.3f of the gain, a random third %.3f; %.3f of random thirds do as well: want at most 0.05", prog, bt.TopThird, bt.RandomThird, bt.RandomP)
		}
	}
}

// TestShortlistTables: Evaluate writes the shortlist tables on a demo
// market: candidates exclude enrolled and excluded stalls and are ranked
// 1…n; the budget view takes the ledger's cost per enrolled stall (Smart
// Store: 237,500,000 won of 플랫폼 입점 지원 over its enrolled stalls) or
// market.yaml's (training: 2,000,000), against plan − spent (250,000,000
// − 237,500,000 and 100,000,000 − 88,000,000).
func TestShortlistTables(t *testing.T) {
	if testing.Short() {
		t.Skip("evaluates a 150-stall market")
	}
	ctx := context.Background()
	db, pl := plantedWarehouse(t, 3)
	enrolled := map[string]int{}
	var gukbap int
	for _, s := range pl.Stalls {
		if s.Market != "namgwangju" {
			continue
		}
		for p := range s.EnrolledOn {
			enrolled[p]++
		}
		if _, in := s.EnrolledOn["jangbogi"]; !in && s.Category == "국밥" {
			gukbap++
		}
	}
	for _, q := range []string{
		`INSERT INTO budget_plan VALUES ('namgwangju', 'platform', '플랫폼 입점 지원', 250000000), ('namgwangju', 'training', '교육', 100000000)`,
		`INSERT INTO program_exclusions VALUES ('namgwangju', 'jangbogi', NULL, '국밥', NULL, '배달 불가')`,
		`UPDATE programs SET onboarding_cost_krw = 2000000 WHERE program_id = 'training'`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if _, err := Evaluate(ctx, db); err != nil {
		t.Fatal(err)
	}
	var bad int
	if err := db.QueryRow(`SELECT count(*) FROM shortlist s JOIN enrollments e USING (market_id, program_id, stall_id)`).Scan(&bad); err != nil || bad != 0 {
		t.Errorf("%d enrolled stalls on the shortlist (%v)", bad, err)
	}
	var n, maxRank, distinct int
	var badReasons int
	err := db.QueryRow(`SELECT count(*), max(rank), count(DISTINCT rank), count(*) FILTER (WHERE reasons NOT LIKE '같은 품목·골목%')
		FROM shortlist WHERE program_id = 'smartstore'`).Scan(&n, &maxRank, &distinct, &badReasons)
	if err != nil || n == 0 || maxRank != n || distinct != n || badReasons != 0 {
		t.Errorf("smartstore shortlist: %d rows, max rank %d, %d distinct ranks, %d without the group reason (%v)", n, maxRank, distinct, badReasons, err)
	}
	if err := db.QueryRow(`SELECT count(*) FROM shortlist s JOIN stalls USING (market_id, stall_id) WHERE program_id = 'jangbogi' AND category = '국밥'`).Scan(&bad); err != nil || bad != 0 {
		t.Errorf("%d 국밥 stalls on the 장보기 shortlist (%v)", bad, err)
	}
	if err := db.QueryRow(`SELECT count(*) FROM shortlist_excluded WHERE program_id = 'jangbogi' AND reason = '배달 불가'`).Scan(&n); err != nil || n != gukbap {
		t.Errorf("%d 국밥 stalls excluded from 장보기, want %d (%v)", n, gukbap, err)
	}

	type budget struct {
		cost, left  int64
		source      string
		stalls      int
		gain, low   int64
		high, inBud int64
	}
	read := func(prog string) budget {
		var b budget
		err := db.QueryRow(`SELECT cost_krw, cost_source, budget_left_krw, stalls, gain_krw, gain_low_krw, gain_high_krw,
			(SELECT count(*) FROM shortlist WHERE program_id = $1 AND in_budget)
			FROM shortlist_budget WHERE program_id = $1`, prog).Scan(&b.cost, &b.source, &b.left, &b.stalls, &b.gain, &b.low, &b.high, &b.inBud)
		if err != nil {
			t.Fatalf("budget %s: %v", prog, err)
		}
		return b
	}
	ss := read("smartstore")
	wantCost := int64(math.Round(237_500_000 / float64(enrolled["smartstore"])))
	if ss.source != "ledger" || ss.cost != wantCost || ss.left != 12_500_000 || ss.stalls != int(12_500_000/wantCost) || ss.inBud != int64(ss.stalls) {
		t.Errorf("smartstore budget %+v; want cost %d from the ledger, 12,500,000 left, %d stalls", ss, wantCost, 12_500_000/wantCost)
	}
	if !(ss.low < ss.gain && ss.gain < ss.high) {
		t.Errorf("smartstore budget gain %d not inside %d – %d", ss.gain, ss.low, ss.high)
	}
	if tr := read("training"); tr.source != "market.yaml" || tr.cost != 2_000_000 || tr.left != 12_000_000 || tr.stalls != 6 || tr.inBud != 6 {
		t.Errorf("training budget %+v; want 2,000,000 from market.yaml, 12,000,000 left, 6 stalls", tr)
	}

	var rho, top, random, p float64
	if err := db.QueryRow(`SELECT spearman, top_third_share, random_share, random_p FROM shortlist_backtest WHERE program_id = 'smartstore'`).Scan(&rho, &top, &random, &p); err != nil {
		t.Fatal(err)
	}
	if rho < 0.5 || top <= random || p > 0.05 {
		t.Errorf("smartstore backtest: Spearman %.3f, top third %.3f vs %.3f at random (p %.3f)", rho, top, random, p)
	}
	var groups int
	if err := db.QueryRow(`SELECT count(*) FROM shortlist_groups WHERE program_id = 'smartstore' AND weight BETWEEN 0 AND 1 AND n_stalls > 0`).Scan(&groups); err != nil || groups < 3 {
		t.Errorf("%d smartstore groups with a weight in [0, 1] (%v)", groups, err)
	}
}

// TestGroupEffectsCoverPlanted: on the default demo market (seed 1) the
// pooled effect of each category's stalls must cover the effect planted
// for that category (programTau in internal/demo) — at least 5 of the 6
// categories of each programme with per-category effects, at 95%.
func TestGroupEffectsCoverPlanted(t *testing.T) {
	rows, joined, tau := defaultDemoRows(t)
	planted := map[string]map[string]float64{} // programme → group → τ
	groups := groupsOf(rows)
	for stall, byProg := range tau {
		for prog, v := range byProg {
			if planted[prog] == nil {
				planted[prog] = map[string]float64{}
			}
			planted[prog][groups[stall]] = v
		}
	}
	for _, prog := range []string{"smartstore", "jangbogi", "training"} {
		panel, _ := programPanel(rows, "total", prog, joined)
		res, err := did.Estimate(panel, didOptions)
		if err != nil {
			t.Fatal(err)
		}
		p := poolGroups(stallEffects(panel, func(s string) string { return groups[s] }), res.Simple, 1.959964)
		covered := 0
		for key, want := range planted[prog] {
			g := p.Group(key)
			if g.Effect.CILow <= want && want <= g.Effect.CIHigh {
				covered++
			} else {
				t.Logf("%s %s: %.3f [%.3f, %.3f] (%d stalls), planted %.3f", prog, key, g.Effect.ATT, g.Effect.CILow, g.Effect.CIHigh, g.N, want)
			}
		}
		t.Logf("%s: %d of %d groups covered, τ² %.4f", prog, covered, len(planted[prog]), p.Tau2)
		if covered < len(planted[prog])-1 {
			t.Errorf("%s: %d of %d groups cover their planted effect, want all but at most one", prog, covered, len(planted[prog]))
		}
	}
}

// defaultDemoRows is the default demo market's (seed 1) planted stall-months,
// every stall's programmes and their planted effects.
func defaultDemoRows(t *testing.T) ([]stallMonth, map[string]map[string]exposure, map[string]map[string]float64) {
	t.Helper()
	pl, err := demo.PlantedPanel(context.Background(), demo.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	rows, _, joined, tau := plantedRows(pl, "namgwangju")
	return rows, joined, tau
}
