package did

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// tinyPanel is the hand-computed panel of TestHandComputed: periods 1..3,
// units A and B first treated in 2, C in 3, D and E never treated.
//
//	unit cohort  y1 y2 y3
//	A    2        1  4  6
//	B    2        2  3  5
//	C    3        0  1  4
//	D    0        1  2  3
//	E    0        3  3  5
func tinyPanel() Panel {
	var p Panel
	add := func(unit string, cohort int, ys ...float64) {
		for i, y := range ys {
			p.Unit = append(p.Unit, unit)
			p.Time = append(p.Time, i+1)
			p.Outcome = append(p.Outcome, y)
			p.Cohort = append(p.Cohort, cohort)
		}
	}
	add("A", 2, 1, 4, 6)
	add("B", 2, 2, 3, 5)
	add("C", 3, 0, 1, 4)
	add("D", 0, 1, 2, 3)
	add("E", 0, 3, 3, 5)
	return p
}

func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.IsNaN(got) || math.Abs(got-want) > tol {
		t.Errorf("%s = %.8f, want %.8f (±%g)", what, got, want, tol)
	}
}

type wantCell struct {
	g, t, base       int
	att, se          float64
	treated, control int
	reference        bool
}

type wantEvent struct {
	e       int
	att, se float64
}

// TestHandComputed checks tinyPanel against arithmetic done by hand.
//
// n = 5 units; pg(2) = 2/5 = 0.4, pg(3) = 1/5 = 0.2. IF_i = n/n_G·(ΔY_i -
// mean_G) for treated units and -n/n_C·(ΔY_i - mean_C) for controls; SE =
// sqrt(ΣIF²)/n.
//
// Never treated, varying base:
//
//	ATT(2,2), base 1: ΔY A=3 B=1 (mean 2), D=1 E=0 (mean 0.5) → 1.5.
//	  IF A=2.5 B=-2.5 D=-1.25 E=1.25 → ΣIF²=15.625, SE=sqrt(15.625)/5=0.7906.
//	ATT(2,3), base 1: A=5 B=3 (4), D=2 E=2 (2) → 2; IF A=2.5 B=-2.5 → SE sqrt(12.5)/5.
//	ATT(3,2), base 1 (pre): C=1, D=1 E=0 (0.5) → 0.5; IF D=-1.25 E=1.25 → SE sqrt(3.125)/5.
//	ATT(3,3), base 2: C=3, D=1 E=2 (1.5) → 1.5; IF D=1.25 E=-1.25 → SE sqrt(3.125)/5.
//	Simple: post cells weighted .4,.4,.2 (S=1) → 0.6+0.8+0.3 = 1.7.
//	  ΣwIF: A=2 B=-2 C=0 D=-0.25 E=0.25. wif_i = (Σatt of own cohort - 1.7)
//	  - (#cells of own cohort - 1)·1.7: A=B=0.1, C=-0.2, D=E=0.
//	  IF: A=2.1 B=-1.9 C=-0.2 D=-0.25 E=0.25 → SE = sqrt(8.185)/5 = 0.5722.
//	Dynamic e=-1: ATT(3,2). e=0: ATT(2,2), ATT(3,3) weighted 2/3, 1/3 → 1.5;
//	  wif is 0 (equal ATTs); IF A=5/3 B=-5/3 D=-5/12 E=5/12 → SE sqrt(50/9+50/144)/5.
//	  e=1: ATT(2,3).
//
// Not yet treated, varying base: only ATT(2,2) changes, C (first treated
// in 3 > 2) joins the controls: ΔY D=1 E=0 C=1 (mean 2/3) → 2 - 2/3 = 4/3.
//
//	IF A=2.5 B=-2.5, controls -(5/3)·dev: D=-5/9 E=10/9 C=-5/9
//	→ SE = sqrt(12.5 + 150/81)/5 = 0.7577.
//	Simple = .4·4/3 + .4·2 + .2·1.5 = 1.6333. ΣwIF: A=2 B=-2 C=-2/9 D=1/36
//	E=7/36; wif A=B=1/15 C=-2/15 → IF A=31/15 B=-29/15 C=-16/45 D=1/36 E=7/36
//	→ SE = sqrt(961/225+841/225+256/2025+50/1296)/5 = 0.5718.
//	Dynamic e=0: (2/3)·(4/3) + (1/3)·1.5 = 1.3889; ΣwIF A=5/3 B=-5/3
//	C=-10/27 D=5/108 E=35/108; wif (S=.6, Σpg·att=5/6) A=B=-5/54 C=5/27
//	→ IF A=85/54 B=-95/54 C=-5/27 D=5/108 E=35/108
//	→ SE = sqrt(16250/2916+25/729+1250/11664)/5 = 0.4781.
//
// Universal base: the base is g-1 for every t, so the post cells are as
// above, the cells (2,1) and (3,2) are the reference (0, SE 0) and the
// pre cell is ATT(3,1) with base 2: Y1-Y2 of C=-1, D=-1 E=0 (mean -0.5)
// → -0.5, IF D=1.25 E=-1.25 → SE sqrt(3.125)/5; under not-yet-treated its
// controls stay D, E (cohort 2 is not later than max(1,2)).
func TestHandComputed(t *testing.T) {
	seNever22 := math.Sqrt(15.625) / 5
	seNotYet22 := math.Sqrt(12.5+150.0/81) / 5
	se23 := math.Sqrt(12.5) / 5
	se3x := math.Sqrt(3.125) / 5
	seNeverSimple := math.Sqrt(8.185) / 5
	seNotYetSimple := math.Sqrt(961.0/225+841.0/225+256.0/2025+50.0/1296) / 5
	seNeverE0 := math.Sqrt(50.0/9+50.0/144) / 5
	seNotYetE0 := math.Sqrt(16250.0/2916+25.0/729+1250.0/11664) / 5

	tests := []struct {
		name      string
		opt       Options
		cells     []wantCell
		simple    float64
		simpleSE  float64
		events    []wantEvent
		preMaxAbs float64
	}{
		{
			name: "never treated, varying base",
			opt:  Options{Control: NeverTreated, Base: Varying},
			cells: []wantCell{
				{g: 2, t: 2, base: 1, att: 1.5, se: seNever22, treated: 2, control: 2},
				{g: 2, t: 3, base: 1, att: 2, se: se23, treated: 2, control: 2},
				{g: 3, t: 2, base: 1, att: 0.5, se: se3x, treated: 1, control: 2},
				{g: 3, t: 3, base: 2, att: 1.5, se: se3x, treated: 1, control: 2},
			},
			simple: 1.7, simpleSE: seNeverSimple,
			events: []wantEvent{{-1, 0.5, se3x}, {0, 1.5, seNeverE0}, {1, 2, se23}},
		},
		{
			name: "not yet treated, varying base",
			opt:  Options{Control: NotYetTreated, Base: Varying},
			cells: []wantCell{
				{g: 2, t: 2, base: 1, att: 4.0 / 3, se: seNotYet22, treated: 2, control: 3},
				{g: 2, t: 3, base: 1, att: 2, se: se23, treated: 2, control: 2},
				{g: 3, t: 2, base: 1, att: 0.5, se: se3x, treated: 1, control: 2},
				{g: 3, t: 3, base: 2, att: 1.5, se: se3x, treated: 1, control: 2},
			},
			simple: 0.4*4/3 + 0.4*2 + 0.2*1.5, simpleSE: seNotYetSimple,
			events: []wantEvent{{-1, 0.5, se3x}, {0, 2.0/3*4/3 + 1.0/3*1.5, seNotYetE0}, {1, 2, se23}},
		},
		{
			name: "never treated, universal base",
			opt:  Options{Control: NeverTreated, Base: Universal},
			cells: []wantCell{
				{g: 2, t: 1, base: 1, reference: true},
				{g: 2, t: 2, base: 1, att: 1.5, se: seNever22, treated: 2, control: 2},
				{g: 2, t: 3, base: 1, att: 2, se: se23, treated: 2, control: 2},
				{g: 3, t: 1, base: 2, att: -0.5, se: se3x, treated: 1, control: 2},
				{g: 3, t: 2, base: 2, reference: true},
				{g: 3, t: 3, base: 2, att: 1.5, se: se3x, treated: 1, control: 2},
			},
			simple: 1.7, simpleSE: seNeverSimple,
			events: []wantEvent{{-2, -0.5, se3x}, {-1, 0, 0}, {0, 1.5, seNeverE0}, {1, 2, se23}},
		},
		{
			name: "not yet treated, universal base",
			opt:  Options{Control: NotYetTreated, Base: Universal},
			cells: []wantCell{
				{g: 2, t: 1, base: 1, reference: true},
				{g: 2, t: 2, base: 1, att: 4.0 / 3, se: seNotYet22, treated: 2, control: 3},
				{g: 2, t: 3, base: 1, att: 2, se: se23, treated: 2, control: 2},
				{g: 3, t: 1, base: 2, att: -0.5, se: se3x, treated: 1, control: 2},
				{g: 3, t: 2, base: 2, reference: true},
				{g: 3, t: 3, base: 2, att: 1.5, se: se3x, treated: 1, control: 2},
			},
			simple: 0.4*4/3 + 0.4*2 + 0.2*1.5, simpleSE: seNotYetSimple,
			events: []wantEvent{{-2, -0.5, se3x}, {-1, 0, 0}, {0, 2.0/3*4/3 + 1.0/3*1.5, seNotYetE0}, {1, 2, se23}},
		},
	}
	const tol = 1e-12
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Estimate(tinyPanel(), tt.opt)
			if err != nil {
				t.Fatalf("Estimate: %v", err)
			}
			if res.NUnits != 5 || res.NPeriods != 3 {
				t.Errorf("NUnits, NPeriods = %d, %d, want 5, 3", res.NUnits, res.NPeriods)
			}
			if len(res.Cells) != len(tt.cells) {
				t.Fatalf("got %d cells, want %d: %+v", len(res.Cells), len(tt.cells), res.Cells)
			}
			for i, w := range tt.cells {
				c := res.Cells[i]
				if c.Group != w.g || c.Time != w.t || c.Base != w.base || c.Reference != w.reference {
					t.Errorf("cell %d = (g %d, t %d, base %d, reference %v), want (%d, %d, %d, %v)",
						i, c.Group, c.Time, c.Base, c.Reference, w.g, w.t, w.base, w.reference)
					continue
				}
				name := "ATT(" + itoa(w.g) + "," + itoa(w.t) + ")"
				near(t, name, c.ATT, w.att, tol)
				near(t, name+" SE", c.SE, w.se, tol)
				if c.NTreated != w.treated || c.NControl != w.control {
					t.Errorf("%s units = %d treated, %d control, want %d, %d", name, c.NTreated, c.NControl, w.treated, w.control)
				}
			}
			near(t, "simple ATT", res.Simple.ATT, tt.simple, tol)
			near(t, "simple SE", res.Simple.SE, tt.simpleSE, tol)
			z := 1.959963984540054
			near(t, "simple CI low", res.Simple.CILow, tt.simple-z*tt.simpleSE, 1e-9)
			if len(res.Dynamic.Events) != len(tt.events) {
				t.Fatalf("got %d event times, want %d", len(res.Dynamic.Events), len(tt.events))
			}
			for i, w := range tt.events {
				e := res.Dynamic.Events[i]
				if e.EventTime != w.e {
					t.Errorf("event %d is e=%d, want %d", i, e.EventTime, w.e)
					continue
				}
				near(t, "dynamic ATT e="+itoa(w.e), e.ATT, w.att, tol)
				near(t, "dynamic SE e="+itoa(w.e), e.SE, w.se, tol)
			}
			// Overall dynamic effect: mean of e = 0 and e = 1.
			near(t, "dynamic overall", res.Dynamic.Overall.ATT, (tt.events[len(tt.events)-2].att+2)/2, tol)
		})
	}
}

// TestHandComputedGroupCalendar checks the cohort and calendar aggregations
// and the pre-trend test on tinyPanel with never-treated controls.
//
//	Group 2: mean(1.5, 2) = 1.75, IF A=2.5 B=-2.5 D=-0.625 E=0.625 → SE sqrt(13.28125)/5.
//	Group 3: ATT(3,3) = 1.5.
//	Overall: (.4·1.75 + .2·1.5)/.6 = 5/3; ΣwIF A=5/3 B=-5/3, others 0;
//	  wif (Σpg·θ = 1) A=B=5/36 C=-10/36 → IF A=65/36 B=-55/36 C=-10/36
//	  → SE sqrt(7350/1296)/5.
//	Calendar 2: ATT(2,2). Calendar 3: (.4·2 + .2·1.5)/.6 = 11/6; ΣwIF
//	  A=5/3 B=-5/3 D=5/12 E=-5/12; wif A=B=5/18 C=-5/9
//	  → SE sqrt(1950/324+50/144)/5. Overall: mean(1.5, 11/6) = 5/3.
//	Pre-trend: one pre cell, W = ATT²/SE² = 0.25/0.125 = 2, df 1,
//	  p = P(χ²₁ > 2) = erfc(1).
//	Sensitivity: |1.7| / 0.5 = 3.4.
func TestHandComputedGroupCalendar(t *testing.T) {
	res, err := Estimate(tinyPanel(), Options{})
	if err != nil {
		t.Fatalf("Estimate: %v", err)
	}
	const tol = 1e-12
	if len(res.Group.Groups) != 2 {
		t.Fatalf("got %d cohort effects, want 2", len(res.Group.Groups))
	}
	near(t, "group 2", res.Group.Groups[0].ATT, 1.75, tol)
	near(t, "group 2 SE", res.Group.Groups[0].SE, math.Sqrt(13.28125)/5, tol)
	near(t, "group 3", res.Group.Groups[1].ATT, 1.5, tol)
	near(t, "group 3 SE", res.Group.Groups[1].SE, math.Sqrt(3.125)/5, tol)
	near(t, "group overall", res.Group.Overall.ATT, 5.0/3, tol)
	near(t, "group overall SE", res.Group.Overall.SE, math.Sqrt(7350.0/1296)/5, tol)

	if len(res.Calendar.Periods) != 2 || res.Calendar.Periods[0].Time != 2 {
		t.Fatalf("calendar periods = %+v, want periods 2 and 3", res.Calendar.Periods)
	}
	near(t, "calendar 2", res.Calendar.Periods[0].ATT, 1.5, tol)
	near(t, "calendar 2 SE", res.Calendar.Periods[0].SE, math.Sqrt(15.625)/5, tol)
	near(t, "calendar 3", res.Calendar.Periods[1].ATT, 11.0/6, tol)
	near(t, "calendar 3 SE", res.Calendar.Periods[1].SE, math.Sqrt(1950.0/324+50.0/144)/5, tol)
	near(t, "calendar overall", res.Calendar.Overall.ATT, 5.0/3, tol)

	if !res.PreTrend.Tested || res.PreTrend.DF != 1 {
		t.Fatalf("pre-trend = %+v, want a test with df 1", res.PreTrend)
	}
	near(t, "Wald statistic", res.PreTrend.Statistic, 2, 1e-10)
	near(t, "Wald p-value", res.PreTrend.PValue, math.Erfc(1), 1e-10)

	if !res.Sensitivity.Available {
		t.Fatalf("sensitivity not available: %+v", res.Sensitivity)
	}
	near(t, "sensitivity multiple", res.Sensitivity.Multiple, 3.4, tol)
	near(t, "sensitivity |ATT|", res.Sensitivity.AbsATT, 1.7, tol)
	near(t, "sensitivity max pre", res.Sensitivity.MaxAbsPreATT, 0.5, tol)

	// Both treated cohorts and the never-treated group are small.
	if n := countContaining(res.Warnings, "fewer than 5"); n != 3 {
		t.Errorf("got %d small-group warnings, want 3: %q", n, res.Warnings)
	}
}

func TestDroppedUnits(t *testing.T) {
	p := tinyPanel()
	add := func(unit string, time, cohort int, y float64) {
		p.Unit = append(p.Unit, unit)
		p.Time = append(p.Time, time)
		p.Outcome = append(p.Outcome, y)
		p.Cohort = append(p.Cohort, cohort)
	}
	// Treated in the first period.
	add("F", 1, 1, 0)
	add("F", 2, 1, 0)
	// Cohort changes.
	add("G", 1, 2, 0)
	add("G", 2, 3, 0)
	// Observed twice in period 2.
	add("H", 1, 0, 0)
	add("H", 2, 0, 0)
	add("H", 2, 0, 1)
	// Observed once.
	add("I", 3, 0, 7)
	// First treated after the last period: never treated, like D and E, and
	// it does not move any estimate (it repeats E's changes).
	add("J", 1, 9, 3)
	add("J", 2, 9, 3)
	add("J", 3, 9, 5)

	res, err := Estimate(p, Options{})
	if err != nil {
		t.Fatalf("Estimate: %v", err)
	}
	want := map[string]string{
		"F": "treated in or before the first period",
		"G": "cohort not constant",
		"H": "observed more than once in period 2",
		"I": "observed in fewer than two periods",
	}
	if len(res.Dropped) != len(want) {
		t.Errorf("dropped %+v, want units F, G, H, I", res.Dropped)
	}
	for _, d := range res.Dropped {
		if !strings.Contains(d.Reason, want[d.Unit]) || want[d.Unit] == "" {
			t.Errorf("unit %s dropped because %q, want a reason containing %q", d.Unit, d.Reason, want[d.Unit])
		}
	}
	if res.NUnits != 6 {
		t.Errorf("NUnits = %d, want 6 (A-E and J)", res.NUnits)
	}
	if res.Cohorts[0].Cohort != 0 || res.Cohorts[0].Units != 3 {
		t.Errorf("never-treated group = %+v, want 3 units (D, E, J)", res.Cohorts[0])
	}
	if countContaining(res.Warnings, "dropped 4 units") != 1 {
		t.Errorf("no warning about the 4 dropped units: %q", res.Warnings)
	}
	if countContaining(res.Warnings, "after the last period count as never treated (as R does): 1") != 1 {
		t.Errorf("no warning about the late cohort: %q", res.Warnings)
	}
	// ATT(2,3): controls D, E, J change by 2, 2, 2 → 4 - 2 = 2 as before.
	near(t, "ATT(2,3)", res.Cells[1].ATT, 2, 1e-12)
}

func TestNotYetTreatedWithoutNeverTreated(t *testing.T) {
	// Cohorts 2 and 3 only. R uses the last cohort (3) as never treated and
	// drops periods from 3 on, leaving ATT(2,2) with base 1:
	// ΔY A=3 B=1 (2), C=1 (1) → 1.
	p := tinyPanel()
	keep := Panel{}
	for i, u := range p.Unit {
		if u == "D" || u == "E" {
			continue
		}
		keep.Unit = append(keep.Unit, u)
		keep.Time = append(keep.Time, p.Time[i])
		keep.Outcome = append(keep.Outcome, p.Outcome[i])
		keep.Cohort = append(keep.Cohort, p.Cohort[i])
	}
	if _, err := Estimate(keep, Options{Control: NeverTreated}); !errors.Is(err, ErrNoNeverTreated) {
		t.Errorf("NeverTreated without never-treated units: err = %v, want ErrNoNeverTreated", err)
	}
	res, err := Estimate(keep, Options{Control: NotYetTreated})
	if err != nil {
		t.Fatalf("Estimate: %v", err)
	}
	if len(res.Cells) != 1 || res.Cells[0].Group != 2 || res.Cells[0].Time != 2 {
		t.Fatalf("cells = %+v, want only ATT(2,2)", res.Cells)
	}
	near(t, "ATT(2,2)", res.Cells[0].ATT, 1, 1e-12)
	if res.NPeriods != 2 {
		t.Errorf("NPeriods = %d, want 2", res.NPeriods)
	}
	if countContaining(res.Warnings, "no never-treated units") != 1 {
		t.Errorf("no warning about the missing never-treated group: %q", res.Warnings)
	}
}

func TestOmittedCell(t *testing.T) {
	// With the never-treated units D and E observed only in periods 1 and 2,
	// the cells of period 3 have no comparison units: they are omitted and
	// warned about, never reported as NaN.
	p := tinyPanel()
	var q Panel
	for i := range p.Unit {
		if (p.Unit[i] == "D" || p.Unit[i] == "E") && p.Time[i] == 3 {
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
	for _, c := range res.Cells {
		if c.Time == 3 {
			t.Errorf("cell ATT(%d,3) computed without controls: %+v", c.Group, c)
		}
	}
	if countContaining(res.Warnings, "ATT(g=3, t=3) not computed: no comparison units") != 1 {
		t.Errorf("no warning for ATT(3,3): %q", res.Warnings)
	}
	if countContaining(res.Warnings, "ATT(g=2, t=3) not computed") != 1 {
		t.Errorf("no warning for ATT(2,3): %q", res.Warnings)
	}
}

func TestOptionErrors(t *testing.T) {
	tests := []struct {
		name string
		p    Panel
		opt  Options
		want string
	}{
		{"bad alpha", tinyPanel(), Options{Alpha: 1.5}, "alpha 1.5 is not between 0 and 1"},
		{"negative bootstrap", tinyPanel(), Options{Bootstrap: -1}, "bootstrap draws -1 is negative"},
		{"bad control", tinyPanel(), Options{Control: 7}, "unknown control group 7"},
		{"bad base", tinyPanel(), Options{Base: 7}, "unknown base period 7"},
		{"empty", Panel{}, Options{}, ErrEmptyPanel.Error()},
		{"ragged", Panel{Unit: []string{"a"}, Time: []int{1, 2}}, Options{}, "panel columns differ in length"},
		{"no treated", Panel{
			Unit: []string{"a", "a"}, Time: []int{1, 2}, Outcome: []float64{1, 2}, Cohort: []int{0, 0},
		}, Options{}, ErrNoTreated.Error()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Estimate(tt.p, tt.opt)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to contain %q", err, tt.want)
			}
			if err != nil && !strings.HasPrefix(err.Error(), "did: ") {
				t.Errorf("err = %q, want the did: prefix", err)
			}
		})
	}
}

func TestDefaultsRecorded(t *testing.T) {
	res, err := Estimate(tinyPanel(), Options{Seed: 7})
	if err != nil {
		t.Fatalf("Estimate: %v", err)
	}
	want := Options{Control: NeverTreated, Base: Varying, Alpha: 0.05, Bootstrap: 999, Seed: 7}
	if res.Options != want {
		t.Errorf("Options = %+v, want %+v", res.Options, want)
	}
}

// TestMonteCarloCoverage plants a homogeneous effect in simulated panels
// (200 units, 6 periods, cohorts 3, 4, 5 and never treated, unit and period
// effects, N(0,1) noise) and checks that the 95% interval of the simple ATT
// covers the planted value in at least 17 of 20 samples.
func TestMonteCarloCoverage(t *testing.T) {
	for _, effect := range []float64{0.1, 0} {
		covered := 0
		for seed := uint64(1); seed <= 20; seed++ {
			res, err := Estimate(simulate(seed, 200, 6, effect), Options{Bootstrap: 99, Seed: seed})
			if err != nil {
				t.Fatalf("Estimate(seed %d): %v", seed, err)
			}
			if res.Simple.CILow <= effect && effect <= res.Simple.CIHigh {
				covered++
			}
		}
		if covered < 17 {
			t.Errorf("effect %v: the 95%% interval covered it %d times of 20, want at least 17", effect, covered)
		}
	}
}

// simulate draws a balanced panel with cohorts 3, 4, 5 and never treated
// (a quarter each) and outcome α_i + 0.5·t + effect·1{t ≥ g} + ε.
func simulate(seed uint64, units, periods int, effect float64) Panel {
	rng := rand.New(rand.NewPCG(seed, 42))
	cohorts := []int{0, 3, 4, 5}
	var p Panel
	for i := 0; i < units; i++ {
		g := cohorts[i%len(cohorts)]
		alpha := rng.NormFloat64()
		for t := 1; t <= periods; t++ {
			y := alpha + 0.5*float64(t) + rng.NormFloat64()
			if g != 0 && t >= g {
				y += effect
			}
			p.Unit = append(p.Unit, "u"+itoa(i))
			p.Time = append(p.Time, t)
			p.Outcome = append(p.Outcome, y)
			p.Cohort = append(p.Cohort, g)
		}
	}
	return p
}

func countContaining(list []string, sub string) int {
	n := 0
	for _, s := range list {
		if strings.Contains(s, sub) {
			n++
		}
	}
	return n
}

func itoa(i int) string { return periodLabel(i, false) }
