package did

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestTwoByTwoRegression checks ATT(g,t) and its standard error against an
// independent route: the 2×2 difference-in-differences regression
//
//	y_it = a + b·treat_i + c·post_t + δ·treat_i·post_t + e_it
//
// on the two periods (base, t) of cohort g and the never-treated units, by
// OLS with a unit-clustered sandwich variance, and the same δ from OLS of
// the first differences ΔY_i = a + δ·treat_i with the heteroskedasticity-
// robust sandwich (one observation per unit, so unit clusters). Both
// sandwiches are the plain CR0/HC0 ones: (X'X)⁻¹ (Σ_u X_u'e_u e_u'X_u) (X'X)⁻¹
// with no small-sample factor. Stata's and fixest's default CR1 multiplies the
// variance by G/(G-1)·(N-1)/(N-K); did's influence-function SE, like CR0,
// does not.
func TestTwoByTwoRegression(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	// Cohort 3 (14 units) and never treated (23 units), periods 1..4, with
	// unit effects, a trend, a growing effect and heteroskedastic noise.
	var p Panel
	for i := 0; i < 37; i++ {
		g := 0
		if i < 14 {
			g = 3
		}
		a := rng.NormFloat64() * 2
		for tt := 1; tt <= 4; tt++ {
			y := a + 0.3*float64(tt) + rng.NormFloat64()*(1+float64(i%3))
			if g != 0 && tt >= g {
				y += 0.5 * float64(tt-g+1)
			}
			p.Unit = append(p.Unit, itoa(i))
			p.Time = append(p.Time, tt)
			p.Outcome = append(p.Outcome, y)
			p.Cohort = append(p.Cohort, g)
		}
	}
	res, err := Estimate(p, Options{})
	if err != nil {
		t.Fatalf("Estimate: %v", err)
	}
	for _, c := range res.Cells {
		// Every cell of a single cohort against never-treated units is a
		// 2×2 comparison of periods c.Base and c.Time.
		att, seLevels := didRegression(t, p, 3, c.Base, c.Time)
		attFD, seFD := fdRegression(t, p, 3, c.Base, c.Time)
		name := "ATT(3," + itoa(c.Time) + ")"
		near(t, name+" vs levels regression", c.ATT, att, 1e-10)
		near(t, name+" vs first-difference regression", c.ATT, attFD, 1e-10)
		near(t, name+" SE vs clustered levels regression", c.SE, seLevels, 1e-10)
		near(t, name+" SE vs robust first-difference regression", c.SE, seFD, 1e-10)
	}
	if len(res.Cells) != 3 {
		t.Errorf("got %d cells, want 3 (t = 2, 3, 4)", len(res.Cells))
	}
}

// didRegression fits y ~ 1 + treat + post + treat·post on periods base and t
// of cohort g and never-treated units, and returns δ and its unit-clustered
// (CR0) standard error.
func didRegression(t *testing.T, p Panel, g, base, tt int) (float64, float64) {
	t.Helper()
	var rows [][]float64
	var ys []float64
	var cluster []string
	for i := range p.Unit {
		if (p.Cohort[i] != g && p.Cohort[i] != 0) || (p.Time[i] != base && p.Time[i] != tt) {
			continue
		}
		treat, post := 0.0, 0.0
		if p.Cohort[i] == g {
			treat = 1
		}
		if p.Time[i] == tt {
			post = 1
		}
		rows = append(rows, []float64{1, treat, post, treat * post})
		ys = append(ys, p.Outcome[i])
		cluster = append(cluster, p.Unit[i])
	}
	beta, se := clusteredOLS(t, rows, ys, cluster)
	return beta[3], se[3]
}

// fdRegression fits ΔY ~ 1 + treat with one observation per unit.
func fdRegression(t *testing.T, p Panel, g, base, tt int) (float64, float64) {
	t.Helper()
	yb := map[string]float64{}
	yt := map[string]float64{}
	cohort := map[string]int{}
	var order []string
	for i, u := range p.Unit {
		if _, ok := cohort[u]; !ok {
			order = append(order, u)
		}
		cohort[u] = p.Cohort[i]
		switch p.Time[i] {
		case base:
			yb[u] = p.Outcome[i]
		case tt:
			yt[u] = p.Outcome[i]
		}
	}
	var rows [][]float64
	var ys []float64
	for _, u := range order {
		if cohort[u] != g && cohort[u] != 0 {
			continue
		}
		treat := 0.0
		if cohort[u] == g {
			treat = 1
		}
		rows = append(rows, []float64{1, treat})
		ys = append(ys, yt[u]-yb[u])
	}
	beta, se := clusteredOLS(t, rows, ys, order) // each row its own cluster
	return beta[1], se[1]
}

// clusteredOLS returns OLS coefficients and CR0 cluster-robust standard
// errors, using gonum for every matrix operation.
func clusteredOLS(t *testing.T, rows [][]float64, ys []float64, cluster []string) ([]float64, []float64) {
	t.Helper()
	n, k := len(rows), len(rows[0])
	x := mat.NewDense(n, k, nil)
	for i, r := range rows {
		x.SetRow(i, r)
	}
	y := mat.NewVecDense(n, ys)

	var xtx mat.SymDense
	xtx.SymOuterK(1, x.T())
	var chol mat.Cholesky
	if !chol.Factorize(&xtx) {
		t.Fatal("X'X is singular")
	}
	var bread mat.SymDense
	if err := chol.InverseTo(&bread); err != nil {
		t.Fatalf("invert X'X: %v", err)
	}
	var xty, beta mat.VecDense
	xty.MulVec(x.T(), y)
	if err := chol.SolveVecTo(&beta, &xty); err != nil {
		t.Fatalf("solve normal equations: %v", err)
	}
	var fitted, resid mat.VecDense
	fitted.MulVec(x, &beta)
	resid.SubVec(y, &fitted)

	// Meat: Σ over clusters of s_c s_c' with s_c = Σ_{i∈c} x_i e_i.
	scores := map[string]*mat.VecDense{}
	var order []string
	for i := 0; i < n; i++ {
		s, ok := scores[cluster[i]]
		if !ok {
			s = mat.NewVecDense(k, nil)
			scores[cluster[i]] = s
			order = append(order, cluster[i])
		}
		s.AddScaledVec(s, resid.AtVec(i), x.RowView(i))
	}
	meat := mat.NewSymDense(k, nil)
	for _, c := range order {
		meat.SymRankOne(meat, 1, scores[c])
	}
	var tmp, v mat.Dense
	tmp.Mul(&bread, meat)
	v.Mul(&tmp, &bread)
	se := make([]float64, k)
	for j := range se {
		se[j] = math.Sqrt(v.At(j, j))
	}
	return beta.RawVector().Data, se
}

// TestUnbalanced drops E's period-2 observation from tinyPanel. E is then
// used only in cells whose two periods are 1 and 3; with never-treated
// controls:
//
//	ATT(2,2), base 1: A=3 B=1 (2), control D=1 → 1, 2 treated 1 control.
//	ATT(2,3), base 1: A=5 B=3 (4), D=2 E=2 (2) → 2, 2 treated 2 controls.
//	ATT(3,2), base 1: C=1, D=1 → 0, 1 treated 1 control.
//	ATT(3,3), base 2: C=3, D=1 → 2, 1 treated 1 control.
//	ATT(2,2) IF: A=2.5·1 B=-2.5, D: -5/1·(1-1) = 0 → SE sqrt(12.5)/5.
func TestUnbalanced(t *testing.T) {
	p := tinyPanel()
	var q Panel
	for i := range p.Unit {
		if p.Unit[i] == "E" && p.Time[i] == 2 {
			continue
		}
		q.Unit = append(q.Unit, p.Unit[i])
		q.Time = append(q.Time, p.Time[i])
		q.Outcome = append(q.Outcome, p.Outcome[i])
		q.Cohort = append(q.Cohort, p.Cohort[i])
	}
	res, err := Estimate(q, Options{})
	if err != nil {
		t.Fatalf("Estimate: %v", err)
	}
	want := []wantCell{
		{g: 2, t: 2, base: 1, att: 1, se: math.Sqrt(12.5) / 5, treated: 2, control: 1},
		{g: 2, t: 3, base: 1, att: 2, se: math.Sqrt(12.5) / 5, treated: 2, control: 2},
		{g: 3, t: 2, base: 1, att: 0, se: 0, treated: 1, control: 1},
		{g: 3, t: 3, base: 2, att: 2, se: 0, treated: 1, control: 1},
	}
	if len(res.Cells) != len(want) {
		t.Fatalf("got %d cells, want %d", len(res.Cells), len(want))
	}
	for i, w := range want {
		c := res.Cells[i]
		name := "ATT(" + itoa(w.g) + "," + itoa(w.t) + ")"
		near(t, name, c.ATT, w.att, 1e-12)
		near(t, name+" SE", c.SE, w.se, 1e-12)
		if c.NTreated != w.treated || c.NControl != w.control {
			t.Errorf("%s units = %d treated, %d control, want %d, %d", name, c.NTreated, c.NControl, w.treated, w.control)
		}
	}
	if res.NUnits != 5 || len(res.Dropped) != 0 {
		t.Errorf("NUnits = %d, dropped %v; want all 5 units kept", res.NUnits, res.Dropped)
	}
	if countContaining(res.Warnings, "unbalanced panel: 1 unit not observed in every period (E)") != 1 {
		t.Errorf("no warning naming unit E: %q", res.Warnings)
	}
	// With one pre-treatment cell of variance 0 there is nothing to test.
	if res.PreTrend.Tested {
		t.Errorf("pre-trend tested on a zero-variance cell: %+v", res.PreTrend)
	}
}
