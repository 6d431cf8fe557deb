package ingest

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"golang.org/x/text/encoding/korean"

	"sijang/internal/demo"
	"sijang/internal/market"
)

// The behaviour of whole files is in testdata (see testdata_test.go); the
// tests here are about what a case folder cannot show: failures, refusals,
// profiles, privacy over every fixture, and the demo's exports.

func testConfig(t testing.TB) *market.Config {
	t.Helper()
	cfg, err := market.Load(filepath.Join("testdata", "market.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func testOptions(t testing.TB) Options {
	return Options{Config: testConfig(t), BuyerKey: []byte("test-key"), Now: caseNow}
}

func count(t *testing.T, db *sql.DB, q string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(q).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// ledgerCounts counts the rows of every table ingest writes.
func ledgerCounts(t *testing.T, db *sql.DB) string {
	t.Helper()
	var parts []string
	for _, table := range []string{"sales", "cancels", "settlements", "footfall", "spend", "events",
		"ingest_files", "rejects", "file_stalls", "ingest_ignored"} {
		parts = append(parts, fmt.Sprintf("%s=%d", table, count(t, db, "SELECT count(*) FROM "+table)))
	}
	return strings.Join(parts, " ")
}

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestPasswordProtectedWorkbook(t *testing.T) {
	path := filepath.Join("testdata", "smartstore-password", "input.xlsx")
	for _, tc := range []struct {
		passwords []string
		want      string // in the error; "" means it loads
	}{
		{nil, "no password is configured"},
		{[]string{"wrong", "also-wrong"}, "none of the 2 configured passwords opens it"},
		{[]string{"wrong", testPassword}, ""},
	} {
		t.Run(fmt.Sprint(len(tc.passwords)), func(t *testing.T) {
			w := openTestWarehouse(t, "", testConfig(t))
			opt := testOptions(t)
			opt.Passwords = tc.passwords
			res, err := File(context.Background(), w.DB, path, opt)
			if tc.want == "" {
				if err != nil || res.Loaded != 2 {
					t.Fatalf("with the right password among the wrong: %+v, %v; want 2 lines loaded", res, err)
				}
				return
			}
			// The message names the file and says where a password goes.
			if !errors.Is(err, ErrPassword) || !strings.Contains(err.Error(), path) ||
				!strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "xlsx_passwords") {
				t.Fatalf("err = %v; want ErrPassword naming %s, saying %q and where passwords go", err, path, tc.want)
			}
			if n := count(t, w.DB, "SELECT count(*) FROM ingest_files"); n != 0 {
				t.Fatalf("a workbook nobody could open is in the ledger")
			}
		})
	}
}

// Two exports taken at the same time that disagree: the one loaded later
// sets the line, whether the files load one by one or in one batch.
func TestNewestExportTiesGoToTheLaterLoad(t *testing.T) {
	dir := t.TempDir()
	const head = "상품주문번호,주문번호,상품번호,주문상태,주문일시,수량,최종 상품별 총 주문금액\n"
	// The same two lines, the second cancelled in the later file; both files' newest order is 2022-11-02 10:00.
	first := head + "2022110100000001,2022110190000001,5000000001,배송중,2022-11-01 09:00,1,1000\n" +
		"2022110200000002,2022110290000002,5000000001,배송중,2022-11-02 10:00,1,2000\n"
	later := head + "2022110100000001,2022110190000001,5000000001,배송중,2022-11-01 09:00,1,1000\n" +
		"2022110200000002,2022110290000002,5000000001,취소완료,2022-11-02 10:00,1,2000\n"
	files := []string{filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")}
	writeFile(t, files[0], []byte(first))
	writeFile(t, files[1], []byte(later))
	for _, oneRun := range []bool{false, true} {
		w := openTestWarehouse(t, "", testConfig(t))
		var results []Result
		if oneRun {
			l, err := NewLoader(context.Background(), w.DB, testOptions(t))
			if err != nil {
				t.Fatal(err)
			}
			if err := l.Run(context.Background(), files, func(r Result, err error) {
				if err != nil {
					t.Fatal(err)
				}
				results = append(results, r)
			}); err != nil {
				t.Fatal(err)
			}
		} else {
			for _, f := range files {
				r, err := File(context.Background(), w.DB, f, testOptions(t))
				if err != nil {
					t.Fatal(err)
				}
				results = append(results, r)
			}
		}
		var status string
		var net int
		if err := w.DB.QueryRow(`SELECT status, net_krw FROM sales WHERE order_key = '2022110200000002'`).Scan(&status, &net); err != nil {
			t.Fatal(err)
		}
		if status != "cancelled" || net != 0 || results[1].Updated != 1 || results[1].Duplicate != 2 || results[1].Loaded != 0 {
			t.Errorf("one run %v: line %s net %d, later file %+v; want cancelled, net 0, later file 2 duplicates of which 1 updated",
				oneRun, status, net, results[1])
		}
	}
}

// A file at a path the ledger has, with the size and modification time it
// had when loaded, is not read again; otherwise it is hashed (and skipped
// when its content was loaded) or loaded.
func TestUnchangedFilesAreNotReadAgain(t *testing.T) {
	ctx := context.Background()
	w := openTestWarehouse(t, "", testConfig(t))
	path := filepath.Join(t.TempDir(), "orders.csv")
	const head = "상품주문번호,주문번호,상품번호,주문상태,주문일시,수량,최종 상품별 총 주문금액\n"
	one := head + "2022110100000001,2022110190000001,5000000001,배송중,2022-11-01 09:00,1,1000\n"
	writeFile(t, path, []byte(one))
	if res, err := File(ctx, w.DB, path, testOptions(t)); err != nil || res.Loaded != 1 {
		t.Fatalf("first load: %+v, %v", res, err)
	}
	stat, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	setTime := func(mt time.Time) {
		if err := os.Chtimes(path, mt, mt); err != nil {
			t.Fatal(err)
		}
	}
	// Other bytes, same size and time: taken as the file loaded, not read.
	writeFile(t, path, []byte(strings.Replace(one, "배송중", "배송완", 1)))
	setTime(stat.ModTime())
	if res, err := File(ctx, w.DB, path, testOptions(t)); err != nil || !res.Skipped {
		t.Fatalf("same size and time: %+v, %v; want it passed over unread", res, err)
	}
	// Back to the loaded bytes but a new time: hashed, and skipped as that content.
	writeFile(t, path, []byte(one))
	setTime(stat.ModTime().Add(time.Hour))
	if res, err := File(ctx, w.DB, path, testOptions(t)); err != nil || !res.Skipped {
		t.Fatalf("touched: %+v, %v; want it hashed and skipped", res, err)
	}
	// New content: loaded.
	writeFile(t, path, []byte(one+"2022110200000002,2022110290000002,5000000001,배송중,2022-11-02 10:00,1,2000\n"))
	setTime(stat.ModTime())
	if res, err := File(ctx, w.DB, path, testOptions(t)); err != nil || res.Skipped || res.Loaded != 1 || res.Duplicate != 1 {
		t.Fatalf("new content: %+v, %v; want 1 loaded, 1 duplicate", res, err)
	}
}

// TestLedgerPathsAreWorkspaceRelative: the ledger names a file by its path
// in the workspace, so that naming the workspace another way (-w /abs/dir,
// then -w . from inside it) still finds the file unchanged.
func TestLedgerPathsAreWorkspaceRelative(t *testing.T) {
	ctx := context.Background()
	w := openTestWarehouse(t, "", testConfig(t))
	root := t.TempDir()
	path := filepath.Join(root, "inbox", "orders.csv")
	const head = "상품주문번호,주문번호,상품번호,주문상태,주문일시,수량,최종 상품별 총 주문금액\n"
	one := head + "2022110100000001,2022110190000001,5000000001,배송중,2022-11-01 09:00,1,1000\n"
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, path, []byte(one))
	stat, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	opt := testOptions(t)
	opt.Root = root
	if res, err := File(ctx, w.DB, path, opt); err != nil || res.Loaded != 1 {
		t.Fatalf("first load: %+v, %v", res, err)
	}
	var recorded string
	if err := w.DB.QueryRow(`SELECT path FROM ingest_files`).Scan(&recorded); err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join("inbox", "orders.csv"); recorded != want {
		t.Errorf("ledger path %q; want %q", recorded, want)
	}
	// Other bytes, same size and time, named from inside the workspace: not read.
	writeFile(t, path, []byte(strings.Replace(one, "배송중", "배송완", 1)))
	if err := os.Chtimes(path, stat.ModTime(), stat.ModTime()); err != nil {
		t.Fatal(err)
	}
	t.Chdir(root)
	opt.Root = "."
	if res, err := File(ctx, w.DB, filepath.Join("inbox", "orders.csv"), opt); err != nil || !res.Skipped {
		t.Fatalf("named from inside: %+v, %v; want it passed over unread", res, err)
	}
	// A file outside the workspace is recorded by its absolute path.
	outside := filepath.Join(t.TempDir(), "more.csv")
	writeFile(t, outside, []byte(head+"2022110200000002,2022110290000002,5000000001,배송중,2022-11-02 10:00,1,2000\n"))
	if res, err := File(ctx, w.DB, outside, opt); err != nil || res.Loaded != 1 {
		t.Fatalf("outside: %+v, %v", res, err)
	}
	var n int
	if err := w.DB.QueryRow(`SELECT count(*) FROM ingest_files WHERE path = ?`, outside).Scan(&n); err != nil || n != 1 {
		t.Errorf("%d ledger rows for %s (%v); want 1", n, outside, err)
	}
}

func TestLegacyXLSRefused(t *testing.T) {
	w := openTestWarehouse(t, "", testConfig(t))
	path := filepath.Join(t.TempDir(), "old.xls")
	// An OLE2 compound file without an EncryptionInfo stream: a BIFF .xls.
	writeFile(t, path, append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 1024)...))
	_, err := File(context.Background(), w.DB, path, testOptions(t))
	if err == nil || errors.Is(err, ErrPassword) || !strings.Contains(err.Error(), "save it as .xlsx") {
		t.Fatalf("err = %v; want a message to save the .xls as .xlsx", err)
	}
}

// An interrupted load (here: a failure after the merge, before the ledger
// line) leaves nothing of that file; loading it again then works. Every
// file of every case.
func TestInterruptedLoadLeavesNothing(t *testing.T) {
	for _, tc := range testCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			w := openTestWarehouse(t, "", tc.opt.Config)
			for _, in := range tc.inputs {
				before, beforeDump := ledgerCounts(t, w.DB), dump(t, w.DB)
				testHookAfterMerge = func() error { return errors.New("power cut") }
				_, err := File(context.Background(), w.DB, in, tc.opt)
				testHookAfterMerge = nil
				if err == nil || !strings.Contains(err.Error(), "power cut") {
					t.Fatalf("%s: err = %v; want the injected failure", in, err)
				}
				if after := ledgerCounts(t, w.DB); after != before || dump(t, w.DB) != beforeDump {
					t.Fatalf("%s: a failed load changed the warehouse: %s → %s", in, before, after)
				}
				if res, err := File(context.Background(), w.DB, in, tc.opt); err != nil || res.Skipped {
					t.Fatalf("%s: retry: %+v, %v", in, res, err)
				}
			}
			if got, want := dump(t, w.DB), readWant(t, filepath.Join(tc.dir, "want.txt")); got != want {
				t.Errorf("after the retries:\n%s", lineDiff(want, got))
			}
		})
	}
}

// refusals are files that load nothing, with a message that says why.
func TestRefusedFiles(t *testing.T) {
	cardRows := "승인일자,승인시간,매입사,가맹점번호,승인번호,승인구분,승인금액\n" +
		"2022-11-01,10:00:00,BC카드,1111111111,1,승인,1000\n" +
		"2022-11-01,10:00:00,BC카드,9999999999,2,승인,1000\n" +
		"2022-11-01,10:00:00,BC카드,9999999999,3,승인,1000\n" +
		"2022-13-01,10:00:00,BC카드,1111111111,4,승인,1000\n" +
		"2022-11-01,10:00:00,BC카드,1111111111,5,승인,abc\n"
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"notes", "이름,메모\na,b\n", []string{"not a known export", "FORMATS.md"}},
		{"mostly-bad", cardRows, []string{"refused: 4 of 5 rows are bad", "9999999999"}},
		{"sdot-elsewhere", "모델번호,시리얼,측정시간,방문자수\nP,00000001111,2022-11-07_10:00:00,3\nP,00000002222,2022-11-07_10:00:00,4\n",
			[]string{"none of its 2 rows is about a sensor of market.yaml", "00000001111, 00000002222"}},
		{"pos-nobodys", "영업일,결제일,결제 시간,결제 금액\n2022-11-01,2022-11-01,10:00,1000\n2022-11-01,2022-11-01,11:00,1000\n" +
			"2022-11-01,2022-11-01,12:00,1000\n2022-11-01,2022-11-01,13:00,1000\n2022-11-01,2022-11-01,14:00,1000\n",
			[]string{"refused", "does not say whose it is"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := openTestWarehouse(t, "", testConfig(t))
			path := filepath.Join(t.TempDir(), tc.name+".csv")
			writeFile(t, path, []byte(tc.text))
			_, err := File(context.Background(), w.DB, path, testOptions(t))
			for _, s := range tc.want {
				if err == nil || !strings.Contains(err.Error(), s) {
					t.Fatalf("err = %v; want it to say %q", err, s)
				}
			}
			if n := count(t, w.DB, "SELECT count(*) FROM ingest_files"); n != 0 {
				t.Fatalf("a refused file is in the ledger")
			}
		})
	}
}

// TestQueriesBind binds every embedded statement against the incoming
// tables as a batch stages them (built from the Arrow schemas), so a binder
// error fails the tests, not an ingest. The statements that make a batch's
// temporary tables run, on empty tables, in the order a load runs them; the
// others are prepared.
func TestQueriesBind(t *testing.T) {
	w := openTestWarehouse(t, "", testConfig(t))
	ctx := context.Background()
	conn, err := w.DB.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	duckType := map[string]string{"utf8": "VARCHAR", "int64": "BIGINT", "int32": "INTEGER",
		"date32": "DATE", "timestamp[us]": "TIMESTAMP"}
	staged := map[string]*arrow.Schema{"incoming_files": filesSchema, "incoming_sales": salesSchema,
		"incoming_cancels": cancelsSchema, "incoming_footfall": footfallSchema, "incoming_spend": spendSchema,
		"incoming_events": eventsSchema, "incoming_settlements": settlementsSchema,
		"arrow_rejects": rejectsSchema, "arrow_file_stalls": fileStallsSchema, "arrow_ledger": ledgerSchema}
	for name, s := range staged {
		var cols []string
		for _, f := range s.Fields() {
			typ, ok := duckType[f.Type.String()]
			if !ok {
				t.Fatalf("%s.%s: no DuckDB type for Arrow %s", name, f.Name, f.Type)
			}
			cols = append(cols, f.Name+" "+typ)
		}
		if _, err := conn.ExecContext(ctx, fmt.Sprintf("CREATE TEMP TABLE %s (%s)", name, strings.Join(cols, ", "))); err != nil {
			t.Fatal(err)
		}
	}
	day := time.Date(2022, 11, 1, 0, 0, 0, 0, time.UTC)
	// Each group makes its tables (and the statements after it read them), then they are dropped.
	made, bound := map[string]bool{}, map[string]bool{}
	for _, group := range [][]struct {
		name, table string
		args        []any
	}{
		{{"cancels_new", "batch_new", nil}, {"cancels_sum", "batch_cancelled", []any{"card", day}},
			{"sales_stored", "batch_stored", []any{"card", day, day}}, {"sales_repeated", "batch_repeated", []any{true}},
			{"sales_occurrences", "batch_occurrences", []any{"card"}}},
		{{"cancels_none", "batch_cancelled", nil}, {"sales_uncontended", "batch_occurrences", nil}},
		{{"footfall_new", "batch_new", []any{day, day}}},
		{{"footfall_all", "batch_new", nil}},
		{{"spend_new", "batch_new", nil}},
		{{"events_new", "batch_new", nil}},
	} {
		for _, c := range group {
			made[c.name] = true
			if _, err := conn.ExecContext(ctx, query(c.name), c.args...); err != nil {
				t.Errorf("%s does not bind: %v", c.name, err)
			}
		}
		prepareAll(conn, made, bound)
		for _, c := range group {
			conn.ExecContext(ctx, "DROP TABLE IF EXISTS "+c.table)
			conn.ExecContext(ctx, "DROP VIEW IF EXISTS "+c.table)
		}
	}
	entries, _ := sqlFS.ReadDir("sql")
	for _, e := range entries {
		if name := strings.TrimSuffix(e.Name(), ".sql"); !made[name] && !bound[name] {
			t.Errorf("%s was never bound", name)
		}
	}
}

// prepareAll prepares every statement that is not a CREATE and not bound
// yet, and notes those that bind now.
func prepareAll(conn *sql.Conn, creates, bound map[string]bool) {
	ctx := context.Background()
	entries, _ := sqlFS.ReadDir("sql")
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".sql")
		if creates[name] || bound[name] {
			continue
		}
		if _, err := conn.ExecContext(ctx, "PREPARE q AS "+query(name)); err == nil {
			bound[name] = true
			conn.ExecContext(ctx, "DEALLOCATE q")
		}
	}
}

func TestProfileErrors(t *testing.T) {
	base := "name: x\ntable: sales\ncolumns: {date: 일자, amount: 금액, stall_name: 가게}\n"
	for _, tc := range []struct{ yaml, want string }{
		{"table: sales\n", "name is required"},
		{"name: card\ntable: sales\n", "built-in"},
		{"name: x\ntable: stock\n", `table "stock"`},
		{"name: x\ntable: sales\ncolumns: {date: 일자}\n", "columns.date and columns.amount"},
		{"name: x\ntable: sales\ncolumns: {date: 일자, amount: 금액}\n", "needs stall"},
		{"name: x\ntable: footfall\ncolumns: {date: 일시, visitors: 입장}\n", "sensor"},
		{base + "encoding: latin1\n", `encoding "latin1"`},
		{base + "channel: mail\n", `channel "mail"`},
		{base + "date_format: DD.MM\n", "no year"},
		{base + "date_format: YYYY-MM-01\n", "digits"},
		{"name: x\ntable: sales\ncolumns: {date: 일자, amount: 금액, stall_name: 가게, order_key: [주문번호, 수취인명]}\n", `"수취인명" holds personal data`},
		{base + "colums: {}\n", "field colums not found"},
		{base + "statuses: {취소: \"\"}\n", "empty label or status"},
	} {
		if _, err := ParseProfile([]byte(tc.yaml)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseProfile(%q) = %v; want an error saying %q", tc.yaml, err, tc.want)
		}
	}
	pr, err := ParseProfile([]byte(base + "date_format: DD/MM/YY HH:mm\nsignature: [매장코드]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if pr.layout != "02/01/06 15:04" || pr.Channel != "other" {
		t.Errorf("layout %q, channel %q; want 02/01/06 15:04 and the default channel other", pr.layout, pr.Channel)
	}
	// The signature is the listed names and every mapped column.
	if h := newHeader([]string{"매장코드", "일자", "금액", "가게"}); !h.matches(pr.source.signature) {
		t.Errorf("a header with every named column does not match")
	}
	if h := newHeader([]string{"일자", "금액", "가게"}); h.matches(pr.source.signature) {
		t.Errorf("a header without 매장코드 matches")
	}
	if _, err := LoadProfiles(filepath.Join(t.TempDir(), "none")); err != nil {
		t.Errorf("a workspace without profiles/: %v", err)
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.yaml"), []byte(base))
	writeFile(t, filepath.Join(dir, "b.yml"), []byte(base))
	if _, err := LoadProfiles(dir); err == nil || !strings.Contains(err.Error(), "b.yml") || !strings.Contains(err.Error(), "a.yaml") {
		t.Errorf("two profiles named x: %v; want an error naming both files", err)
	}
}

// A profile's encoding matters when the first 64 KiB detection reads are
// plain ASCII and the Korean text comes later; a footfall profile maps a
// counter with a constant sensor.
func TestProfileEncodingAndFootfall(t *testing.T) {
	dir := t.TempDir()
	var text bytes.Buffer
	text.WriteString("ts,count\n")
	start := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 5000; i++ {
		fmt.Fprintf(&text, "%s,%d\n", start.Add(time.Duration(i)*10*time.Minute).Format("2006/01/02 15:04"), i%50)
	}
	fmt.Fprintf(&text, "%s,%s\n", start.Add(5000*10*time.Minute).Format("2006/01/02 15:04"), "7명")
	cp949, err := korean.EUCKR.NewEncoder().Bytes(text.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "counter.csv")
	writeFile(t, path, cp949)
	for _, enc := range []string{"auto", "cp949"} {
		t.Run(enc, func(t *testing.T) {
			pr, err := ParseProfile([]byte("name: gate\ntable: footfall\nsensor: G2\nencoding: " + enc +
				"\ndate_format: YYYY/MM/DD HH:mm\ncolumns: {date: ts, visitors: count}\n"))
			if err != nil {
				t.Fatal(err)
			}
			w := openTestWarehouse(t, "", testConfig(t))
			opt := testOptions(t)
			opt.Profiles = []*Profile{pr}
			res, err := File(context.Background(), w.DB, path, opt)
			if err != nil {
				t.Fatal(err)
			}
			// Read as UTF-8, "7명" in CP949 is not a count.
			wantLoaded := map[string]int{"auto": 5000, "cp949": 5001}[enc]
			if res.Source != "gate" || res.Read != 5001 || res.Loaded != wantLoaded {
				t.Fatalf("%+v; want gate, 5001 read, %d loaded", res, wantLoaded)
			}
		})
	}
}

// TestNoPersonalData loads every case into one warehouse file and checks
// that none of the fixtures' personal values (testdata/personal.txt) is in
// the file, in any text column, or in the messages a run prints.
func TestNoPersonalData(t *testing.T) {
	personal := readWant(t, filepath.Join("testdata", "personal.txt"))
	values := strings.Split(personal, "\n")
	cases := testCases(t)

	// The list is real: each value is in some fixture.
	var cells strings.Builder
	for _, tc := range cases {
		for _, in := range tc.inputs {
			cells.WriteString(allCells(t, in, tc.opt.Passwords))
		}
	}
	for _, v := range values {
		if !strings.Contains(cells.String(), v) {
			t.Errorf("personal.txt lists %q, which no fixture holds", v)
		}
	}

	path := filepath.Join(t.TempDir(), "warehouse.duckdb")
	w := openTestWarehouse(t, path, cases[0].opt.Config)
	var log strings.Builder
	for _, tc := range cases {
		for _, in := range tc.inputs {
			res, err := File(context.Background(), w.DB, in, tc.opt)
			fmt.Fprintf(&log, "%+v %v\n", res, err)
			for _, r := range res.Rejects {
				fmt.Fprintln(&log, r)
			}
		}
	}
	// Failures print messages too.
	_, err := File(context.Background(), w.DB, filepath.Join("testdata", "smartstore-password", "input.xlsx"), testOptions(t))
	fmt.Fprintln(&log, err)

	text := allText(t, w.DB)
	if _, err := w.DB.Exec("CHECKPOINT"); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if wal, err := os.ReadFile(path + ".wal"); err == nil {
		raw = append(raw, wal...)
	}
	// A control: stored text is findable in the file as written.
	if !bytes.Contains(raw, []byte("2022110112345601")) || !strings.Contains(text, "2022110112345601") {
		t.Fatalf("an order key that is stored is not found in the warehouse: the scan would find nothing")
	}
	for _, v := range values {
		forms := [][]byte{[]byte(v)}
		if b, err := korean.EUCKR.NewEncoder().Bytes([]byte(v)); err == nil {
			forms = append(forms, b)
		}
		for _, b := range forms {
			if bytes.Contains(raw, b) {
				t.Errorf("the warehouse file holds personal value %q", v)
				break
			}
		}
		if strings.Contains(text, v) {
			t.Errorf("a warehouse table holds personal value %q", v)
		}
		if strings.Contains(log.String(), v) {
			t.Errorf("the messages hold personal value %q", v)
		}
	}
}

// allCells reads every cell of an export, title rows included.
func allCells(t *testing.T, path string, passwords []string) string {
	t.Helper()
	tb, err := openTable(path, passwords, "", func([]string) bool { return true })
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	defer tb.close()
	var b strings.Builder
	b.WriteString(strings.Join(tb.header, "\t") + "\n")
	for {
		row, _, err := tb.next()
		if err == io.EOF {
			break
		}
		b.WriteString(strings.Join(row, "\t") + "\n")
	}
	return b.String()
}

// allText prints every text column of every table.
func allText(t *testing.T, db *sql.DB) string {
	t.Helper()
	rows, err := db.Query(`SELECT table_name, column_name FROM information_schema.columns
		WHERE data_type = 'VARCHAR' AND table_schema = 'main' ORDER BY ALL`)
	if err != nil {
		t.Fatal(err)
	}
	var cols [][2]string
	for rows.Next() {
		var c [2]string
		rows.Scan(&c[0], &c[1])
		cols = append(cols, c)
	}
	rows.Close()
	var b strings.Builder
	for _, c := range cols {
		q := fmt.Sprintf(`SELECT coalesce(string_agg(%q, '|'), '') FROM %q`, c[1], c[0])
		var s string
		if err := db.QueryRow(q).Scan(&s); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		b.WriteString(s + "\n")
	}
	return b.String()
}

// TestDemoExports loads a small demo workspace: every planted malformed row
// is rejected at its file, row and column with its reason, nothing else is
// rejected, and none of the demo's fake buyers is stored.
func TestDemoExports(t *testing.T) {
	if testing.Short() {
		t.Skip("demo workspace")
	}
	dir := t.TempDir()
	_, err := demo.Generate(context.Background(), demo.Options{Dir: dir, Seed: 3, Stalls: 20,
		From: time.Date(2020, 7, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2021, 6, 30, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := market.Load(filepath.Join(dir, market.FileName))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "warehouse.duckdb")
	w := openTestWarehouse(t, path, cfg)
	files, err := Files([]string{filepath.Join(dir, "inbox")})
	if err != nil {
		t.Fatal(err)
	}
	opt := Options{Config: cfg, BuyerKey: []byte("demo-key"), Passwords: cfg.Ingest.XLSXPasswords}
	var got []string
	for _, f := range files {
		res, err := File(context.Background(), w.DB, f, opt)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(dir, f)
		for _, r := range res.Rejects {
			got = append(got, fmt.Sprintf("%s:%d:%s: %s (%s)", rel, r.Row, r.Column, r.Kind, res.Source))
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	var truth struct {
		Malformed []struct {
			File, Column, Kind string
			Row                int
			Reason             string `json:"reason_kind"`
		}
	}
	if err := json.Unmarshal(b, &truth); err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, m := range truth.Malformed {
		want = append(want, fmt.Sprintf("%s:%d:%s: %s (%s)", m.File, m.Row, m.Column, m.Reason, m.Kind))
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) || len(want) == 0 {
		t.Errorf("rejects:\n%s\nplanted:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Loaded in one run, in batches merged set-wise (overlapping Smart Store
	// exports, card cancellations across months), the exports give the same
	// warehouse as one by one.
	one := openTestWarehouse(t, "", cfg)
	l, err := NewLoader(context.Background(), one.DB, opt)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Run(context.Background(), files, func(r Result, err error) {
		if err != nil {
			t.Errorf("%s: %v", r.Path, err)
		}
	}); err != nil {
		t.Fatal(err)
	}
	if batched, single := dump(t, one.DB), dump(t, w.DB); batched != single {
		diff := strings.Split(lineDiff(single, batched), "\n")
		t.Errorf("one run differs from file by file (%d lines):\n%s", len(diff), strings.Join(diff[:min(len(diff), 40)], "\n"))
	}
	text := allText(t, w.DB)
	w.DB.Exec("CHECKPOINT")
	w.Close()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"가명구매자", "fakebuyer", "가명수취인", "가상시 가상구 테스트로", "가짜 메시지", "010-0000-"} {
		if bytes.Contains(raw, []byte(v)) || strings.Contains(text, v) {
			t.Errorf("the warehouse holds the demo's personal value %q", v)
		}
	}
}
