package ingest

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Reading worksheets. excelize's Rows and Columns decode every cell with
// encoding/xml's reflection (DecodeElement), about 3 µs a cell and the
// largest cost of loading Smart Store workbooks. workbookSheets reads the
// worksheet part excelize has unzipped with xmlScanner instead and yields
// what Rows and Columns (RawCellValue) yield, by taking the same steps on
// the same tokens: rows.go's Next, Columns, rowXMLHandler and
// cellXMLHandler, cell.go's getValueFrom and xlsxSI.String, lib.go's
// bstrUnmarshal, in excelize v2.11.1. excelize still opens the zip,
// decrypts, and reads the workbook, its relationships and its properties.
//
// A sheet is read whole before its first row is returned, so that
// anything the reader does not copy — XML outside xmlScanner's subset,
// input on which excelize returns an error (a bad cell or row reference,
// an unreadable shared-string table), a part excelize keeps in a
// temporary file — makes it decline (errUnsupported) before any row is
// used, and the caller reads that sheet with excelize as before.

// workbookSheets reads the worksheets of an opened workbook.
type workbookSheets struct {
	wb     *excelize.File
	paths  map[string]string // sheet name → worksheet part, where excelize's choice is certain
	shared []string          // the shared strings, once read
	sst    sstState
}

type sstState int8

const (
	sstUnread   sstState = iota
	sstRead              // shared holds the table
	sstAbsent            // not among the unzipped parts: none, or in a temporary file
	sstUnusable          // excelize would fail on it, or read it differently
)

// excelize's part names and namespaces.
const (
	rootRelsPart       = "_rels/.rels"
	sharedStringsPart  = "xl/sharedStrings.xml"
	contentTypesPart   = "[Content_Types].xml"
	strictNamespaceTag = "purl.oclc.org" // excelize rewrites Strict OOXML namespaces in parts holding it
)

func newWorkbookSheets(wb *excelize.File) *workbookSheets {
	w := &workbookSheets{wb: wb}
	// The first Columns call reads [Content_Types].xml and fails when it does not decode.
	if wb.ContentTypes == nil && !contentTypesDecode(part(wb, contentTypesPart)) {
		return w
	}
	w.paths = sheetPaths(wb)
	return w
}

// rows reads a sheet whole. errUnsupported means: read it with excelize.
func (w *workbookSheets) rows(sheet string) (*sheetRows, error) {
	path, ok := w.paths[sheet]
	if !ok {
		return nil, errUnsupported
	}
	b := part(w.wb, path)
	if len(b) == 0 {
		return nil, errUnsupported // in a temporary file, or empty
	}
	// Columns reads the shared strings first, whether the sheet uses them or not.
	if w.sst == sstUnread {
		w.readSharedStrings()
	}
	if w.sst == sstUnusable {
		return nil, errUnsupported
	}
	r := rowScan{x: newXMLScanner(b), sheets: w}
	return r.readAll()
}

// part returns an unzipped part, nil if excelize does not hold it in memory.
func part(wb *excelize.File, name string) []byte {
	v, _ := wb.Pkg.Load(name)
	b, _ := v.([]byte)
	return b
}

func (w *workbookSheets) readSharedStrings() {
	b := part(w.wb, sharedStringsPart)
	if b == nil {
		w.sst = sstAbsent
		return
	}
	shared, err := readSharedStrings(b)
	if err != nil {
		w.sst = sstUnusable
		return
	}
	w.shared, w.sst = shared, sstRead
}

// sharedString returns shared string i, "" when the index is outside the
// table (where excelize's getValueFrom fails and the cell reads empty).
func (w *workbookSheets) sharedString(i int) (string, error) {
	if w.sst != sstRead {
		return "", errUnsupported
	}
	if i < 0 || i >= len(w.shared) {
		return "", nil
	}
	return w.shared[i], nil
}

// relationship is an entry of a relationships part, as excelize decodes it.
type relationship struct {
	ID     string `xml:"Id,attr"`
	Target string `xml:",attr"`
	Type   string `xml:",attr"`
}

// sheetPaths maps sheet names to worksheet parts as excelize's getSheetMap
// does (getWorkbookPath, getWorkbookRelsPath, getWorksheetPath), leaving
// out sheets it might resolve otherwise: with several relationships of the
// sheet's id, or a name that differs from another sheet's only in case
// (getSheetXMLPath matches names with EqualFold, in map order).
func sheetPaths(wb *excelize.File) map[string]string {
	if wb.WorkBook == nil {
		return nil
	}
	root, ok := partRelationships(wb, rootRelsPart)
	if !ok {
		return nil
	}
	var book string
	for _, rel := range root {
		if rel.Type == excelize.SourceRelationshipOfficeDocument {
			book = strings.TrimPrefix(rel.Target, "/")
			break
		}
	}
	rels, ok := partRelationships(wb, workbookRelsPath(book))
	if !ok {
		return nil
	}
	sheets := wb.WorkBook.Sheets.Sheet
	paths := map[string]string{}
	for i, sheet := range sheets {
		var targets []string
		for _, rel := range rels {
			if rel.ID == sheet.ID {
				targets = append(targets, rel.Target)
			}
		}
		certain := len(targets) == 1
		for j, other := range sheets {
			if j != i && strings.EqualFold(other.Name, sheet.Name) {
				certain = false
			}
		}
		if certain {
			paths[sheet.Name] = worksheetPath(book, targets[0])
		}
	}
	return paths
}

// partRelationships decodes a relationships part, false if it is missing or
// would read otherwise in excelize (which rewrites Strict namespaces first).
func partRelationships(wb *excelize.File, name string) ([]relationship, bool) {
	b := part(wb, name)
	if len(b) == 0 || bytes.Contains(b, []byte(strictNamespaceTag)) {
		return nil, false
	}
	var rels struct {
		XMLName       xml.Name       `xml:"http://schemas.openxmlformats.org/package/2006/relationships Relationships"`
		Relationships []relationship `xml:"Relationship"`
	}
	if err := xml.Unmarshal(b, &rels); err != nil {
		return nil, false
	}
	return rels.Relationships, true
}

// workbookRelsPath is excelize's getWorkbookRelsPath.
func workbookRelsPath(book string) string {
	if filepath.Dir(book) == "." {
		return "_rels/" + filepath.Base(book) + ".rels"
	}
	return strings.TrimPrefix(filepath.Dir(book)+"/_rels/"+filepath.Base(book)+".rels", "/")
}

// worksheetPath is excelize's getWorksheetPath: a relationship's target,
// relative to the workbook part or absolute, as a part name.
func worksheetPath(book, target string) string {
	if strings.HasPrefix(target, "/") {
		return filepath.ToSlash(strings.TrimPrefix(strings.ReplaceAll(filepath.Clean(target), "\\", "/"), "/"))
	}
	return filepath.ToSlash(strings.TrimPrefix(
		strings.ReplaceAll(filepath.Clean(fmt.Sprintf("%s/%s", filepath.Dir(book), target)), "\\", "/"), "/"))
}

// contentTypesDecode reports whether [Content_Types].xml decodes as
// excelize's contentTypesReader decodes it.
func contentTypesDecode(b []byte) bool {
	if bytes.Contains(b, []byte(strictNamespaceTag)) {
		return false
	}
	var types struct { // what fails in xlsxTypes: the root, and XML syntax
		XMLName xml.Name `xml:"http://schemas.openxmlformats.org/package/2006/content-types Types"`
	}
	err := xml.NewDecoder(bytes.NewReader(b)).Decode(&types)
	return err == nil || err == io.EOF
}

// sheetRows is a sheet read whole: the rows excelize's Rows.Next yields,
// empty ones (gaps, rows without values) included.
type sheetRows struct {
	rows []sheetRow // the rows with cells
	n    int        // how many rows Next yields
	line int
}

type sheetRow struct {
	line  int
	cells []string
}

// next is a rowReader.
func (s *sheetRows) next() ([]string, int, error) {
	if s.line >= s.n {
		return nil, s.line, io.EOF
	}
	s.line++
	if len(s.rows) > 0 && s.rows[0].line == s.line {
		cells := s.rows[0].cells
		s.rows = s.rows[1:]
		return cells, s.line, nil
	}
	return nil, s.line, nil
}

// rowScan takes excelize's Rows.Next and Rows.Columns steps over a
// worksheet's tokens; curRow and seekRow are excelize's. (excelize also
// keeps the <row> start Next read for Columns, where it changes nothing.)
type rowScan struct {
	x       *xmlScanner
	sheets  *workbookSheets
	curRow  int
	seekRow int

	cells []cellText // the row being read
	buf   []byte     // the text of its cells that are not shared strings
	v     []byte     // a cell's <v>
	rich  richText   // a cell's <is>
}

// cellText is a cell's value: shared, or buf[start:end].
type cellText struct {
	shared     string
	start, end int
}

func (r *rowScan) readAll() (*sheetRows, error) {
	out := &sheetRows{}
	for {
		ok, err := r.nextRow()
		if err != nil {
			return nil, err
		}
		if !ok {
			return out, nil
		}
		out.n++
		cells, err := r.columns()
		if err != nil {
			return nil, err
		}
		if len(cells) > 0 {
			out.rows = append(out.rows, sheetRow{out.n, cells})
		}
	}
}

// nextRow is Rows.Next.
func (r *rowScan) nextRow() (bool, error) {
	r.seekRow++
	if r.curRow >= r.seekRow {
		return true, nil
	}
	for {
		switch r.x.next() {
		case xmlEOF:
			return false, r.x.err
		case xmlStart:
			if string(r.x.local()) == "row" {
				n, err := rowNumber(r.x.attrs)
				if err != nil {
					return false, err
				}
				r.curRow++
				if n != 0 {
					r.curRow = n
				}
				return true, nil
			}
		case xmlEnd:
			if string(r.x.local()) == "sheetData" {
				return false, nil
			}
		}
	}
}

// columns is Rows.Columns: the cells up to the next row, or nil while
// Next is in a gap before it.
func (r *rowScan) columns() ([]string, error) {
	if r.curRow > r.seekRow {
		return nil, nil
	}
	r.cells, r.buf = r.cells[:0], r.buf[:0]
	col := 0
	for {
		switch r.x.next() {
		case xmlEOF:
			if r.x.err != nil {
				return nil, r.x.err
			}
			return r.row(), nil
		case xmlStart:
			switch string(r.x.local()) {
			case "row":
				n, err := rowNumber(r.x.attrs)
				if err != nil {
					return nil, err
				}
				if n != 0 {
					r.curRow = n
				} else {
					r.curRow++
				}
				if r.curRow > r.seekRow {
					return r.row(), nil
				}
			case "c":
				if err := r.cell(&col); err != nil {
					return nil, err
				}
			}
		case xmlEnd:
			if string(r.x.local()) == "sheetData" {
				return r.row(), nil
			}
		}
	}
}

// row returns the cells read, their text in one string.
func (r *rowScan) row() []string {
	if len(r.cells) == 0 {
		return nil
	}
	text := string(r.buf)
	out := make([]string, len(r.cells))
	for i, c := range r.cells {
		if c.end > c.start {
			out[i] = text[c.start:c.end]
		} else {
			out[i] = c.shared
		}
	}
	return out
}

// rowNumber is attrValToInt("r"), refusing what makes excelize fail.
func rowNumber(attrs []xmlAttr) (int, error) {
	n := 0
	for _, a := range attrs {
		if string(a.local) == "r" {
			v, err := strconv.Atoi(string(a.value))
			if err != nil {
				return 0, errUnsupported
			}
			n = v
		}
	}
	if n > excelize.TotalRows {
		return 0, errUnsupported // ErrMaxRows
	}
	return n, nil
}

// Cell types getValueFrom reads other than as the <v> text.
const (
	cellOther = iota
	cellShared
	cellInline
)

// cell reads the <c> just started (rowXMLHandler, cellXMLHandler,
// getValueFrom): its column is one past the previous <c>'s unless its r
// says otherwise; a value, or a formula, appends it after blanks up to
// its column.
func (r *rowScan) cell(col *int) error {
	*col++
	name, inRoot := r.x.name, r.x.inRoot
	var ref, typ []byte
	for _, a := range r.x.attrs {
		switch string(a.local) {
		case "r":
			ref = a.value
		case "s":
			if _, err := strconv.ParseInt(string(a.value), 10, 64); err != nil {
				return errUnsupported // excelize drops the cell's children
			}
		case "t":
			typ = a.value
		}
	}
	refCol := 0
	if len(ref) > 0 {
		c, ok := cellColumn(ref)
		if !ok {
			return errUnsupported // Columns fails
		}
		refCol = c
	}
	kind := cellOther
	switch string(typ) {
	case "s":
		kind = cellShared
	case "inlineStr":
		kind = cellInline
	}
	formula, inline := false, false
	r.v = r.v[:0]
	r.rich.reset()
	for done := false; !done; {
		var err error
		switch r.x.next() {
		case xmlEOF:
			return errUnsupported
		case xmlStart:
			switch string(r.x.local()) {
			case "v":
				r.v, err = elementText(r.x, r.v[:0])
			case "f":
				formula = true
				err = readFormula(r.x)
			case "is":
				inline = true
				err = readRichText(r.x, &r.rich)
			}
		case xmlEnd:
			done = r.x.sameElement(name, inRoot)
		}
		if err != nil {
			return err
		}
	}
	if len(ref) > 0 {
		*col = refCol
	}

	start := len(r.buf)
	var shared string
	switch {
	case kind == cellShared && len(r.v) > 0:
		s, err := r.sheets.sharedString(sharedIndex(r.v))
		if err != nil {
			return err
		}
		shared = s
	case kind == cellInline && inline:
		r.buf = r.rich.appendString(r.buf)
	case kind != cellShared:
		r.buf = append(r.buf, r.v...)
	}
	if len(r.buf) == start && shared == "" && !formula {
		return nil
	}
	for i := *col - len(r.cells); i > 1; i-- {
		r.cells = append(r.cells, cellText{})
	}
	r.cells = append(r.cells, cellText{shared: shared, start: start, end: len(r.buf)})
	return nil
}

// sameElement reports whether the end tag just read closes an element
// started with name, by encoding/xml's Name (namespace and local name).
func (x *xmlScanner) sameElement(name []byte, inRoot bool) bool {
	if bytes.Equal(x.name, name) && x.inRoot == inRoot {
		return true
	}
	local := name[bytes.IndexByte(name, ':')+1:]
	return bytes.Equal(x.local(), local) && x.namespace(x.name, x.inRoot) == x.namespace(name, inRoot)
}

// cellColumn is the column of a cell reference, as CellNameToCoordinates
// gives it; false where that fails.
func cellColumn(ref []byte) (int, bool) {
	i, col := 0, 0
	for i < len(ref) && i < 3 && 'A' <= ref[i] && ref[i] <= 'Z' {
		col = col*26 + int(ref[i]-'A'+1)
		i++
	}
	j, row := i, 0
	for j < len(ref) && j-i < 7 && '0' <= ref[j] && ref[j] <= '9' {
		row = row*10 + int(ref[j]-'0')
		j++
	}
	if i > 0 && j > i && j == len(ref) && row >= 1 && row <= excelize.TotalRows && col <= excelize.MaxColumns {
		return col, true
	}
	c, _, err := excelize.CellNameToCoordinates(string(ref))
	return c, err == nil
}

// sharedIndex is getValueFrom's strconv.Atoi(strings.TrimSpace(v)), errors ignored.
func sharedIndex(v []byte) int {
	if len(v) <= 9 {
		n := 0
		for _, c := range v {
			if c < '0' || c > '9' {
				n = -1
				break
			}
			n = n*10 + int(c-'0')
		}
		if n >= 0 {
			return n
		}
	}
	n, _ := strconv.Atoi(strings.TrimSpace(string(v)))
	return n
}

// elementText reads the element just started to its end as DecodeElement
// into a string does: the text directly inside it, appended to dst.
func elementText(x *xmlScanner, dst []byte) ([]byte, error) {
	depth := 0
	for {
		switch x.next() {
		case xmlEOF:
			return dst, errUnsupported
		case xmlText:
			if depth == 0 {
				dst = append(dst, x.text...)
			}
		case xmlStart:
			depth++
		case xmlEnd:
			if depth == 0 {
				return dst, nil
			}
			depth--
		}
	}
}

func skipElement(x *xmlScanner) error {
	_, err := elementText(x, nil)
	return err
}

// readFormula reads an <f> as DecodeElement into excelize's xlsxF would,
// refusing the attribute values on which that fails.
func readFormula(x *xmlScanner) error {
	for _, a := range x.attrs {
		switch string(a.local) {
		case "aca", "dt2D", "dtr", "del1", "del2", "ca", "bx":
			if !boolValue(a.value) {
				return errUnsupported
			}
		case "si":
			if !intValue(a.value) {
				return errUnsupported
			}
		}
	}
	return skipElement(x)
}

// richText is a string item (xlsxSI) being read: a shared string's <si> or
// a cell's <is>. Its text is its last <t>, then each run's last <t>.
type richText struct {
	t    []byte
	runs []byte
}

func (rt *richText) reset() { rt.t, rt.runs = rt.t[:0], rt.runs[:0] }

// appendString appends xlsxSI.String: the text, its _xHHHH_ escapes decoded.
func (rt *richText) appendString(dst []byte) []byte {
	if len(rt.runs) == 0 {
		return appendBstr(dst, rt.t)
	}
	rt.t = append(rt.t, rt.runs...)
	dst = appendBstr(dst, rt.t)
	rt.t = rt.t[:len(rt.t)-len(rt.runs)]
	return dst
}

// readRichText reads the <si> or <is> just started into rt, as
// DecodeElement into xlsxSI does (<is> elements of one cell add up).
func readRichText(x *xmlScanner, rt *richText) error {
	for {
		var err error
		switch x.next() {
		case xmlEOF:
			return errUnsupported
		case xmlStart:
			switch string(x.local()) {
			case "t":
				rt.t, err = elementText(x, rt.t[:0])
			case "r":
				err = readRun(x, rt)
			case "rPh":
				err = checkAttrs(x, phoneticRunAttrs)
			case "phoneticPr":
				err = checkAttrs(x, phoneticPrAttrs)
			default:
				err = skipElement(x)
			}
		case xmlEnd:
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// readRun reads an <r>: its last <t> is its text; <rPr> holds typed attributes.
func readRun(x *xmlScanner, rt *richText) error {
	start := len(rt.runs)
	for {
		var err error
		switch x.next() {
		case xmlEOF:
			return errUnsupported
		case xmlStart:
			switch string(x.local()) {
			case "t":
				rt.runs, err = elementText(x, rt.runs[:start])
			case "rPr":
				err = readRunProperties(x)
			default:
				err = skipElement(x)
			}
		case xmlEnd:
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// The attributes that encoding/xml decodes into numbers or booleans in
// excelize's structs, and so can fail on: of <sst>, <rPh>, <phoneticPr>
// and a run's properties (xlsxRPr: its <charset>, <family>, <sz>, <color>).
var (
	sstAttrs         = typedAttrs{"count": intValue, "uniqueCount": intValue}
	phoneticRunAttrs = typedAttrs{"sb": uint32Value, "eb": uint32Value}
	phoneticPrAttrs  = typedAttrs{"fontId": intValue}
	intVal           = typedAttrs{"val": intValue}
	floatVal         = typedAttrs{"val": floatValue}
	colorAttrs       = typedAttrs{"auto": boolValue, "indexed": intValue, "theme": intValue, "tint": floatValue}
)

type typedAttrs map[string]func([]byte) bool

func (t typedAttrs) ok(attrs []xmlAttr) bool {
	for _, a := range attrs {
		if valid, typed := t[string(a.local)]; typed && !valid(a.value) {
			return false
		}
	}
	return true
}

// readRunProperties reads an <rPr>, refusing what fails to decode into xlsxRPr.
func readRunProperties(x *xmlScanner) error {
	for {
		var err error
		switch x.next() {
		case xmlEOF:
			return errUnsupported
		case xmlStart:
			switch string(x.local()) {
			case "b", "i", "strike", "outline", "shadow", "condense", "extend":
				err = readBoolElement(x)
			case "charset", "family":
				err = checkAttrs(x, intVal)
			case "sz":
				err = checkAttrs(x, floatVal)
			case "color":
				err = checkAttrs(x, colorAttrs)
			default:
				err = skipElement(x)
			}
		case xmlEnd:
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// readBoolElement is excelize's attrValBool.UnmarshalXML: no child
// elements, and a first val attribute that is empty or ParseBool's.
func readBoolElement(x *xmlScanner) error {
	for _, a := range x.attrs {
		if string(a.local) == "val" {
			if len(a.value) > 0 {
				if _, err := strconv.ParseBool(string(a.value)); err != nil {
					return errUnsupported
				}
			}
			break
		}
	}
	for {
		switch x.next() {
		case xmlEOF, xmlStart:
			return errUnsupported
		case xmlEnd:
			return nil
		}
	}
}

// checkAttrs checks the typed attributes of the element just started and skips it.
func checkAttrs(x *xmlScanner, typed typedAttrs) error {
	if !typed.ok(x.attrs) {
		return errUnsupported
	}
	return skipElement(x)
}

// intValue, uint32Value, floatValue and boolValue report whether
// encoding/xml decodes an attribute into an int, uint32, float64 or bool.
func intValue(v []byte) bool {
	_, err := strconv.ParseInt(strings.TrimSpace(string(v)), 10, 64)
	return len(v) == 0 || err == nil
}

func uint32Value(v []byte) bool {
	_, err := strconv.ParseUint(strings.TrimSpace(string(v)), 10, 32)
	return len(v) == 0 || err == nil
}

func floatValue(v []byte) bool {
	_, err := strconv.ParseFloat(strings.TrimSpace(string(v)), 64)
	return len(v) == 0 || err == nil
}

func boolValue(v []byte) bool {
	_, err := strconv.ParseBool(strings.TrimSpace(string(v)))
	return len(v) == 0 || err == nil
}

// readSharedStrings reads xl/sharedStrings.xml as excelize's
// sharedStringsReader decodes it into xlsxSST, each item's text as
// xlsxSI.String gives it.
func readSharedStrings(b []byte) ([]string, error) {
	if bytes.Contains(b, []byte(strictNamespaceTag)) {
		return nil, errUnsupported
	}
	x := newXMLScanner(b)
	for k := x.next(); k != xmlStart; k = x.next() {
		if k == xmlEOF {
			return nil, x.err // no element: an empty table
		}
	}
	if string(x.local()) != "sst" || x.namespace(x.name, x.inRoot) != excelize.NameSpaceSpreadSheet.Value {
		return nil, errUnsupported
	}
	if !sstAttrs.ok(x.attrs) {
		return nil, errUnsupported
	}
	var shared []string
	var rt richText
	var text []byte
	for {
		switch x.next() {
		case xmlEOF:
			return nil, errUnsupported
		case xmlStart:
			if string(x.local()) != "si" {
				if err := skipElement(x); err != nil {
					return nil, err
				}
				continue
			}
			rt.reset()
			if err := readRichText(x, &rt); err != nil {
				return nil, err
			}
			text = rt.appendString(text[:0])
			shared = append(shared, string(text))
		case xmlEnd:
			return shared, nil
		}
	}
}

// appendBstr appends s with its _xHHHH_ escapes decoded as excelize's
// bstrUnmarshal decodes them: left to right, _x005F_ giving "_", and an
// escaped surrogate giving nothing.
func appendBstr(dst, s []byte) []byte {
	if !bytes.Contains(s, []byte("_x")) {
		return append(dst, s...)
	}
	for i := 0; i < len(s); {
		if r, ok := bstrEscape(s[i:]); ok {
			if utf8.ValidRune(r) {
				dst = utf8.AppendRune(dst, r)
			}
			i += 7
			continue
		}
		dst = append(dst, s[i])
		i++
	}
	return dst
}

// bstrEscape decodes the _xHHHH_ s starts with.
func bstrEscape(s []byte) (rune, bool) {
	if len(s) < 7 || s[0] != '_' || s[1] != 'x' || s[6] != '_' {
		return 0, false
	}
	var r rune
	for _, c := range s[2:6] {
		switch {
		case '0' <= c && c <= '9':
			r = r<<4 | rune(c-'0')
		case 'a' <= c && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case 'A' <= c && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}
