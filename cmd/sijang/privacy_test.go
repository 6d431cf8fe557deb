package main

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/korean"

	"sijang/internal/warehouse"
)

// ingestTestdata is where the ingest fixtures live: exports full of
// (fake) personal data, and personal.txt, the list of those values.
var ingestTestdata = filepath.Join("..", "..", "ingest", "testdata")

// TestPrivacy runs ingest, compute, evaluate and report on a workspace of
// the ingest fixtures and checks that none of their personal values
// (names, 010 numbers, addresses, buyer IDs, …) is in the warehouse (its
// file and every text column), in any file the run writes (the report) or
// in anything it prints.
func TestPrivacy(t *testing.T) {
	values := personalValues(t)
	ws := privacyWorkspace(t, values)

	// A file refused whole prints its error too: five order lines of
	// products no stall sells, full of personal data.
	refused := filepath.Join(t.TempDir(), "refused.csv")
	csv := "상품주문번호,주문번호,상품번호,주문일시,주문상태,수량,최종 상품별 총 주문금액,구매자명,구매자ID,수취인연락처1,배송지\n"
	for i := range 5 {
		csv += fmt.Sprintf("20221101999900%02d,20221101888800%02d,5999999999,2022-11-01 10:00:00,결제완료,1,1000,%s,%s,%s,%s\n",
			i, i, values[i%len(values)], values[(i+1)%len(values)], values[(i+2)%len(values)], values[(i+3)%len(values)])
	}
	writeTestFile(t, refused, []byte(csv))

	var log strings.Builder
	for _, args := range [][]string{{"ingest"}, {"ingest", "--json"}, {"ingest", refused}, {"compute"}, {"evaluate"}, {"report"}} {
		var out, errOut bytes.Buffer
		err := run(context.Background(), append([]string{args[0], "-w", ws}, args[1:]...), func(string) string { return "" }, &out, &errOut)
		if refusal := len(args) > 1 && args[1] == refused; (err != nil) != refusal {
			t.Fatalf("sijang %s: %v\n%s\n%s", strings.Join(args, " "), err, out.String(), errOut.String())
		}
		fmt.Fprintf(&log, "== sijang %s: stdout\n%s\n== stderr\n%s\n%v\n", strings.Join(args, " "), out.String(), errOut.String(), err)
	}
	if !strings.Contains(log.String(), "smartstore") || !strings.Contains(log.String(), "refused: 5 of 5 rows are bad") ||
		!fileExists(filepath.Join(ws, "report", "index.html")) {
		t.Fatalf("the run printed no Smart Store line or refusal, or wrote no report: the scan would look at nothing\n%s", log.String())
	}

	found, text := scanWarehouse(t, filepath.Join(ws, "warehouse.duckdb"), values)
	if !strings.Contains(text, "2022110112345601") {
		t.Fatalf("the order key 2022110112345601 is in no text column: the warehouse scan reads nothing")
	}
	found = append(found, scan(values, "what the commands printed", []byte(log.String()))...)
	found = append(found, scanFiles(t, ws, values)...)
	for _, f := range found {
		t.Error(f)
	}
}

// TestPrivacyScanFinds plants personal values where TestPrivacy looks and
// checks that its scans find them: a scan that finds nothing proves nothing.
func TestPrivacyScanFinds(t *testing.T) {
	var hangul []string // the values a CP949 or \u form differs for
	for _, v := range personalValues(t) {
		if !isASCII(v) {
			hangul = append(hangul, v)
		}
	}
	if len(hangul) < 4 {
		t.Fatalf("personal.txt has %d Korean values; the check plants 4", len(hangul))
	}
	dir := t.TempDir()
	// A report page with one value as CP949 bytes and one escaped in a script.
	cp949, _ := korean.EUCKR.NewEncoder().Bytes([]byte(hangul[0]))
	page := append([]byte("<p>"), cp949...)
	page = append(page, "</p><script>var x = \""+escapeNonASCII(hangul[1], `\u%04x`)+"\";</script>"...)
	writeTestFile(t, filepath.Join(dir, "report", "page.html"), page)
	writeTestFile(t, filepath.Join(dir, "inbox", "export.csv"), []byte(hangul[2])) // the inputs are not scanned
	got := strings.Join(scanFiles(t, dir, hangul), "\n")
	for _, v := range hangul[:2] {
		if !strings.Contains(got, filepath.Join("report", "page.html")+" holds the personal value "+strconv.Quote(v)) {
			t.Errorf("the file scan missed %q planted in report/page.html:\n%s", v, got)
		}
	}
	if strings.Contains(got, strconv.Quote(hangul[2])) {
		t.Errorf("the file scan looked into the inbox:\n%s", got)
	}

	// A warehouse with a value in a text column, however DuckDB stores it.
	path := filepath.Join(dir, "warehouse.duckdb")
	w, err := warehouse.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.DB.Exec(`CREATE TABLE planted (note VARCHAR); INSERT INTO planted VALUES (?)`, hangul[3]); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	found, _ := scanWarehouse(t, path, hangul)
	if got := strings.Join(found, "\n"); !strings.Contains(got, "the warehouse column planted.note holds the personal value "+strconv.Quote(hangul[3])) {
		t.Errorf("the warehouse scan missed %q planted in planted.note:\n%s", hangul[3], got)
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// personalValues reads ingest/testdata/personal.txt.
func personalValues(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(ingestTestdata, "personal.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var values []string
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			values = append(values, l)
		}
	}
	if len(values) == 0 {
		t.Fatal("personal.txt lists no value")
	}
	return values
}

// privacyWorkspace writes a workspace with the fixtures' market.yaml and
// profiles and every fixture export in its inbox, and checks that each
// personal value is in some export.
func privacyWorkspace(t *testing.T, values []string) string {
	t.Helper()
	ws := t.TempDir()
	b, err := os.ReadFile(filepath.Join(ingestTestdata, "market.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	writeTestFile(t, filepath.Join(ws, "market.yaml"), b)
	profiles, _ := filepath.Glob(filepath.Join(ingestTestdata, "*", "profiles", "*.yaml"))
	inputs, _ := filepath.Glob(filepath.Join(ingestTestdata, "*", "input*"))
	var text strings.Builder
	for _, p := range append(profiles, inputs...) {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(filepath.Dir(p)) + "-" + filepath.Base(p)
		if strings.HasSuffix(filepath.Dir(p), "profiles") {
			writeTestFile(t, filepath.Join(ws, "profiles", filepath.Base(p)), b)
			continue
		}
		writeTestFile(t, filepath.Join(ws, "inbox", name), b)
		text.WriteString(exportText(t, p, b))
	}
	for _, v := range values {
		if !strings.Contains(text.String(), v) {
			t.Errorf("personal.txt lists %q, which no export in the workspace holds", v)
		}
	}
	return ws
}

// exportText is the text of an export: every cell of a workbook (the
// encrypted one opens with the fixtures' password), a CSV decoded.
func exportText(t *testing.T, path string, b []byte) string {
	t.Helper()
	if strings.HasSuffix(path, ".xlsx") {
		f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{Password: "sijang-1234"})
		if err != nil {
			f, err = excelize.OpenReader(bytes.NewReader(b))
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		defer f.Close()
		var s strings.Builder
		for _, sheet := range f.GetSheetList() {
			rows, _ := f.GetRows(sheet)
			for _, r := range rows {
				s.WriteString(strings.Join(r, "\t") + "\n")
			}
		}
		return s.String()
	}
	if utf8.Valid(b) {
		return string(b)
	}
	d, err := korean.EUCKR.NewDecoder().Bytes(b)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return string(d)
}

// scanWarehouse reads every text column of every table, then closes the
// warehouse and reads its file (and write-ahead log): DuckDB may store
// strings compressed, so the columns are read as well as the bytes. It
// returns what it found and the text of the columns.
func scanWarehouse(t *testing.T, path string, values []string) (found []string, text string) {
	t.Helper()
	w, err := warehouse.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := w.DB.Query(`SELECT table_name, column_name FROM information_schema.columns
		WHERE data_type = 'VARCHAR' AND table_schema = 'main' ORDER BY ALL`)
	if err != nil {
		t.Fatal(err)
	}
	var cols [][2]string
	for rows.Next() {
		var c [2]string
		if err := rows.Scan(&c[0], &c[1]); err != nil {
			t.Fatal(err)
		}
		cols = append(cols, c)
	}
	rows.Close()
	var all strings.Builder
	for _, c := range cols {
		var s string
		q := fmt.Sprintf(`SELECT coalesce(string_agg(%q, '|'), '') FROM %q`, c[1], c[0])
		if err := w.DB.QueryRow(q).Scan(&s); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		all.WriteString(s + "\n")
		found = append(found, scan(values, "the warehouse column "+c[0]+"."+c[1], []byte(s))...)
	}
	if _, err := w.DB.Exec("CHECKPOINT"); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + ".wal"} {
		if b, err := os.ReadFile(p); err == nil {
			found = append(found, scan(values, "the warehouse file "+filepath.Base(p), b)...)
		}
	}
	return found, all.String()
}

// scanFiles scans every file of a workspace but its inputs (inbox/,
// profiles/, market.yaml); the warehouse has its own scan.
func scanFiles(t *testing.T, dir string, values []string) []string {
	t.Helper()
	var found []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		switch {
		case d.IsDir() && (rel == "inbox" || rel == "profiles"):
			return filepath.SkipDir
		case d.IsDir() || rel == "market.yaml" || strings.HasPrefix(rel, "warehouse.duckdb"):
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		found = append(found, scan(values, rel, b)...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// scan looks for each value in b as UTF-8, CP949, JavaScript/JSON \u
// escapes, HTML character references and HTML escapes, and says where it
// found one.
func scan(values []string, where string, b []byte) []string {
	var found []string
	for _, v := range values {
		forms := []string{v, html.EscapeString(v), escapeNonASCII(v, `\u%04x`), escapeNonASCII(v, `\u%04X`), escapeNonASCII(v, "&#%d;")}
		if cp, err := korean.EUCKR.NewEncoder().Bytes([]byte(v)); err == nil {
			forms = append(forms, string(cp))
		}
		for _, f := range forms {
			if bytes.Contains(b, []byte(f)) {
				found = append(found, fmt.Sprintf("%s holds the personal value %q", where, v))
				break
			}
		}
	}
	return found
}

// escapeNonASCII writes every non-ASCII UTF-16 code unit of s in format,
// as JSON and JavaScript (\uc790) or HTML (&#51088;) escapers may.
func escapeNonASCII(s, format string) string {
	var b strings.Builder
	for _, r := range s {
		if r < utf8.RuneSelf {
			b.WriteRune(r)
			continue
		}
		for _, u := range utf16.Encode([]rune{r}) {
			fmt.Fprintf(&b, format, u)
		}
	}
	return b.String()
}

func writeTestFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
