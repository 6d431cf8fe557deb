package did

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
)

// Label prints a period of the result: "2021-03" when periods are months,
// else the integer.
func (r *Result) Label(period int) string { return periodLabel(period, r.TimeIsMonth) }

// number is a float64 that encodes NaN and ±Inf as JSON null, so that no
// output can be invalid JSON; Estimate itself never stores them.
type number float64

func (x number) MarshalJSON() ([]byte, error) {
	f := float64(x)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, f, 'g', -1, 64), nil
}

type jsonEffect struct {
	ATT    number `json:"att"`
	SE     number `json:"se"`
	CILow  number `json:"ci_low"`
	CIHigh number `json:"ci_high"`
}

func toJSON(e Effect) jsonEffect {
	return jsonEffect{number(e.ATT), number(e.SE), number(e.CILow), number(e.CIHigh)}
}

type jsonCell struct {
	Group      int    `json:"group"`
	Time       int    `json:"time"`
	GroupLabel string `json:"group_label,omitempty"`
	TimeLabel  string `json:"time_label,omitempty"`
	Base       int    `json:"base"`
	EventTime  int    `json:"event_time"`
	jsonEffect
	NTreated  int  `json:"n_treated"`
	NControl  int  `json:"n_control"`
	Reference bool `json:"reference,omitempty"`
}

type jsonEvent struct {
	EventTime int `json:"event_time"`
	jsonEffect
	BandLow  number `json:"band_low"`
	BandHigh number `json:"band_high"`
	BootSE   number `json:"boot_se"`
}

type jsonGroup struct {
	Group      int    `json:"group"`
	GroupLabel string `json:"group_label,omitempty"`
	jsonEffect
}

type jsonPeriod struct {
	Time      int    `json:"time"`
	TimeLabel string `json:"time_label,omitempty"`
	jsonEffect
}

type jsonAggregates struct {
	Simple          jsonEffect   `json:"simple"`
	Dynamic         []jsonEvent  `json:"dynamic"`
	DynamicOverall  jsonEffect   `json:"dynamic_overall"`
	DynamicCrit     number       `json:"dynamic_critical_value"`
	DynamicBand     string       `json:"dynamic_band"`
	Group           []jsonGroup  `json:"group"`
	GroupOverall    jsonEffect   `json:"group_overall"`
	Calendar        []jsonPeriod `json:"calendar"`
	CalendarOverall jsonEffect   `json:"calendar_overall"`
}

type jsonPreTrend struct {
	Tested    bool   `json:"tested"`
	Statistic number `json:"statistic"`
	DF        int    `json:"df"`
	PValue    number `json:"p_value"`
}

type jsonSensitivity struct {
	AbsATT       number  `json:"abs_att"`
	MaxAbsPreATT number  `json:"max_abs_pre_att"`
	Multiple     *number `json:"multiple"` // null when there is no pre-treatment deviation to compare with
}

type jsonCohort struct {
	Cohort int `json:"cohort"`
	Units  int `json:"units"`
}

type jsonDropped struct {
	Unit   string `json:"unit"`
	Reason string `json:"reason"`
}

type jsonResult struct {
	Estimator   string          `json:"estimator"`
	Control     string          `json:"control"`
	BasePeriod  string          `json:"base_period"`
	Alpha       number          `json:"alpha"`
	Bootstrap   int             `json:"bootstrap"`
	Seed        uint64          `json:"seed"`
	NUnits      int             `json:"n_units"`
	NPeriods    int             `json:"n_periods"`
	TimeIsMonth bool            `json:"time_is_month"`
	Periods     []int           `json:"periods"`
	Cohorts     []jsonCohort    `json:"cohorts"`
	ATTgt       []jsonCell      `json:"att_gt"`
	Aggregates  jsonAggregates  `json:"aggregates"`
	PreTrend    jsonPreTrend    `json:"pretrend"`
	Sensitivity jsonSensitivity `json:"sensitivity"`
	Warnings    []string        `json:"warnings"`
	Dropped     []jsonDropped   `json:"dropped"`
}

// WriteJSON writes the result as one indented JSON object: estimator,
// control ("never"/"notyet"), base_period ("varying"/"universal"), n_units,
// n_periods, att_gt cells and aggregates (simple, dynamic, group, calendar),
// plus the pre-trend test, sensitivity, warnings and dropped units. With
// monthly periods, group_label and time_label give "2021-03" forms.
func (r *Result) WriteJSON(w io.Writer) error {
	out := jsonResult{
		Estimator:   "callaway_santanna",
		Control:     r.Options.Control.String(),
		BasePeriod:  r.Options.Base.String(),
		Alpha:       number(r.Options.Alpha),
		Bootstrap:   r.Options.Bootstrap,
		Seed:        r.Options.Seed,
		NUnits:      r.NUnits,
		NPeriods:    r.NPeriods,
		TimeIsMonth: r.TimeIsMonth,
		Periods:     r.Periods,
		ATTgt:       []jsonCell{},
		Warnings:    append([]string{}, r.Warnings...),
		Dropped:     []jsonDropped{},
	}
	label := func(t int) string {
		if r.TimeIsMonth {
			return r.Label(t)
		}
		return ""
	}
	for _, c := range r.Cohorts {
		out.Cohorts = append(out.Cohorts, jsonCohort(c))
	}
	for _, c := range r.Cells {
		out.ATTgt = append(out.ATTgt, jsonCell{
			Group: c.Group, Time: c.Time, GroupLabel: label(c.Group), TimeLabel: label(c.Time),
			Base: c.Base, EventTime: c.EventTime(), jsonEffect: toJSON(c.Effect),
			NTreated: c.NTreated, NControl: c.NControl, Reference: c.Reference,
		})
	}
	a := &out.Aggregates
	a.Simple = toJSON(r.Simple)
	a.Dynamic = []jsonEvent{}
	for _, e := range r.Dynamic.Events {
		a.Dynamic = append(a.Dynamic, jsonEvent{
			EventTime: e.EventTime, jsonEffect: toJSON(e.Effect),
			BandLow: number(e.BandLow), BandHigh: number(e.BandHigh), BootSE: number(e.BootSE),
		})
	}
	a.DynamicOverall = toJSON(r.Dynamic.Overall)
	a.DynamicCrit = number(r.Dynamic.CritValue)
	a.DynamicBand = "pointwise"
	if r.Dynamic.Simultaneous {
		a.DynamicBand = "simultaneous"
	}
	a.Group = []jsonGroup{}
	for _, g := range r.Group.Groups {
		a.Group = append(a.Group, jsonGroup{Group: g.Group, GroupLabel: label(g.Group), jsonEffect: toJSON(g.Effect)})
	}
	a.GroupOverall = toJSON(r.Group.Overall)
	a.Calendar = []jsonPeriod{}
	for _, p := range r.Calendar.Periods {
		a.Calendar = append(a.Calendar, jsonPeriod{Time: p.Time, TimeLabel: label(p.Time), jsonEffect: toJSON(p.Effect)})
	}
	a.CalendarOverall = toJSON(r.Calendar.Overall)
	out.PreTrend = jsonPreTrend{
		Tested: r.PreTrend.Tested, Statistic: number(r.PreTrend.Statistic),
		DF: r.PreTrend.DF, PValue: number(r.PreTrend.PValue),
	}
	out.Sensitivity = jsonSensitivity{AbsATT: number(r.Sensitivity.AbsATT), MaxAbsPreATT: number(r.Sensitivity.MaxAbsPreATT)}
	if r.Sensitivity.Available {
		m := number(r.Sensitivity.Multiple)
		out.Sensitivity.Multiple = &m
	}
	for _, d := range r.Dropped {
		out.Dropped = append(out.Dropped, jsonDropped(d))
	}

	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("write did json: %w", err)
	}
	return nil
}

// WriteTable writes aligned plain-text tables: the group-time effects, the
// four aggregations, the pre-trend test, the sensitivity figure, warnings
// and dropped units.
func (r *Result) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	level := fmt.Sprintf("%g%%", 100*(1-r.Options.Alpha))
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', 4, 64) }
	p := func(format string, args ...any) { fmt.Fprintf(tw, format, args...) }

	p("Callaway-Sant'Anna DiD: control %s, base period %s, %d units, %d periods (%s to %s), %s intervals\n\n",
		r.Options.Control, r.Options.Base, r.NUnits, r.NPeriods,
		r.Label(r.Periods[0]), r.Label(r.Periods[len(r.Periods)-1]), level)

	p("Cohorts\n")
	p("cohort\tunits\t\n")
	for _, c := range r.Cohorts {
		p("%s\t%d\t\n", cohortLabel(c.Cohort, r.TimeIsMonth), c.Units)
	}

	p("\nGroup-time effects ATT(g,t)\n")
	p("group\ttime\tbase\tATT\tSE\tCI low\tCI high\ttreated\tcontrol\t\n")
	for _, c := range r.Cells {
		if c.Reference {
			p("%s\t%s\t%s\t%s\t%s\t-\t-\t-\t-\t  reference (base period)\n",
				r.Label(c.Group), r.Label(c.Time), r.Label(c.Base), f(0), f(0))
			continue
		}
		p("%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t\n", r.Label(c.Group), r.Label(c.Time), r.Label(c.Base),
			f(c.ATT), f(c.SE), f(c.CILow), f(c.CIHigh), c.NTreated, c.NControl)
	}

	p("\nAggregated effects\n")
	p("aggregation\tATT\tSE\tCI low\tCI high\t\n")
	row := func(name string, e Effect) {
		p("%s\t%s\t%s\t%s\t%s\t\n", name, f(e.ATT), f(e.SE), f(e.CILow), f(e.CIHigh))
	}
	row("simple", r.Simple)
	row("dynamic (e >= 0)", r.Dynamic.Overall)
	row("group", r.Group.Overall)
	row("calendar", r.Calendar.Overall)

	band := "pointwise"
	if r.Dynamic.Simultaneous {
		band = "simultaneous"
	}
	p("\nEvent study (critical value %.3f, %s band)\n", r.Dynamic.CritValue, band)
	p("e\tATT\tSE\tCI low\tCI high\tband low\tband high\t\n")
	for _, e := range r.Dynamic.Events {
		p("%d\t%s\t%s\t%s\t%s\t%s\t%s\t\n", e.EventTime, f(e.ATT), f(e.SE), f(e.CILow), f(e.CIHigh), f(e.BandLow), f(e.BandHigh))
	}

	p("\nBy cohort\n")
	p("group\tATT\tSE\tCI low\tCI high\t\n")
	for _, g := range r.Group.Groups {
		row(r.Label(g.Group), g.Effect)
	}

	p("\nBy period\n")
	p("time\tATT\tSE\tCI low\tCI high\t\n")
	for _, c := range r.Calendar.Periods {
		row(r.Label(c.Time), c.Effect)
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write did table: %w", err)
	}

	var b strings.Builder
	if r.PreTrend.Tested {
		fmt.Fprintf(&b, "\nPre-trend Wald test (all ATT(g,t) with t < g are 0): W = %.4f, df = %d, p = %.4f\n",
			r.PreTrend.Statistic, r.PreTrend.DF, r.PreTrend.PValue)
	} else {
		fmt.Fprintf(&b, "\nPre-trend Wald test: not computed\n")
	}
	s := r.Sensitivity
	if s.Available {
		fmt.Fprintf(&b, "Sensitivity: a post-treatment violation of parallel trends of %.4f (%.2f times the largest pre-treatment |ATT| %.4f) would flip the sign of the simple ATT\n",
			s.AbsATT, s.Multiple, s.MaxAbsPreATT)
	} else {
		fmt.Fprintf(&b, "Sensitivity: a post-treatment violation of parallel trends of %.4f would flip the sign of the simple ATT (no pre-treatment deviation to compare with)\n", s.AbsATT)
	}
	if len(r.Warnings) > 0 {
		b.WriteString("\nWarnings\n")
		for _, m := range r.Warnings {
			fmt.Fprintf(&b, "- %s\n", m)
		}
	}
	if len(r.Dropped) > 0 {
		b.WriteString("\nDropped units\n")
		for _, d := range r.Dropped {
			fmt.Fprintf(&b, "- %s: %s\n", d.Unit, d.Reason)
		}
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write did table: %w", err)
	}
	return nil
}
