package reports

import (
	"context"
	"database/sql"
	"slices"
	"time"
)

var (
	qMarketDayParts = mustQuery("market_day_parts.sql")
	qAlleyDayParts  = mustQuery("alley_day_parts.sql")
)

// dayPartMonths is how many of the latest months the day-part charts and
// tables show.
const dayPartMonths = 12

// dayPartOrder is the order of the day parts of table day_parts through the
// day; a part not listed comes after these.
var dayPartOrder = []string{"morning", "midday", "evening"}

// dayPart is one month and day part of alley_day_parts, or their sum over
// the market's alleys: offline (card) sales against visitors over the
// hours counted.
type dayPart struct {
	AlleyID      string // "" for the whole market
	Month        time.Time
	Part         string
	Name         string
	Hours        int64 // alley-hours counted
	Skipped      int64 // open alley-hours left out
	Visitors     int64
	Offline      int64 // offline sales in won
	Transactions int64
}

// dayPartTable is months down, and for each day part its visitors and its
// offline sales per visitor across.
type dayPartTable struct {
	ID      string
	Caption string
	Parts   []string // the day parts' names, in the order of the cells
	Rows    []dayPartRow
}

// dayPartRow is one month; a month without rows has NULL cells.
type dayPartRow struct {
	Month    time.Time
	Cells    []dayPartCell
	Coverage sql.Null[float64] // hours counted ÷ open hours
}

type dayPartCell struct {
	Visitors   sql.Null[int64]
	PerVisitor sql.Null[float64] // offline sales ÷ visitors
}

// dayPartSection is a day-part chart with its table.
type dayPartSection struct {
	Chart chartBlock
	Table dayPartTable
}

// loadDayParts runs qMarketDayParts or qAlleyDayParts, which return the
// same columns.
func loadDayParts(ctx context.Context, db *sql.DB, q query, marketID string) ([]dayPart, error) {
	return queryRows(ctx, db, q, []any{marketID}, func(rows *sql.Rows) (dayPart, error) {
		var d dayPart
		err := rows.Scan(&d.AlleyID, &d.Month, &d.Part, &d.Name, &d.Hours, &d.Skipped, &d.Visitors, &d.Offline, &d.Transactions)
		return d, err
	})
}

// dayPartData lays out the latest dayPartMonths months of rows, ordered by
// month, with their chart; nil without rows.
func dayPartData(id string, rows []dayPart, caption, chartCaption string) (*dayPartSection, error) {
	if len(rows) == 0 {
		return nil, nil
	}
	var parts []string // ids
	names := map[string]string{}
	for _, r := range rows {
		if _, ok := names[r.Part]; !ok {
			parts = append(parts, r.Part)
			names[r.Part] = r.Name
		}
	}
	rank := func(p string) int {
		if i := slices.Index(dayPartOrder, p); i >= 0 {
			return i
		}
		return len(dayPartOrder)
	}
	slices.SortStableFunc(parts, func(a, b string) int { return rank(a) - rank(b) })

	last := rows[len(rows)-1].Month
	months := monthSpan(last.AddDate(0, -(dayPartMonths-1), 0), last)
	t := dayPartTable{ID: id + "_table", Caption: caption, Rows: make([]dayPartRow, len(months))}
	for _, p := range parts {
		t.Parts = append(t.Parts, names[p])
	}
	row := make(map[string]int, len(months))
	hours := make([][2]int64, len(months)) // counted, skipped
	for i, m := range months {
		row[dayKey(m)] = i
		t.Rows[i] = dayPartRow{Month: m, Cells: make([]dayPartCell, len(parts))}
	}
	for _, r := range rows {
		i, ok := row[dayKey(r.Month)]
		if !ok {
			continue
		}
		c := &t.Rows[i].Cells[slices.Index(parts, r.Part)]
		c.Visitors = sql.Null[int64]{V: r.Visitors, Valid: r.Hours > 0}
		if r.Visitors > 0 {
			c.PerVisitor = sql.Null[float64]{V: float64(r.Offline) / float64(r.Visitors), Valid: true}
		}
		hours[i][0] += r.Hours
		hours[i][1] += r.Skipped
	}
	for i, h := range hours {
		if open := h[0] + h[1]; open > 0 {
			t.Rows[i].Coverage = sql.Null[float64]{V: float64(h[0]) / float64(open), Valid: true}
		}
	}
	chart, err := dayPartChart(id, &t, chartCaption)
	if err != nil {
		return nil, err
	}
	return &dayPartSection{Chart: chart, Table: t}, nil
}
