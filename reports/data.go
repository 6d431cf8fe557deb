package reports

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"time"
)

//go:embed sql/*.sql
var sqlFS embed.FS

// The queries, one per file under sql/; each file's header says what it
// returns, its grain and its inputs.
var (
	qMarkets          = mustQuery("markets.sql")
	qDataCutoff       = mustQuery("data_cutoff.sql")
	qMarketRecovery   = mustQuery("market_recovery.sql")
	qAlleyRecovery    = mustQuery("alley_recovery.sql")
	qFootfallRecovery = mustQuery("footfall_recovery.sql")
	qProgramEffects   = mustQuery("program_effects.sql")
	qAlleys           = mustQuery("alleys.sql")
)

// query is one embedded statement and the file it came from.
type query struct {
	file string
	text string
}

// mustQuery reads an embedded query; a missing file is a build mistake.
func mustQuery(file string) query {
	b, err := sqlFS.ReadFile("sql/" + file)
	if err != nil {
		panic(fmt.Sprintf("reports: embedded query %s: %v", file, err))
	}
	return query{file: file, text: string(b)}
}

// market is one row of table markets, with what Render adds for its pages.
type market struct {
	ID           string
	Name         string
	District     sql.Null[string]
	BaselineYear int
	GradeGreen   float64 // a recovery at or above it is graded green
	GradeYellow  float64 // at or above it yellow, below it red

	suffix string  // ends the names of its files: "" for the first market
	alleys []alley // its alleys, for the navigation
}

// alley is one alley of a market.
type alley struct {
	ID   string
	Name string
}

// marketMonth is one month of market_recovery.
type marketMonth struct {
	Month    time.Time
	Net      sql.Null[int64]
	Baseline sql.Null[int64]
	Recovery sql.Null[float64]
	Online   sql.Null[int64]
}

// OnlineShare is online sales over all sales; NULL when either is unknown
// or the month sold nothing.
func (m marketMonth) OnlineShare() sql.Null[float64] {
	if !m.Net.Valid || !m.Online.Valid || m.Net.V == 0 {
		return sql.Null[float64]{}
	}
	return sql.Null[float64]{V: float64(m.Online.V) / float64(m.Net.V), Valid: true}
}

// alleyMonth is one alley's recovery in one month, of sales (in won) or of
// visitors.
type alleyMonth struct {
	AlleyID  string
	Name     string
	Month    time.Time
	Value    sql.Null[int64] // sales or visitors
	Baseline sql.Null[int64] // the same on the baseline days
	Recovery sql.Null[float64]
}

// effect is one program's estimated effect on one outcome, on the log
// scale: exp(ATT) - 1 is the relative change.
type effect struct {
	ProgramID string
	Name      string
	Outcome   string
	ATT       sql.Null[float64]
	Low       sql.Null[float64]
	High      sql.Null[float64]
}

func loadMarkets(ctx context.Context, db *sql.DB) ([]market, error) {
	return queryRows(ctx, db, qMarkets, nil, func(rows *sql.Rows) (market, error) {
		var m market
		err := rows.Scan(&m.ID, &m.Name, &m.District, &m.BaselineYear, &m.GradeGreen, &m.GradeYellow)
		return m, err
	})
}

func loadAlleys(ctx context.Context, db *sql.DB, marketID string) ([]alley, error) {
	return queryRows(ctx, db, qAlleys, []any{marketID, marketID}, func(rows *sql.Rows) (alley, error) {
		var a alley
		err := rows.Scan(&a.ID, &a.Name)
		return a, err
	})
}

func loadDataCutoff(ctx context.Context, db *sql.DB, marketID string) (sql.Null[time.Time], error) {
	var cutoff sql.Null[time.Time]
	if err := db.QueryRowContext(ctx, qDataCutoff.text, marketID).Scan(&cutoff); err != nil {
		return cutoff, fmt.Errorf("query %s: %w", qDataCutoff.file, err)
	}
	return cutoff, nil
}

func loadMarketRecovery(ctx context.Context, db *sql.DB, marketID string) ([]marketMonth, error) {
	return queryRows(ctx, db, qMarketRecovery, []any{marketID}, func(rows *sql.Rows) (marketMonth, error) {
		var m marketMonth
		err := rows.Scan(&m.Month, &m.Net, &m.Baseline, &m.Recovery, &m.Online)
		return m, err
	})
}

// loadAlleyMonths runs qAlleyRecovery or qFootfallRecovery, which return
// the same columns.
func loadAlleyMonths(ctx context.Context, db *sql.DB, q query, marketID string) ([]alleyMonth, error) {
	return queryRows(ctx, db, q, []any{marketID}, func(rows *sql.Rows) (alleyMonth, error) {
		var a alleyMonth
		err := rows.Scan(&a.AlleyID, &a.Name, &a.Month, &a.Value, &a.Baseline, &a.Recovery)
		return a, err
	})
}

func loadEffects(ctx context.Context, db *sql.DB, marketID, estimand string) ([]effect, error) {
	return queryRows(ctx, db, qProgramEffects, []any{marketID, estimand}, func(rows *sql.Rows) (effect, error) {
		var e effect
		err := rows.Scan(&e.ProgramID, &e.Name, &e.Outcome, &e.ATT, &e.Low, &e.High)
		return e, err
	})
}

// queryRows runs a query and scans every row with scan.
func queryRows[T any](ctx context.Context, db *sql.DB, q query, args []any, scan func(*sql.Rows) (T, error)) ([]T, error) {
	rows, err := db.QueryContext(ctx, q.text, args...)
	if err != nil {
		return nil, fmt.Errorf("query %s: %w", q.file, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("scan %s: %w", q.file, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("query %s: %w", q.file, err)
	}
	return out, nil
}

// panel is a month-by-alley grid: one row per alley, one value per month
// of Months (NULL where the alley has no comparable figure that month).
type panel struct {
	Months []time.Time
	Rows   []panelRow
}

type panelRow struct {
	ID     string
	Name   string
	Href   string // the row's own page, if it has one
	Values []sql.Null[float64]
}

// pivot turns alley months, ordered by alley then month, into a panel over
// every calendar month from the first any alley has to the last.
func pivot(ams []alleyMonth) panel {
	if len(ams) == 0 {
		return panel{}
	}
	first, last := ams[0].Month, ams[0].Month
	for _, a := range ams {
		if a.Month.Before(first) {
			first = a.Month
		}
		if a.Month.After(last) {
			last = a.Month
		}
	}
	p := panel{Months: monthSpan(first, last)}
	col := make(map[string]int, len(p.Months))
	for i, m := range p.Months {
		col[dayKey(m)] = i
	}
	for _, a := range ams {
		if n := len(p.Rows); n == 0 || p.Rows[n-1].ID != a.AlleyID {
			p.Rows = append(p.Rows, panelRow{ID: a.AlleyID, Name: a.Name, Values: make([]sql.Null[float64], len(p.Months))})
		}
		p.Rows[len(p.Rows)-1].Values[col[dayKey(a.Month)]] = a.Recovery
	}
	return p
}

// monthSpan lists every month from first to last, both included, so that
// a chart's axis keeps time even where a month has no row.
func monthSpan(first, last time.Time) []time.Time {
	var months []time.Time
	m := time.Date(first.Year(), first.Month(), 1, 0, 0, 0, 0, time.UTC)
	for !m.After(last) {
		months = append(months, m)
		m = m.AddDate(0, 1, 0)
	}
	return months
}

// monthly spreads one figure of the market's months over every calendar
// month they span; a month without a row is NULL.
func monthly(rows []marketMonth, figure func(marketMonth) sql.Null[float64]) ([]time.Time, []sql.Null[float64]) {
	return spread(rows, func(m marketMonth) time.Time { return m.Month }, figure)
}

// spread lays one figure of rows, ordered by month, over every calendar
// month they span; a month without a row is NULL.
func spread[T any](rows []T, month func(T) time.Time, figure func(T) sql.Null[float64]) ([]time.Time, []sql.Null[float64]) {
	if len(rows) == 0 {
		return nil, nil
	}
	months := monthSpan(month(rows[0]), month(rows[len(rows)-1]))
	byMonth := make(map[string]sql.Null[float64], len(rows))
	for _, r := range rows {
		byMonth[dayKey(month(r))] = figure(r)
	}
	values := make([]sql.Null[float64], len(months))
	for i, m := range months {
		values[i] = byMonth[dayKey(m)]
	}
	return months, values
}

// last keeps the months of the panel that fall in the n calendar months
// ending with its latest.
func (p panel) last(n int) panel {
	if len(p.Months) == 0 {
		return p
	}
	first := p.Months[len(p.Months)-1].AddDate(0, -(n - 1), 0)
	from := 0
	for from < len(p.Months) && p.Months[from].Before(first) {
		from++
	}
	out := panel{Months: p.Months[from:]}
	for _, r := range p.Rows {
		out.Rows = append(out.Rows, panelRow{ID: r.ID, Name: r.Name, Href: r.Href, Values: r.Values[from:]})
	}
	return out
}

// relativeTo divides each alley's recovery by the market's in the same
// month: 1.05 means the alley recovered 5% more than the market.
func (p panel) relativeTo(market []marketMonth) panel {
	byMonth := make(map[string]sql.Null[float64], len(market))
	for _, m := range market {
		byMonth[dayKey(m.Month)] = m.Recovery
	}
	out := panel{Months: p.Months}
	for _, r := range p.Rows {
		vs := make([]sql.Null[float64], len(r.Values))
		for i, v := range r.Values {
			m := byMonth[dayKey(p.Months[i])]
			if v.Valid && m.Valid && m.V != 0 {
				vs[i] = sql.Null[float64]{V: v.V / m.V, Valid: true}
			}
		}
		out.Rows = append(out.Rows, panelRow{ID: r.ID, Name: r.Name, Href: r.Href, Values: vs})
	}
	return out
}

// dayKey names a calendar day, so that months compare whatever their
// time.Location.
func dayKey(t time.Time) string { return t.Format("2006-01-02") }

// groupBy splits rows by key, keeping their order.
func groupBy[T any](rows []T, key func(T) string) map[string][]T {
	out := map[string][]T{}
	for _, r := range rows {
		k := key(r)
		out[k] = append(out[k], r)
	}
	return out
}
