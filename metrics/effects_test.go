package metrics

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"sijang/metrics/did"
)

func mi(s string) int {
	t, err := time.Parse("2006-01", s)
	if err != nil {
		panic(err)
	}
	return monthIndex(t)
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func near(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-6*math.Max(1, math.Abs(want)) {
		t.Errorf("%s = %.6f, want %.6f", what, got, want)
	}
}

// The won conversion on a hand-computed fixture.
//
// Stall A joined smartstore on 2021-04-16: April has 30 days, 15 of them
// from the 16th on, so half of its April sales of 1,000,000 count (500,000);
// its May sales of 1,100,000 count whole; March is before it joined. Stall
// B joined on 2021-05-01: May's 1,700,000 counts. Stall C never joined.
// Sales the effect applies to: 500,000 + 1,100,000 + 1,700,000 = 3,300,000.
//
// With an effect θ = ln 1.1 on log sales (interval [0, ln 1.21]) the
// counterfactual is 3,300,000 / 1.1 = 3,000,000, so the programme added
// 300,000; at θ = 0 it added 0; at θ = ln 1.21 it added
// 3,300,000 × (1 − 1/1.21) = 3,300,000 × 0.21/1.21 = 572,727.27.
func TestIncrementalKRW(t *testing.T) {
	rows := []stallMonth{
		{stall: "A", month: mi("2021-03"), total: 900_000},
		{stall: "A", month: mi("2021-04"), total: 1_000_000},
		{stall: "A", month: mi("2021-05"), total: 1_100_000},
		{stall: "B", month: mi("2021-04"), total: 1_600_000},
		{stall: "B", month: mi("2021-05"), total: 1_700_000},
		{stall: "C", month: mi("2021-05"), total: 5_000_000},
	}
	joined := map[string]map[string]exposure{
		"A": {"smartstore": exposureOf(day("2021-04-16"))},
		"B": {"smartstore": exposureOf(day("2021-05-01")), "training": exposureOf(day("2021-04-01"))},
	}
	sales := treatedSales(rows, "smartstore", joined)
	near(t, "sales", sales, 3_300_000)

	e := did.Effect{ATT: math.Log(1.1), CILow: 0, CIHigh: math.Log(1.21)}
	w := incrementalKRW(sales, e)
	near(t, "incremental", w.KRW, 300_000)
	near(t, "low", w.Low, 0)
	near(t, "high", w.High, 572_727.272727)

	// A negative effect is a loss: θ = −ln 1.1 on 3,300,000 means the
	// counterfactual was 3,630,000, so −330,000.
	near(t, "loss", incrementalKRW(sales, did.Effect{ATT: -math.Log(1.1)}).KRW, -330_000)
}

// Cost-effectiveness on a hand-computed fixture.
//
// Spend: platform 100,000 (smartstore), training 50,000 (training),
// promotion 60,000 and office 30,000 (shared, 90,000). Direct spend is
// 150,000, so smartstore takes 100/150 of the shared 90,000 = 60,000 and
// costs 160,000; training takes 30,000 and costs 80,000; the project spent
// 240,000 in all.
//
// Smartstore's 300,000 (interval 0 … 572,727.27) of added sales are
// 300,000/160,000 = 1.875 won per won spent (0 … 3.579545), and
// 300,000/100,000 = 3 per won of its own components.
func TestCostEffectiveness(t *testing.T) {
	spend, total := shareSpend(map[string]float64{
		"platform": 100_000, "training": 50_000, "promotion": 60_000, "office": 30_000,
	})
	near(t, "total", total, 240_000)
	ss, tr := spend["smartstore"], spend["training"]
	near(t, "smartstore direct", ss.Direct, 100_000)
	near(t, "smartstore shared", ss.Shared, 60_000)
	near(t, "training direct", tr.Direct, 50_000)
	near(t, "training shared", tr.Shared, 30_000)
	if _, ok := spend["jangbogi"]; ok {
		t.Errorf("jangbogi has spend without a delivery component: %+v", spend["jangbogi"])
	}

	inc := Won{KRW: 300_000, Low: 0, High: 572_727.272727}
	pw := perWon(inc, ss.Total())
	near(t, "per won", pw.KRW, 1.875)
	near(t, "per won low", pw.Low, 0)
	near(t, "per won high", pw.High, 3.579545)
	near(t, "per won direct", perWon(inc, ss.Direct).KRW, 3)
	if !math.IsNaN(perWon(inc, 0).KRW) {
		t.Errorf("per won without spend is %v, want NaN", perWon(inc, 0).KRW)
	}
}

// programPanel's rules on a six-month fixture (2021-01 … 2021-06):
//
//	A joins smartstore 2021-03-01 and jangbogi 2021-05-10: for smartstore it
//	  keeps Jan–Apr (the stretch holding its base month Feb); May is partly
//	  jangbogi (Partial), June is after jangbogi (OtherProgram).
//	B joins smartstore 2021-04-20: April is partly treated (Partial);
//	  cohort April, base March.
//	C never joins; February has a day without data (Incomplete).
//	D never joins and closes in June (OpenClose).
//	E joins training 2021-03-01 only: for smartstore it is a comparison
//	  stall that keeps its longer stretch, Mar–Jun; Jan–Feb are
//	  OtherProgram.
func TestProgramPanel(t *testing.T) {
	var rows []stallMonth
	for _, s := range []string{"A", "B", "C", "D", "E"} {
		for m := mi("2021-01"); m <= mi("2021-06"); m++ {
			rows = append(rows, stallMonth{
				stall: s, month: m, group: "수산", complete: !(s == "C" && m == mi("2021-02")),
				openAll: !(s == "D" && m == mi("2021-06")), total: 1e6,
			})
		}
	}
	joined := map[string]map[string]exposure{
		"A": {"smartstore": exposureOf(day("2021-03-01")), "jangbogi": exposureOf(day("2021-05-10"))},
		"B": {"smartstore": exposureOf(day("2021-04-20"))},
		"E": {"training": exposureOf(day("2021-03-01"))},
	}
	p, trim := programPanel(rows, "total", "smartstore", joined)

	got := map[string][]string{}
	cohort := map[string]int{}
	for i, u := range p.Unit {
		got[u] = append(got[u], MonthOf(p.Time[i]).Format("01"))
		cohort[u] = p.Cohort[i]
	}
	want := map[string][]string{
		"A": {"01", "02", "03", "04"},
		"B": {"01", "02", "03", "05", "06"},
		"C": {"01", "03", "04", "05", "06"},
		"D": {"01", "02", "03", "04", "05"},
		"E": {"03", "04", "05", "06"},
	}
	for u, w := range want {
		if !slices.Equal(got[u], w) {
			t.Errorf("stall %s months %v, want %v", u, got[u], w)
		}
	}
	if cohort["A"] != mi("2021-03") || cohort["B"] != mi("2021-04") || cohort["C"] != 0 || cohort["E"] != 0 {
		t.Errorf("cohorts %v", cohort)
	}
	wantTrim := Trim{Incomplete: 1, OpenClose: 1, Partial: 2, OtherProgram: 3}
	if trim.String() != wantTrim.String() {
		t.Errorf("trim %+v\nwant %+v", trim, wantTrim)
	}
	// Every stall sells 1,000,000 every month, so after the category's month
	// effects nothing is left: the outcomes are all equal.
	for i, y := range p.Outcome {
		if math.Abs(y-p.Outcome[0]) > 1e-9 {
			t.Fatalf("outcome %d is %v, want %v like the first", i, y, p.Outcome[0])
		}
	}
}

// A category whose seasons differ from the others', and which a programme
// favoured, is compared with itself: on exact data y = a_i + b_{c,t} + τ·D
// the estimate is τ exactly, although the enrolled stalls are nearly all
// of one category.
func TestProgramPanelComparesLikeWithLike(t *testing.T) {
	const tau = 0.2
	var rows []stallMonth
	joined := map[string]map[string]exposure{}
	for i := range 40 {
		s := string(rune('A'+i/26)) + string(rune('a'+i%26))
		cat := "국밥"
		if i < 20 {
			cat = "수산"
		}
		if i < 8 { // 8 of the 20 fish stalls join in 2021-07, one 국밥 stall too
			joined[s] = map[string]exposure{"smartstore": exposureOf(day("2021-07-01"))}
		}
		if i == 20 {
			joined[s] = map[string]exposure{"smartstore": exposureOf(day("2021-09-01"))}
		}
		for m := mi("2021-01"); m <= mi("2021-12"); m++ {
			season := 0.0
			if cat == "수산" && (m == mi("2021-09") || m == mi("2021-02")) {
				season = 0.3 // 추석 and 설 lift fish stalls most
			}
			y := 13 + 0.1*float64(i%7) + 0.02*float64(m%12) + season
			if e, ok := joined[s]["smartstore"]; ok && m >= e.month {
				y += tau
			}
			rows = append(rows, stallMonth{stall: s, month: m, group: cat, complete: true, openAll: true, total: math.Expm1(y)})
		}
	}
	p, _ := programPanel(rows, "total", "smartstore", joined)
	res, err := did.Estimate(p, didOptions)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "simple ATT", res.Simple.ATT, tau)
}

// A placebo panel keeps each enrolled stall's months before it joined and
// moves its joining placeboLead months earlier.
func TestPlaceboPanel(t *testing.T) {
	p := did.Panel{
		Unit:    []string{"a", "a", "a", "b", "b"},
		Time:    []int{10, 19, 20, 10, 20},
		Outcome: []float64{1, 2, 3, 4, 5},
		Cohort:  []int{20, 20, 20, 0, 0},
	}
	got := placeboPanel(p)
	want := did.Panel{
		Unit:    []string{"a", "a", "b", "b"},
		Time:    []int{10, 19, 10, 20},
		Outcome: []float64{1, 2, 4, 5},
		Cohort:  []int{20 - placeboLead, 20 - placeboLead, 0, 0},
	}
	if !slices.Equal(got.Unit, want.Unit) || !slices.Equal(got.Time, want.Time) ||
		!slices.Equal(got.Outcome, want.Outcome) || !slices.Equal(got.Cohort, want.Cohort) {
		t.Errorf("placebo panel %+v\nwant %+v", got, want)
	}
}

// Persistence reads the calendar effects after the support period.
func TestPersistence(t *testing.T) {
	eff := func(att, se float64) did.Effect {
		return did.Effect{ATT: att, SE: se, CILow: att - 1.96*se, CIHigh: att + 1.96*se}
	}
	res := &did.Result{Simple: eff(0.2, 0.02)}
	for m := 100; m <= 105; m++ {
		res.Calendar.Periods = append(res.Calendar.Periods, did.PeriodEffect{Time: m, Effect: eff(0.2, 0.03)})
	}
	if p := persistence(res, 105, 1.96); p.State != "no_data" || p.Months != 0 {
		t.Errorf("no month after support: %+v", p)
	}
	// Two months after the end, effects 0.15 and 0.05 with SE 0.03 and 0.05:
	// mean 0.10, conservative SE 0.04, interval 0.10 ± 0.0784 > 0.
	p := persistence(res, 103, 1.96)
	near(t, "after", p.After.ATT, 0.20)
	near(t, "after se", p.After.SE, 0.03)
	res.Calendar.Periods[4].Effect = eff(0.15, 0.03)
	res.Calendar.Periods[5].Effect = eff(0.05, 0.05)
	p = persistence(res, 103, 1.96)
	near(t, "after", p.After.ATT, 0.10)
	near(t, "after se", p.After.SE, 0.04)
	if p.State != "persisted" || p.Months != 2 {
		t.Errorf("state %q months %d, want persisted 2", p.State, p.Months)
	}
	res.Calendar.Periods[5].Effect = eff(-0.05, 0.05) // mean 0.05, interval covers 0
	if p := persistence(res, 103, 1.96); p.State != "faded" {
		t.Errorf("state %q, want faded", p.State)
	}
}

func TestKRWText(t *testing.T) {
	for _, tc := range []struct {
		x    float64
		want string
	}{
		{1_234_000_000, "12.3억 원"},
		{45_600_000, "4,560만 원"},
		{8_200, "8,200 원"},
		{-330_000, "−33만 원"},
	} {
		if got := krwText(tc.x); got != tc.want {
			t.Errorf("krwText(%v) = %q, want %q", tc.x, got, tc.want)
		}
	}
}

// Spillover on exact data: alley "a" has 4 of its 8 stalls in smartstore
// from 2021-07, alley "b" 1 of 8, alley "c" none. Never-enrolled stalls in
// "a" (the only alley above the median share 1/8) gain 0.05 in log sales
// from July on; those in "b" and "c" do not. Every stall also shares the
// month's shock, which the month effects remove, so the estimate is 0.05
// up to the noise (sd 0.01) added to each stall-month.
func TestSpillover(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var rows []stallMonth
	joined := map[string]map[string]exposure{}
	for _, a := range []string{"a", "b", "c"} {
		for i := range 8 {
			s := a + string(rune('0'+i))
			enrolled := (a == "a" && i < 4) || (a == "b" && i == 0)
			if enrolled {
				joined[s] = map[string]exposure{"smartstore": exposureOf(day("2021-07-01"))}
			}
			for m := mi("2021-01"); m <= mi("2021-12"); m++ {
				y := 14 + 0.1*float64(i) + 0.03*float64(m%12)
				if !enrolled && a == "a" && m >= mi("2021-07") {
					y += 0.05
				}
				y += 0.01 * rng.NormFloat64()
				rows = append(rows, stallMonth{stall: s, month: m, group: a, alley: a, complete: true, openAll: true, total: math.Expm1(y)})
			}
		}
	}
	sp := spillover("m", "smartstore", rows, joined, 1.96)
	if !slices.Equal(sp.HighAlleys, []string{"a"}) || sp.NHigh != 4 || sp.NLow != 15 {
		t.Fatalf("high alleys %v, stalls %d/%d; want [a], 4/15", sp.HighAlleys, sp.NHigh, sp.NLow)
	}
	if !(sp.CILow <= 0.05 && 0.05 <= sp.CIHigh) || math.Abs(sp.ATT-0.05) > 0.01 {
		t.Errorf("spillover %.4f [%.4f, %.4f], planted 0.05", sp.ATT, sp.CILow, sp.CIHigh)
	}
	if sp.CILow <= 0 {
		t.Errorf("spillover interval [%.4f, %.4f] does not exclude 0", sp.CILow, sp.CIHigh)
	}
}
