package metrics_test

import (
	"bufio"
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	"sijang/internal/warehouse"
	"sijang/metrics"
)

// TestScripts runs every testdata/*.txtar case: it loads the case's market
// into an in-memory warehouse, rebuilds the derived tables and checks the
// rows each query of its want section returns. The numbers in a case are
// computed by hand; its comment shows the arithmetic.
//
// Sections (all but stalls.csv and want optional):
//
//	-- market --       key value lines: baseline_year, grade_green, grade_yellow
//	-- stalls.csv --   stall_id,alley_id[,category,opened_on,closed_on]
//	-- sales.csv --    one sales line per row; columns by header name: stall_id, channel,
//	                   sold_at, sale_date, gross_krw, net_krw, qty, status, buyer_key, source, order_key
//	-- daily.csv --    stall_id,channel,from,to,net_krw: one paid line a day at 10:00;
//	                   later rows override earlier ones, and 0 means closed (no line)
//	-- coverage --     source from to stall…: one export covering the days from..to
//	-- footfall.csv -- sensor_id,alley_id,from,to,visitors: a reading each hour from..to
//	-- want --         "> query" lines, then the rows it returns, values separated by
//	                   spaces: NULL, dates as 2006-01-02, floats to 6 decimals
func TestScripts(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no testdata/*.txtar")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			runScript(t, file, parseTxtar(string(b)))
		})
	}
}

// txtar is the sections of a txtar file, by name.
type txtar map[string]string

func parseTxtar(s string) txtar {
	a := txtar{}
	name := ""
	for _, line := range strings.SplitAfter(s, "\n") {
		l := strings.TrimRight(line, "\r\n")
		if strings.HasPrefix(l, "-- ") && strings.HasSuffix(l, " --") && len(l) > 6 {
			name = strings.TrimSpace(l[3 : len(l)-3])
			a[name] = ""
			continue
		}
		if name != "" {
			a[name] += line
		}
	}
	return a
}

func runScript(t *testing.T, file string, a txtar) {
	ctx := context.Background()
	w, err := warehouse.Open(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	db := w.DB
	load(t, db, a)
	if err := metrics.Rebuild(ctx, db, nil); err != nil {
		t.Fatal(err)
	}
	queries := parseWant(t, a["want"])
	if len(queries) == 0 {
		t.Fatalf("%s: no queries in the want section", file)
	}
	for _, q := range queries {
		got := queryRows(t, db, q.sql)
		if strings.Join(got, "\n") != strings.Join(q.rows, "\n") {
			t.Errorf("%s:%d: %s\ngot:\n\t%s\nwant:\n\t%s", file, q.line, q.sql,
				strings.Join(got, "\n\t"), strings.Join(q.rows, "\n\t"))
		}
	}
}

type wantQuery struct {
	line int // of the query in the want section
	sql  string
	rows []string
}

func parseWant(t *testing.T, s string) []wantQuery {
	var qs []wantQuery
	sc := bufio.NewScanner(strings.NewReader(s))
	n := 0
	inQuery := false
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
			inQuery = false
		case strings.HasPrefix(line, ">"):
			if inQuery {
				qs[len(qs)-1].sql += " " + strings.TrimSpace(line[1:])
			} else {
				qs = append(qs, wantQuery{line: n, sql: strings.TrimSpace(line[1:])})
				inQuery = true
			}
		default:
			if len(qs) == 0 {
				t.Fatalf("want:%d: a row before any query", n)
			}
			inQuery = false
			qs[len(qs)-1].rows = append(qs[len(qs)-1].rows, strings.Join(strings.Fields(line), " "))
		}
	}
	return qs
}

func queryRows(t *testing.T, db *sql.DB, q string) []string {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		fields := make([]string, len(vals))
		for i, v := range vals {
			fields[i] = formatValue(v)
		}
		out = append(out, strings.Join(strings.Fields(strings.Join(fields, " ")), " "))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func formatValue(v any) string {
	switch v := v.(type) {
	case nil:
		return "NULL"
	case time.Time:
		if v.Hour() == 0 && v.Minute() == 0 && v.Second() == 0 {
			return v.Format(time.DateOnly)
		}
		return v.Format("2006-01-02 15:04")
	case float64:
		v = math.Round(v*1e6) / 1e6
		if v == 0 {
			v = 0 // not -0
		}
		return strconv.FormatFloat(v, 'f', -1, 64)
	case string:
		if v == "" {
			return `""`
		}
		return v
	}
	return fmt.Sprint(v)
}

// load writes the case's market, stalls, sales, coverage and footfall.
func load(t *testing.T, db *sql.DB, a txtar) {
	t.Helper()
	market := map[string]string{"baseline_year": "2019", "grade_green": "1.00", "grade_yellow": "0.80"}
	for _, line := range strings.Split(a["market"], "\n") {
		if f := strings.Fields(line); len(f) == 2 && !strings.HasPrefix(f[0], "#") {
			market[f[0]] = f[1]
		}
	}
	exec(t, db, `INSERT INTO markets (market_id, name, district, baseline_year, grade_green, grade_yellow) VALUES ('m', '테스트시장', NULL, ?, ?, ?)`,
		market["baseline_year"], market["grade_green"], market["grade_yellow"])

	alleys := map[string]bool{}
	for _, r := range records(t, "stalls.csv", a["stalls.csv"]) {
		if !alleys[r.get("alley_id")] {
			alleys[r.get("alley_id")] = true
			exec(t, db, `INSERT INTO alleys VALUES ('m', ?, ?)`, r.get("alley_id"), r.get("alley_id"))
		}
		exec(t, db, `INSERT INTO stalls VALUES ('m', ?, ?, ?, ?, ?, ?)`, r.get("stall_id"), r.get("stall_id"),
			r.get("alley_id"), r.get("category"), r.null("opened_on"), r.null("closed_on"))
	}

	var sales [][]any
	for i, r := range records(t, "sales.csv", a["sales.csv"]) {
		channel := r.get("channel")
		net := r.num(t, "net_krw")
		gross := net
		if r.get("gross_krw") != "" {
			gross = r.num(t, "gross_krw")
		}
		var soldAt any
		var day time.Time
		if s := r.get("sold_at"); s != "" {
			at := r.at(t, "sold_at")
			soldAt, day = at, at.Truncate(24*time.Hour)
		}
		if r.get("sale_date") != "" {
			day = r.at(t, "sale_date")
		}
		qty := int64(1)
		if r.get("qty") != "" {
			qty = r.num(t, "qty")
		}
		status := or(r.get("status"), "paid")
		var buyer any
		if b := r.get("buyer_key"); b != "" {
			buyer = b
		}
		sales = append(sales, []any{"m", r.get("stall_id"), channel, or(r.get("source"), sourceOf(channel)),
			or(r.get("order_key"), fmt.Sprintf("line-%d", i+1)), soldAt, day, gross, net, int32(qty), status, buyer, "f", day})
	}
	// daily.csv: later rows override earlier ones for the same stall, channel and day.
	type key struct {
		stall, channel string
		day            time.Time
	}
	daily := map[key]int64{}
	var order []key
	for _, r := range records(t, "daily.csv", a["daily.csv"]) {
		for day := r.at(t, "from"); !day.After(r.at(t, "to")); day = day.AddDate(0, 0, 1) {
			k := key{r.get("stall_id"), r.get("channel"), day}
			if _, seen := daily[k]; !seen {
				order = append(order, k)
			}
			daily[k] = r.num(t, "net_krw")
		}
	}
	for _, k := range order {
		if v := daily[k]; v != 0 {
			sales = append(sales, []any{"m", k.stall, k.channel, sourceOf(k.channel),
				fmt.Sprintf("d-%s-%s-%s", k.stall, k.channel, k.day.Format("20060102")),
				k.day.Add(10 * time.Hour), k.day, v, v, int32(1), "paid", nil, "f", k.day})
		}
	}
	appendRows(t, db, "sales", sales)

	for i, line := range strings.Split(a["coverage"], "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		if len(f) < 4 {
			t.Fatalf("coverage:%d: want: source from to stall…", i+1)
		}
		sha := fmt.Sprintf("file-%d", i+1)
		exec(t, db, `INSERT INTO ingest_files (file_sha256, path, source, market_id, rows_read, rows_loaded, rows_duplicate, rows_rejected, rows_updated, period_from, period_to, as_of, ingested_at) VALUES (?, ?, ?, 'm', 0, 0, 0, 0, 0, CAST(? AS DATE), CAST(? AS DATE), NULL, now())`,
			sha, sha+".csv", f[0], f[1], f[2])
		for _, stall := range f[3:] {
			exec(t, db, `INSERT INTO file_stalls VALUES (?, 'm', ?, ?)`, sha, stall, f[0])
		}
	}

	var footfall [][]any
	sensors := map[string]bool{}
	for _, r := range records(t, "footfall.csv", a["footfall.csv"]) {
		if !sensors[r.get("sensor_id")] {
			sensors[r.get("sensor_id")] = true
			exec(t, db, `INSERT INTO sensors VALUES ('m', ?, ?, NULL)`, r.get("sensor_id"), r.get("alley_id"))
		}
		for at := r.at(t, "from"); !at.After(r.at(t, "to")); at = at.Add(time.Hour) {
			footfall = append(footfall, []any{"m", r.get("sensor_id"), r.get("alley_id"), at, int32(r.num(t, "visitors")), "f"})
		}
	}
	appendRows(t, db, "footfall", footfall)
}

func sourceOf(channel string) string {
	if channel == "offline" {
		return "card"
	}
	return "smartstore"
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func exec(t *testing.T, db *sql.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func appendRows(t *testing.T, db *sql.DB, table string, rows [][]any) {
	t.Helper()
	if len(rows) == 0 {
		return
	}
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		a, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), "", table)
		if err != nil {
			return err
		}
		for _, r := range rows {
			vals := make([]driver.Value, len(r))
			for i, v := range r {
				vals[i] = v
			}
			if err := a.AppendRow(vals...); err != nil {
				a.Close()
				return fmt.Errorf("%v: %w", r, err)
			}
		}
		return a.Close()
	})
	if err != nil {
		t.Fatalf("%s: %v", table, err)
	}
}

// record is one CSV row by header name.
type record struct {
	section string
	line    int
	cols    map[string]string
}

func (r record) get(col string) string { return r.cols[col] }

func (r record) null(col string) any {
	if v := r.cols[col]; v != "" {
		return v
	}
	return nil
}

func (r record) num(t *testing.T, col string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(strings.ReplaceAll(r.cols[col], "_", ""), 10, 64)
	if err != nil {
		t.Fatalf("%s:%d: %s: %v", r.section, r.line, col, err)
	}
	return n
}

func (r record) at(t *testing.T, col string) time.Time {
	t.Helper()
	for _, layout := range []string{time.DateOnly, "2006-01-02 15:04"} {
		if at, err := time.Parse(layout, r.cols[col]); err == nil {
			return at
		}
	}
	t.Fatalf("%s:%d: %s: not a date or time: %q", r.section, r.line, col, r.cols[col])
	return time.Time{}
}

// records reads a CSV section; lines starting with # are comments, and a
// # after a value starts a comment to the end of the line.
func records(t *testing.T, section, s string) []record {
	t.Helper()
	var lines []string
	var numbers []int
	for i, line := range strings.Split(s, "\n") {
		if j := strings.Index(line, "#"); j >= 0 {
			line = line[:j]
		}
		if strings.TrimSpace(line) != "" {
			lines = append(lines, strings.TrimSpace(line))
			numbers = append(numbers, i+1)
		}
	}
	if len(lines) == 0 {
		return nil
	}
	r := csv.NewReader(strings.NewReader(strings.Join(lines, "\n")))
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	all, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", section, err)
	}
	var out []record
	for i, row := range all[1:] {
		rec := record{section: section, line: numbers[i+1], cols: map[string]string{}}
		for j, name := range all[0] {
			if j < len(row) {
				rec.cols[strings.TrimSpace(name)] = strings.TrimSpace(row[j])
			}
		}
		out = append(out, rec)
	}
	return out
}
