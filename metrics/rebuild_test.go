package metrics

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	"sijang/internal/warehouse"
)

// The fixture's holiday trade, written out independently of holidays.csv:
// 설날 2019-02-05 → 2020-01-25, 추석 2019-09-13 → 2020-10-01.
var fixtureHolidays = map[int][]time.Time{
	2019: {d("2019-02-05"), d("2019-09-13")},
	2020: {d("2020-01-25"), d("2020-10-01")},
}

// unchangedTrade is a stall whose trade never changes: on ordinary days it
// depends only on the weekday (closed on Sundays); from 10 days before to 3
// days after 설날 and 추석 only on the offset from the holiday (a surge up
// to the eve, closed on the day and the day after).
func unchangedTrade(day time.Time) int64 {
	for _, h := range fixtureHolidays[day.Year()] {
		off := int(day.Sub(h).Hours() / 24)
		switch {
		case off >= -10 && off <= -1:
			return 300_000 + int64(10+off)*50_000 // 300,000 at −10 … 750,000 on the eve
		case off == 0 || off == 1:
			return 0
		case off == 2 || off == 3:
			return 80_000
		}
	}
	if day.Weekday() == time.Sunday {
		return 0
	}
	return 100_000 + int64(day.Weekday())*20_000 // Monday 120,000 … Saturday 220,000
}

// seed loads one stall's sales for 2019–2020 (one line a day), covered by one export.
func seed(t *testing.T, db *sql.DB, trade func(time.Time) int64) {
	t.Helper()
	ctx := context.Background()
	for _, q := range []string{
		`INSERT INTO markets (market_id, name, district, baseline_year, grade_green, grade_yellow) VALUES ('m', '테스트시장', NULL, 2019, 1.0, 0.8)`,
		`INSERT INTO alleys VALUES ('m', 'a', '수산물 거리')`,
		`INSERT INTO stalls VALUES ('m', 's', '자매수산', 'a', '수산', NULL, NULL)`,
		`INSERT INTO ingest_files (file_sha256, path, source, market_id, rows_read, rows_loaded, rows_duplicate, rows_rejected, rows_updated, period_from, period_to, as_of, ingested_at) VALUES ('f', 'x.csv', 'card', 'm', 0, 0, 0, 0, 0, DATE '2019-01-01', DATE '2020-12-31', NULL, now())`,
		`INSERT INTO file_stalls VALUES ('f', 'm', 's', 'card')`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		a, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), "", "sales")
		if err != nil {
			return err
		}
		for day := d("2019-01-01"); day.Year() <= 2020; day = day.AddDate(0, 0, 1) {
			v := trade(day)
			if v == 0 {
				continue // closed: no sales line, but the day is covered
			}
			err := a.AppendRow("m", "s", "offline", "card", day.Format("20060102"), day.Add(10*time.Hour), day,
				v, v, int32(1), "approved", nil, "f", day)
			if err != nil {
				return err
			}
		}
		return a.Close()
	})
	if err != nil {
		t.Fatal(err)
	}
}

func openTest(t *testing.T) *sql.DB {
	t.Helper()
	w, err := warehouse.Open(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w.DB
}

func TestRecoveryUnchangedTradeIsOneWhenHolidaysMove(t *testing.T) {
	db := openTest(t)
	seed(t, db, unchangedTrade)
	if err := Rebuild(context.Background(), db, nil); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Query(`SELECT strftime(month, '%Y-%m'), recovery, net_krw, baseline_krw FROM market_recovery
		WHERE month >= DATE '2020-01-01' ORDER BY month`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	months := 0
	for rows.Next() {
		var month string
		var rec sql.NullFloat64
		var net, base int64
		if err := rows.Scan(&month, &rec, &net, &base); err != nil {
			t.Fatal(err)
		}
		months++
		if !rec.Valid || math.Abs(rec.Float64-1) > 1e-12 {
			t.Errorf("%s: recovery %v (net %d, baseline %d); want exactly 1.00 for unchanged trade", month, rec, net, base)
		}
	}
	if months != 12 {
		t.Fatalf("%d months of 2020 in market_recovery; want 12", months)
	}
	// The naive calendar comparison (same calendar month a year before) is off
	// in exactly those months: 추석 2019 fell on 09-13, 2020 on 10-01, so the
	// closed days move into October; 설날 moved from February to January.
	sum := func(month string) (s int64) {
		for day := d(month + "-01"); day.Format("2006-01") == month; day = day.AddDate(0, 0, 1) {
			s += unchangedTrade(day)
		}
		return
	}
	for _, m := range []string{"01", "02", "09", "10"} {
		if r := float64(sum("2020-"+m)) / float64(sum("2019-"+m)); math.Abs(r-1) < 0.05 {
			t.Errorf("naive 2020-%s / 2019-%s = %.3f; the fixture must make the calendar comparison miss by > 5%%", m, m, r)
		}
	}
}

func TestRecoveryMissingWeekIsNullWithReason(t *testing.T) {
	db := openTest(t)
	seed(t, db, unchangedTrade)
	// The stall's March 2020 export misses a week: cover 2020-03-09..15 by no file.
	for _, q := range []string{
		`UPDATE ingest_files SET period_to = DATE '2020-03-08'`,
		`DELETE FROM sales WHERE sale_date BETWEEN DATE '2020-03-09' AND DATE '2020-03-15'`,
		`INSERT INTO ingest_files (file_sha256, path, source, market_id, rows_read, rows_loaded, rows_duplicate, rows_rejected, rows_updated, period_from, period_to, as_of, ingested_at) VALUES ('g', 'y.csv', 'card', 'm', 0, 0, 0, 0, 0, DATE '2020-03-16', DATE '2020-12-31', NULL, now())`,
		`INSERT INTO file_stalls VALUES ('g', 'm', 's', 'card')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if err := Rebuild(context.Background(), db, nil); err != nil {
		t.Fatal(err)
	}
	var rec sql.NullFloat64
	var reason sql.NullString
	var missing int
	if err := db.QueryRow(`SELECT recovery, reason, missing_days FROM stall_recovery WHERE month = DATE '2020-03-01'`).Scan(&rec, &reason, &missing); err != nil {
		t.Fatal(err)
	}
	if rec.Valid || reason.String != "missing_days" || missing != 7 {
		t.Fatalf("March 2020: recovery %v, reason %q, missing %d; want NULL, missing_days, 7", rec, reason.String, missing)
	}
	// April is whole again.
	if err := db.QueryRow(`SELECT recovery FROM stall_recovery WHERE month = DATE '2020-04-01'`).Scan(&rec); err != nil || !rec.Valid || math.Abs(rec.Float64-1) > 1e-12 {
		t.Fatalf("April 2020: recovery %v, %v; want 1", rec, err)
	}
	// The market compares like with like over the days it has: March stays 1.00, not low.
	if err := db.QueryRow(`SELECT recovery FROM market_recovery WHERE month = DATE '2020-03-01'`).Scan(&rec); err != nil || math.Abs(rec.Float64-1) > 1e-12 {
		t.Fatalf("market March 2020: recovery %v, %v; want 1 over the matched days", rec, err)
	}
}

// Every embedded query binds against an empty warehouse, and so does every
// step's delete, with a rebuild's parameters.
func TestQueriesBind(t *testing.T) {
	db := openTest(t)
	entries, err := sqlFS.ReadDir("sql")
	if err != nil {
		t.Fatal(err)
	}
	args := rebuildFrom("m", d("2022-12-01")).args()
	for _, e := range entries {
		q, _ := query(strings.TrimSuffix(e.Name(), ".sql"))
		if _, err := db.Exec("EXPLAIN "+q, args...); err != nil {
			t.Errorf("%s: %v", e.Name(), err)
		}
	}
	for _, s := range steps {
		if _, err := query(s.table); err != nil && s.table != "comparison_days" {
			t.Errorf("step %s has no sql/%s.sql", s.table, s.table)
		}
		if _, err := db.Exec("EXPLAIN DELETE FROM "+s.table+" WHERE "+s.rows(), args...); err != nil {
			t.Errorf("step %s: delete: %v", s.table, err)
		}
	}
}

func TestRebuildFromAligns(t *testing.T) {
	for _, tc := range []struct{ day, week, month string }{
		{"2022-12-01", "2022-11-28", "2022-12-01"}, // a Thursday: its week starts in November
		{"2021-04-02", "2021-03-29", "2021-04-01"},
		{"2022-08-01", "2022-08-01", "2022-08-01"}, // a Monday and the 1st
		{"2022-10-02", "2022-09-26", "2022-10-01"}, // a Sunday
	} {
		r := rebuildFrom("m", d(tc.day))
		if !r.week.Equal(d(tc.week)) || !r.month.Equal(d(tc.month)) {
			t.Errorf("rebuild from %s: week %s, month %s; want %s, %s",
				tc.day, r.week.Format(time.DateOnly), r.month.Format(time.DateOnly), tc.week, tc.month)
		}
	}
	if !beginning.Equal(rebuildFrom("m", beginning).week) || !beginning.Equal(rebuildFrom("m", beginning).month) {
		t.Errorf("beginning %s is not the first day of its week and month", beginning)
	}
}

func TestFirstDay(t *testing.T) {
	day := func(s string) sql.NullTime { return sql.NullTime{Time: d(s), Valid: true} }
	before := spans{"stall a": day("2022-11-30"), "stall b": day("2022-07-31"), "coverage": day("2022-11-30"),
		"footfall": day("2022-11-30"), "data": day("2022-11-30"), "sensor x 1": {}}
	with := func(changes spans, drop ...string) spans {
		s := spans{}
		for k, v := range before {
			s[k] = v
		}
		for _, k := range drop {
			delete(s, k)
		}
		for k, v := range changes {
			s[k] = v
		}
		return s
	}
	for _, tc := range []struct {
		name     string
		changed  string
		baseline int
		after    spans
		want     string // "" for the whole market
	}{
		{"nothing moved", "2022-06-15", 2019, before, "2022-06-15"},
		{"a new month", "2022-12-01", 2019,
			with(spans{"stall a": day("2022-12-31"), "coverage": day("2022-12-31"), "footfall": day("2022-12-31"), "data": day("2022-12-31")}),
			"2022-12-01"},
		{"a stall's exports resume after a gap", "2022-12-01", 2019,
			with(spans{"stall b": day("2022-12-31"), "stall a": day("2022-12-31"), "coverage": day("2022-12-31")}),
			"2022-08-01"},
		{"the market's data end moves back", "2022-11-20", 2019,
			with(spans{"stall a": day("2022-11-10"), "coverage": day("2022-11-10"), "data": day("2022-11-10")}),
			"2022-11-11"},
		{"footfall resumes after a gap", "2022-12-05", 2019,
			with(spans{"footfall": day("2022-12-31"), "data": day("2022-12-31")}),
			"2022-12-01"},
		{"a new stall", "2022-12-01", 2019, with(spans{"stall c": day("2022-12-31")}), "2022-12-01"},
		{"a stall no longer covered", "2022-09-01", 2019, with(nil, "stall b"), "2022-09-01"},
		{"a sensor market.yaml does not list is read", "2022-12-01", 2019, with(spans{"sensor y 2": {}}), ""},
		{"one is no longer read", "2022-12-01", 2019, with(nil, "sensor x 1"), ""},
		{"the baseline year", "2019-12-31", 2019, before, ""},
		{"its week starts in the baseline year", "2020-01-02", 2019, before, ""},
		{"the first week after it", "2020-01-06", 2019, before, "2020-01-06"},
		{"a market not in market.yaml", "2022-12-01", 0, before, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := firstDay(d(tc.changed), tc.baseline, before, tc.after)
			want := beginning
			if tc.want != "" {
				want = d(tc.want)
			}
			if !got.Equal(want) {
				t.Errorf("first day %s; want %s", got.Format(time.DateOnly), want.Format(time.DateOnly))
			}
		})
	}
}
