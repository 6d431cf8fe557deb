package metrics

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"fmt"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	"sijang/internal/warehouse"
)

//go:embed sql/*.sql
var sqlFS embed.FS

// steps are the derived tables in build order; each has sql/<name>.sql,
// except comparison_days, which Go computes (MatchDay).
var steps = []string{
	"day_parts",
	// Sales by stall, alley and market per day, week and month.
	"stall_day", "stall_week", "stall_month", "alley_sales", "market_sales",
	// Which days and sources each stall has data for.
	"stall_coverage", "stall_week_coverage",
	// Like-for-like days, each stall's calendar, and the comparisons built on them.
	"comparison_days", "baseline_days", "stall_calendar", "stall_day_pairs",
	"stall_comparison", "alley_comparison", "market_comparison",
	"stall_recovery", "alley_recovery", "market_recovery", "anchor_stalls", "stall_kpi",
	// Footfall, and sales against it.
	"footfall_hour", "footfall_sensor", "footfall_alley", "footfall_market", "footfall_recovery",
	"alley_day_parts",
}

// The comparisons of stall_comparison, alley_comparison and
// market_comparison: what a week or month is compared with.
const (
	Baseline    = "baseline"     // the market's baseline year, day by day (MatchDay)
	PriorYear   = "prior_year"   // the year before, day by day (MatchDay with the previous year)
	PriorPeriod = "prior_period" // the previous week or month, whole against whole
)

func query(name string) (string, error) {
	b, err := sqlFS.ReadFile("sql/" + name + ".sql")
	if err != nil {
		return "", fmt.Errorf("no embedded query %s", name)
	}
	return string(b), nil
}

// Rebuild replaces every derived table, in one transaction. If step is not
// nil it is told each table's build time.
func Rebuild(ctx context.Context, db *sql.DB, step func(table string, took time.Duration)) error {
	return warehouse.Tx(ctx, db, func(conn *sql.Conn) (err error) {
		for _, t := range steps {
			if _, err := conn.ExecContext(ctx, "DELETE FROM "+t); err != nil {
				return fmt.Errorf("rebuild %s: %w", t, err)
			}
		}
		for _, t := range steps {
			start := time.Now()
			if t == "comparison_days" {
				err = buildComparisonDays(ctx, conn)
			} else {
				var q string
				if q, err = query(t); err == nil {
					_, err = conn.ExecContext(ctx, q)
				}
			}
			if err != nil {
				return fmt.Errorf("rebuild %s: %w", t, err)
			}
			if step != nil {
				step(t, time.Since(start))
			}
		}
		return nil
	})
}

// buildComparisonDays matches every day from each market's first to last
// day of data with its day in the baseline year and in the year before.
func buildComparisonDays(ctx context.Context, conn *sql.Conn) error {
	type span struct {
		market   string
		baseline int
		from, to time.Time
	}
	rows, err := conn.QueryContext(ctx, `
		WITH days AS (
			SELECT market_id, min(day) AS first_day, max(day) AS last_day FROM stall_coverage GROUP BY ALL
			UNION ALL
			SELECT market_id, min(ts)::DATE, max(ts)::DATE FROM footfall GROUP BY ALL)
		SELECT m.market_id, m.baseline_year, min(d.first_day), max(d.last_day)
		FROM markets AS m JOIN days AS d USING (market_id)
		GROUP BY ALL ORDER BY 1`)
	if err != nil {
		return err
	}
	var spans []span
	for rows.Next() {
		var s span
		if err := rows.Scan(&s.market, &s.baseline, &s.from, &s.to); err != nil {
			rows.Close()
			return err
		}
		// The baseline year's own days are needed whole, as the other side of every pair.
		if first := time.Date(s.baseline, 1, 1, 0, 0, 0, 0, time.UTC); first.Before(s.from) {
			s.from = first
		}
		spans = append(spans, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	return conn.Raw(func(dc any) error {
		a, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), "", "comparison_days")
		if err != nil {
			return err
		}
		add := func(market, comparison string, m Match) error {
			var off any
			if m.Rule != "weekday" {
				off = int32(m.Offset)
			}
			return a.AppendRow(market, comparison, m.Day, m.Baseline, m.Rule, off)
		}
		for _, s := range spans {
			for day := s.from; !day.After(s.to); day = day.AddDate(0, 0, 1) {
				m, err := MatchDay(day, s.baseline)
				if err == nil {
					err = add(s.market, Baseline, m)
				}
				// The year before is matched where the holiday table has it.
				if _, ok := Holidays(day.Year() - 1); ok && err == nil {
					if m, err = MatchDay(day, day.Year()-1); err == nil {
						err = add(s.market, PriorYear, m)
					}
				}
				if err != nil {
					a.Close()
					return fmt.Errorf("market %s: %w", s.market, err)
				}
			}
		}
		return a.Close()
	})
}
