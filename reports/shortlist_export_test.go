package reports

import (
	"archive/zip"
	"bytes"
	"database/sql"
	"encoding/csv"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// hostile are stall names a spreadsheet would run as formulas if they were
// written as formulas, and one that is HTML.
var hostile = []string{`=HYPERLINK("http://example.com","x")`, "+cmd|' /C calc'!A0", "-1+1", "@SUM(A1:A2)", "<script>alert(1)</script>"}

func exportFixture() *Shortlist {
	p := ShortlistProgram{Market: "m", MarketName: "남광주시장", Program: "smartstore", ProgramName: "스마트스토어 입점",
		Budget: ShortlistBudget{CostKRW: sql.Null[int64]{V: 5_937_500, Valid: true}, CostSource: "ledger",
			LeftKRW: sql.Null[int64]{V: 12_500_000, Valid: true}, Stalls: 2,
			GainKRW: sql.Null[int64]{V: 7_000_000, Valid: true}, GainLowKRW: sql.Null[int64]{V: 3_000_000, Valid: true},
			GainHighKRW: sql.Null[int64]{V: 11_000_000, Valid: true}},
		Excluded: []ShortlistExcluded{{Stall: "s9", StallName: "국밥집", Reason: "입점 상담에서 참여를 원하지 않음"}},
	}
	for i, name := range hostile {
		p.Rows = append(p.Rows, ShortlistRow{
			Rank: i + 1, Stall: "s" + string(rune('1'+i)), StallName: name, Alley: "수산물 거리", Category: "수산",
			GainKRW:     sql.Null[int64]{V: int64(3_408_305 - i), Valid: true},
			GainLowKRW:  sql.Null[int64]{V: -48_091, Valid: true},
			GainHighKRW: sql.Null[int64]{V: 4_994_756, Valid: true},
			Effect:      sql.Null[float64]{V: 0.25, Valid: true},
			SalesKRW:    sql.Null[int64]{V: 12_000_000, Valid: true},
			Recovery:    sql.Null[float64]{V: 0.82, Valid: true},
			InBudget:    i < 2,
			Reasons:     "=1+1 같은 품목·골목(수산 수산물 거리) 참여 점포 3곳.",
		})
	}
	return &Shortlist{Programs: []ShortlistProgram{p}}
}

// TestShortlistXLSX reads the workbook back with excelize: Korean headers,
// numbers as numbers with won and percent formats, and every hostile name
// a plain string cell — no formula anywhere in the sheet XML.
func TestShortlistXLSX(t *testing.T) {
	var buf bytes.Buffer
	if err := exportFixture().WriteXLSX(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); strings.Join(got, ",") != "스마트스토어 입점,예산,제외 점포" {
		t.Errorf("sheets %v", got)
	}
	const sheet = "스마트스토어 입점"
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+len(hostile) {
		t.Fatalf("%d rows, want header + %d", len(rows), len(hostile))
	}
	wantHeader := []string{"시장", "사업", "순위", "점포", "골목", "품목", "12개월 기대 증가 매출(원)", "구간 하한(원)", "구간 상한(원)",
		"예상 효과", "최근 12개월 매출(원)", "회복률", "시장 회복률", "골목 유동인구 회복률", "예산 내", "이유"}
	if strings.Join(rows[0], "|") != strings.Join(wantHeader, "|") {
		t.Errorf("header %q", rows[0])
	}
	// Row 2: rank 1, gain 3,408,305, low −48,091, effect e^0.25 − 1 = 0.2840254.
	want := map[string]string{"C2": "1", "D2": hostile[0], "G2": "3408305", "H2": "-48091", "K2": "12000000", "L2": "0.82", "O2": "예", "O4": "아니오"}
	for ref, w := range want {
		v, err := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
		if err != nil || v != w {
			t.Errorf("%s = %q, want %q (%v)", ref, v, w, err)
		}
	}
	if v, _ := f.GetCellValue(sheet, "J2", excelize.Options{RawCellValue: true}); !strings.HasPrefix(v, "0.284025") {
		t.Errorf("J2 effect = %q, want 0.284025…", v)
	}
	if v, _ := f.GetCellValue(sheet, "G2"); v != "3,408,305원" {
		t.Errorf("G2 shows %q, want 3,408,305원", v)
	}
	for i, name := range hostile {
		ref, _ := excelize.CoordinatesToCellName(4, i+2)
		if formula, _ := f.GetCellFormula(sheet, ref); formula != "" {
			t.Errorf("%s holds formula %q", ref, formula)
		}
		if typ, _ := f.GetCellType(sheet, ref); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
			t.Errorf("%s (%q) has cell type %v, want a string", ref, name, typ)
		}
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/") {
			continue
		}
		rc, _ := zf.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if bytes.Contains(b, []byte("<f>")) || bytes.Contains(b, []byte("<f ")) {
			t.Errorf("%s holds a formula element", zf.Name)
		}
	}
	if v, _ := f.GetCellValue("예산", "F2"); v != "2" {
		t.Errorf("budget sheet F2 (stalls) = %q, want 2", v)
	}
	if v, _ := f.GetCellValue("제외 점포", "D2"); v != "입점 상담에서 참여를 원하지 않음" {
		t.Errorf("excluded sheet D2 = %q", v)
	}
}

// TestShortlistCSV: a BOM, the Korean header, and text cells that a
// spreadsheet would read as formulas behind an apostrophe, while negative
// numbers stay numbers.
func TestShortlistCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := exportFixture().WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	if !bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) {
		t.Error("no UTF-8 byte-order mark")
	}
	recs, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1+len(hostile) || recs[0][0] != "시장" || recs[0][15] != "이유" {
		t.Fatalf("records %q", recs)
	}
	wantNames := []string{`'=HYPERLINK("http://example.com","x")`, "'+cmd|' /C calc'!A0", "'-1+1", "'@SUM(A1:A2)", "<script>alert(1)</script>"}
	for i, w := range wantNames {
		if got := recs[i+1][3]; got != w {
			t.Errorf("row %d name %q, want %q", i+1, got, w)
		}
	}
	if got := recs[1][7]; got != "-48091" {
		t.Errorf("gain low %q, want -48091 (a number, not escaped)", got)
	}
	if got := recs[1][15]; !strings.HasPrefix(got, "'=1+1") {
		t.Errorf("reasons %q not escaped", got)
	}
}
