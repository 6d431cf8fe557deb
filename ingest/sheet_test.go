package ingest

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// The worksheet reader (sheet.go) against excelize's Rows and Columns, the
// reference it copies: on every workbook of testdata, on workbooks excelize
// writes for the purpose, on hand-written worksheet XML, and fuzzed.

// sheetResult is what a row reader yields for a sheet: the rows with cells,
// how many rows in all, and the error that ended it (nil at io.EOF).
type sheetResult struct {
	rows []sheetRow
	n    int
	err  error
}

func readSheet(next rowReader) sheetResult {
	var res sheetResult
	for {
		cells, line, err := next()
		if err == io.EOF {
			return res
		}
		if err != nil {
			res.err = err
			return res
		}
		if line != res.n+1 {
			res.err = fmt.Errorf("row %d after row %d", line, res.n)
			return res
		}
		res.n = line
		if len(cells) > 0 {
			res.rows = append(res.rows, sheetRow{line, cells})
		}
	}
}

// excelizeSheet reads a sheet as openWorkbook did before sheet.go.
func excelizeSheet(wb *excelize.File, sheet string) (res sheetResult, panicked any) {
	defer func() { panicked = recover() }()
	rows, err := wb.Rows(sheet)
	if err != nil {
		return sheetResult{err: err}, nil
	}
	defer rows.Close()
	return readSheet(excelizeRows(rows)), nil
}

// fastSheet reads a sheet with workbookSheets; ok is false where it declines.
func fastSheet(wb *excelize.File, sheet string) (res sheetResult, ok bool) {
	s, err := newWorkbookSheets(wb).rows(sheet)
	if err == errUnsupported {
		return res, false
	}
	if err != nil {
		return sheetResult{err: err}, true
	}
	return readSheet(s.next), true
}

// compareSheet reads a sheet both ways, the fast reader first (excelize
// caches what it reads), and reports whether the fast reader read it. If it
// did, excelize must read the sheet without error and yield the same rows.
func compareSheet(t *testing.T, name string, wb *excelize.File, sheet string) bool {
	t.Helper()
	got, ok := fastSheet(wb, sheet)
	if !ok {
		return false
	}
	want, panicked := excelizeSheet(wb, sheet)
	switch {
	case got.err != nil:
		t.Errorf("%s, sheet %s: the fast reader fails: %v", name, sheet, got.err)
	case panicked != nil || want.err != nil:
		t.Errorf("%s, sheet %s: the fast reader reads what excelize fails on (%v, panic %v)", name, sheet, want.err, panicked)
	case !reflect.DeepEqual(got, want):
		t.Errorf("%s, sheet %s: the fast reader and excelize differ\n%s", name, sheet, sheetDiff(got, want))
	}
	return true
}

func sheetDiff(got, want sheetResult) string {
	var b strings.Builder
	if got.n != want.n {
		fmt.Fprintf(&b, "rows in all: %d, excelize %d\n", got.n, want.n)
	}
	for i := 0; i < max(len(got.rows), len(want.rows)); i++ {
		var g, w sheetRow
		if i < len(got.rows) {
			g = got.rows[i]
		}
		if i < len(want.rows) {
			w = want.rows[i]
		}
		if !reflect.DeepEqual(g, w) {
			fmt.Fprintf(&b, "row %d: %q\nexcelize row %d: %q\n", g.line, g.cells, w.line, w.cells)
			break
		}
	}
	return b.String()
}

// openTestWorkbook opens a workbook as openWorkbook does, with the test password.
func openTestWorkbook(b []byte) (*excelize.File, error) {
	opt := excelize.Options{RawCellValue: true}
	if isOLE(b) {
		opt.Password = testPassword
	}
	return excelize.OpenReader(bytes.NewReader(b), opt)
}

func testdataWorkbooks(t testing.TB) map[string][]byte {
	cases, _ := filepath.Glob(filepath.Join("testdata", "*", "*.xlsx"))
	bad, _ := filepath.Glob(filepath.Join("testdata", "bad", "*", "*.xlsx"))
	out := map[string][]byte{}
	for _, path := range append(cases, bad...) {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		out[path] = b
	}
	if len(out) < 10 {
		t.Fatalf("only %d workbooks under testdata", len(out))
	}
	return out
}

// TestSheetRowsTestdata reads every sheet of every workbook of testdata (the
// bad catalogue's too) both ways; the fast reader must read each one that
// excelize opens.
func TestSheetRowsTestdata(t *testing.T) {
	read := 0
	for path, b := range testdataWorkbooks(t) {
		wb, err := openTestWorkbook(b)
		if err != nil {
			continue // refused before any sheet is read (garbage, truncated, …)
		}
		for _, sheet := range wb.GetSheetList() {
			if !compareSheet(t, path, wb, sheet) {
				t.Errorf("%s, sheet %s: the fast reader declines it", path, sheet)
			}
			read++
		}
		wb.Close()
	}
	if read < 10 {
		t.Errorf("read %d sheets; the testdata workbooks should give more", read)
	}
}

// TestSheetRowsGenerated reads workbooks excelize writes, with every kind
// of cell it writes, both ways.
func TestSheetRowsGenerated(t *testing.T) {
	for name, build := range map[string]func() (*excelize.File, error){
		"cells":  cellsWorkbook,
		"stream": streamWorkbook,
		"sheets": sheetsWorkbook,
	} {
		f, err := build()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var buf bytes.Buffer
		if _, err := f.WriteTo(&buf); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		wb, err := openTestWorkbook(buf.Bytes())
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, sheet := range wb.GetSheetList() {
			if !compareSheet(t, name, wb, sheet) {
				t.Errorf("%s, sheet %s: the fast reader declines it", name, sheet)
			}
		}
	}
}

// awkwardStrings are strings a writer has to escape.
var awkwardStrings = []string{
	"상품주문번호", "a & b < c > d \"e\" 'f'", "  leading and trailing  ", "line\r\nbreak\rand\nmore",
	"tab\there", "\x01\x08 control", "_x0041_ literal", "_x005F_ and _xD800_", "emoji 😀 and \u00a0nbsp",
	strings.Repeat("긴 문자열 ", 3000), "&amp; already escaped", "]]> and <![CDATA[",
}

func cellsWorkbook() (*excelize.File, error) {
	f := excelize.NewFile()
	const s = "Sheet1"
	values := []any{
		"text", 42, int64(math.MaxInt64), -7, 3.141592653589793, 1e-20, 1.0 / 3, 123456789012345678.0,
		2.0220405216912812e15, true, false, time.Date(2021, 3, 4, 13, 22, 11, 0, time.UTC), "", nil,
		[]byte("bytes"), time.Duration(90 * time.Minute),
	}
	for i, v := range values {
		// Every other row and column left out: gaps.
		if err := f.SetCellValue(s, cellName(1+2*(i%3), 1+2*i), v); err != nil {
			return nil, err
		}
	}
	for i, v := range awkwardStrings {
		if err := f.SetCellValue(s, cellName(2, 40+i), v); err != nil {
			return nil, err
		}
	}
	if err := f.SetCellFormula(s, "D60", "SUM(A1:A10)"); err != nil {
		return nil, err
	}
	if err := f.SetCellFormula(s, "E60", `"a"&"b"`); err != nil {
		return nil, err
	}
	bold, red := true, "FF0000"
	runs := []excelize.RichTextRun{
		{Text: "굵게 ", Font: &excelize.Font{Bold: bold, Size: 11, Family: "맑은 고딕"}},
		{Text: "빨강 & <red>", Font: &excelize.Font{Color: red, Italic: true, Underline: "single"}},
		{Text: " plain"},
	}
	if err := f.SetCellRichText(s, "C62", runs); err != nil {
		return nil, err
	}
	if err := f.SetCellStyle(s, "A1", "A20", 1); err != nil {
		return nil, err
	}
	if err := f.SetCellValue(s, "XFD70", "last column"); err != nil {
		return nil, err
	}
	return f, nil
}

func streamWorkbook() (*excelize.File, error) {
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return nil, err
	}
	rows := map[int][]any{
		1: {"주문번호", "수량", "금액", "확정", "일시", "수식"},
		2: {"2022040521691281", 3, 12000.5, true, time.Date(2022, 4, 5, 9, 0, 0, 0, time.UTC), excelize.Cell{Formula: "B2*C2", Value: 36001.5}},
		3: {nil, "", excelize.Cell{Formula: `"x"&"y"`, Value: "xy"}, excelize.Cell{Formula: "1/0"}},
		7: {[]excelize.RichTextRun{{Text: "inline "}, {Text: "rich", Font: &excelize.Font{Bold: true}}}},
	}
	for i, v := range awkwardStrings {
		rows[10+i] = []any{v, v}
	}
	for r := 1; r < 30; r++ {
		if v, ok := rows[r]; ok {
			col := 1
			if r == 3 {
				col = 3 // a row starting in column C
			}
			if err := sw.SetRow(cellName(col, r), v); err != nil {
				return nil, err
			}
		}
	}
	return f, sw.Flush()
}

func sheetsWorkbook() (*excelize.File, error) {
	f := excelize.NewFile()
	for _, name := range []string{"공지", "발주발송관리", "Sheet 3"} {
		if _, err := f.NewSheet(name); err != nil {
			return nil, err
		}
		if err := f.SetSheetRow(name, "B2", &[]any{name, 1, 2.5}); err != nil {
			return nil, err
		}
	}
	if err := f.DeleteSheet("Sheet1"); err != nil {
		return nil, err
	}
	return f, nil
}

func cellName(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}

// baseWorkbook is a one-sheet workbook whose shared strings are
// zero, one, two; the cases below replace its parts.
func baseWorkbook(t testing.TB) []byte {
	f := excelize.NewFile()
	for i, s := range []string{"zero", "one", "two"} {
		if err := f.SetCellValue("Sheet1", cellName(1, i+1), s); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const (
	worksheetPart = "xl/worksheets/sheet1.xml"
	mainSpace     = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
)

// withParts opens base with the worksheet and shared strings replaced ("" keeps the part).
func withParts(t testing.TB, base []byte, sheet, sst string) *excelize.File {
	wb, err := openTestWorkbook(base)
	if err != nil {
		t.Fatal(err)
	}
	if sheet != "" {
		wb.Pkg.Store(worksheetPart, []byte(sheet))
	}
	if sst != "" {
		wb.Pkg.Store(sharedStringsPart, []byte(sst))
	}
	return wb
}

// worksheet wraps rows in a worksheet and its sheetData.
func worksheet(rows string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<worksheet xmlns="` + mainSpace + `" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
		`<dimension ref="A1"/><sheetData>` + rows + `</sheetData><pageMargins left="0.7"/></worksheet>`
}

func sharedStrings(items string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<sst xmlns="` + mainSpace + `" count="3" uniqueCount="3">` + items + `</sst>`
}

// sheetCases are worksheets (and shared strings) excelize does not write but
// other writers or damaged files might; read is whether the fast reader
// should read them (else it declines and excelize reads them).
var sheetCases = []struct {
	name, sheet, sst string
	read             bool
}{
	{"types", worksheet(`<row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1" t="b"><v>1</v></c><c r="C1" t="e"><v>#DIV/0!</v></c>` +
		`<c r="D1" t="d"><v>2021-03-04T13:22:11Z</v></c><c r="E1" t="str"><f>A1&amp;"x"</f><v>onex</v></c><c r="F1" t="n"><v>1.2345678901234567E+20</v></c>` +
		`<c r="G1"><v>2.0220405216912812E15</v></c><c r="H1" t="inlineStr"><is><t>inline</t></is></c><c r="I1" t="weird"><v>as is</v></c></row>`), "", true},
	{"formulas", worksheet(`<row r="1"><c r="A1"><f>B1</f><v></v></c><c r="C1"><f>B1</f></c><c r="E1" t="str"><f>B1</f><v/></c>` +
		`<c r="G1"><f t="shared" ref="G1:G3" si="0">B1</f><v>0</v></c><c r="H1"><f ca="1" aca="false" si=" 2 ">NOW()</f><v>45000.5</v></c></row>` +
		`<row r="2"><c r="G2"><f t="shared" si="0"/><v>0</v></c></row>`), "", true},
	{"no references", worksheet(`<row><c t="s"><v>0</v></c><c/><c><v>3</v></c></row><row><c r="C2"><v>c</v></c><c><v>d</v></c></row>`), "", true},
	{"gaps", worksheet(`<row r="2"><c r="C2"><v>c2</v></c><c r="F2" s="1"/><c r="H2"><v>h2</v></c></row><row r="5"><c r="A5"><v>a5</v></c></row>` +
		`<row r="6" spans="1:3"></row><row r="9"><c r="B9" s="2"/></row>`), "", true},
	{"rows out of order", worksheet(`<row r="3"><c r="A3"><v>a3</v></c></row><row r="2"><c r="B2"><v>b2</v></c></row>` +
		`<row r="3"><c r="C3"><v>c3</v></c></row><row><c r="A1"><v>a?</v></c></row><row r="8"><c r="A8"><v>a8</v></c></row>`), "", true},
	{"cells out of order", worksheet(`<row r="1"><c r="C1"><v>c</v></c><c r="A1"><v>a</v></c><c r="C1"><v>c again</v></c><c><v>d</v></c></row>`), "", true},
	{"prefixes", `<x:worksheet xmlns:x="` + mainSpace + `"><x:sheetData><x:row r="1"><x:c r="A1" t="s"><x:v>2</x:v></x:c>` +
		`<x:c r="B1" t="inlineStr"><x:is><x:r><x:t>pre</x:t></x:r><x:r><x:rPr><x:b/></x:rPr><x:t>fixed</x:t></x:r></x:is></x:c></x:row></x:sheetData></x:worksheet>`, "", true},
	{"mixed prefixes", `<worksheet xmlns="` + mainSpace + `" xmlns:x="` + mainSpace + `" xmlns:o="other"><sheetData><row r="1"><c r="A1"><x:c r="B1"><v>in</v></x:c><v>out</v></c>` +
		`<x:c r="C1"><v>x</v></x:c><c r="D1"><y:c><v>y</v></y:c></c><c r="E1"><y:c/><v>e</v></c><c r="F1"><o:c/><v>f</v></c></row></sheetData></worksheet>`, "", true},
	{"namespace below the root", worksheet(`<row r="1"><c r="A1"><y:c xmlns:y="other"/><v>1</v></c></row>`), "", false},
	{"nested cells", worksheet(`<row r="1"><c r="A1"><c r="B1"><v>1</v></c><v>2</v></c><c r="C1"><v>1<x>2</x>3</v></c><c r="D1"><v>a</v><v>b</v></c>` +
		`<c r="E1"><x><v>deep</v></x></c><c r="F1"><row r="9"/><v>f</v></c></row><row r="2"><v>stray</v><x><c r="B2"><v>b2</v></c></x></row>`), "", true},
	{"no namespace", `<worksheet><sheetData><row r="1"><c r="A1"><v>plain</v></c></row></sheetData></worksheet>`, "", true},
	{"entities", worksheet(`<row r="1"><c r="A1" t="str"><v>&lt;&amp;&gt;&quot;&apos;&#65;&#x42;&#xac00;&#xD800;</v></c>` +
		"<c r=\"B1\" t=\"str\"><v>cr\r\nlf\rcr\n\r\r\nend</v></c><c r=\"&#67;1\" t=\"&#115;\"><v>2</v></c>" +
		"<c r=\"D1\" t=\"inlineStr\"><is><t xml:space=\"preserve\">  sp&#13;&#10;aces  </t></is></c></row>"), "", true},
	{"escapes", worksheet(`<row r="1"><c r="A1" t="inlineStr"><is><t>_x0041__x005F_x0042__xD800_x_x00e9_</t></is></c>` +
		`<c r="B1" t="str"><v>_x0041_</v></c><c r="C1" t="inlineStr"><is><t>_x00</t><r><t>41_</t></r></is></c></row>`), "", true},
	{"rich inline", worksheet(`<row r="1"><c r="A1" t="inlineStr"><is><r><t>a</t></r><t>T</t><r><rPr><b val="0"/><sz val="11"/><color rgb="FF000000" theme="1" tint="-0.5"/>` +
		`<rFont val="Calibri"/><family val="2"/><charset val="129"/><scheme val="minor"/></rPr><t>b</t><t>c</t></r><rPh sb="0" eb="1"><t>ruby</t></rPh>` +
		`<phoneticPr fontId="1" type="noConversion"/></is><is><t>second</t><r><t>d</t></r></is></c><c r="B1" t="inlineStr"><v>no is</v></c>` +
		`<c r="C1" t="inlineStr"><is/></c><c r="D1" t="inlineStr"><is></is><f>X</f></c></row>`), "", true},
	{"shared index", worksheet(`<row r="1"><c r="A1" t="s"><v> 2 </v></c><c r="B1" t="s"><v>99</v></c><c r="C1" t="s"><v>99</v><f>X</f></c>` +
		`<c r="D1" t="s"><v>abc</v></c><c r="E1" t="s"><v>-1</v></c><c r="F1" t="s"><v></v></c><c r="G1" t="s"><v>+1</v></c><c r="H1" t="s"><v>99999999999999999999</v></c></row>`), "", true},
	{"comments and instructions", "\ufeff" + worksheet(`<!-- a comment --><row r="1"><?pi data?><c r="A1"><v>1<!--x-->2</v></c></row>`) + "<!-- after -->", "", true},
	{"after sheetData", worksheet(`<row r="1"><c r="A1"><v>a1</v></c></row></sheetData><sheetData><row r="3"><c r="A3"><v>a3</v></c></row>`), "", true},
	{"empty sheetData", worksheet(``), "", true},
	{"last column", worksheet(`<row r="1"><c r="XFD1"><v>far</v></c></row><row r="1048576"><c r="A1048576"><v>last</v></c></row>`), "", true},
	{"lower-case and absolute references", worksheet(`<row r="1"><c r="b1"><v>b</v></c><c r="$D$1"><v>d</v></c></row>`), "", true},
	{"rich shared strings", worksheet(`<row r="1"><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="s"><v>2</v></c><c t="s"><v>3</v></c></row>`),
		sharedStrings(`<si><t>plain</t></si><si><r><rPr><b/><sz val="11"/></rPr><t>ri</t></r><r><t>ch</t></r><rPh sb="0" eb="2"><t>phon</t></rPh></si>` +
			`<si><t xml:space="preserve"> _x0041_ &amp; </t></si><si/><x><si><t>nested, not an item</t></si></x>`), true},
	{"prefixed shared strings", worksheet(`<row r="1"><c t="s"><v>0</v></c></row>`),
		`<s:sst xmlns:s="` + mainSpace + `"><s:si><s:t>prefixed</s:t></s:si></s:sst>`, true},

	// Declined: excelize fails, or reads in ways the fast reader leaves to it.
	{"bad cell reference", worksheet(`<row r="1"><c r="1A"><v>1</v></c></row>`), "", false},
	{"bad row number", worksheet(`<row r="x"><c><v>1</v></c></row>`), "", false},
	{"too many rows", worksheet(`<row r="1048577"><c><v>1</v></c></row>`), "", false},
	{"bad style", worksheet(`<row r="1"><c r="A1" s="x"><v>1</v></c></row>`), "", false},
	{"bad formula flag", worksheet(`<row r="1"><c r="A1"><f ca="maybe">1</f><v>1</v></c></row>`), "", false},
	{"bad bold", worksheet(`<row r="1"><c r="A1" t="inlineStr"><is><r><rPr><b val="yes"/></rPr><t>b</t></r></is></c></row>`), "", false},
	{"CDATA", worksheet(`<row r="1"><c r="A1" t="str"><v><![CDATA[<1>]]></v></c></row>`), "", false},
	{"DOCTYPE", `<!DOCTYPE worksheet>` + worksheet(`<row r="1"><c r="A1"><v>1</v></c></row>`), "", false},
	{"unclosed", worksheet(`<row r="1"><c r="A1"><v>1</v></c>`), "", false},
	{"mismatched", worksheet(`<row r="1"><c r="A1"><v>1</c></v></row>`), "", false},
	{"unknown entity", worksheet(`<row r="1"><c r="A1"><v>&nbsp;</v></c></row>`), "", false},
	{"control character", worksheet("<row r=\"1\"><c r=\"A1\"><v>\x01</v></c></row>"), "", false},
	{"invalid UTF-8", worksheet("<row r=\"1\"><c r=\"A1\"><v>\xff</v></c></row>"), "", false},
	{"latin-1", strings.Replace(worksheet(`<row r="1"><c r="A1"><v>1</v></c></row>`), "UTF-8", "ISO-8859-1", 1), "", false},
	{"shared strings not sst", worksheet(`<row r="1"><c r="A1"><v>1</v></c></row>`), `<sst><si><t>no namespace</t></si></sst>`, false},
	{"shared strings broken", worksheet(`<row r="1"><c r="A1"><v>1</v></c></row>`), sharedStrings(`<si><t>open`), false},
}

// TestSheetRowsCases reads hand-written worksheets both ways.
func TestSheetRowsCases(t *testing.T) {
	base := baseWorkbook(t)
	for _, tc := range sheetCases {
		wb := withParts(t, base, tc.sheet, tc.sst)
		if read := compareSheet(t, tc.name, wb, "Sheet1"); read != tc.read {
			t.Errorf("%s: the fast reader reads it: %v; want %v", tc.name, read, tc.read)
		}
		wb.Close()
	}
}

// TestSheetPaths resolves worksheet parts as excelize does, relative and
// absolute targets included.
func TestSheetPaths(t *testing.T) {
	for _, tc := range []struct{ book, target, want string }{
		{"xl/workbook.xml", "worksheets/sheet1.xml", "xl/worksheets/sheet1.xml"},
		{"xl/workbook.xml", "/xl/worksheets/sheet2.xml", "xl/worksheets/sheet2.xml"},
		{"xl/workbook.xml", "../xl/worksheets/./sheet3.xml", "xl/worksheets/sheet3.xml"},
		{"workbook.xml", "sheets\\sheet4.xml", "sheets/sheet4.xml"},
		{"/book/wb.xml", "s.xml", "book/s.xml"},
	} {
		if got := worksheetPath(tc.book, tc.target); got != tc.want {
			t.Errorf("worksheetPath(%q, %q) = %q; want %q", tc.book, tc.target, got, tc.want)
		}
	}
	for book, want := range map[string]string{"xl/workbook.xml": "xl/_rels/workbook.xml.rels", "workbook.xml": "_rels/workbook.xml.rels"} {
		if got := workbookRelsPath(book); got != want {
			t.Errorf("workbookRelsPath(%q) = %q; want %q", book, got, want)
		}
	}
	// A workbook whose sheets live elsewhere, under absolute targets.
	base := baseWorkbook(t)
	wb, err := openTestWorkbook(moveSheet(t, base))
	if err != nil {
		t.Fatal(err)
	}
	if !compareSheet(t, "moved sheet", wb, "Sheet1") {
		t.Error("the fast reader declines a sheet under an absolute target")
	}
}

// moveSheet rewrites a workbook so that its sheet is the part
// sheets/data.xml, named by an absolute target.
func moveSheet(t *testing.T, b []byte) []byte {
	wb, err := openTestWorkbook(b)
	if err != nil {
		t.Fatal(err)
	}
	rels := part(wb, "xl/_rels/workbook.xml.rels")
	wb.Pkg.Store("sheets/data.xml", part(wb, worksheetPart))
	wb.Pkg.Delete(worksheetPart)
	wb.Pkg.Store("xl/_rels/workbook.xml.rels", bytes.Replace(rels, []byte(`Target="worksheets/sheet1.xml"`), []byte(`Target="/sheets/data.xml"`), 1))
	wb.Relationships.Delete("xl/_rels/workbook.xml.rels")
	var buf bytes.Buffer
	if _, err := wb.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// FuzzSheetRows feeds worksheet XML and shared strings to both readers:
// where the fast reader reads the sheet, excelize must read it without
// error and yield the same rows; nothing may panic.
func FuzzSheetRows(f *testing.F) {
	base := baseWorkbook(f)
	for _, b := range testdataWorkbooks(f) {
		wb, err := openTestWorkbook(b)
		if err != nil {
			continue
		}
		f.Add(string(part(wb, worksheetPart)), string(part(wb, sharedStringsPart)))
		wb.Close()
	}
	for _, tc := range sheetCases {
		f.Add(tc.sheet, tc.sst)
	}
	f.Fuzz(func(t *testing.T, sheet, sst string) {
		wb := withParts(t, base, sheet, sst)
		defer wb.Close()
		if got, ok := fastSheet(wb, "Sheet1"); ok && got.n > 100_000 {
			return // a row number far down: excelize takes seconds over the gap (TestSheetRowsCases has one)
		}
		compareSheet(t, "fuzzed", wb, "Sheet1")
	})
}
