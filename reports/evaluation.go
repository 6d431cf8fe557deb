package reports

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"
	"time"
)

var (
	qPrograms       = mustQuery("programs.sql")
	qEffects        = mustQuery("effects.sql")
	qProgramCohorts = mustQuery("program_cohorts.sql")
)

// The outcomes of program_effects: total and offline are log(1 + monthly
// sales), so exp(ATT) - 1 is a relative change; online_krw is won per
// stall and month.
const (
	outcomeTotal   = "total"
	outcomeOffline = "offline"
	outcomeOnline  = "online_krw"
)

// estimate is one row of program_effects.
type estimate struct {
	ProgramID string
	Outcome   string
	Estimand  string
	Cohort    sql.Null[int64] // first treated month as yyyymm, for estimand group
	EventTime sql.Null[int64] // months since joining, for estimand dynamic
	ATT       sql.Null[float64]
	Low       sql.Null[float64]
	High      sql.Null[float64]
}

// program is one row of programs.
type program struct {
	ID       string
	Name     string
	Starts   sql.Null[time.Time]
	Ends     sql.Null[time.Time]
	Stalls   int64 // enrolled
	ByCutoff int64 // enrolled on or before the data cut-off, so possibly in the estimates
}

// evaluationPage is the data of templates/evaluation.html.
type evaluationPage struct {
	Programs  []programSection
	Spillover []spilloverRow
}

type programSection struct {
	program
	Anchor   string
	Summary  []string    // what the simple estimates say, in words
	Simple   []simpleRow // total, offline, online
	Event    *eventSection
	Cohorts  []cohortRow
	Estimate bool          // program_effects has rows for the program
	Impact   *impactDetail // its row of program_impact; nil without one
	Live     *liveSection  // the daily study, for live commerce
}

// simpleRow is one outcome's overall effect, in words and numbers.
type simpleRow struct {
	Outcome  string
	Effect   string
	Interval string
	Reading  string
}

type eventSection struct {
	Chart   chartBlock
	Points  []eventPoint
	PreNote string // what the months before joining say about the comparison
}

// cohortRow is the effect on the stalls that joined in one month.
type cohortRow struct {
	Month  time.Time
	Stalls sql.Null[int64]
	ATT    sql.Null[float64]
	Low    sql.Null[float64]
	High   sql.Null[float64]
	Caveat string
}

// programAnchor is the id of a program's section on the evaluation page.
func programAnchor(programID string) string { return "program_" + chartKey(programID) }

// evaluationData gathers the 평가 page of market m.
func evaluationData(ctx context.Context, db *sql.DB, m market) (any, error) {
	programs, err := queryRows(ctx, db, qPrograms, []any{m.ID, m.ID}, func(rows *sql.Rows) (program, error) {
		var p program
		err := rows.Scan(&p.ID, &p.Name, &p.Starts, &p.Ends, &p.Stalls, &p.ByCutoff)
		return p, err
	})
	if err != nil {
		return nil, err
	}
	estimates, err := queryRows(ctx, db, qEffects, []any{m.ID}, func(rows *sql.Rows) (estimate, error) {
		var e estimate
		err := rows.Scan(&e.ProgramID, &e.Outcome, &e.Estimand, &e.Cohort, &e.EventTime, &e.ATT, &e.Low, &e.High)
		return e, err
	})
	if err != nil {
		return nil, err
	}
	type cohortKey struct {
		program string
		cohort  int64
	}
	type cohortSize struct {
		cohortKey
		stalls int64
	}
	sizes, err := queryRows(ctx, db, qProgramCohorts, []any{m.ID}, func(rows *sql.Rows) (cohortSize, error) {
		var c cohortSize
		err := rows.Scan(&c.program, &c.cohort, &c.stalls)
		return c, err
	})
	if err != nil {
		return nil, err
	}
	stallsIn := map[cohortKey]int64{}
	for _, c := range sizes {
		stallsIn[c.cohortKey] = c.stalls
	}
	cutoff, err := loadDataCutoff(ctx, db, m.ID)
	if err != nil {
		return nil, err
	}
	estimatesOf := groupBy(estimates, func(e estimate) string { return e.ProgramID })
	details, err := loadImpactDetails(ctx, db, m.ID)
	if err != nil {
		return nil, err
	}
	detailOf := map[string]*impactDetail{}
	for i := range details {
		detailOf[details[i].ProgramID] = &details[i]
	}
	budget, err := loadBudget(ctx, db, m.ID)
	if err != nil {
		return nil, err
	}
	live, err := liveData(ctx, db, m)
	if err != nil {
		return nil, err
	}
	if detailOf[liveProgram] != nil || live != nil {
		// Live commerce has its section even when table programs does not list it.
		listed := false
		for _, p := range programs {
			listed = listed || p.ID == liveProgram
		}
		if !listed {
			name := "라이브커머스"
			if d := detailOf[liveProgram]; d != nil {
				name = d.Name
			}
			programs = append(programs, program{ID: liveProgram, Name: name})
		}
	}

	var page evaluationPage
	for _, p := range programs {
		sec := programSection{program: p, Anchor: programAnchor(p.ID)}
		es := estimatesOf[p.ID]
		sec.Estimate = len(es) > 0
		for _, outcome := range []string{outcomeTotal, outcomeOffline, outcomeOnline} {
			for _, e := range es {
				if e.Estimand == "simple" && e.Outcome == outcome {
					row, sentence := simpleEffect(e)
					sec.Simple = append(sec.Simple, row)
					sec.Summary = append(sec.Summary, sentence)
				}
			}
		}
		for _, e := range es {
			if e.Estimand == "group" && e.Outcome == outcomeTotal && e.Cohort.Valid {
				month := cohortMonth(e.Cohort.V)
				c := cohortRow{Month: month, ATT: e.ATT, Low: e.Low, High: e.High}
				if n, ok := stallsIn[cohortKey{p.ID, e.Cohort.V}]; ok {
					c.Stalls = sql.Null[int64]{V: n, Valid: true}
				}
				c.Caveat = cohortCaveat(c, cutoff)
				sec.Cohorts = append(sec.Cohorts, c)
			}
		}
		if sec.Event, err = eventData(p.ID, es); err != nil {
			return nil, fmt.Errorf("program %s: %w", p.ID, err)
		}
		if d := detailOf[p.ID]; d != nil {
			d.ends = p.Ends
			d.Components = budgetShares(p.ID, budget, d.Shared)
			for _, e := range es {
				if e.Estimand == "placebo" && e.Outcome == outcomeTotal {
					d.Placebo = &e
				}
			}
			sec.Impact = d
		}
		if p.ID == liveProgram {
			sec.Live = live
		}
		page.Programs = append(page.Programs, sec)
	}
	if page.Spillover, err = spilloverData(ctx, db, m); err != nil {
		return nil, err
	}
	return page, nil
}

// simpleEffect words one outcome's overall effect.
func simpleEffect(e estimate) (simpleRow, string) {
	row := simpleRow{Outcome: outcomeName(e.Outcome), Reading: reading(effect{ATT: e.ATT, Low: e.Low, High: e.High})}
	if e.Outcome == outcomeOnline {
		row.Outcome = "온라인 매출 (점포당 월 금액)"
		row.Effect = nullSignedWon(e.ATT)
		row.Interval = nullSignedWon(e.Low) + " ~ " + nullSignedWon(e.High)
	} else {
		row.Effect = nullEffect(e.ATT)
		row.Interval = nullEffect(e.Low) + " ~ " + nullEffect(e.High)
	}
	if !e.ATT.Valid || math.IsNaN(e.ATT.V) {
		return row, fmt.Sprintf("%s: 효과를 추정하지 못했습니다.", row.Outcome)
	}
	var size string
	switch {
	case e.Outcome == outcomeOnline && e.ATT.V >= 0:
		size = fmt.Sprintf("점포당 한 달에 약 %s 많았던", formatWon(int64(math.Round(e.ATT.V))))
	case e.Outcome == outcomeOnline:
		size = fmt.Sprintf("점포당 한 달에 약 %s 적었던", formatWon(int64(math.Round(-e.ATT.V))))
	case e.ATT.V >= 0:
		size = fmt.Sprintf("약 %s 많았던", formatPercent(math.Expm1(e.ATT.V)))
	default:
		size = fmt.Sprintf("약 %s 적었던", formatPercent(-math.Expm1(e.ATT.V)))
	}
	var conclusion string
	switch {
	case !e.Low.Valid || !e.High.Valid:
		conclusion = "신뢰구간은 계산하지 못했습니다."
	case e.Low.V > 0 || e.High.V < 0:
		conclusion = "95% 신뢰구간(" + row.Interval + ")이 0을 포함하지 않아 우연만으로는 설명하기 어렵습니다."
	default:
		conclusion = "다만 95% 신뢰구간(" + row.Interval + ")이 0을 포함하므로 효과가 있다고 단정할 수 없습니다."
	}
	return row, fmt.Sprintf("%s: 참여 점포는 참여하지 않았을 경우보다 %s 것으로 추정됩니다. %s", row.Outcome, size, conclusion)
}

// eventData builds the event study of a program's total sales, every
// event time from the first estimated to the last.
func eventData(programID string, es []estimate) (*eventSection, error) {
	var dyn []estimate
	for _, e := range es {
		if e.Estimand == "dynamic" && e.Outcome == outcomeTotal && e.EventTime.Valid {
			dyn = append(dyn, e)
		}
	}
	if len(dyn) == 0 {
		return nil, nil
	}
	first, last := dyn[0].EventTime.V, dyn[len(dyn)-1].EventTime.V
	points := make([]eventPoint, 0, last-first+1)
	for t := first; t <= last; t++ {
		points = append(points, eventPoint{EventTime: int(t)})
	}
	for _, e := range dyn {
		p := &points[e.EventTime.V-first]
		p.ATT, p.Low, p.High = e.ATT, e.Low, e.High
	}
	chart, err := eventStudyChart(chartEventStudy+chartKey(programID), points)
	if err != nil {
		return nil, err
	}
	return &eventSection{Chart: chart, Points: points, PreNote: preNote(points)}, nil
}

// preNote says what the months before joining show. Before joining, a
// program can have had no effect, so those estimates should sit near 0%:
// at 95% each month leaves 0 outside its interval by chance one time in
// twenty, and more months than chance would give (see chanceLimit) mean the
// stalls that joined were already moving apart from the others.
func preNote(points []eventPoint) string {
	n, off := 0, 0
	for _, p := range points {
		if p.EventTime >= 0 || !p.Low.Valid || !p.High.Valid {
			continue
		}
		n++
		if p.Low.V > 0 || p.High.V < 0 {
			off++
		}
	}
	switch {
	case n == 0:
		return "참여 전 기간을 추정할 자료가 없어, 비교 대상 점포가 참여 점포와 비슷한 흐름이었는지 확인할 수 없습니다."
	case off == 0:
		return fmt.Sprintf("참여 전 %d개월 모두 95%% 신뢰구간이 0%%를 포함합니다. 참여 전에는 참여 점포와 비교 점포의 매출 흐름이 비슷했다는 뜻으로, 비교가 공정하다는 근거가 됩니다.", n)
	case off < chanceLimit(n):
		return fmt.Sprintf("참여 전 %d개월 가운데 %d개월은 95%% 신뢰구간이 0%%를 벗어나지만, 이 정도는 우연으로도 생길 수 있습니다(20개월에 1개월꼴). 참여 전 흐름은 대체로 비슷했습니다.", n, off)
	}
	return fmt.Sprintf("참여 전 %d개월 가운데 %d개월이나 95%% 신뢰구간이 0%%를 벗어납니다. 우연으로 보기에는 많아, 참여 점포가 참여 전부터 다른 흐름을 보였을 수 있습니다. 추정 효과를 조심해서 읽어야 합니다.", n, off)
}

// chanceLimit is the fewest of n months whose 95% intervals would all miss 0
// by chance less than 5% of the time: the smallest k with
// P(X >= k) < 0.05 for X ~ Binomial(n, 0.05).
func chanceLimit(n int) int {
	const p = 0.05
	pk := math.Pow(1-p, float64(n)) // P(X = 0)
	tail := 1.0                     // P(X >= 0)
	for k := 0; k <= n; k++ {
		if tail < 0.05 {
			return k
		}
		tail -= pk // now P(X >= k+1)
		pk *= float64(n-k) / float64(k+1) * p / (1 - p)
	}
	return n + 1
}

// cohortMonth turns a cohort label yyyymm into the first day of its month.
func cohortMonth(yyyymm int64) time.Time {
	return time.Date(int(yyyymm/100), time.Month(yyyymm%100), 1, 0, 0, 0, 0, time.UTC)
}

// The sizes below which a cohort's effect is flagged: few stalls, or few
// months seen after joining.
const (
	fewStalls = 5
	fewMonths = 6
)

// cohortCaveat says why one cohort's effect is less certain than it looks.
func cohortCaveat(c cohortRow, cutoff sql.Null[time.Time]) string {
	var notes []string
	if c.Stalls.Valid && c.Stalls.V < fewStalls {
		notes = append(notes, fmt.Sprintf("점포가 %d곳뿐이라 우연의 영향이 큽니다", c.Stalls.V))
	}
	if cutoff.Valid {
		months := (cutoff.V.Year()-c.Month.Year())*12 + int(cutoff.V.Month()-c.Month.Month()) + 1
		if months < fewMonths {
			notes = append(notes, fmt.Sprintf("참여 후 %d개월만 관찰했습니다", max(months, 0)))
		}
	}
	return strings.Join(notes, " · ")
}
