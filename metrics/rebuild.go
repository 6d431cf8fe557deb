package metrics

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"fmt"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	"sijang/internal/warehouse"
)

//go:embed sql/*.sql
var sqlFS embed.FS

// A step is a derived table and which of a market's rows a rebuild from a
// day replaces: key is the column that dates a row, align how that day is
// aligned to it. Each step has sql/<table>.sql, except comparison_days,
// which Go computes (MatchDay). Its statement inserts the rows of the
// market $market that the rows condition selects, given $from (the first
// day rebuilt), $week (the Monday of its ISO week) and $month (the first
// of its month).
type step struct {
	table string
	key   string
	align align
}

type align int

const (
	global     align = iota // no market: replaced whole (day_parts)
	byDay                   // rows from $from on
	byWeek                  // rows from $week on
	byMonth                 // rows from $month on
	byPeriod                // by the row's period: week from $week, month from $month, day and hour from $from
	byCalendar              // days of the weeks and months rebuilt: from $week or $month, whichever is earlier
)

// rows is the condition on a table's rows that a rebuild replaces. (The
// parameters are cast: a parameter compared with columns of several types
// is bound as a timestamp with time zone, and a column cast to that is
// scanned whole.)
func (s step) rows() string {
	switch s.align {
	case byDay:
		return "market_id = $market AND " + s.key + " >= $from::DATE"
	case byWeek:
		return "market_id = $market AND " + s.key + " >= $week::DATE"
	case byMonth:
		return "market_id = $market AND " + s.key + " >= $month::DATE"
	case byPeriod:
		return "market_id = $market AND " + s.key +
			" >= CASE period WHEN 'week' THEN $week::DATE WHEN 'month' THEN $month::DATE ELSE $from::DATE END"
	case byCalendar:
		return "market_id = $market AND " + s.key + " >= least($week::DATE, $month::DATE)"
	}
	return "true"
}

// steps are the derived tables in build order. The days each stall's
// exports cover and the hours footfall was read come first: their spans
// decide where the other tables are rebuilt from (see startDay).
var steps = []step{
	{"day_parts", "", global},
	{"stall_coverage", "day", byDay},
	{"footfall_hour", "hour", byDay},
	// Sales by stall, alley and market per day, week and month.
	{"stall_day", "sale_date", byDay},
	{"stall_week", "week", byWeek},
	{"stall_month", "month", byMonth},
	{"alley_sales", "period_start", byPeriod},
	{"market_sales", "period_start", byPeriod},
	// Which sources cover each stall's weeks.
	{"stall_week_coverage", "week", byWeek},
	// Like-for-like days, each stall's calendar, and the comparisons built on them.
	{"comparison_days", "day", byDay},
	{"baseline_days", "day", byDay},
	{"stall_calendar", "day", byCalendar},
	{"stall_day_pairs", "day", byCalendar},
	{"stall_comparison", "period_start", byPeriod},
	{"alley_comparison", "period_start", byPeriod},
	{"market_comparison", "period_start", byPeriod},
	{"stall_recovery", "month", byMonth},
	{"alley_recovery", "month", byMonth},
	{"market_recovery", "month", byMonth},
	{"anchor_stalls", "month", byMonth},
	{"stall_kpi", "month", byMonth},
	// Footfall, and sales against it.
	{"footfall_sensor", "period_start", byPeriod},
	{"footfall_alley", "period_start", byPeriod},
	{"footfall_market", "period_start", byPeriod},
	{"footfall_recovery", "month", byMonth},
	{"alley_day_parts", "month", byMonth},
}

// factSteps is how many of steps come before startDay: they are rebuilt
// from the first day whose facts changed.
const factSteps = 3

// The comparisons of stall_comparison, alley_comparison and
// market_comparison: what a week or month is compared with.
const (
	Baseline    = "baseline"     // the market's baseline year, day by day (MatchDay)
	PriorYear   = "prior_year"   // the year before, day by day (MatchDay with the previous year)
	PriorPeriod = "prior_period" // the previous week or month, whole against whole
)

// beginning is the day a market rebuilt whole is rebuilt from: before any
// data, a Monday and the first of a month.
var beginning = time.Date(1, time.January, 1, 0, 0, 0, 0, time.UTC)

func query(name string) (string, error) {
	b, err := sqlFS.ReadFile("sql/" + name + ".sql")
	if err != nil {
		return "", fmt.Errorf("no embedded query %s", name)
	}
	return string(b), nil
}

// Update brings the derived tables up to date with the facts, in one
// transaction: for every market with metrics_pending rows it replaces the
// rows that can depend on the earliest day those rows name (all of the
// market's rows when one is NULL), then deletes the market's pending rows.
// Without pending rows it does nothing. If step is not nil it is told each
// table's build time.
func Update(ctx context.Context, db *sql.DB, step func(table string, took time.Duration)) error {
	return warehouse.Tx(ctx, db, func(conn *sql.Conn) error {
		return update(ctx, conn, step)
	})
}

// Rebuild replaces every derived table whole, in one transaction: it marks
// every market the warehouse holds to be rebuilt whole and updates. If step
// is not nil it is told each table's build time.
func Rebuild(ctx context.Context, db *sql.DB, step func(table string, took time.Duration)) error {
	return warehouse.Tx(ctx, db, func(conn *sql.Conn) error {
		// Rows of a market the warehouse no longer holds go too.
		for _, s := range steps {
			if _, err := conn.ExecContext(ctx, "DELETE FROM "+s.table); err != nil {
				return fmt.Errorf("rebuild %s: %w", s.table, err)
			}
		}
		q, err := query("metrics_pending")
		if err == nil {
			_, err = conn.ExecContext(ctx, q)
		}
		if err != nil {
			return fmt.Errorf("rebuild: %w", err)
		}
		return update(ctx, conn, step)
	})
}

// A market whose derived tables are behind its facts.
type market struct {
	id       string
	baseline int       // its baseline year; 0 when market.yaml does not hold it
	changed  time.Time // the first day its facts changed; beginning to rebuild it whole
	from     time.Time // the first day its tables are rebuilt from (startDay)
	spans    spans     // before its fact steps ran; nil when rebuilt whole
}

func (m *market) whole() bool { return m.changed.Equal(beginning) }

// A rebuild is a market's rows of a table from a day on: what a step's
// statements are bound to.
type rebuild struct {
	market string
	from   time.Time // the first day rebuilt
	week   time.Time // the Monday of its ISO week
	month  time.Time // the first of its month
}

func rebuildFrom(market string, day time.Time) rebuild {
	return rebuild{
		market: market,
		from:   day,
		week:   day.AddDate(0, 0, -(int(day.Weekday())+6)%7),
		month:  time.Date(day.Year(), day.Month(), 1, 0, 0, 0, 0, time.UTC),
	}
}

func (r rebuild) args() []any {
	return []any{sql.Named("market", r.market), sql.Named("from", r.from), sql.Named("week", r.week), sql.Named("month", r.month)}
}

func update(ctx context.Context, conn *sql.Conn, step func(table string, took time.Duration)) error {
	markets, err := pendingMarkets(ctx, conn)
	if err != nil {
		return fmt.Errorf("update: %w", err)
	}
	if len(markets) == 0 {
		return nil
	}
	for _, m := range markets {
		if !m.whole() {
			if m.spans, err = readSpans(ctx, conn, m.id); err != nil {
				return fmt.Errorf("update %s: %w", m.id, err)
			}
		}
	}
	for i, s := range steps {
		if i == factSteps {
			for _, m := range markets {
				if m.from, err = startDay(ctx, conn, m); err != nil {
					return fmt.Errorf("update %s: %w", m.id, err)
				}
			}
		}
		start := time.Now()
		if s.align == global {
			err = replace(ctx, conn, s, rebuild{})
		} else {
			for _, m := range markets {
				day := m.changed
				if i >= factSteps {
					day = m.from
				}
				if err = replace(ctx, conn, s, rebuildFrom(m.id, day)); err != nil {
					err = fmt.Errorf("market %s: %w", m.id, err)
					break
				}
			}
		}
		if err != nil {
			return fmt.Errorf("rebuild %s: %w", s.table, err)
		}
		if step != nil {
			step(s.table, time.Since(start))
		}
	}
	if _, err := conn.ExecContext(ctx, "DELETE FROM metrics_pending"); err != nil {
		return fmt.Errorf("update: %w", err)
	}
	return nil
}

// replace deletes the rows of a step that r selects and builds them again.
func replace(ctx context.Context, conn *sql.Conn, s step, r rebuild) error {
	if _, err := conn.ExecContext(ctx, "DELETE FROM "+s.table+" WHERE "+s.rows(), r.args()...); err != nil {
		return err
	}
	if s.table == "comparison_days" {
		return buildComparisonDays(ctx, conn, r)
	}
	q, err := query(s.table)
	if err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, q, r.args()...)
	return err
}

// pendingMarkets reads metrics_pending.
func pendingMarkets(ctx context.Context, conn *sql.Conn) ([]*market, error) {
	q, err := query("rebuild_pending")
	if err != nil {
		return nil, err
	}
	rows, err := conn.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var markets []*market
	for rows.Next() {
		var id string
		var from sql.NullTime
		var baseline sql.NullInt32
		if err := rows.Scan(&id, &from, &baseline); err != nil {
			return nil, err
		}
		m := &market{id: id, baseline: int(baseline.Int32), changed: beginning}
		if from.Valid {
			m.changed = from.Time.UTC()
		}
		markets = append(markets, m)
	}
	return markets, rows.Err()
}

// spans are what decide which rows of a market's tables exist beyond the
// days they hold (rebuild_spans.sql): span name → its last day.
type spans map[string]sql.NullTime

func readSpans(ctx context.Context, conn *sql.Conn, id string) (spans, error) {
	q, err := query("rebuild_spans")
	if err != nil {
		return nil, err
	}
	rows, err := conn.QueryContext(ctx, q, sql.Named("market", id))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	s := spans{}
	for rows.Next() {
		var name string
		var last sql.NullTime
		if err := rows.Scan(&name, &last); err != nil {
			return nil, err
		}
		s[name] = last
	}
	return s, rows.Err()
}

// startDay is the first day a market's tables are rebuilt from, once its
// day tables (stall_coverage, footfall_hour) are up to date (firstDay).
func startDay(ctx context.Context, conn *sql.Conn, m *market) (time.Time, error) {
	if m.whole() {
		return beginning, nil
	}
	after, err := readSpans(ctx, conn, m.id)
	if err != nil {
		return time.Time{}, err
	}
	return firstDay(m.changed, m.baseline, m.spans, after), nil
}

// firstDay is the first day a market's tables are rebuilt from: the first
// day its facts changed, or earlier where that change moved a span (before
// and after its day tables were brought up to date):
//   - a stall's last covered day, the market's, its last footfall day or its
//     last day of data (sales coverage or footfall) moved from a to b: the
//     rows from the day after the earlier of the two on may have changed (a
//     stall's calendar runs to the end of its last month; the market's weeks
//     and months, its footfall grid and comparison days to its last day);
//   - a sensor market.yaml does not list was read, or no longer is: it has
//     footfall rows every day of the span, so the market is rebuilt whole;
//   - the weeks or months rebuilt reach into the baseline year: days before
//     the baseline year are compared with days in it, so the market is
//     rebuilt whole, as is a market market.yaml does not hold (baseline 0).
//
// A first day moves only with a change from the first day changed on, and
// every comparison looks back except the baseline's of days before the
// baseline year.
func firstDay(changed time.Time, baseline int, before, after spans) time.Time {
	from := changed
	for name, a := range after {
		b, ok := before[name]
		switch {
		case strings.HasPrefix(name, "sensor ") && !ok:
			return beginning
		case ok && a.Valid && b.Valid && !a.Time.Equal(b.Time):
			day := a.Time
			if b.Time.Before(day) {
				day = b.Time
			}
			if day = day.UTC().AddDate(0, 0, 1); day.Before(from) {
				from = day
			}
		}
	}
	for name := range before {
		if _, ok := after[name]; strings.HasPrefix(name, "sensor ") && !ok {
			return beginning
		}
	}
	if r := rebuildFrom("", from); baseline == 0 || r.week.Year() <= baseline || r.month.Year() <= baseline {
		return beginning
	}
	return from
}

// buildComparisonDays matches every day of a market from r's first day on,
// up to its last day of data (comparison_days_span.sql), with its day in
// the baseline year and in the year before. The baseline year's own days
// are matched whole, as the other side of every pair.
func buildComparisonDays(ctx context.Context, conn *sql.Conn, r rebuild) error {
	q, err := query("comparison_days_span")
	if err != nil {
		return err
	}
	var baseline int
	var first, last time.Time
	err = conn.QueryRowContext(ctx, q, r.args()...).Scan(&baseline, &first, &last)
	if err == sql.ErrNoRows {
		return nil
	}
	if err != nil {
		return err
	}
	if jan1 := time.Date(baseline, 1, 1, 0, 0, 0, 0, time.UTC); jan1.Before(first) {
		first = jan1
	}
	if r.from.After(first) {
		first = r.from
	}
	return conn.Raw(func(dc any) error {
		a, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), "", "comparison_days")
		if err != nil {
			return err
		}
		add := func(comparison string, m Match) error {
			var off any
			if m.Rule != "weekday" {
				off = int32(m.Offset)
			}
			return a.AppendRow(r.market, comparison, m.Day, m.Baseline, m.Rule, off)
		}
		for day := first; !day.After(last); day = day.AddDate(0, 0, 1) {
			m, err := MatchDay(day, baseline)
			if err == nil {
				err = add(Baseline, m)
			}
			// The year before is matched where the holiday table has it.
			if _, ok := Holidays(day.Year() - 1); ok && err == nil {
				if m, err = MatchDay(day, day.Year()-1); err == nil {
					err = add(PriorYear, m)
				}
			}
			if err != nil {
				a.Close()
				return err
			}
		}
		return a.Close()
	})
}
