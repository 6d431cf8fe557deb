package did

import (
	"math"
	"os"
	"testing"
)

func readMPDTA(t *testing.T) Panel {
	t.Helper()
	f, err := os.Open("testdata/mpdta.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := ReadPanelCSV(f, "testdata/mpdta.csv", Columns{Unit: "countyreal", Time: "year", Outcome: "lemp", Cohort: "first.treat"})
	if err != nil {
		t.Fatalf("ReadPanelCSV: %v", err)
	}
	return p
}

// same4 reports whether got rounds to want at 4 decimals, the precision R
// prints.
func same4(got, want float64) bool {
	return math.Round(got*1e4) == math.Round(want*1e4)
}

// TestMPDTA compares with R's published output for
//
//	att_gt(yname = "lemp", gname = "first.treat", idname = "countyreal",
//	       tname = "year", xformla = ~1, data = mpdta)
//
// and aggte(..., type = "simple" | "dynamic" | "group"), as printed in the
// did package README and vignette (and an RPubs walk-through of the same
// call with est_method = "reg"; without covariates every est_method gives
// the same numbers). R's printed standard errors come from its multiplier
// bootstrap (bstrap = TRUE by default), so the analytic ones here are only
// required to be within 15% of them; the pre-test p-value 0.16812 uses the
// analytic covariance and must match to R's 5 printed decimals.
func TestMPDTA(t *testing.T) {
	res, err := Estimate(readMPDTA(t), Options{})
	if err != nil {
		t.Fatalf("Estimate: %v", err)
	}
	if res.NUnits != 500 || res.NPeriods != 5 {
		t.Fatalf("NUnits, NPeriods = %d, %d, want 500, 5", res.NUnits, res.NPeriods)
	}
	wantCohorts := []Cohort{{0, 309}, {2004, 20}, {2006, 40}, {2007, 131}}
	for i, c := range wantCohorts {
		if i >= len(res.Cohorts) || res.Cohorts[i] != c {
			t.Errorf("cohorts = %v, want %v", res.Cohorts, wantCohorts)
			break
		}
	}

	// R: group, time, ATT(g,t), bootstrap SE (README run).
	want := []struct {
		g, t    int
		att, se float64
	}{
		{2004, 2004, -0.0105, 0.0243},
		{2004, 2005, -0.0704, 0.0331},
		{2004, 2006, -0.1373, 0.0412},
		{2004, 2007, -0.1008, 0.0358},
		{2006, 2004, 0.0065, 0.0230},
		{2006, 2005, -0.0028, 0.0210},
		{2006, 2006, -0.0046, 0.0175},
		{2006, 2007, -0.0412, 0.0196},
		{2007, 2004, 0.0305, 0.0147},
		{2007, 2005, -0.0027, 0.0156},
		{2007, 2006, -0.0311, 0.0179},
		{2007, 2007, -0.0261, 0.0175},
	}
	if len(res.Cells) != len(want) {
		t.Fatalf("got %d cells, want %d", len(res.Cells), len(want))
	}
	for i, w := range want {
		c := res.Cells[i]
		if c.Group != w.g || c.Time != w.t {
			t.Errorf("cell %d is (%d,%d), want (%d,%d)", i, c.Group, c.Time, w.g, w.t)
			continue
		}
		if !same4(c.ATT, w.att) {
			t.Errorf("ATT(%d,%d) = %.6f, R prints %.4f", w.g, w.t, c.ATT, w.att)
		}
		if math.Abs(c.SE/w.se-1) > 0.15 {
			t.Errorf("ATT(%d,%d) SE = %.4f, R's bootstrap SE %.4f (more than 15%% apart)", w.g, w.t, c.SE, w.se)
		}
	}

	if !same4(res.Simple.ATT, -0.0400) {
		t.Errorf("simple ATT = %.6f, R prints -0.0400", res.Simple.ATT)
	}
	if res.Simple.SE < 0.0115 || res.Simple.SE > 0.0121 {
		t.Errorf("simple SE = %.5f, want R's analytic 0.0115-0.0121", res.Simple.SE)
	}

	// R: event time, estimate, bootstrap SE (README run).
	wantDyn := []struct {
		e       int
		att, se float64
	}{
		{-3, 0.0305, 0.0157},
		{-2, -0.0006, 0.0136},
		{-1, -0.0245, 0.0144},
		{0, -0.0199, 0.0124},
		{1, -0.0510, 0.0163},
		{2, -0.1373, 0.0402},
		{3, -0.1008, 0.0354},
	}
	if len(res.Dynamic.Events) != len(wantDyn) {
		t.Fatalf("got %d event times, want %d", len(res.Dynamic.Events), len(wantDyn))
	}
	for i, w := range wantDyn {
		e := res.Dynamic.Events[i]
		if e.EventTime != w.e || !same4(e.ATT, w.att) {
			t.Errorf("dynamic e=%d: %.6f, R prints e=%d %.4f", e.EventTime, e.ATT, w.e, w.att)
		}
		if math.Abs(e.SE/w.se-1) > 0.15 {
			t.Errorf("dynamic e=%d SE = %.4f, R's bootstrap SE %.4f", w.e, e.SE, w.se)
		}
		// Our own bootstrap SE estimates the same quantity as R's.
		if math.Abs(e.BootSE/w.se-1) > 0.15 {
			t.Errorf("dynamic e=%d bootstrap SE = %.4f, R's %.4f", w.e, e.BootSE, w.se)
		}
		if !(e.BandLow < e.CILow && e.BandHigh > e.CIHigh) {
			t.Errorf("dynamic e=%d: band [%.4f, %.4f] is not wider than the interval [%.4f, %.4f]",
				w.e, e.BandLow, e.BandHigh, e.CILow, e.CIHigh)
		}
	}
	if !same4(res.Dynamic.Overall.ATT, -0.0772) {
		t.Errorf("dynamic overall = %.6f, R prints -0.0772", res.Dynamic.Overall.ATT)
	}
	if math.Abs(res.Dynamic.Overall.SE/0.0203-1) > 0.15 {
		t.Errorf("dynamic overall SE = %.4f, R's bootstrap SE 0.0203", res.Dynamic.Overall.SE)
	}
	// R's simultaneous critical values for 7 event times are about 2.5
	// (band half-width / SE in the README: 0.0389/0.0157 = 2.48).
	if !res.Dynamic.Simultaneous || res.Dynamic.CritValue < 2.2 || res.Dynamic.CritValue > 2.9 {
		t.Errorf("dynamic critical value = %.3f (simultaneous %v), want about 2.5", res.Dynamic.CritValue, res.Dynamic.Simultaneous)
	}

	wantGroup := []struct {
		g       int
		att, se float64
	}{
		{2004, -0.0797, 0.0283},
		{2006, -0.0229, 0.0168},
		{2007, -0.0261, 0.0176},
	}
	for i, w := range wantGroup {
		g := res.Group.Groups[i]
		if g.Group != w.g || !same4(g.ATT, w.att) {
			t.Errorf("group %d = %.6f, R prints %d %.4f", g.Group, g.ATT, w.g, w.att)
		}
		if math.Abs(g.SE/w.se-1) > 0.15 {
			t.Errorf("group %d SE = %.4f, R's bootstrap SE %.4f", w.g, g.SE, w.se)
		}
	}
	// R prints the overall group effect as -0.031 with bootstrap SE 0.0125.
	if math.Round(res.Group.Overall.ATT*1e3) != -31 {
		t.Errorf("group overall = %.6f, R prints -0.031", res.Group.Overall.ATT)
	}
	if math.Abs(res.Group.Overall.SE/0.0125-1) > 0.1 {
		t.Errorf("group overall SE = %.4f, R's bootstrap SE 0.0125", res.Group.Overall.SE)
	}

	if !res.PreTrend.Tested || res.PreTrend.DF != 5 || math.Round(res.PreTrend.PValue*1e5) != 16812 {
		t.Errorf("pre-trend = %+v, R prints p = 0.16812 with 5 pre-treatment cells", res.PreTrend)
	}
	// Sensitivity: |simple| = 0.0400 over the largest pre-treatment |ATT|,
	// |ATT(2007,2006)| = 0.0311.
	if !res.Sensitivity.Available || !same4(res.Sensitivity.MaxAbsPreATT, 0.0311) ||
		math.Abs(res.Sensitivity.Multiple-0.0400/0.0311) > 0.01 {
		t.Errorf("sensitivity = %+v, want about 0.0400/0.0311 = 1.29", res.Sensitivity)
	}
	if len(res.Warnings) != 0 || len(res.Dropped) != 0 {
		t.Errorf("unexpected warnings %q or dropped units %v", res.Warnings, res.Dropped)
	}
}

// TestMPDTAUniversal checks that switching to a universal base period leaves
// every post-treatment ATT(g,t) unchanged and that each pre-treatment cell is
// minus the sum of the varying-base cells between it and g-1, e.g.
// ATT_u(2006,2003) = -(ATT_v(2006,2004) + ATT_v(2006,2005)).
func TestMPDTAUniversal(t *testing.T) {
	p := readMPDTA(t)
	varying, err := Estimate(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	universal, err := Estimate(p, Options{Base: Universal})
	if err != nil {
		t.Fatal(err)
	}
	v := map[[2]int]float64{}
	for _, c := range varying.Cells {
		v[[2]int{c.Group, c.Time}] = c.ATT
	}
	for _, c := range universal.Cells {
		switch {
		case c.Reference:
			if c.Time != c.Base || c.ATT != 0 || c.SE != 0 {
				t.Errorf("reference cell %+v, want t = base and ATT = SE = 0", c)
			}
		case !c.Pre():
			near(t, "universal post ATT", c.ATT, v[[2]int{c.Group, c.Time}], 1e-12)
		default:
			var sum float64
			for s := c.Time + 1; s < c.Group; s++ {
				sum += v[[2]int{c.Group, s}]
			}
			near(t, "universal pre ATT("+itoa(c.Group)+","+itoa(c.Time)+")", c.ATT, -sum, 1e-12)
		}
	}
	if len(universal.Cells) != 15 {
		t.Errorf("universal base: %d cells, want 15 (3 cohorts × 5 periods)", len(universal.Cells))
	}
	near(t, "simple ATT", universal.Simple.ATT, varying.Simple.ATT, 1e-12)
}
