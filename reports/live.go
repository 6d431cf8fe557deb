package reports

import (
	"context"
	"database/sql"
	"fmt"
	"math"
)

var qLiveEffects = mustQuery("live_effects.sql")

// liveProgram is the program_id of live commerce in program_impact, and in
// programs when the market lists it.
const liveProgram = "live"

// liveRow is one day offset of live_effects: how a broadcast moved the
// featured stalls' Smart Store sales that many days after it (before it,
// for a negative offset, where nothing should show).
type liveRow struct {
	Offset  int
	ATT     sql.Null[float64] // log of the multiplier
	Low     sql.Null[float64]
	High    sql.Null[float64]
	Events  sql.Null[int64] // featured stall-days
	Stalls  sql.Null[int64]
	Inc     sql.Null[int64] // Smart Store sales the broadcast added
	IncLow  sql.Null[int64]
	IncHigh sql.Null[int64]
}

// liveSection is the live-commerce part of the evaluation page: the
// multiplier by day from the broadcast, as a chart and a table.
type liveSection struct {
	Chart chartBlock
	Rows  []liveRow
}

// Day writes the offset from the broadcast: 3일 전, 방송일, 1일 뒤.
func (r liveRow) Day() string {
	switch {
	case r.Offset < 0:
		return fmt.Sprintf("%d일 전", -r.Offset)
	case r.Offset == 0:
		return "방송일"
	}
	return fmt.Sprintf("%d일 뒤", r.Offset)
}

// Multiplier writes the day's sales against a usual day: 1.22배.
func (r liveRow) Multiplier() string {
	if !r.ATT.Valid {
		return noData
	}
	return formatTimes(math.Exp(r.ATT.V))
}

// Interval writes the multiplier's 95% interval.
func (r liveRow) Interval() string {
	if !r.Low.Valid || !r.High.Valid {
		return noData
	}
	return shortRange(formatTimes(math.Exp(r.Low.V)), formatTimes(math.Exp(r.High.V)))
}

// Used writes the featured stall-days and stalls behind the day.
func (r liveRow) Used() string {
	if !r.Events.Valid {
		return ""
	}
	s := formatCount(r.Events.V) + "건"
	if r.Stalls.Valid {
		s += " (" + formatCount(r.Stalls.V) + "곳)"
	}
	return s
}

// Added writes the sales the broadcast added that day with the interval;
// "" before the broadcast, where there is nothing to add.
func (r liveRow) Added() string {
	if r.Offset < 0 {
		return ""
	}
	ir := impactRow{Incremental: r.Inc, Low: r.IncLow, High: r.IncHigh}
	if !r.IncLow.Valid || !r.IncHigh.Valid {
		return ir.Estimate()
	}
	return ir.Estimate() + " (" + ir.Interval() + ")"
}

// Reading says what the day shows. Before the broadcast the multiplier
// should be about 1: one whose interval leaves 1 out means the featured
// stalls were already selling differently.
func (r liveRow) Reading() string {
	switch {
	case !r.ATT.Valid:
		return "추정하지 못함"
	case !r.Low.Valid || !r.High.Valid:
		return "구간을 계산하지 못함"
	case r.Offset < 0 && (r.Low.V > 0 || r.High.V < 0):
		return "방송 전인데 1배와 달라 주의"
	case r.Offset < 0:
		return "방송 전: 1배와 구별되지 않음"
	case r.Low.V > 0:
		return "늘었음"
	case r.High.V < 0:
		return "줄었음"
	}
	return "단정할 수 없음"
}

// liveData gathers the live-commerce study of market m; nil without one.
func liveData(ctx context.Context, db *sql.DB, m market) (*liveSection, error) {
	rows, err := queryRows(ctx, db, qLiveEffects, []any{m.ID}, func(rows *sql.Rows) (liveRow, error) {
		var r liveRow
		err := rows.Scan(&r.Offset, &r.ATT, &r.Low, &r.High, &r.Events, &r.Stalls, &r.Inc, &r.IncLow, &r.IncHigh)
		return r, err
	})
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	// Every day from the first to the last, a day without a row as a gap.
	first, last := rows[0].Offset, rows[len(rows)-1].Offset
	days := make([]liveRow, 0, last-first+1)
	for d := first; d <= last; d++ {
		days = append(days, liveRow{Offset: d})
	}
	for _, r := range rows {
		days[r.Offset-first] = r
	}
	chart, err := liveChart(days)
	if err != nil {
		return nil, err
	}
	return &liveSection{Chart: chart, Rows: days}, nil
}
