package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"sijang/internal/warehouse"
)

func runArgs(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, func(string) string { return "" }, &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestUsageExitCodes(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
	}{
		{nil, 2},
		{[]string{"frobnicate"}, 2},
		{[]string{"help"}, 0},
		{[]string{"ingest", "--no-such-flag"}, 2},
		{[]string{"ingest", "-h"}, 0},
		{[]string{"did", "--panel", "x.csv"}, 2},
		{[]string{"compute", "-w", filepath.Join(t.TempDir(), "no", "such", "dir")}, 1},
	} {
		_, _, err := runArgs(t, tc.args...)
		if got := exitCode(err, &bytes.Buffer{}); got != tc.code {
			t.Errorf("sijang %v: exit %d (%v); want %d", tc.args, got, err, tc.code)
		}
	}
}

func TestSecondWriterRefusedAtOnce(t *testing.T) {
	dir := t.TempDir()
	w, err := warehouse.Open(context.Background(), filepath.Join(dir, "warehouse.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	_, _, err = runArgs(t, "compute", "-w", dir)
	if !errors.Is(err, warehouse.ErrInUse) || !strings.Contains(err.Error(), "warehouse is in use") {
		t.Fatalf("compute while another process holds the warehouse: %v; want a 'warehouse is in use' error", err)
	}
}

// TestDemoEndToEnd runs `sijang demo` on a small market and checks what a
// user gets: a report, every row accounted for, the planted malformed rows
// rejected and nothing else, and recovery that shows the COVID shock.
func TestDemoEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end demo")
	}
	dir := filepath.Join(t.TempDir(), "demo")
	out, errOut, err := runArgs(t, "demo", "--dir", dir, "--stalls", "40", "--from", "2019-01-01", "--to", "2021-06-30")
	if err != nil {
		t.Fatalf("demo: %v\n%s\n%s", err, out, errOut)
	}
	index := filepath.Join(dir, "report", "index.html")
	if !strings.Contains(out, "Open the report: "+index) {
		t.Errorf("demo output does not name the report %s:\n%s", index, out)
	}
	html, err := os.ReadFile(index)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(html, []byte("남광주시장")) || !bytes.Contains(html, []byte(`src="assets/echarts.min.js"`)) {
		t.Errorf("index.html lacks the market name or the bundled ECharts")
	}

	w, err := warehouse.Open(context.Background(), filepath.Join(dir, "warehouse.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	var read, loaded, dup, rej int
	if err := w.DB.QueryRow(`SELECT sum(rows_read), sum(rows_loaded), sum(rows_duplicate), sum(rows_rejected) FROM ingest_files`).Scan(&read, &loaded, &dup, &rej); err != nil {
		t.Fatal(err)
	}
	if read != loaded+dup+rej || read == 0 {
		t.Fatalf("accounting: read %d ≠ loaded %d + duplicate %d + rejected %d", read, loaded, dup, rej)
	}
	// Every planted malformed row is rejected at its file, row and column, and nothing else is.
	planted := plantedMalformed(t, dir)
	if rej != len(planted) || len(planted) == 0 {
		t.Errorf("%d rows rejected; the demo planted %d malformed rows", rej, len(planted))
	}
	for _, m := range planted {
		var n int
		err := w.DB.QueryRow(`SELECT count(*) FROM rejects r JOIN ingest_files f USING (file_sha256)
			WHERE f.path = ? AND r.row_number = ? AND r.column_name = ?`, m.File, m.Row, m.Column).Scan(&n)
		if err != nil || n != 1 {
			t.Errorf("planted malformed row %s:%d:%s (%s) not rejected there (%d, %v)", m.File, m.Row, m.Column, m.Kind, n, err)
		}
	}
	// The planted COVID shock: the market's April 2020 is well below its 2019 baseline,
	// and January 2020 (before the shock) is close to it.
	jan, apr := marketRecovery(t, w.DB, "2020-01-01"), marketRecovery(t, w.DB, "2020-04-01")
	if apr > 0.85 || jan < 0.9 || jan > 1.1 {
		t.Errorf("market recovery January 2020 = %.3f, April 2020 = %.3f; want about 1 and clearly below 1", jan, apr)
	}
	var lines int
	w.DB.QueryRow(`SELECT count(*) FROM sales`).Scan(&lines)
	var candidates int
	w.DB.QueryRow(`SELECT count(*) FROM shortlist WHERE program_id = 'smartstore'`).Scan(&candidates)
	w.Close()

	// The shortlist on the terminal and as a workbook the office opens in
	// Excel; a file type other than .xlsx or .csv is bad usage.
	xlsx := filepath.Join(t.TempDir(), "후보.xlsx")
	out, errOut, err = runArgs(t, "shortlist", "-w", dir, "--program", "smartstore", "--top", "3", "--out", xlsx)
	if err != nil || !strings.Contains(out, "남광주시장 스마트스토어 입점: 입점 후보 ") || !strings.Contains(out, xlsx) {
		t.Fatalf("shortlist: %v\n%s\n%s", err, out, errOut)
	}
	book, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := book.GetRows("스마트스토어 입점")
	book.Close()
	if want := min(3, candidates); err != nil || len(rows) != 1+want || rows[0][2] != "순위" || rows[1][2] != "1" {
		t.Errorf("workbook rows %q (%v); want the header and %d candidates ranked from 1", rows, err, want)
	}
	if _, _, err := runArgs(t, "shortlist", "-w", dir, "--out", "x.txt"); !errors.Is(err, errUsage) {
		t.Errorf("shortlist --out x.txt: %v, want bad usage", err)
	}

	// Ingesting again loads nothing new.
	out, _, err = runArgs(t, "ingest", "-w", dir)
	if err != nil || !strings.Contains(out, "already loaded") {
		t.Fatalf("second ingest: %v\n%s", err, out)
	}
	w, err = warehouse.Open(context.Background(), filepath.Join(dir, "warehouse.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	var again, linesAgain int
	w.DB.QueryRow(`SELECT count(*), (SELECT count(*) FROM sales) FROM ingest_files`).Scan(&again, &linesAgain)
	if linesAgain != lines {
		t.Errorf("second ingest changed the sales lines: %d → %d", lines, linesAgain)
	}
	if files := countFiles(t, filepath.Join(dir, "inbox")); again != files {
		t.Errorf("%d files in the ledger; %d in the inbox", again, files)
	}
}

type malformed struct {
	File   string `json:"file"`
	Row    int    `json:"row"`
	Column string `json:"column"`
	Kind   string `json:"reason_kind"`
}

// plantedMalformed reads the malformed rows the demo generator lists in truth.json.
func plantedMalformed(t *testing.T, dir string) []malformed {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	var truth struct {
		Malformed []malformed `json:"malformed"`
	}
	if err := json.Unmarshal(b, &truth); err != nil {
		t.Fatal(err)
	}
	return truth.Malformed
}

func marketRecovery(t *testing.T, db *sql.DB, month string) float64 {
	t.Helper()
	var r float64
	if err := db.QueryRow(`SELECT recovery FROM market_recovery WHERE month = CAST(? AS DATE)`, month).Scan(&r); err != nil {
		t.Fatalf("market recovery %s: %v", month, err)
	}
	return r
}

func countFiles(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			n++
		}
		return nil
	})
	return n
}
