// Package did estimates staggered difference-in-differences effects after
// Callaway and Sant'Anna (2021, Journal of Econometrics 225(2)), without
// covariates, on a long panel held in memory.
//
// Estimate reads a Panel (one row per unit and period, with the unit's first
// treated period as its cohort) and returns every group-time effect ATT(g,t)
// with its influence-function standard error, the simple, event-time, cohort
// and calendar aggregations of the R package did (att_gt and aggte), a
// multiplier-bootstrap simultaneous band over event times, a Wald pre-trend
// test and a sign-flip sensitivity figure. It reads nothing else and writes
// nothing; running it twice with the same Options (including Seed) gives the
// same Result.
//
// Point estimates, influence functions and analytic standard errors follow
// did's code for panel data (compute.att_gt, DRDID's panel estimators with no
// covariates, compute.aggte with its "wif" weight term), i.e. R's
// att_gt(..., bstrap = FALSE) and aggte(...); on R's mpdta example every
// printed estimate and the pre-test p-value agree. Where this package departs
// from R it says so on the field concerned: unbalanced panels (a unit is used
// in every cell where it is observed in both periods, instead of being
// dropped), cells that cannot be computed (omitted with a warning, as R's
// na.rm = TRUE) and the simultaneous band (bootstrap critical value applied
// to the analytic standard errors).
//
// ReadPanelCSV and FromArrow build a Panel from a CSV file or an Arrow
// record; Result.WriteJSON and Result.WriteTable present the estimates.
package did

import (
	"errors"
	"fmt"
	"math"
)

// Panel is a long panel in columns: row i is unit Unit[i] observed at period
// Time[i] with outcome Outcome[i]. All four slices have the same length.
type Panel struct {
	Unit    []string
	Time    []int // integer periods (e.g. 2004, or months numbered consecutively); need not start at 0
	Outcome []float64
	// Cohort is the first treated period of the unit (0 = never treated); it
	// must be constant within a unit. Cohorts after the last period count as
	// never treated (as in R).
	Cohort []int
	// TimeIsMonth says that Time and Cohort are months numbered
	// year*12+month-1 (ReadPanelCSV sets it for date columns); output then
	// labels periods "2021-03".
	TimeIsMonth bool
}

// Control selects the comparison group of each ATT(g,t).
type Control int

const (
	// NeverTreated compares cohort g with units that are never treated
	// (cohort 0); R's control_group = "nevertreated".
	NeverTreated Control = iota
	// NotYetTreated adds units first treated after max(t, base period),
	// other than cohort g itself; R's control_group = "notyettreated".
	NotYetTreated
)

// String returns "never" or "notyet", the names used in JSON output.
func (c Control) String() string {
	switch c {
	case NeverTreated:
		return "never"
	case NotYetTreated:
		return "notyet"
	}
	return fmt.Sprintf("Control(%d)", int(c))
}

// Base selects the base period each ATT(g,t) is measured against.
type Base int

const (
	// Varying compares a pre-treatment period t (t < g) with the period just
	// before it, and a post-treatment period with the last period before g;
	// R's base_period = "varying".
	Varying Base = iota
	// Universal compares every period with the last period before g; the cell
	// for that period itself is reported as ATT 0 with standard error 0 and
	// marked Reference, as R reports it; R's base_period = "universal".
	Universal
)

// String returns "varying" or "universal", the names used in JSON output.
func (b Base) String() string {
	switch b {
	case Varying:
		return "varying"
	case Universal:
		return "universal"
	}
	return fmt.Sprintf("Base(%d)", int(b))
}

// Options configures Estimate. The zero value is R's default: never-treated
// controls, varying base period, alpha 0.05, 999 bootstrap draws, seed 0.
type Options struct {
	Control   Control
	Base      Base
	Alpha     float64 // significance level of every interval; 0 means 0.05
	Bootstrap int     // multiplier-bootstrap draws for simultaneous bands; 0 means 999
	Seed      uint64  // seeds the bootstrap (math/rand/v2 PCG)
}

const (
	defaultAlpha     = 0.05
	defaultBootstrap = 999
	// smallCohort is R's threshold for warning about small groups
	// (number of covariates + 5, and there are no covariates here).
	smallCohort = 5
)

// Sentinel errors returned (wrapped) by Estimate.
var (
	// ErrEmptyPanel means there are no usable observations.
	ErrEmptyPanel = errors.New("panel has no usable observations")
	// ErrNoTreated means no unit is treated after the first period.
	ErrNoTreated = errors.New("no unit is first treated after the first period")
	// ErrNoNeverTreated means NeverTreated controls were asked for but no
	// unit is never treated.
	ErrNoNeverTreated = errors.New("no never-treated units; use NotYetTreated")
)

// Effect is an estimate with its standard error and pointwise
// (1-Alpha) confidence interval ATT ± z·SE.
type Effect struct {
	ATT    float64
	SE     float64
	CILow  float64
	CIHigh float64
}

// Cell is one group-time average treatment effect ATT(g,t).
type Cell struct {
	Group int // cohort g: first treated period
	Time  int // period t
	Base  int // base period the change Y_t - Y_base is measured from
	Effect
	NTreated int // units of cohort g observed at both Time and Base
	NControl int // comparison units observed at both Time and Base
	// Reference marks the Universal base period cell t = g-1, which is 0 by
	// construction (SE 0, no units used).
	Reference bool
}

// EventTime returns t - g.
func (c Cell) EventTime() int { return c.Time - c.Group }

// Pre reports whether the cell is before treatment (t < g).
func (c Cell) Pre() bool { return c.Time < c.Group }

// EventEffect is the dynamic (event-study) aggregate at event time e = t - g.
type EventEffect struct {
	EventTime int
	Effect
	// BandLow and BandHigh bound the simultaneous band over all event times:
	// ATT ± CritValue·SE (see Dynamic.CritValue). R multiplies the critical
	// value by its bootstrap SE (BootSE here); the analytic SE is used so
	// that band and pointwise interval share one standard error.
	BandLow  float64
	BandHigh float64
	// BootSE is the multiplier-bootstrap standard error (interquartile range
	// of the bootstrap draws / 1.349, as R's mboot); 0 when degenerate.
	BootSE float64
}

// Dynamic holds the event-study aggregation of R's aggte(type = "dynamic").
type Dynamic struct {
	// Overall averages the event-time effects with e >= 0.
	Overall Effect
	Events  []EventEffect
	// CritValue is the bootstrap critical value of the simultaneous band:
	// the (1-Alpha) quantile over draws of max_e |draw_e| / IQR-scale_e, as
	// R's mboot. It falls back to the pointwise z value when the bootstrap is
	// degenerate or gives a smaller value (Simultaneous is then false).
	CritValue    float64
	Simultaneous bool
}

// GroupEffect is the cohort aggregate of R's aggte(type = "group"): the
// equal-weight mean of ATT(g,t) over post-treatment periods t >= g.
type GroupEffect struct {
	Group int
	Effect
}

// ByGroup holds the cohort aggregation.
type ByGroup struct {
	// Overall weights cohort effects by cohort size, with the influence of
	// estimating those weights included. The weight term uses each cohort's
	// own indicator, as did does since its fix for a non-zero-mean influence
	// function (bcallaway11/did pull request 223); older releases give a
	// slightly different standard error, never a different estimate.
	Overall Effect
	Groups  []GroupEffect
}

// PeriodEffect is the calendar aggregate of R's aggte(type = "calendar"):
// the cohort-size weighted mean of ATT(g,t) over cohorts treated by t.
type PeriodEffect struct {
	Time int
	Effect
}

// ByPeriod holds the calendar-time aggregation.
type ByPeriod struct {
	Overall Effect // mean of the period effects
	Periods []PeriodEffect
}

// PreTrend is the Wald test that every pre-treatment ATT(g,t) (t < g) is
// zero, W = n·θ'V⁻¹θ with V the covariance of their influence functions
// (R's att_gt pre-test with analytic variance). Cells with zero variance
// (the Universal reference cells) are left out, as R does.
type PreTrend struct {
	Tested    bool // false when there is nothing to test or V is singular
	Statistic float64
	DF        int
	PValue    float64
}

// Sensitivity answers: how large a post-treatment violation of parallel
// trends would flip the sign of the simple ATT? A bias of size |Simple.ATT|
// does; Multiple expresses it as a multiple of the largest absolute
// pre-treatment ATT(g,t), the violation already seen in the data.
type Sensitivity struct {
	AbsATT       float64 // |Simple.ATT|, the bias that flips the sign
	MaxAbsPreATT float64 // largest |ATT(g,t)| with t < g (reference cells excluded)
	Multiple     float64 // AbsATT / MaxAbsPreATT; valid only when Available
	Available    bool    // false when there are no pre-treatment cells or all are 0
}

// Cohort is the number of units first treated in one period.
type Cohort struct {
	Cohort int // 0 for never treated
	Units  int
}

// DroppedUnit is a unit left out of estimation and why.
type DroppedUnit struct {
	Unit   string
	Reason string
}

// Result holds everything Estimate computed.
type Result struct {
	Options     Options // the options used, defaults filled in
	TimeIsMonth bool    // periods are months; see Label
	NUnits      int     // units in the estimation sample (n of every influence function)
	NPeriods    int
	Periods     []int
	Cohorts     []Cohort // never treated first, then by period

	Cells    []Cell // by group, then time; cells that could not be computed are omitted and warned about
	Simple   Effect // R's aggte(type = "simple")
	Dynamic  Dynamic
	Group    ByGroup
	Calendar ByPeriod

	PreTrend    PreTrend
	Sensitivity Sensitivity

	Warnings []string
	Dropped  []DroppedUnit
}

// Estimate computes the group-time effects of p and their aggregations.
// Errors name what is wrong with the panel or the options; problems that
// leave some estimates possible (dropped units, cells without treated or
// comparison units, small cohorts) become Result.Warnings instead.
func Estimate(p Panel, opt Options) (*Result, error) {
	opt, err := opt.resolve()
	if err != nil {
		return nil, fmt.Errorf("did: %w", err)
	}
	s, err := newSample(p, opt.Control)
	if err != nil {
		return nil, fmt.Errorf("did: %w", err)
	}
	res := &Result{
		Options:     opt,
		TimeIsMonth: p.TimeIsMonth,
		NUnits:      len(s.units),
		NPeriods:    len(s.periods),
		Periods:     s.periods,
		Cohorts:     s.cohortSizes(),
		Warnings:    s.warnings,
		Dropped:     s.dropped,
	}
	z := zValue(opt.Alpha)

	cells, warns := s.cells(opt)
	res.Warnings = append(res.Warnings, warns...)
	if len(cells) == 0 {
		return nil, fmt.Errorf("did: no ATT(g,t) could be computed: %w", ErrEmptyPanel)
	}
	for _, c := range cells {
		c.Effect = effect(c.ATT, c.se(s.n()), z)
		res.Cells = append(res.Cells, c.Cell)
	}

	agg := aggregator{s: s, cells: cells, z: z}
	simple, ok := agg.simple()
	if !ok {
		return nil, fmt.Errorf("did: no post-treatment ATT(g,t) could be computed: %w", ErrEmptyPanel)
	}
	res.Simple = simple
	dyn, eventIFs := agg.dynamic()
	res.Group = agg.group()
	res.Calendar = agg.calendar()

	boot := bootstrap{draws: opt.Bootstrap, seed: opt.Seed, alpha: opt.Alpha, n: s.n()}
	band, warn := boot.band(eventIFs)
	if warn != "" {
		res.Warnings = append(res.Warnings, warn)
	}
	dyn.CritValue, dyn.Simultaneous = band.crit, band.simultaneous
	for i := range dyn.Events {
		e := &dyn.Events[i]
		e.BandLow = e.ATT - band.crit*e.SE
		e.BandHigh = e.ATT + band.crit*e.SE
		e.BootSE = band.se[i]
	}
	res.Dynamic = dyn

	pt, warn := preTrend(cells, s.n())
	if warn != "" {
		res.Warnings = append(res.Warnings, warn)
	}
	res.PreTrend = pt
	res.Sensitivity = sensitivity(res.Simple.ATT, res.Cells)
	return res, nil
}

// resolve fills defaults and rejects invalid options.
func (o Options) resolve() (Options, error) {
	if o.Control != NeverTreated && o.Control != NotYetTreated {
		return o, fmt.Errorf("unknown control group %d", int(o.Control))
	}
	if o.Base != Varying && o.Base != Universal {
		return o, fmt.Errorf("unknown base period %d", int(o.Base))
	}
	if o.Alpha == 0 {
		o.Alpha = defaultAlpha
	}
	if !(o.Alpha > 0 && o.Alpha < 1) {
		return o, fmt.Errorf("alpha %v is not between 0 and 1", o.Alpha)
	}
	if o.Bootstrap < 0 {
		return o, fmt.Errorf("bootstrap draws %d is negative", o.Bootstrap)
	}
	if o.Bootstrap == 0 {
		o.Bootstrap = defaultBootstrap
	}
	return o, nil
}

// effect builds an Effect with the pointwise interval ATT ± z·SE.
func effect(att, se, z float64) Effect {
	return Effect{ATT: att, SE: se, CILow: att - z*se, CIHigh: att + z*se}
}

// seFromIF is R's getSE: sqrt(mean(IF²)/n) = sqrt(ΣIF²)/n.
func seFromIF(inf []float64) float64 {
	var ss float64
	for _, v := range inf {
		ss += v * v
	}
	return math.Sqrt(ss) / float64(len(inf))
}
