package metrics

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"
	"gonum.org/v1/gonum/stat/distuv"

	"sijang/internal/warehouse"
	"sijang/metrics/did"
)

// Outcomes evaluated per program: log(1 + monthly net sales) of all
// channels ("total") and of offline sales alone ("offline"), and online
// sales in won per month ("online_krw": most stalls sell nothing online
// before they join, so a log effect would be meaningless).
var Outcomes = []string{"total", "offline", "online_krw"}

// Estimate is one program's effect on one outcome.
type Estimate struct {
	Market, Program, Outcome string
	// Result is nil when the programme could not be estimated; Note says
	// why.
	Result *did.Result
	Trim   Trim   // what the panel left out (see programPanel)
	Note   string // why there is no Result
}

// Evaluation is everything Evaluate estimated.
type Evaluation struct {
	Estimates []Estimate
	// Impacts holds, per market, one row per programme with enrolments
	// (effects on monthly sales), one for live commerce when the market
	// had broadcasts, and one for the whole project (Program "all").
	Impacts   []Impact
	Live      []LiveEffect
	Spillover []Spillover
	// Shortlists holds one onboarding shortlist per market and programme
	// with an estimate (shortlist.go).
	Shortlists []Shortlist
}

// Evaluate estimates every programme's effect with the staggered
// difference-in-differences of package did (not-yet-treated comparison
// stalls, varying base period; periods are months) on the panel that
// programPanel builds, turns the effect on total sales into won and won
// per won spent, checks a placebo, persistence after the support period
// and spillover to neighbours, runs the daily event study of live
// commerce, and writes a verdict per programme. It replaces
// program_effects, program_impact, live_effects and spillover in one
// transaction, so re-running is safe.
func Evaluate(ctx context.Context, db *sql.DB) (*Evaluation, error) {
	in, err := readEvaluationInput(ctx, db)
	if err != nil {
		return nil, err
	}
	ev := &Evaluation{}
	z := distuv.UnitNormal.Quantile(0.975)
	for _, m := range in.markets() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := ev.market(in, m, z); err != nil {
			return nil, err
		}
	}
	return ev, writeEvaluation(ctx, db, ev)
}

// didOptions are the options of every programme estimate.
var didOptions = did.Options{Control: did.NotYetTreated, Base: did.Varying, Seed: 1}

// market evaluates one market's programmes.
func (ev *Evaluation) market(in *evaluationInput, m string, z float64) error {
	rows, joined := in.rows[m], in.joined[m]
	shares, total := shareSpend(in.spend[m])
	var impacts []Impact
	for _, prog := range in.enrolledPrograms(m) {
		info := in.programs[[2]string{m, prog}]
		imp := Impact{Market: m, Program: prog, Name: info.name, Spend: shares[prog],
			Basis: "월 매출(로그) simple ATT × 참여 후 점포-월 매출", Effect: nanEffect(), Placebo: nanEffect(),
			PreTrendP: math.NaN(), WaldP: math.NaN(), Sensitivity: math.NaN()}
		var cohorts []cohortSize
		for _, outcome := range Outcomes {
			panel, trim := programPanel(rows, outcome, prog, joined)
			est := Estimate{Market: m, Program: prog, Outcome: outcome, Trim: trim}
			res, err := did.Estimate(panel, didOptions)
			switch {
			case errors.Is(err, did.ErrEmptyPanel), errors.Is(err, did.ErrNoTreated):
				est.Note = err.Error()
			case err != nil:
				return fmt.Errorf("evaluate %s/%s/%s: %w", m, prog, outcome, err)
			default:
				est.Result = res
			}
			ev.Estimates = append(ev.Estimates, est)
			if outcome != "total" {
				continue
			}
			imp.Trim = trim
			if res == nil {
				imp.Note = est.Note
				continue
			}
			imp.Effect = res.Simple
			imp.SalesKRW = treatedSales(rows, prog, joined)
			imp.Incremental = incrementalKRW(imp.SalesKRW, res.Simple)
			if res.PreTrend.Tested {
				imp.WaldP = res.PreTrend.PValue
			}
			if res.Sensitivity.Available {
				imp.Sensitivity = res.Sensitivity.Multiple
			}
			for _, c := range res.Cohorts {
				if c.Cohort != 0 {
					cohorts = append(cohorts, cohortSize{c.Cohort, c.Units})
					if c.Units < smallCohortUnits {
						imp.SmallCohorts++
					}
				}
			}
			if pl, err := did.Estimate(placeboPanel(panel), didOptions); err == nil {
				imp.Placebo = pl.Simple
				imp.PreTrendP = pValue(pl.Simple)
			}
			imp.Persistence = persistence(res, info.endMonth, z)
			ev.Shortlists = append(ev.Shortlists, in.programShortlist(m, prog, panel, res.Simple, shares[prog].Direct, z))
		}
		imp.PerWon = perWon(imp.Incremental, imp.Spend.Total())
		imp.PerWonDirect = perWon(imp.Incremental, imp.Spend.Direct)
		imp.Verdict = programVerdict(imp, cohorts)
		impacts = append(impacts, imp)
		ev.Spillover = append(ev.Spillover, spillover(m, prog, rows, joined, z))
	}

	if events := in.events[m]; len(events) > 0 {
		live := liveStudy(m, in.days[m], events, z)
		ev.Live = append(ev.Live, live...)
		info := in.programs[[2]string{m, "live"}]
		imp := Impact{Market: m, Program: "live", Name: info.name, Spend: shares["live"],
			Basis: "방송일부터 사흘간 일별 스마트스토어 매출(로그) 효과 × 출연 점포-일 매출", Effect: nanEffect(), Placebo: nanEffect(),
			PreTrendP: math.NaN(), WaldP: math.NaN(), Sensitivity: math.NaN(), Persistence: Persistence{State: "unknown"}}
		imp.Incremental, imp.SalesKRW = liveImpact(live)
		for _, l := range live {
			if l.DayOffset == 0 {
				imp.Effect = l.Effect
			}
		}
		imp.PerWon = perWon(imp.Incremental, imp.Spend.Total())
		imp.PerWonDirect = perWon(imp.Incremental, imp.Spend.Direct)
		imp.Verdict = liveVerdict(imp, live)
		impacts = append(impacts, imp)
	}

	if len(impacts) > 0 {
		all := Impact{Market: m, Program: "all", Name: "사업 전체", Basis: "사업별 증가 매출의 합",
			Effect: nanEffect(), Placebo: nanEffect(), PreTrendP: math.NaN(), WaldP: math.NaN(), Sensitivity: math.NaN(),
			Spend: Spend{Direct: total}, Persistence: Persistence{State: "unknown"}}
		for _, imp := range impacts {
			if math.IsNaN(imp.Incremental.KRW) {
				continue
			}
			all.Incremental.KRW += imp.Incremental.KRW
			all.Incremental.Low += imp.Incremental.Low
			all.Incremental.High += imp.Incremental.High
			all.SalesKRW += imp.SalesKRW
		}
		all.PerWon = perWon(all.Incremental, total)
		all.PerWonDirect = all.PerWon
		all.Verdict = overallVerdict(all, len(impacts))
		impacts = append(impacts, all)
	}
	ev.Impacts = append(ev.Impacts, impacts...)
	return nil
}

// evaluationInput is what Evaluate reads from the warehouse.
type evaluationInput struct {
	rows       map[string][]stallMonth                   // market → stall-months by stall and month
	joined     map[string]map[string]map[string]exposure // market → stall → programme → when it joined
	programs   map[[2]string]programInfo                 // (market, programme)
	spend      map[string]map[string]float64             // market → component → won
	plan       map[string]map[string]float64             // market → component → planned won
	exclusions map[string][]exclusion                    // market → market.yaml programs[].exclude
	context    map[string]map[string]stallContext        // market → stall → what the shortlist says about it
	events     map[string][]liveEvent                    // market → broadcasts
	days       map[string]map[string]map[int]liveDay     // market → stall → day → sales
}

type programInfo struct {
	name     string
	endMonth int     // monthIndex of ends_on; 0 when unknown
	costKRW  float64 // onboarding cost of one stall from market.yaml; 0 when not set
}

// markets lists the markets with stall-months, sorted.
func (in *evaluationInput) markets() []string {
	var ms []string
	for m := range in.rows {
		ms = append(ms, m)
	}
	sort.Strings(ms)
	return ms
}

// enrolledPrograms lists the programmes with enrolled stalls in market m.
func (in *evaluationInput) enrolledPrograms(m string) []string {
	seen := map[string]bool{}
	for _, ex := range in.joined[m] {
		for p := range ex {
			seen[p] = true
		}
	}
	var ps []string
	for p := range seen {
		ps = append(ps, p)
	}
	sort.Strings(ps)
	return ps
}

func readEvaluationInput(ctx context.Context, db *sql.DB) (*evaluationInput, error) {
	in := &evaluationInput{
		rows:       map[string][]stallMonth{},
		joined:     map[string]map[string]map[string]exposure{},
		programs:   map[[2]string]programInfo{},
		spend:      map[string]map[string]float64{},
		plan:       map[string]map[string]float64{},
		exclusions: map[string][]exclusion{},
		context:    map[string]map[string]stallContext{},
		events:     map[string][]liveEvent{},
		days:       map[string]map[string]map[int]liveDay{},
	}
	err := eachRow(ctx, db, "evaluation_panel", func(rows *sql.Rows) error {
		var m string
		var r stallMonth
		var month time.Time
		if err := rows.Scan(&m, &r.stall, &month, &r.group, &r.alley, &r.complete, &r.openAll, &r.total, &r.offline, &r.online); err != nil {
			return err
		}
		r.month = monthIndex(month)
		in.rows[m] = append(in.rows[m], r)
		return nil
	})
	if err == nil {
		err = eachRow(ctx, db, "evaluation_cohorts", func(rows *sql.Rows) error {
			var m, program, stall string
			var enrolled time.Time
			if err := rows.Scan(&m, &program, &stall, &enrolled); err != nil {
				return err
			}
			if in.joined[m] == nil {
				in.joined[m] = map[string]map[string]exposure{}
			}
			if in.joined[m][stall] == nil {
				in.joined[m][stall] = map[string]exposure{}
			}
			in.joined[m][stall][program] = exposureOf(enrolled)
			return nil
		})
	}
	if err == nil {
		err = eachRow(ctx, db, "evaluation_programs", func(rows *sql.Rows) error {
			var m, program, name string
			var starts, ends sql.NullTime
			var cost sql.NullInt64
			if err := rows.Scan(&m, &program, &name, &starts, &ends, &cost); err != nil {
				return err
			}
			info := programInfo{name: name, costKRW: float64(cost.Int64)}
			if ends.Valid {
				info.endMonth = monthIndex(ends.Time)
			}
			in.programs[[2]string{m, program}] = info
			return nil
		})
	}
	if err == nil {
		err = eachRow(ctx, db, "evaluation_spend", func(rows *sql.Rows) error {
			var m, component string
			var krw float64
			if err := rows.Scan(&m, &component, &krw); err != nil {
				return err
			}
			if in.spend[m] == nil {
				in.spend[m] = map[string]float64{}
			}
			in.spend[m][component] = krw
			return nil
		})
	}
	if err == nil {
		err = eachRow(ctx, db, "shortlist_budget_plan", func(rows *sql.Rows) error {
			var m, component string
			var krw float64
			if err := rows.Scan(&m, &component, &krw); err != nil {
				return err
			}
			if in.plan[m] == nil {
				in.plan[m] = map[string]float64{}
			}
			in.plan[m][component] = krw
			return nil
		})
	}
	if err == nil {
		err = eachRow(ctx, db, "shortlist_exclusions", func(rows *sql.Rows) error {
			var m string
			var x exclusion
			if err := rows.Scan(&m, &x.program, &x.stall, &x.category, &x.alley, &x.reason); err != nil {
				return err
			}
			in.exclusions[m] = append(in.exclusions[m], x)
			return nil
		})
	}
	if err == nil {
		err = eachRow(ctx, db, "shortlist_context", func(rows *sql.Rows) error {
			var m, stall string
			var c stallContext
			var closed sql.NullTime
			var rec, mrec, frec sql.NullFloat64
			if err := rows.Scan(&m, &stall, &c.name, &c.alley, &c.alleyName, &c.category, &closed, &rec, &mrec, &frec); err != nil {
				return err
			}
			c.closedOn = closed.Time
			c.recovery, c.marketRecovery, c.footfallRecovery = nullNaN(rec), nullNaN(mrec), nullNaN(frec)
			if in.context[m] == nil {
				in.context[m] = map[string]stallContext{}
			}
			in.context[m][stall] = c
			return nil
		})
	}
	if err == nil {
		err = eachRow(ctx, db, "evaluation_live_events", func(rows *sql.Rows) error {
			var m, stall string
			var day time.Time
			if err := rows.Scan(&m, &day, &stall); err != nil {
				return err
			}
			in.events[m] = append(in.events[m], liveEvent{stall: stall, day: dayNumber(day)})
			return nil
		})
	}
	if err == nil {
		err = eachRow(ctx, db, "evaluation_live_days", func(rows *sql.Rows) error {
			var m, stall string
			var day time.Time
			var d liveDay
			if err := rows.Scan(&m, &stall, &day, &d.total, &d.smartstore); err != nil {
				return err
			}
			if in.days[m] == nil {
				in.days[m] = map[string]map[int]liveDay{}
			}
			if in.days[m][stall] == nil {
				in.days[m][stall] = map[int]liveDay{}
			}
			in.days[m][stall][dayNumber(day)] = d
			return nil
		})
	}
	return in, err
}

// eachRow runs the embedded query name and calls f on every row.
func eachRow(ctx context.Context, db *sql.DB, name string, f func(*sql.Rows) error) error {
	q, err := query(name)
	if err != nil {
		return err
	}
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := f(rows); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// monthIndex numbers months consecutively: year*12 + month - 1.
func monthIndex(t time.Time) int { return t.Year()*12 + int(t.Month()) - 1 }

// MonthOf turns a month index back into the first day of the month.
func MonthOf(i int) time.Time { return time.Date(i/12, time.Month(i%12+1), 1, 0, 0, 0, 0, time.UTC) }

// dayNumber numbers days from 1970-01-01.
func dayNumber(t time.Time) int {
	return int(time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// yyyymm labels a month index as 202011 for program_effects.cohort.
func yyyymm(i int) int32 { t := MonthOf(i); return int32(t.Year()*100 + int(t.Month())) }

// nullNaN turns NULL into NaN.
func nullNaN(x sql.NullFloat64) float64 {
	if !x.Valid {
		return math.NaN()
	}
	return x.Float64
}

// orNull turns NaN into NULL.
func orNull(x float64) any {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return x
}

// wonOrNull rounds to whole won, NaN to NULL.
func wonOrNull(x float64) any {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return int64(math.Round(x))
}

// writeEvaluation replaces program_effects, program_impact, live_effects,
// spillover and the shortlist tables, in one transaction.
func writeEvaluation(ctx context.Context, db *sql.DB, ev *Evaluation) error {
	return warehouse.Tx(ctx, db, func(conn *sql.Conn) (err error) {
		tables := []string{"program_effects", "program_impact", "live_effects", "spillover",
			"shortlist", "shortlist_excluded", "shortlist_groups", "shortlist_budget", "shortlist_backtest", "shortlist_backtest_stalls"}
		for _, t := range tables {
			if _, err := conn.ExecContext(ctx, "DELETE FROM "+t); err != nil {
				return fmt.Errorf("%s: %w", t, err)
			}
		}
		writers := []func(*duckdb.Appender) error{ev.appendEffects, ev.appendImpacts, ev.appendLive, ev.appendSpillover,
			ev.appendShortlist, ev.appendExcluded, ev.appendGroups, ev.appendBudget, ev.appendBacktest, ev.appendBacktestStalls}
		for i, t := range tables {
			err = conn.Raw(func(dc any) error {
				a, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), "", t)
				if err != nil {
					return err
				}
				if err := writers[i](a); err != nil {
					a.Close()
					return err
				}
				return a.Close()
			})
			if err != nil {
				return fmt.Errorf("%s: %w", t, err)
			}
		}
		return nil
	})
}

// appendEffects writes program_effects: market_id, program_id, outcome,
// estimand, cohort, event_time, att, se, ci_low, ci_high, then (004)
// month, band_low, band_high, n_treated, n_control.
func (ev *Evaluation) appendEffects(a *duckdb.Appender) error {
	for _, e := range ev.Estimates {
		r := e.Result
		if r == nil {
			continue
		}
		row := func(estimand string, cohort, eventTime any, eff did.Effect, month, bandLow, bandHigh, nt, nc any) error {
			return a.AppendRow(e.Market, e.Program, e.Outcome, estimand, cohort, eventTime,
				orNull(eff.ATT), orNull(eff.SE), orNull(eff.CILow), orNull(eff.CIHigh), month, bandLow, bandHigh, nt, nc)
		}
		if err := row("simple", nil, nil, r.Simple, nil, nil, nil, nil, nil); err != nil {
			return err
		}
		for _, c := range r.Cells {
			if err := row("att_gt", yyyymm(c.Group), int32(c.EventTime()), c.Effect, MonthOf(c.Time), nil, nil, int32(c.NTreated), int32(c.NControl)); err != nil {
				return err
			}
		}
		for _, d := range r.Dynamic.Events {
			if err := row("dynamic", nil, int32(d.EventTime), d.Effect, nil, orNull(d.BandLow), orNull(d.BandHigh), nil, nil); err != nil {
				return err
			}
		}
		for _, g := range r.Group.Groups {
			if err := row("group", yyyymm(g.Group), nil, g.Effect, nil, nil, nil, nil, nil); err != nil {
				return err
			}
		}
		for _, p := range r.Calendar.Periods {
			if err := row("calendar", nil, nil, p.Effect, MonthOf(p.Time), nil, nil, nil, nil); err != nil {
				return err
			}
		}
	}
	for _, imp := range ev.Impacts {
		if math.IsNaN(imp.Placebo.ATT) {
			continue
		}
		err := a.AppendRow(imp.Market, imp.Program, "total", "placebo", nil, int32(-placeboLead),
			orNull(imp.Placebo.ATT), orNull(imp.Placebo.SE), orNull(imp.Placebo.CILow), orNull(imp.Placebo.CIHigh), nil, nil, nil, nil, nil)
		if err != nil {
			return err
		}
	}
	return nil
}

// appendImpacts writes program_impact in the column order of 004.
func (ev *Evaluation) appendImpacts(a *duckdb.Appender) error {
	for _, imp := range ev.Impacts {
		p := imp.Persistence
		var post any
		if p.State != "unknown" {
			post = int32(p.Months)
		}
		if p.State == "unknown" || p.State == "no_data" {
			p.After = nanEffect() // no months after support: no effect, not a zero one
		}
		err := a.AppendRow(imp.Market, imp.Program, imp.Name, imp.Basis,
			orNull(imp.Effect.ATT), orNull(imp.Effect.CILow), orNull(imp.Effect.CIHigh),
			wonOrNull(imp.SalesKRW), wonOrNull(imp.Incremental.KRW), wonOrNull(imp.Incremental.Low), wonOrNull(imp.Incremental.High),
			wonOrNull(imp.Spend.Total()), wonOrNull(imp.Spend.Direct), wonOrNull(imp.Spend.Shared),
			orNull(imp.PerWon.KRW), orNull(imp.PerWon.Low), orNull(imp.PerWon.High), orNull(imp.PerWonDirect.KRW),
			orNull(imp.PreTrendP), orNull(imp.WaldP), orNull(imp.Sensitivity), int32(imp.SmallCohorts),
			imp.Trim.String(), p.State, post, orNull(p.After.ATT), orNull(p.After.CILow), orNull(p.After.CIHigh),
			imp.Verdict)
		if err != nil {
			return err
		}
	}
	return nil
}

// appendLive writes live_effects in the column order of 004.
func (ev *Evaluation) appendLive(a *duckdb.Appender) error {
	for _, l := range ev.Live {
		if l.DayOffset < 0 { // placebo days add no sales
			l.Incremental = Won{KRW: math.NaN(), Low: math.NaN(), High: math.NaN()}
		}
		err := a.AppendRow(l.Market, int32(l.DayOffset), orNull(l.ATT), orNull(l.SE), orNull(l.CILow), orNull(l.CIHigh),
			int32(l.Events), int32(l.Stalls), orNull(l.Multiplier()), wonOrNull(l.SalesKRW),
			wonOrNull(l.Incremental.KRW), wonOrNull(l.Incremental.Low), wonOrNull(l.Incremental.High))
		if err != nil {
			return err
		}
	}
	return nil
}

// appendSpillover writes spillover in the column order of 004.
func (ev *Evaluation) appendSpillover(a *duckdb.Appender) error {
	for _, s := range ev.Spillover {
		var first any
		if s.FirstMonth != 0 {
			first = MonthOf(s.FirstMonth)
		}
		err := a.AppendRow(s.Market, s.Program, orNull(s.ATT), orNull(s.SE), orNull(s.CILow), orNull(s.CIHigh), s.Note,
			first, joinAlleys(s.HighAlleys), joinAlleys(s.LowAlleys), int32(s.NHigh), int32(s.NLow))
		if err != nil {
			return err
		}
	}
	return nil
}

func joinAlleys(as []string) any { return textOrNull(strings.Join(as, ",")) }
