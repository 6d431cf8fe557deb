package ingest

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/korean"

	"sijang/internal/market"
	"sijang/internal/warehouse"
)

// testConfig is a one-market workspace with two stalls.
func testConfig() *market.Config {
	c := &market.Config{Version: 1, Markets: []market.Market{{
		ID: "m1", Name: "테스트시장", BaselineYear: 2019,
		Alleys: []market.Alley{{ID: "seafood", Name: "수산물 거리"}},
		Stalls: []market.Stall{
			{ID: "S1", Name: "자매수산", Alley: "seafood", Category: "수산", CardMerchantNo: "1111111111",
				Stores: []market.Store{{Channel: "smartstore", Name: "자매수산 홍어", ProductIDs: []string{"5000000001"}}}},
			{ID: "S2", Name: "목포수산", Alley: "seafood", Category: "수산", CardMerchantNo: "2222222222",
				Stores: []market.Store{{Channel: "jangbogi", Name: "목포수산", ProductIDs: []string{"6000000001"}}}},
		},
		Sensors: []market.Sensor{{ID: "G1", Alley: "seafood"}},
		Budget:  market.Budget{Components: []market.Component{{ID: "live", Name: "라이브커머스", PlanKRW: 100}}},
	}}}
	if err := c.Validate(); err != nil {
		panic(err)
	}
	return c
}

func testOptions() Options {
	return Options{Config: testConfig(), BuyerKey: []byte("test-key"), Now: time.Date(2022, 12, 31, 0, 0, 0, 0, time.UTC)}
}

func openWarehouse(t *testing.T) (*warehouse.Warehouse, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "warehouse.duckdb")
	w, err := warehouse.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	if err := SyncMarkets(context.Background(), w.DB, testConfig()); err != nil {
		t.Fatal(err)
	}
	return w, path
}

// writeCSV writes rows as CSV in CP949 (cp949 true) or UTF-8 with BOM.
func writeCSV(t *testing.T, path string, cp949 bool, rows [][]string) {
	t.Helper()
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	if cp949 {
		enc, err := korean.EUCKR.NewEncoder().Bytes(b)
		if err != nil {
			t.Fatal(err)
		}
		b = enc
	} else {
		b = append([]byte("\xEF\xBB\xBF"), b...)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// writeXLSX writes a sheet with the given rows and document time.
func writeXLSX(t *testing.T, path string, modified string, rows [][]any) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cellName, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cellName, &r); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SetDocProps(&excelize.DocProperties{Created: modified, Modified: modified}); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

func salesRow(t *testing.T, db *sql.DB, key string) (status string, gross, net int64) {
	t.Helper()
	err := db.QueryRow(`SELECT status, gross_krw, net_krw FROM sales WHERE order_key = ?`, key).Scan(&status, &gross, &net)
	if err != nil {
		t.Fatalf("sales line %s: %v", key, err)
	}
	return
}

func count(t *testing.T, db *sql.DB, q string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(q).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

var cardHeader = []string{"승인일자", "승인시간", "매입사", "가맹점번호", "승인번호", "승인구분", "승인금액", "할부개월", "카드번호", "원승인일자"}

func TestCardCP949WithCancellation(t *testing.T) {
	w, _ := openWarehouse(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "card.csv")
	writeCSV(t, path, true, [][]string{
		{"카드매출 승인내역"},
		{"조회기간: 2021-01-01 ~ 2021-01-31"},
		{""},
		cardHeader,
		{"2021-01-04", "10:15:00", "신한카드", "1111111111", "00000001", "승인", "35,000", "00", "5327-12**-****-3456", ""},
		{"2021-01-04", "11:00:00", "국민카드", "1111111111", "00000002", "승인", "12,000원", "00", "", ""},
		{"2021.01.05", "091500", "신한카드", "2222222222", "00000003", "승인", "8000", "00", "", ""},
		{"2021-01-06", "09:00:00", "신한카드", "1111111111", "00000001", "취소", "-35,000", "00", "", "2021-01-04"},
		{"2021-02-30", "09:00:00", "신한카드", "1111111111", "00000009", "승인", "1,000", "00", "", ""},
		{"2021-01-07", "09:00:00", "신한카드", "9999999999", "00000010", "승인", "1,000", "00", "", ""},
	})
	res, err := File(ctx, w.DB, path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	// 6 data rows: 3 approvals + 1 cancellation loaded, 1 impossible date and 1 unknown merchant rejected.
	if res.Source != "card" || res.Read != 6 || res.Loaded != 4 || res.Duplicate != 0 || res.Rejected != 2 {
		t.Fatalf("result = %+v; want card, read 6, loaded 4, duplicate 0, rejected 2", res)
	}
	// Row numbers count the title rows: the header is line 4, so the bad rows are lines 9 and 10.
	var rejects []string
	rows, _ := w.DB.Query(`SELECT row_number || ':' || column_name || ':' || kind FROM rejects ORDER BY row_number`)
	for rows.Next() {
		var s string
		rows.Scan(&s)
		rejects = append(rejects, s)
	}
	rows.Close()
	if strings.Join(rejects, ",") != "9:승인일자:bad_date,10:가맹점번호:unknown_stall" {
		t.Fatalf("rejects = %v", rejects)
	}
	if st, g, n := salesRow(t, w.DB, "1111111111|신한카드|00000001|20210104"); st != "cancelled" || g != 35000 || n != 0 {
		t.Fatalf("cancelled approval: %s %d %d; want cancelled 35000 0", st, g, n)
	}
	if st, g, n := salesRow(t, w.DB, "1111111111|국민카드|00000002|20210104"); st != "approved" || g != 12000 || n != 12000 {
		t.Fatalf("approval: %s %d %d; want approved 12000 12000", st, g, n)
	}
	if got := count(t, w.DB, `SELECT count(*) FROM sales WHERE stall_id = 'S2' AND sale_date = DATE '2021-01-05' AND sold_at = TIMESTAMP '2021-01-05 09:15:00'`); got != 1 {
		t.Fatalf("S2 line with 2021.01.05 and 091500: %d rows", got)
	}
	var from, to time.Time
	w.DB.QueryRow(`SELECT period_from, period_to FROM ingest_files`).Scan(&from, &to)
	if from.Format(time.DateOnly) != "2021-01-01" || to.Format(time.DateOnly) != "2021-01-31" {
		t.Fatalf("declared period = %v..%v; want 2021-01-01..2021-01-31", from, to)
	}

	// The same file again changes nothing.
	before := count(t, w.DB, `SELECT count(*) FROM sales`)
	res2, err := File(ctx, w.DB, path, testOptions())
	if err != nil || !res2.Skipped {
		t.Fatalf("second ingest: %+v, %v; want skipped", res2, err)
	}
	if after := count(t, w.DB, `SELECT count(*) FROM sales`); after != before || count(t, w.DB, `SELECT count(*) FROM ingest_files`) != 1 {
		t.Fatalf("second ingest changed the warehouse: %d → %d lines", before, after)
	}
}

// A cancellation that arrives in a file before its approval waits and then applies.
func TestCardCancellationBeforeApproval(t *testing.T) {
	w, _ := openWarehouse(t)
	dir := t.TempDir()
	feb := filepath.Join(dir, "feb.csv")
	jan := filepath.Join(dir, "jan.csv")
	writeCSV(t, feb, false, [][]string{cardHeader,
		{"2021-02-01", "09:00:00", "신한카드", "1111111111", "00000001", "취소", "-10,000", "", "", "2021-01-31"}})
	writeCSV(t, jan, false, [][]string{cardHeader,
		{"2021-01-31", "18:00:00", "신한카드", "1111111111", "00000001", "승인", "25,000", "", "", ""}})
	for _, p := range []string{feb, jan} {
		if _, err := File(context.Background(), w.DB, p, testOptions()); err != nil {
			t.Fatal(err)
		}
	}
	// A partial cancellation: 25,000 − 10,000 = 15,000.
	if st, g, n := salesRow(t, w.DB, "1111111111|신한카드|00000001|20210131"); st != "partially_cancelled" || g != 25000 || n != 15000 {
		t.Fatalf("got %s %d %d; want partially_cancelled 25000 15000", st, g, n)
	}
}

var storeHeader = []any{"상품주문번호", "주문번호", "판매채널", "구매자명", "구매자ID", "수취인명", "주문상태", "결제일", "상품번호",
	"상품명", "수량", "최종 상품별 총 주문금액", "배송비 합계", "수취인연락처1", "통합배송지", "주문일시"}

func storeRow(key, status, product string, amount int, at any) []any {
	return []any{key, "2021110412345678", "스마트스토어", "가명홍길동", "fakebuyer77", "가명수취인", status, "", product,
		"홍어 1kg", 1, amount, 3000, "010-9876-5432", "가상시 가상구 비밀로 7", at}
}

func TestSmartstoreOverlappingExportsNewestWins(t *testing.T) {
	dir := t.TempDir()
	older := filepath.Join(dir, "a.xlsx")
	newer := filepath.Join(dir, "b.xlsx")
	// The older export (taken 2021-12-02) has line 1 in delivery; the newer one
	// (taken 2022-01-02) has it returned, plus a new line 2 and a notice row on top.
	writeXLSX(t, older, "2021-12-02T00:00:00Z", [][]any{storeHeader,
		storeRow("2021110400000001", "배송중", "5000000001", 45000, "2021-11-04 10:00:00")})
	writeXLSX(t, newer, "2022-01-02T00:00:00Z", [][]any{
		{"※ 개인정보 보호를 위해 다운로드 파일은 암호화됩니다."},
		storeHeader,
		storeRow("2021110400000001", "반품완료", "5000000001", 45000, "2021-11-04 10:00:00"),
		storeRow("2021120500000002", "구매확정", "6000000001", 30000, 44535.5), // an Excel serial: 2021-12-05 12:00
	})
	for _, order := range [][]string{{older, newer}, {newer, older}} {
		t.Run(filepath.Base(order[0])+"_first", func(t *testing.T) {
			w, path := openWarehouse(t)
			var results []Result
			for _, p := range order {
				res, err := File(context.Background(), w.DB, p, testOptions())
				if err != nil {
					t.Fatal(err)
				}
				results = append(results, res)
			}
			if st, g, n := salesRow(t, w.DB, "2021110400000001"); st != "returned" || g != 45000 || n != 0 {
				t.Fatalf("line 1 = %s %d %d; want returned 45000 0 (the newer export wins)", st, g, n)
			}
			var channel, sold string
			w.DB.QueryRow(`SELECT channel, strftime(sold_at, '%Y-%m-%d %H:%M') FROM sales WHERE order_key = '2021120500000002'`).Scan(&channel, &sold)
			if channel != "jangbogi" || sold != "2021-12-05 12:00" {
				t.Fatalf("line 2 = %s at %s; want jangbogi at 2021-12-05 12:00", channel, sold)
			}
			if n := count(t, w.DB, `SELECT count(*) FROM sales`); n != 2 {
				t.Fatalf("%d lines; want each line once (2)", n)
			}
			second := results[1]
			if second.Read != second.Loaded+second.Duplicate+second.Rejected || second.Duplicate != 1 {
				t.Fatalf("second file: %+v; want one duplicate and read = loaded + duplicate + rejected", second)
			}
			if order[0] == older && second.Updated != 1 {
				t.Fatalf("newer export after older: updated = %d, want 1", second.Updated)
			}
			if order[0] == newer && second.Updated != 0 {
				t.Fatalf("older export after newer: updated = %d, want 0 (an older status never wins)", second.Updated)
			}
			w.DB.Exec(`CHECKPOINT`)
			assertNoPersonalData(t, path)
		})
	}
}

// assertNoPersonalData scans the warehouse file for the fixtures' personal values.
func assertNoPersonalData(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"가명홍길동", "fakebuyer77", "가명수취인", "010-9876-5432", "비밀로", "5327-12"} {
		if bytes.Contains(b, []byte(s)) {
			t.Errorf("warehouse file contains personal value %q", s)
		}
	}
}

func TestFailedLoadLeavesNothing(t *testing.T) {
	w, _ := openWarehouse(t)
	path := filepath.Join(t.TempDir(), "card.csv")
	writeCSV(t, path, false, [][]string{cardHeader,
		{"2021-01-04", "10:15:00", "신한카드", "1111111111", "00000001", "승인", "35,000", "", "", ""}})
	testHookAfterMerge = func() error { return errors.New("power cut") }
	_, err := File(context.Background(), w.DB, path, testOptions())
	testHookAfterMerge = nil
	if err == nil || !strings.Contains(err.Error(), "power cut") {
		t.Fatalf("err = %v; want the injected failure", err)
	}
	for _, table := range []string{"sales", "ingest_files", "rejects", "file_stalls", "cancels"} {
		if n := count(t, w.DB, "SELECT count(*) FROM "+table); n != 0 {
			t.Errorf("%s has %d rows after a failed load; want 0", table, n)
		}
	}
	// And the file loads whole on the next run.
	res, err := File(context.Background(), w.DB, path, testOptions())
	if err != nil || res.Loaded != 1 {
		t.Fatalf("retry: %+v, %v", res, err)
	}
}

func TestWrongKindOfFileRefused(t *testing.T) {
	w, _ := openWarehouse(t)
	path := filepath.Join(t.TempDir(), "notes.csv")
	writeCSV(t, path, false, [][]string{{"이름", "메모"}, {"a", "b"}})
	_, err := File(context.Background(), w.DB, path, testOptions())
	if !errors.Is(err, ErrUnknownSource) {
		t.Fatalf("err = %v; want ErrUnknownSource", err)
	}
}

func TestQueriesBind(t *testing.T) {
	w, _ := openWarehouse(t)
	ctx := context.Background()
	conn, err := w.DB.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// The incoming tables as the loader stages them.
	for _, s := range []string{
		`CREATE TEMP TABLE incoming_sales (market_id VARCHAR, stall_id VARCHAR, channel VARCHAR, source VARCHAR, order_key VARCHAR, sold_at TIMESTAMP, sale_date DATE, gross_krw BIGINT, net_krw BIGINT, qty INTEGER, status VARCHAR, buyer_key VARCHAR)`,
		`CREATE TEMP TABLE incoming_cancels (market_id VARCHAR, source VARCHAR, order_key VARCHAR, cancel_key VARCHAR, amount_krw BIGINT, cancelled_at TIMESTAMP)`,
		`CREATE TEMP TABLE incoming_footfall (market_id VARCHAR, sensor_id VARCHAR, alley_id VARCHAR, ts TIMESTAMP, visitors INTEGER)`,
		`CREATE TEMP TABLE incoming_spend (market_id VARCHAR, component VARCHAR, item VARCHAR, memo VARCHAR, line_key VARCHAR, spent_on DATE, amount_krw BIGINT)`,
		`CREATE TEMP TABLE incoming_events (market_id VARCHAR, stall_id VARCHAR, kind VARCHAR, title VARCHAR, event_date DATE)`,
		`CREATE TEMP TABLE incoming_rejects (row_number BIGINT, column_name VARCHAR, kind VARCHAR, reason VARCHAR)`,
		`CREATE TEMP TABLE incoming_file_stalls (market_id VARCHAR, stall_id VARCHAR)`,
	} {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	entries, _ := sqlFS.ReadDir("sql")
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".sql")
		if _, err := conn.ExecContext(ctx, "PREPARE q AS "+query(name)); err != nil {
			t.Errorf("%s does not bind: %v", name, err)
		}
		conn.ExecContext(ctx, "DEALLOCATE q")
	}
}
