package metrics_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sijang/ingest"
	"sijang/internal/demo"
	"sijang/internal/market"
	"sijang/internal/warehouse"
	"sijang/metrics"
)

// TestUpdateEqualsRebuild checks metrics.Update against metrics.Rebuild on
// a small demo district (two markets, 2019-01..2022-11): after each change
// to the facts and its metrics_pending rows, the updated tables must equal
// a full rebuild of the same facts, every table row for row. The changes:
// the first compute, a new month (the same seed generated to 2022-12-31,
// its inbox loaded on top), a stall whose exports stop and resume, a late
// export of an old month, a correction in the middle of a week and a month
// of 2021 (the rows before its week and month must stay as they were), and
// a market.yaml change. The test adds the day rows ingest adds (each
// market's first day whose facts or export coverage changed, from a
// comparison of the facts before and after) and checks that those ingest
// adds itself reach back as far.
func TestUpdateEqualsRebuild(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and loads a demo district")
	}
	ctx := context.Background()
	opt := demo.Options{Stalls: 20, Markets: 2, TxPerDay: 2,
		From: time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2022, 11, 30, 0, 0, 0, 0, time.UTC)}
	short, long := opt, opt
	short.Dir, long.Dir = t.TempDir(), t.TempDir()
	long.To = time.Date(2022, 12, 31, 0, 0, 0, 0, time.UTC)
	for _, o := range []demo.Options{short, long} {
		if _, err := demo.Generate(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	cfg, err := market.Load(filepath.Join(short.Dir, market.FileName))
	if err != nil {
		t.Fatal(err)
	}
	key, err := ingest.BuyerKey(short.Dir, "")
	if err != nil {
		t.Fatal(err)
	}
	w, err := warehouse.Open(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	db := w.DB
	m := cfg.Markets[0].ID

	if err := ingest.SyncMarkets(ctx, db, cfg); err != nil {
		t.Fatal(err)
	}
	ingestInbox(t, db, short.Dir, ingest.Options{Config: cfg, BuyerKey: key})
	// The stall whose March 2021 card export comes late: hold it back.
	late := stash(t, db, "late", m, stallWith(t, db, m, "min", "source = 'card'"), mustDay("2021-03-01"), mustDay("2021-03-31"), "card")

	t.Run("first compute", func(t *testing.T) {
		update(t, db)
		requireSameAsRebuild(t, db)
	})

	t.Run("new month", func(t *testing.T) {
		changed := factsChanged(t, db, func() {
			ingestInbox(t, db, long.Dir, ingest.Options{Config: cfg, BuyerKey: key})
		})
		t.Logf("first days changed: %v", changed)
		if len(changed) == 0 {
			t.Fatal("loading the longer world's inbox changed no facts")
		}
		// Where ingest adds the day rows itself, they must reach back as far.
		pending := map[string]time.Time{}
		for _, r := range query(t, db, `SELECT market_id, min(from_day) FROM metrics_pending WHERE from_day IS NOT NULL GROUP BY ALL`) {
			pending[r[0].(string)] = r[1].(time.Time)
		}
		t.Logf("pending rows ingest added: %v", pending)
		for market, day := range changed {
			if p, ok := pending[market]; len(pending) > 0 && (!ok || p.After(day)) {
				t.Errorf("ingest marked %s pending from %v; its facts changed from %v", market, p, day)
			}
		}
		for market, day := range changed {
			pend(t, db, market, day)
		}
		update(t, db)
		requireSameAsRebuild(t, db)
	})

	t.Run("exports stop and resume", func(t *testing.T) {
		// Its calendar ran to the end of its last month with data; when its
		// exports resume, the months in between join it as days without data.
		stall := stallWith(t, db, m, "max", "channel <> 'offline'")
		gone := stash(t, db, "stopped", m, stall, mustDay("2022-09-01"), mustDay("2022-12-31"), "")
		pend(t, db, m, mustDay("2022-09-01"))
		update(t, db)
		requireSameAsRebuild(t, db)

		gone.restore(t, db, mustDay("2022-12-01"))
		pend(t, db, m, mustDay("2022-12-01"))
		update(t, db)
		requireSameAsRebuild(t, db)

	})

	t.Run("late export of an old month", func(t *testing.T) {
		late.restore(t, db, mustDay("2021-03-01"))
		pend(t, db, m, mustDay("2021-03-01"))
		update(t, db)
		requireSameAsRebuild(t, db)
	})

	t.Run("correction in 2021", func(t *testing.T) {
		// A buyer's first purchase from a stall, neither on a Monday nor on
		// the 1st, is cancelled: the buyer is no longer a repeat buyer in the
		// next month they bought in. Card lines and footfall that day change too.
		var day time.Time
		err := db.QueryRow(`
			SELECT min(sale_date) FROM sales
			WHERE market_id = ? AND buyer_key IS NOT NULL AND net_krw > 0
			GROUP BY stall_id, buyer_key
			HAVING count(DISTINCT date_trunc('month', sale_date)) > 1 AND min(sale_date) BETWEEN DATE '2021-04-01' AND DATE '2021-10-31'
			   AND isodow(min(sale_date)) > 1 AND day(min(sale_date)) > 1
			ORDER BY 1 LIMIT 1`, m).Scan(&day)
		if err != nil {
			t.Fatal(err)
		}
		exec(t, db, `UPDATE sales SET net_krw = 0, status = 'cancelled'
			WHERE market_id = ? AND sale_date = ? AND (buyer_key IS NOT NULL OR order_key IN (
				SELECT order_key FROM sales WHERE market_id = ? AND sale_date = ? AND channel = 'offline' ORDER BY order_key LIMIT 3))`,
			m, day, m, day)
		exec(t, db, `UPDATE footfall SET visitors = visitors + 5 WHERE market_id = ? AND ts::DATE = ? AND hour(ts) = 12`, m, day)
		pend(t, db, m, day)
		// The other market changes too, from another day.
		other := cfg.Markets[1].ID
		exec(t, db, `UPDATE sales SET net_krw = net_krw + 1000 WHERE market_id = ? AND sale_date = DATE '2022-02-09'`, other)
		pend(t, db, other, mustDay("2022-02-09"))

		// The rows before the day, its week and its month are left as they
		// were: marked rows keep their marks. (No row rebuilt reads a mark;
		// one rebuilt too early would not carry another's mark in its column.)
		week := day.AddDate(0, 0, -(int(day.Weekday())+6)%7)
		month := time.Date(day.Year(), day.Month(), 1, 0, 0, 0, 0, time.UTC)
		calendar := week // the first day of stall_calendar rebuilt
		if month.Before(calendar) {
			calendar = month
		}
		marks := []mark{
			{"stall_day", "gross_krw", "sale_date = ?", []any{calendar.AddDate(0, 0, -1)}},
			{"stall_week", "net_krw", "week = ?", []any{week.AddDate(0, 0, -7)}},
			{"stall_month", "net_krw", "month = ?", []any{month.AddDate(0, -1, 0)}},
			{"alley_sales", "net_krw", "period = 'day' AND period_start = ?", []any{day.AddDate(0, 0, -1)}},
			{"stall_week_coverage", "days", "week = ?", []any{calendar.AddDate(0, 0, -(int(calendar.Weekday())+6)%7-7)}},
			{"stall_comparison", "matched_net_krw", "period = 'week' AND period_start = ?", []any{week.AddDate(0, 0, -7)}},
			{"stall_comparison", "matched_net_krw", "period = 'month' AND period_start = ?", []any{month.AddDate(0, -1, 0)}},
			{"stall_kpi", "orders", "month = ?", []any{month.AddDate(0, -1, 0)}},
			{"footfall_hour", "visitors", "hour = ?", []any{month.Add(-12 * time.Hour)}},
			{"footfall_sensor", "hours_read", "period = 'day' AND period_start = ?", []any{day.AddDate(0, 0, -1)}},
			{"alley_day_parts", "hours", "month = ?", []any{month.AddDate(0, -1, 0)}},
		}
		marked := make([]int64, len(marks))
		for i, mk := range marks {
			marked[i] = mk.set(t, db, m)
		}
		update(t, db)
		for i, mk := range marks {
			mk.check(t, db, m, marked[i])
		}
		requireSameAsRebuild(t, db)
	})

	t.Run("market.yaml changed", func(t *testing.T) {
		changed := *cfg
		changed.Markets = append([]market.Market(nil), cfg.Markets...)
		mk := &changed.Markets[0]
		mk.Stalls = append([]market.Stall(nil), mk.Stalls...)
		mk.Stalls[3].ClosedOn = market.NewDate(2022, 10, 15)
		mk.Grades.Green = 0.95
		if err := ingest.SyncMarkets(ctx, db, &changed); err != nil {
			t.Fatal(err)
		}
		var whole int
		if err := db.QueryRow(`SELECT count(*) FROM metrics_pending WHERE market_id = ? AND from_day IS NULL`, m).Scan(&whole); err != nil || whole != 1 {
			t.Fatalf("after the market.yaml change, %d pending rows rebuild %s whole (%v); want 1", whole, m, err)
		}
		update(t, db)
		requireSameAsRebuild(t, db)
	})

	t.Run("nothing pending", func(t *testing.T) {
		built := 0
		if err := metrics.Update(ctx, db, func(string, time.Duration) { built++ }); err != nil {
			t.Fatal(err)
		}
		if built != 0 {
			t.Errorf("Update without pending rows built %d tables; want none", built)
		}
	})
}

// ingestInbox loads a demo workspace's inbox, as `sijang ingest` does.
func ingestInbox(t *testing.T, db *sql.DB, dir string, opt ingest.Options) {
	t.Helper()
	files, err := ingest.Files([]string{filepath.Join(dir, "inbox")})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if _, err := ingest.File(context.Background(), db, f, opt); err != nil {
			t.Fatal(err)
		}
	}
}

func update(t *testing.T, db *sql.DB) {
	t.Helper()
	if err := metrics.Update(context.Background(), db, nil); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM metrics_pending`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("after Update, %d pending rows (%v); want none", n, err)
	}
}

// pend adds the pending row ingest adds for a change of a market's facts from day on.
func pend(t *testing.T, db *sql.DB, market string, day time.Time) {
	t.Helper()
	exec(t, db, `INSERT INTO metrics_pending (market_id, from_day) VALUES (?, ?)`, market, day)
}

// facts are what the metric tables are built from, each row with its
// market and the day it belongs to: sales lines, footfall readings and the
// periods of sales exports per stall (from their first day).
const facts = `
	SELECT market_id, sale_date AS day, hash(stall_id, channel, source, order_key, sold_at, gross_krw, net_krw, qty, status, buyer_key) AS h FROM sales
	UNION ALL
	SELECT market_id, ts::DATE, hash(sensor_id, alley_id, ts, visitors) FROM footfall
	UNION ALL
	SELECT fs.market_id, f.period_from, hash(fs.stall_id, fs.source, f.period_to)
	FROM file_stalls AS fs JOIN ingest_files AS f USING (file_sha256)
	WHERE f.period_from IS NOT NULL AND fs.source IN (SELECT DISTINCT source FROM sales)`

// factsChanged runs change and returns each market's first day whose facts it changed.
func factsChanged(t *testing.T, db *sql.DB, change func()) map[string]time.Time {
	t.Helper()
	exec(t, db, `CREATE OR REPLACE TEMP TABLE facts_before AS `+facts)
	change()
	changed := map[string]time.Time{}
	for _, r := range query(t, db, `
		WITH after AS (`+facts+`)
		SELECT market_id, min(day) FROM (
			(SELECT * FROM facts_before EXCEPT ALL SELECT * FROM after)
			UNION ALL
			(SELECT * FROM after EXCEPT ALL SELECT * FROM facts_before))
		GROUP BY ALL`) {
		changed[r[0].(string)] = r[1].(time.Time)
	}
	exec(t, db, `DROP TABLE facts_before`)
	return changed
}

// stashed is a stall's sales lines and export coverage taken out of the
// warehouse, to be put back later: temporary tables <name>_sales and
// <name>_files.
type stashed struct{ name string }

// stash takes out the sales lines of a market's stall from one day to
// another (of one source, or any when source is empty), and its rows in
// file_stalls of the exports within those days.
func stash(t *testing.T, db *sql.DB, name, market, stall string, from, to time.Time, source string) stashed {
	t.Helper()
	exec(t, db, fmt.Sprintf(`CREATE TEMP TABLE %s_sales AS SELECT * FROM sales
		WHERE market_id = ? AND stall_id = ? AND sale_date BETWEEN ? AND ? AND source LIKE ?`, name),
		market, stall, from, to, source+"%")
	exec(t, db, fmt.Sprintf(`CREATE TEMP TABLE %s_files AS SELECT fs.* FROM file_stalls AS fs JOIN ingest_files AS f USING (file_sha256)
		WHERE fs.market_id = ? AND fs.stall_id = ? AND f.period_from >= ? AND f.period_to <= ? AND fs.source LIKE ?`, name),
		market, stall, from, to, source+"%")
	var lines, files int
	if err := db.QueryRow(fmt.Sprintf(`SELECT (SELECT count(*) FROM %[1]s_sales), (SELECT count(*) FROM %[1]s_files)`, name)).Scan(&lines, &files); err != nil {
		t.Fatal(err)
	}
	if lines == 0 || files == 0 {
		t.Fatalf("stash %s: %d sales lines, %d exports of stall %s; want some of each", name, lines, files, stall)
	}
	exec(t, db, fmt.Sprintf(`DELETE FROM sales WHERE rowid IN (SELECT s.rowid FROM sales AS s
		SEMI JOIN %s_sales AS x ON x.market_id = s.market_id AND x.source = s.source AND x.order_key = s.order_key)`, name))
	exec(t, db, fmt.Sprintf(`DELETE FROM file_stalls WHERE rowid IN (SELECT s.rowid FROM file_stalls AS s
		SEMI JOIN %s_files AS x USING (file_sha256, market_id, stall_id, source))`, name))
	return stashed{name}
}

// restore puts back what was stashed from day on (what is there already,
// loaded again since, stays as it is).
func (s stashed) restore(t *testing.T, db *sql.DB, day time.Time) {
	t.Helper()
	exec(t, db, fmt.Sprintf(`INSERT INTO sales SELECT * FROM %s_sales AS x WHERE x.sale_date >= ?
		AND NOT EXISTS (SELECT 1 FROM sales AS s WHERE s.market_id = x.market_id AND s.source = x.source AND s.order_key = x.order_key)`, s.name), day)
	exec(t, db, fmt.Sprintf(`INSERT INTO file_stalls SELECT x.* FROM %s_files AS x JOIN ingest_files AS f USING (file_sha256)
		WHERE f.period_from >= ? AND NOT EXISTS (SELECT 1 FROM file_stalls AS s
			WHERE s.file_sha256 = x.file_sha256 AND s.market_id = x.market_id AND s.stall_id = x.stall_id AND s.source = x.source)`, s.name), day)
	exec(t, db, fmt.Sprintf(`DELETE FROM %s_sales WHERE sale_date >= ?`, s.name), day)
	exec(t, db, fmt.Sprintf(`DELETE FROM %s_files WHERE file_sha256 IN (SELECT file_sha256 FROM ingest_files WHERE period_from >= ?)`, s.name), day)
}

// stallWith returns the first or last stall of a market (by id) with sales
// lines that meet a condition.
func stallWith(t *testing.T, db *sql.DB, market, agg, cond string) string {
	t.Helper()
	var stall string
	if err := db.QueryRow(fmt.Sprintf(`SELECT %s(stall_id) FROM sales WHERE market_id = ? AND %s`, agg, cond), market).Scan(&stall); err != nil {
		t.Fatal(err)
	}
	return stall
}

func mustDay(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// A mark is a change to a market's derived rows (a column of the rows a
// condition selects) that an update must leave in place.
type mark struct {
	table, column, where string
	args                 []any
}

const markBy = 1_000_000_000

// set marks the rows and returns how many it marked.
func (k mark) set(t *testing.T, db *sql.DB, market string) int64 {
	t.Helper()
	res, err := db.Exec(fmt.Sprintf(`UPDATE %s SET %s = %s + %d WHERE market_id = ? AND %s`, k.table, k.column, k.column, markBy, k.where),
		append([]any{market}, k.args...)...)
	if err != nil {
		t.Fatal(err)
	}
	n, _ := res.RowsAffected()
	if n == 0 {
		t.Fatalf("%s has no rows where %s %v", k.table, k.where, k.args)
	}
	return n
}

// check fails the test unless all of the marked rows are still marked, and unmarks them.
func (k mark) check(t *testing.T, db *sql.DB, market string, marked int64) {
	t.Helper()
	res, err := db.Exec(fmt.Sprintf(`UPDATE %s SET %s = %s - %d WHERE market_id = ? AND %s AND %s >= %d`,
		k.table, k.column, k.column, markBy, k.where, k.column, markBy/2), append([]any{market}, k.args...)...)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != marked {
		t.Errorf("%s where %s %v: %d of %d rows rebuilt by the update; want the rows before its first day, week and month left alone",
			k.table, k.where, k.args, marked-n, marked)
	}
}

// requireSameAsRebuild fails the test unless every derived table equals a
// full rebuild of the same facts, row for row (and holds rows). It leaves
// the full rebuild in place.
func requireSameAsRebuild(t *testing.T, db *sql.DB) {
	t.Helper()
	for _, table := range metrics.Tables() {
		exec(t, db, fmt.Sprintf(`CREATE OR REPLACE TEMP TABLE updated_%[1]s AS SELECT * FROM %[1]s`, table))
	}
	if err := metrics.Rebuild(context.Background(), db, nil); err != nil {
		t.Fatal(err)
	}
	for _, table := range metrics.Tables() {
		var rows, extra, lacking int
		err := db.QueryRow(fmt.Sprintf(`SELECT (SELECT count(*) FROM %[1]s),
			(SELECT count(*) FROM (SELECT * FROM updated_%[1]s EXCEPT ALL SELECT * FROM %[1]s)),
			(SELECT count(*) FROM (SELECT * FROM %[1]s EXCEPT ALL SELECT * FROM updated_%[1]s))`, table)).Scan(&rows, &extra, &lacking)
		if err != nil {
			t.Fatal(err)
		}
		if rows == 0 {
			t.Errorf("%s: no rows after a full rebuild; the comparison shows nothing", table)
		}
		if extra+lacking > 0 {
			t.Errorf("%s: the update has %d rows a full rebuild has not, and lacks %d of its %d rows; e.g.\n%s", table, extra, lacking, rows,
				sample(t, db, fmt.Sprintf(`(SELECT 'update' AS side, * FROM (SELECT * FROM updated_%[1]s EXCEPT ALL SELECT * FROM %[1]s) LIMIT 3)
					UNION ALL (SELECT 'rebuild', * FROM (SELECT * FROM %[1]s EXCEPT ALL SELECT * FROM updated_%[1]s) LIMIT 3)`, table)))
		}
		exec(t, db, `DROP TABLE updated_`+table)
	}
}

func sample(t *testing.T, db *sql.DB, q string) string {
	var lines []string
	for _, r := range query(t, db, q) {
		var f []string
		for _, v := range r {
			if tm, ok := v.(time.Time); ok {
				v = tm.Format("2006-01-02 15:04")
			}
			f = append(f, fmt.Sprint(v))
		}
		lines = append(lines, "\t"+strings.Join(f, " "))
	}
	return strings.Join(lines, "\n")
}
