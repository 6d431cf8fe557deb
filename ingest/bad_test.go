package ingest

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"sijang/internal/market"
)

// The bad-input catalogue: testdata/bad/<case>/ holds broken exports
// (input.*, or input-1.*, input-2.*, … loaded in name order), optionally its
// own market.yaml and profiles/ folder, and a hand-written want.txt. Its
// lines are those of testdata_test.go (file, sales, …, reject: what the
// warehouse holds afterwards) and, for an input that stores nothing:
//
//	refused <file>: <text> [… <text> …]   the error names the file and holds each text, in order
//	skipped <file>                         the same bytes were loaded before
//
// A run of more than 50 copies of one character shows as ⟨c×N⟩.
// TestBadInputs loads every case into a fresh warehouse; the binary inputs
// are written by badFixtures below:
//
//	go test -tags=duckdb_arrow ./ingest/ -run TestBadFixtures -update

func badCases(t *testing.T) []testCase {
	t.Helper()
	shared, err := market.Load(filepath.Join("testdata", "market.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	wants, err := filepath.Glob(filepath.Join("testdata", "bad", "*", "want.txt"))
	if err != nil || len(wants) == 0 {
		t.Fatalf("no bad-input cases (%v)", err)
	}
	var cases []testCase
	for _, w := range wants {
		dir := filepath.Dir(w)
		inputs, _ := filepath.Glob(filepath.Join(dir, "input*"))
		if len(inputs) == 0 {
			t.Fatalf("%s: no input file", dir)
		}
		cfg := shared
		if own := filepath.Join(dir, market.FileName); fileExists(own) {
			if cfg, err = market.Load(own); err != nil {
				t.Fatal(err)
			}
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

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func TestBadInputs(t *testing.T) {
	for _, tc := range badCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			w := openTestWarehouse(t, "", tc.opt.Config)
			want := readWant(t, filepath.Join(tc.dir, "want.txt"))
			refusals := map[string][]string{} // file → texts its error must hold
			var wantStored, wantSkipped []string
			for _, l := range strings.Split(want, "\n") {
				switch {
				case strings.HasPrefix(l, "refused "):
					file, text, _ := strings.Cut(strings.TrimPrefix(l, "refused "), ": ")
					refusals[file] = strings.Split(text, " … ")
				case strings.HasPrefix(l, "skipped "):
					wantSkipped = append(wantSkipped, strings.TrimPrefix(l, "skipped "))
				default:
					wantStored = append(wantStored, l)
				}
			}

			var skipped, returned []string
			for _, in := range tc.inputs {
				base := filepath.Base(in)
				before, beforeDump := ledgerCounts(t, w.DB), dump(t, w.DB)
				res, err := loadNoPanic(t, w.DB, in, tc.opt)
				texts, refuse := refusals[base]
				switch {
				case err != nil && !refuse:
					t.Errorf("%s refused: %v", base, err)
				case err == nil && refuse:
					t.Errorf("%s loaded (%+v); want it refused saying %q", base, res, texts)
				case err != nil:
					checkRefusal(t, err, in, texts)
					if after := ledgerCounts(t, w.DB); after != before || dump(t, w.DB) != beforeDump {
						t.Errorf("refused %s changed the warehouse: %s → %s", base, before, after)
					}
				}
				if res.Skipped {
					skipped = append(skipped, base)
				}
				if err == nil && res.Read != res.Loaded+res.Duplicate+res.Rejected {
					t.Errorf("%s: read %d ≠ loaded %d + duplicate %d + rejected %d", base, res.Read, res.Loaded, res.Duplicate, res.Rejected)
				}
				for _, r := range res.Rejects {
					checkReject(t, r, in)
					if err == nil { // a refused file's rejects are in its message, not the warehouse
						returned = append(returned, fmt.Sprintf("reject %s:%d:%s: %s", base, r.Row, r.Column, r.Kind))
					}
				}
			}
			if n := count(t, w.DB, `SELECT count(*) FROM ingest_files WHERE rows_read <> rows_loaded + rows_duplicate + rows_rejected`); n != 0 {
				t.Errorf("%d ledger lines where rows_read ≠ rows_loaded + rows_duplicate + rows_rejected", n)
			}
			if strings.Join(skipped, " ") != strings.Join(wantSkipped, " ") {
				t.Errorf("skipped as loaded before: %q; want %q", skipped, wantSkipped)
			}
			got := dump(t, w.DB)
			if shown := showRuns(got); shown != strings.Join(wantStored, "\n") {
				t.Errorf("warehouse after loading %s:\n%s", tc.dir, lineDiff(strings.Join(wantStored, "\n"), shown))
			}
			checkStoredRejects(t, got, returned)

			// Loading the same files again changes nothing: each is skipped or refused again.
			for _, in := range tc.inputs {
				res, err := loadNoPanic(t, w.DB, in, tc.opt)
				if _, refuse := refusals[filepath.Base(in)]; (err != nil) != refuse || (err == nil && !res.Skipped) {
					t.Errorf("%s again: %+v, %v; want it skipped, or refused as the first time", in, res, err)
				}
			}
			if again := dump(t, w.DB); again != got {
				t.Errorf("loading the same files again changed the warehouse:\n%s", lineDiff(got, again))
			}
		})
	}
}

// loadNoPanic loads one file; a panic fails the test with the file's name.
func loadNoPanic(t *testing.T, db *sql.DB, path string, opt Options) (res Result, err error) {
	t.Helper()
	defer func() {
		if p := recover(); p != nil {
			t.Fatalf("%s: panic: %v", path, p)
		}
	}()
	return File(context.Background(), db, path, opt)
}

// checkRefusal checks that a refused file's message names it and says,
// in order, each of the texts want.txt gives.
func checkRefusal(t *testing.T, err error, path string, texts []string) {
	t.Helper()
	msg := err.Error()
	if !strings.HasPrefix(msg, "ingest "+path+": ") {
		t.Errorf("%q does not start by naming the file %s", msg, path)
	}
	rest := msg
	for _, s := range texts {
		i := strings.Index(rest, s)
		if i < 0 {
			t.Errorf("%q does not say %q (after the texts before it)", msg, s)
			return
		}
		rest = rest[i+len(s):]
	}
}

// checkReject checks that a reject prints as file:row:column: reason.
func checkReject(t *testing.T, r *RowError, path string) {
	t.Helper()
	prefix := fmt.Sprintf("%s:%d:%s: ", path, r.Row, r.Column)
	if r.File != path || r.Row < 1 || r.Kind == "" || r.Err == nil ||
		!strings.HasPrefix(r.Error(), prefix) || strings.TrimSpace(strings.TrimPrefix(r.Error(), prefix)) == "" {
		t.Errorf("reject %q (kind %q) is not %s<reason>", r.Error(), r.Kind, prefix)
	}
}

// showRuns shortens a run of more than 50 copies of one character to ⟨c×N⟩.
func showRuns(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i := 0; i < len(rs); {
		j := i
		for j < len(rs) && rs[j] == rs[i] {
			j++
		}
		if j-i > 50 {
			fmt.Fprintf(&b, "⟨%c×%d⟩", rs[i], j-i)
		} else {
			b.WriteString(string(rs[i:j]))
		}
		i = j
	}
	return b.String()
}

// badFixtures are the catalogue's binary inputs (workbooks, CP949, BOM and
// CRLF text, random bytes, very long lines).
func badFixtures() []fixture {
	return []fixture{
		{path: "bad/truncated-xlsx/input.xlsx", build: func() ([]byte, error) {
			b, err := os.ReadFile(filepath.Join("testdata", "smartstore-full-header", "input.xlsx"))
			return b[:len(b)/2], err
		}},
		{path: "bad/password-not-configured/input.xlsx", build: func() ([]byte, error) {
			return os.ReadFile(filepath.Join("testdata", "smartstore-password", "input.xlsx"))
		}},
		{path: "bad/garbage-csv/input.csv", build: func() ([]byte, error) { return randomBytes(1, 4096), nil }},
		{path: "bad/garbage-xlsx/input.xlsx", build: func() ([]byte, error) { return randomBytes(2, 4096), nil }},
		{path: "bad/garbage-zip-xlsx/input.xlsx", build: func() ([]byte, error) {
			return append([]byte("PK\x03\x04"), randomBytes(3, 4092)...), nil
		}},
		{path: "bad/header-only-xlsx/input.xlsx", build: func() ([]byte, error) {
			return workbook{sheet: "발주발송관리", modified: "2022-11-05T00:00:00Z", rows: [][]any{anys(smartstoreHeader)}}.bytes()
		}},
		{path: "bad/cp949-with-utf8-bom/input.csv", build: func() ([]byte, error) {
			b, err := csvBytes(true, false, cardRows(
				[]string{"2022-11-02", "10:00:00", "신한카드", "1111111111", "50001", "승인", "12,000"},
				[]string{"2022-11-02", "11:00:00", "국민카드", "2222222222", "50002", "승인", "8,000"},
			))
			return append([]byte("\xEF\xBB\xBF"), b...), err
		}},
		{path: "bad/cp949-stray-bytes/input.csv", build: func() ([]byte, error) {
			rows := [][]string{
				{"승인일자", "승인시간", "매입사", "가맹점번호", "승인번호", "승인구분", "승인금액", "카드번호"},
				{"2022-11-03", "10:00:00", "신한카드", "1111111111", "60001", "승인", "10,000", "5327-12**-****-0001"},
				{"2022-11-03", "10:10:00", "신한카드", "1111111111", "60002", "승인", "11,000", "5327-12**-****-~STRAY~"},
				{"2022-11-03", "10:20:00", "신한카드", "1111111111", "60003", "승인", "12,~STRAY~000", "5327-12**-****-0003"},
				{"2022-11-03", "10:30:00", "신한~STRAY~카드", "1111111111", "60004", "승인", "13,000", "5327-12**-****-0004"},
				{"2022-11-03", "10:40:00", "신한카드", "1111111111", "60005", "승인~STRAY~", "14,000", "5327-12**-****-0005"},
				{"2022-11-03", "10:50:00", "신한카드", "1111111111", "60006", "승인", "15,000", "5327-12**-****-0006"},
			}
			b, err := csvBytes(true, false, rows)
			// 0xFF is no CP949 byte; 0xB0 starts a two-byte character that the next byte does not finish.
			b = bytes.Replace(b, []byte("~STRAY~"), []byte{0xFF}, 3)
			return bytes.Replace(b, []byte("~STRAY~"), []byte{0xB0}, 1), err
		}},
		{path: "bad/utf8-bom/input.csv", build: func() ([]byte, error) {
			return csvBytes(false, true, [][]string{
				{"상품주문번호", "주문번호", "상품번호", "주문일시", "주문상태", "수량", "최종 상품별 총 주문금액"},
				{"2022110700000001", "2022110790000001", "5000000001", "2022-11-07 09:00:00", "구매확정", "1", "21,000"},
				{"2022110700000002", "2022110790000002", "6000000001", "2022-11-07 09:30:00", "배송완료", "2", "18,000"},
			})
		}},
		{path: "bad/crlf-line-endings/input.csv", build: func() ([]byte, error) {
			// csvBytes ends every line with CRLF, also inside the quoted 비고 of line 3.
			return csvBytes(false, false, [][]string{
				{"승인일자", "승인시간", "매입사", "가맹점번호", "승인번호", "승인구분", "승인금액", "비고"},
				{"2022-11-08", "09:00:00", "BC카드", "1111111111", "70001", "승인", "7,000", ""},
				{"2022-11-08", "09:10:00", "BC카드", "1111111111", "70002", "승인", "7,500", "첫 줄\n둘째 줄"},
				{"2022-11-08", "09:20:00", "BC카드", "1111111111", "70003", "승인", "칠천원", ""},
				{"2022-11-08", "09:30:00", "BC카드", "2222222222", "70004", "승인", "8,000", ""},
			})
		}},
		{path: "bad/dates-every-format-xlsx/input.xlsx", build: func() ([]byte, error) {
			// Serial 44452 is 2021-09-13; .586805556 is 14:05:00, .25 is 06:00.
			row := func(key string, at any) []any {
				return []any{key, "20210913" + key[8:], "5000000001", "구매확정", at, 1, 1000}
			}
			return workbook{sheet: "구매확정내역", modified: "2021-09-20T00:00:00Z", dateCols: []int{4}, rows: [][]any{
				{"상품주문번호", "주문번호", "상품번호", "주문상태", "주문일시", "수량", "최종 상품별 총 주문금액"},
				row("2021091300000101", 44452),
				row("2021091300000102", 44452.586805556),
				row("2021091300000103", "44452.25"),
				row("2021091300000104", "2021-09-13 14:05:00"),
				row("2021091300000105", "2021.09.13 14:05"),
				row("2021091300000106", "2021년 9월 13일"),
				row("2021091300000107", "20210913"),
				row("2021091300000108", 0),
				row("2021091300000109", "2021-02-30"),
			}}.bytes()
		}},
		{path: "bad/future-dates/input.xlsx", build: func() ([]byte, error) {
			row := func(key, at string) []any {
				return []any{key, "2022" + key[4:], "5000000001", "결제완료", at, 1, 5000}
			}
			// Exported 2022-11-10 09:00 (KST); "today" is 2022-12-31.
			return workbook{sheet: "발주발송관리", modified: "2022-11-10T00:00:00Z", rows: [][]any{
				{"상품주문번호", "주문번호", "상품번호", "주문상태", "주문일시", "수량", "최종 상품별 총 주문금액"},
				row("2022110900000001", "2022-11-09 10:00:00"),
				row("2022112000000002", "2022-11-20 10:00:00"),
				row("2023010500000003", "2023-01-05 10:00:00"),
				row("2099123100000004", "2099-12-31 23:59:59"),
			}}.bytes()
		}},
		{path: "bad/formula-cells-xlsx/input.xlsx", build: formulaWorkbook},
		{path: "bad/very-long-fields/input-1.csv", build: func() ([]byte, error) {
			return csvBytes(false, false, [][]string{
				{"상품주문번호", "주문번호", "상품번호", "상품명", "주문일시", "주문상태", "수량", "최종 상품별 총 주문금액", "배송메세지"},
				{"2022111500000001", "2022111590000001", "5000000001", strings.Repeat("홍", 100_000), "2022-11-15 10:00:00", "구매확정", "1", "30,000", "문 앞"},
				{"2022111500000002", "2022111590000002", "5000000002", "홍어애탕", "2022-11-15 11:00:00", "구매확정", "1", "19,900", ""},
				{"2022111500000003", "2022111590000003", "6000000001", "갈치", "2022-11-15 12:00:00", "구매확정", "1", "25,000", ""},
			})
		}},
		{path: "bad/very-long-fields/input-2.csv", build: func() ([]byte, error) {
			return csvBytes(false, false, [][]string{
				{"집행일자", "비목", "세목", "집행금액", "적요"},
				{"2022-11-16", "라이브커머스", "출연료", "100,000", strings.Repeat("가", 100_000)},
			})
		}},
	}
}

// cardRows puts a card-list header above the given rows.
func cardRows(rows ...[]string) [][]string {
	return append([][]string{{"승인일자", "승인시간", "매입사", "가맹점번호", "승인번호", "승인구분", "승인금액"}}, rows...)
}

// randomBytes returns n bytes that are the same on every run.
func randomBytes(seed uint64, n int) []byte {
	r := rand.New(rand.NewPCG(seed, seed))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// formulaWorkbook is a live-commerce list whose cells hold formulas
// (never evaluated: a formula cell without a stored result reads as empty)
// and text that only looks like one.
func formulaWorkbook() ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	const s = "방송목록"
	if err := f.SetSheetName("Sheet1", s); err != nil {
		return nil, err
	}
	rows := [][]any{{"방송일자", "점포", "구분", "방송제목"},
		{"2022-11-14", "자매수산", "라이브커머스", nil},
		{nil, "자매수산", "라이브커머스", "오늘의 방송"},
		{"2022-11-15", "목포수산", "라이브커머스", "=1+1"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(s, cell, &r); err != nil {
			return nil, err
		}
	}
	for cell, formula := range map[string]string{"D2": `HYPERLINK("http://example.invalid","홍어")`, "A3": "TODAY()"} {
		if err := f.SetCellFormula(s, cell, formula); err != nil {
			return nil, err
		}
	}
	if err := f.SetDocProps(&excelize.DocProperties{Created: "2022-11-16T00:00:00Z", Modified: "2022-11-16T00:00:00Z", Creator: "sijang tests"}); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	_, err := f.WriteTo(&buf)
	return buf.Bytes(), err
}

// TestBadFixtures checks that the generated inputs of testdata/bad are what
// badFixtures writes, and rewrites them with -update.
func TestBadFixtures(t *testing.T) {
	for _, fx := range badFixtures() {
		path := filepath.Join("testdata", filepath.FromSlash(fx.path))
		want, err := fx.build()
		if err != nil {
			t.Fatalf("%s: %v", fx.path, err)
		}
		got, err := os.ReadFile(path)
		switch {
		case err == nil && bytes.Equal(got, want):
		case *update:
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			writeFile(t, path, want)
		default:
			t.Errorf("%s is not what bad_test.go writes; run: go test -tags=duckdb_arrow ./ingest/ -run TestBadFixtures -update", path)
		}
	}
}
