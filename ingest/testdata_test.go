package ingest

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sijang/internal/market"
	"sijang/internal/warehouse"
)

// The ingest cases: testdata/<case>/ holds one export (input.*) or several
// (input-1.*, input-2.*, loaded in name order), optionally a profiles/
// folder, and a hand-written want.txt. Every case is loaded against
// testdata/market.yaml; its want.txt lists, one per line:
//
//	file <name>: <source> read R loaded L duplicate D rejected J [updated U] [ignored I] period <from>..<to>
//	sales <order_key> <stall> <channel> <sold_at> day=<sale_date> gross=G net=N qty=Q <status> [buyer=bK]
//	cancel <order_key> <amount> <cancelled_at>
//	settlement <order_key> <stall or -> <kind> <status> <date> base=B fee=F expected=E
//	footfall <sensor> <alley> <ts> <visitors>
//	spend <component> <date> <amount> <item> / <memo>
//	event <date> <stall> <kind> <title>
//	reject <file>:<row>:<column>: <kind>
//
// files in load order, then the tables in that order, each sorted. Buyers
// are numbered b1, b2, … in order of first appearance: the same number is
// the same buyer, and the keyed hash itself never shows. Lines starting
// with # are comments.

// caseNow is "today" for every case: later dates are in the future.
var caseNow = time.Date(2022, 12, 31, 0, 0, 0, 0, time.UTC)

// testCase is one folder of testdata.
type testCase struct {
	name   string
	dir    string
	inputs []string
	opt    Options
}

func testCases(t *testing.T) []testCase {
	t.Helper()
	cfg, err := market.Load(filepath.Join("testdata", "market.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	dirs, err := filepath.Glob(filepath.Join("testdata", "*", "want.txt"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no testdata cases (%v)", err)
	}
	var cases []testCase
	for _, w := range dirs {
		dir := filepath.Dir(w)
		inputs, _ := filepath.Glob(filepath.Join(dir, "input*"))
		if len(inputs) == 0 {
			t.Fatalf("%s: no input file", dir)
		}
		profiles, err := LoadProfiles(filepath.Join(dir, ProfileDir))
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, testCase{name: filepath.Base(dir), dir: dir, inputs: inputs, opt: Options{
			Config: cfg, BuyerKey: []byte("test-key"), Passwords: cfg.Ingest.XLSXPasswords, Profiles: profiles, Now: caseNow,
		}})
	}
	return cases
}

// openTestWarehouse opens a warehouse (in memory for path "") with
// testdata/market.yaml's dimensions.
func openTestWarehouse(t *testing.T, path string, cfg *market.Config) *warehouse.Warehouse {
	t.Helper()
	w, err := warehouse.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	if err := SyncMarkets(context.Background(), w.DB, cfg); err != nil {
		t.Fatal(err)
	}
	return w
}

func TestCases(t *testing.T) {
	for _, tc := range testCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			w := openTestWarehouse(t, "", tc.opt.Config)
			var inMemory []string
			for _, in := range tc.inputs {
				res, err := File(ctx, w.DB, in, tc.opt)
				if err != nil {
					t.Fatal(err)
				}
				if res.Read != res.Loaded+res.Duplicate+res.Rejected {
					t.Errorf("%s: read %d ≠ loaded %d + duplicate %d + rejected %d", in, res.Read, res.Loaded, res.Duplicate, res.Rejected)
				}
				for _, r := range res.Rejects {
					inMemory = append(inMemory, fmt.Sprintf("reject %s:%d:%s: %s", filepath.Base(r.File), r.Row, r.Column, r.Kind))
				}
			}
			got := dump(t, w.DB)
			want := readWant(t, filepath.Join(tc.dir, "want.txt"))
			if got != want {
				t.Errorf("warehouse after loading %s:\n%s", tc.dir, lineDiff(want, got))
			}
			checkStoredRejects(t, got, inMemory)

			// The same files again change nothing.
			for _, in := range tc.inputs {
				res, err := File(ctx, w.DB, in, tc.opt)
				if err != nil || !res.Skipped || res.Loaded != 0 {
					t.Fatalf("%s again: %+v, %v; want it skipped", in, res, err)
				}
			}
			if again := dump(t, w.DB); again != got {
				t.Errorf("loading the same files again changed the warehouse:\n%s", lineDiff(got, again))
			}
		})
	}
}

// TestCasesInOneRun loads each case's files in one run, where the files of
// one source share a batch and are merged set-wise, and wants the same
// warehouse as loading them one by one (want.txt).
func TestCasesInOneRun(t *testing.T) {
	for _, tc := range testCases(t) {
		if len(tc.inputs) < 2 {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			w := openTestWarehouse(t, "", tc.opt.Config)
			l, err := NewLoader(ctx, w.DB, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			err = l.Run(ctx, tc.inputs, func(r Result, err error) {
				if err != nil {
					t.Errorf("%s: %v", r.Path, err)
				}
			})
			if err != nil {
				t.Fatal(err)
			}
			if got, want := dump(t, w.DB), readWant(t, filepath.Join(tc.dir, "want.txt")); got != want {
				t.Errorf("warehouse after loading %s in one run:\n%s", tc.dir, lineDiff(want, got))
			}
			// Files of one source went in one batch: one transaction, one ingested_at.
			var sources, batches int
			if err := w.DB.QueryRow(`SELECT count(DISTINCT source), count(DISTINCT ingested_at) FROM ingest_files`).Scan(&sources, &batches); err != nil {
				t.Fatal(err)
			}
			if batches != sources {
				t.Errorf("%d batches for %d sources", batches, sources)
			}
		})
	}
}

// readWant reads want.txt without its comments and blank lines.
func readWant(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}

// dump prints the ledger and the facts in want.txt's form.
func dump(t *testing.T, db *sql.DB) string {
	t.Helper()
	const ts = "%Y-%m-%d %H:%M:%S"
	queries := []string{
		`SELECT 'file ' || regexp_extract(path, '[^/]*$') || ': ' || source || ' read ' || rows_read || ' loaded ' || rows_loaded
		        || ' duplicate ' || rows_duplicate || ' rejected ' || rows_rejected
		        || CASE WHEN rows_updated > 0 THEN ' updated ' || rows_updated ELSE '' END
		        || coalesce((SELECT ' ignored ' || sum(rows_ignored) FROM ingest_ignored AS g WHERE g.file_sha256 = f.file_sha256), '')
		        || ' period ' || coalesce(period_from::VARCHAR || '..' || period_to::VARCHAR, '-')
		 FROM ingest_files AS f ORDER BY ingested_at, path`,
		`SELECT 'sales ' || order_key || ' ' || stall_id || ' ' || channel || ' ' || strftime(sold_at, '` + ts + `')
		        || ' day=' || sale_date || ' gross=' || gross_krw || ' net=' || net_krw || ' qty=' || coalesce(qty::VARCHAR, '-')
		        || ' ' || status
		        || CASE WHEN buyer_key IS NULL THEN '' ELSE ' buyer=b' || dense_rank() OVER (ORDER BY buyer_key IS NULL, first_seen) END
		 FROM (SELECT *, min(order_key) OVER (PARTITION BY buyer_key) AS first_seen FROM sales) ORDER BY order_key`,
		`SELECT 'cancel ' || order_key || ' ' || amount_krw || ' ' || strftime(cancelled_at, '` + ts + `')
		 FROM cancels ORDER BY order_key, cancelled_at`,
		`SELECT 'settlement ' || product_order_key || ' ' || coalesce(stall_id, '-') || ' ' || settle_kind || ' ' || settle_status
		        || ' ' || settle_date || ' base=' || base_krw || ' fee=' || fee_krw || ' expected=' || expected_krw
		 FROM settlements ORDER BY product_order_key, settle_date, settle_status`,
		`SELECT 'footfall ' || sensor_id || ' ' || alley_id || ' ' || strftime(ts, '` + ts + `') || ' ' || visitors
		 FROM footfall ORDER BY sensor_id, ts`,
		`SELECT 'spend ' || component || ' ' || spent_on || ' ' || amount_krw || ' ' || coalesce(item, '') || ' / ' || coalesce(memo, '')
		 FROM spend ORDER BY spent_on, component, line_key`,
		`SELECT 'event ' || event_date || ' ' || stall_id || ' ' || kind || ' ' || coalesce(title, '')
		 FROM events ORDER BY event_date, stall_id`,
		`SELECT 'reject ' || regexp_extract(f.path, '[^/]*$') || ':' || r.row_number || ':' || coalesce(r.column_name, '') || ': ' || r.kind
		 FROM rejects AS r JOIN ingest_files AS f USING (file_sha256) ORDER BY f.ingested_at, f.path, r.row_number`,
	}
	var lines []string
	for _, q := range queries {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			lines = append(lines, strings.TrimSpace(s))
		}
		rows.Close()
	}
	return strings.Join(lines, "\n")
}

// lineDiff shows want and got line by line, marking the lines that differ.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl == gl {
			fmt.Fprintf(&b, "    %s\n", wl)
			continue
		}
		if wl != "" {
			fmt.Fprintf(&b, "  - %s\n", wl)
		}
		if gl != "" {
			fmt.Fprintf(&b, "  + %s\n", gl)
		}
	}
	return b.String()
}

// checkStoredRejects compares the reject lines of a warehouse dump with the
// rejects the loads returned, as "reject file:row:column: kind" lines.
func checkStoredRejects(t *testing.T, dump string, returned []string) {
	t.Helper()
	var stored []string
	for _, l := range strings.Split(dump, "\n") {
		if strings.HasPrefix(l, "reject ") {
			stored = append(stored, l)
		}
	}
	if strings.Join(stored, "\n") != strings.Join(returned, "\n") {
		t.Errorf("rejects stored:\n%s\nreturned:\n%s", strings.Join(stored, "\n"), strings.Join(returned, "\n"))
	}
}
