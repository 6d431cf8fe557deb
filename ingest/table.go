package ingest

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/transform"
)

// headerScanRows is how many rows above the data may hold titles and notices.
const headerScanRows = 15

// ErrPassword means an encrypted workbook opened with none of the passwords.
var ErrPassword = errors.New("password-protected workbook")

// passwordHelp says where passwords come from; the CLI reads both.
const passwordHelp = "add its password to ingest.xlsx_passwords in market.yaml or to the SIJANG_XLSX_PASSWORD environment variable"

// table is an export read as rows of text cells, positioned after its
// header. The slice next returns (not its strings) is reused by the next call.
type table struct {
	header    []string
	headerRow int        // 1-based row of the header
	preamble  [][]string // rows above the header (titles such as 조회기간)
	encoding  string     // utf-8, utf-8-bom, cp949 or xlsx
	ascii     bool       // the first 64 KiB (the encoding's sample) are plain ASCII
	modified  time.Time  // the workbook's modified (else created) property, zero if none
	next      func() (row []string, line int, err error)
	close     func() error
}

// rowReader yields rows with their 1-based line numbers, io.EOF at the end.
type rowReader func() ([]string, int, error)

// openTable opens a CSV or xlsx export, finds its header with sniff and
// returns the table positioned on the first data row. A CSV export is read
// in encoding (utf-8 or cp949), or in the one detected when encoding is "".
func openTable(path string, passwords []string, encoding string, sniff func([]string) bool) (*table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	head := make([]byte, 64<<10)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		f.Close()
		return nil, err
	}
	full := n == len(head) // the file may go on past the sample
	head = head[:n]
	if n == 0 {
		f.Close()
		return nil, errors.New("empty file")
	}
	if isZip(head) || isOLE(head) {
		f.Close()
		return openWorkbook(path, isOLE(head), passwords, sniff)
	}
	// The text is the sample, then the rest of the file.
	var text io.Reader = bytes.NewReader(head)
	if full {
		text = io.MultiReader(text, bufio.NewReaderSize(f, 64<<10))
	}
	return openCSV(f, text, head, encoding, sniff)
}

func isZip(b []byte) bool { return bytes.HasPrefix(b, []byte("PK\x03\x04")) }

// isOLE reports an OLE2 compound file: an encrypted xlsx (or a legacy .xls).
func isOLE(b []byte) bool {
	return bytes.HasPrefix(b, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
}

// detectEncoding tells UTF-8 (with or without BOM) from CP949 on a sample.
func detectEncoding(sample []byte) (string, error) {
	if rest, ok := bytes.CutPrefix(sample, []byte("\xEF\xBB\xBF")); ok {
		if len(rest) > 0 && !validUTF8(rest) {
			return "", errors.New("starts with a UTF-8 byte-order mark but is not UTF-8 text (CP949 behind the mark?); save it again as UTF-8 or as CP949")
		}
		return "utf-8-bom", nil
	}
	if bytes.IndexByte(sample, 0) >= 0 {
		return "", errors.New("binary data, not a text export")
	}
	if validUTF8(sample) {
		return "utf-8", nil
	}
	dec, _, err := transform.Bytes(korean.EUCKR.NewDecoder(), sample)
	if err != nil {
		return "", errors.New("neither UTF-8 nor CP949 text")
	}
	// Count undecodable bytes; a few stray bytes are tolerated (those rows reject).
	if bad := bytes.Count(dec, []byte("\uFFFD")); bad > len(dec)/100+2 {
		return "", errors.New("neither UTF-8 nor CP949 text")
	}
	return "cp949", nil
}

// validUTF8 reports whether a sample is UTF-8 text; one cut mid-character still is.
func validUTF8(sample []byte) bool {
	for i := 0; i <= utf8.UTFMax && len(sample) > 0; i++ {
		if utf8.Valid(sample) {
			return true
		}
		sample = sample[:len(sample)-1]
	}
	return false
}

// openCSV reads r, the text of f, whose first bytes are head.
func openCSV(f *os.File, r io.Reader, head []byte, forced string, sniff func([]string) bool) (*table, error) {
	enc, err := detectEncoding(head)
	if err != nil && forced == "" {
		f.Close()
		return nil, err
	}
	switch {
	case forced == "cp949":
		enc = "cp949"
	case forced == "utf-8" && enc != "utf-8-bom":
		enc = "utf-8"
	}
	switch enc {
	case "utf-8-bom":
		if _, err := io.CopyN(io.Discard, r, 3); err != nil {
			f.Close()
			return nil, err
		}
	case "cp949":
		r = transform.NewReader(r, korean.EUCKR.NewDecoder())
	}
	raw := &rawRecords{r: r}
	cr := csv.NewReader(raw)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true
	var t *table
	next := func() ([]string, int, error) {
		start := cr.InputOffset()
		rec, err := cr.Read()
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, pe.StartLine, &RowError{Row: pe.StartLine, Kind: KindBadRow, Err: pe.Err}
			}
			return nil, 0, err
		}
		line, _ := cr.FieldPos(0)
		if err := checkQuotes(rec, raw.record(start, cr.InputOffset()), line, t); err != nil {
			return nil, line, err
		}
		return rec, line, nil
	}
	t, err = findHeader(next, sniff)
	if err != nil {
		f.Close()
		return nil, err
	}
	t.encoding = enc
	t.ascii = bytes.IndexFunc(head, func(r rune) bool { return r >= utf8.RuneSelf }) < 0
	t.close = f.Close
	return t, nil
}

// rawRecords passes a CSV export's text to the CSV reader and keeps what it
// has read since the start of the current record.
type rawRecords struct {
	r     io.Reader
	buf   []byte // buf[off:] is the text since the start of the current record
	off   int
	start int64 // the stream offset of buf[off]
}

func (c *rawRecords) Read(p []byte) (int, error) {
	if c.off > 0 && c.off >= len(c.buf)/2 {
		// Drop the records before in place, copying less than was dropped.
		c.buf, c.off = c.buf[:copy(c.buf, c.buf[c.off:])], 0
	}
	n, err := c.r.Read(p)
	c.buf = append(c.buf, p[:n]...)
	return n, err
}

// record returns the text between two stream offsets (a record, as the
// reader's InputOffset gives them) and forgets what comes before the
// second. The text is valid until the next Read.
func (c *rawRecords) record(from, to int64) []byte {
	b := c.buf[c.off+int(from-c.start) : c.off+int(to-c.start)]
	c.off, c.start = c.off+int(to-c.start), to
	return b
}

// checkQuotes refuses a record read across lines unless its text is
// properly quoted. The reader forgives stray quotes (LazyQuotes), which on
// one line costs nothing, but a quote that is never closed, or closed only
// by a quote further on, would swallow the following lines into one field
// and lose their rows without a word.
func checkQuotes(rec []string, raw []byte, line int, t *table) error {
	if oneLine(rec, raw) {
		return nil
	}
	field := slices.IndexFunc(rec, func(f string) bool { return strings.Contains(f, "\n") })
	if field < 0 {
		return nil
	}
	strict := csv.NewReader(bytes.NewReader(raw))
	strict.FieldsPerRecord = -1
	if got, err := strict.Read(); err == nil && slices.Equal(got, rec) {
		return nil // a quoted field that really holds a line break
	}
	column := strconv.Itoa(field + 1)
	if t != nil && field < len(t.header) && t.header[field] != "" {
		column = t.header[field]
	}
	last := line + bytes.Count(bytes.Trim(raw, "\r\n"), []byte("\n"))
	return fmt.Errorf("column %s: its quote is not closed where it should be, so lines %d to %d would read as one row; correct the quotes (or export the file again)",
		column, line, last)
}

// oneLine reports cheaply that no field of a record holds a line break: a
// field's line break is one of the record's text, and only the last field
// can hold the text's final one (a quote left open at the end of the file).
func oneLine(rec []string, raw []byte) bool {
	n := len(raw)
	return n > 0 && len(rec) > 0 && bytes.IndexByte(raw[:n-1], '\n') < 0 && !strings.Contains(rec[len(rec)-1], "\n")
}

// findHeader reads rows until sniff accepts one as the header.
func findHeader(next rowReader, sniff func([]string) bool) (*table, error) {
	t := &table{next: next}
	for i := 0; i < headerScanRows; i++ {
		row, line, err := next()
		if err == io.EOF {
			break
		}
		var re *RowError
		if errors.As(err, &re) {
			continue // a malformed title line; keep looking
		}
		if err != nil {
			return nil, err
		}
		cells := trimCells(row)
		if sniff(cells) {
			t.header, t.headerRow = cells, line
			return t, nil
		}
		t.preamble = append(t.preamble, cells)
	}
	return nil, ErrUnknownSource
}

func trimCells(row []string) []string {
	out := make([]string, len(row))
	for i, c := range row {
		out[i] = strings.TrimSpace(strings.TrimPrefix(c, "\uFEFF"))
	}
	return out
}

func openWorkbook(path string, encrypted bool, passwords []string, sniff func([]string) bool) (*table, error) {
	var wb *excelize.File
	if encrypted {
		var err error
		if wb, err = decryptWorkbook(path, passwords); err != nil {
			return nil, err
		}
	} else {
		f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, fmt.Errorf("not a readable xlsx workbook: %w", err)
		}
		wb = f
	}
	sheets := newWorkbookSheets(wb)
	for _, sheet := range wb.GetSheetList() {
		rows, err := wb.Rows(sheet)
		if err != nil {
			continue
		}
		next := excelizeRows(rows)
		if fast, err := sheets.rows(sheet); err == nil {
			rows.Close()
			next = fast.next
		}
		t, err := findHeader(next, sniff)
		if errors.Is(err, ErrUnknownSource) {
			rows.Close()
			continue
		}
		if err != nil {
			rows.Close()
			wb.Close()
			return nil, err
		}
		t.encoding = "xlsx"
		t.modified = workbookTime(wb)
		t.close = func() error { rows.Close(); return wb.Close() }
		return t, nil
	}
	wb.Close()
	return nil, ErrUnknownSource
}

// excelizeRows reads a sheet with excelize, which sheets.rows does
// faster; it is the way for sheets that reader leaves to excelize.
func excelizeRows(rows *excelize.Rows) rowReader {
	line := 0
	return func() ([]string, int, error) {
		if !rows.Next() {
			if err := rows.Error(); err != nil {
				return nil, line, err
			}
			return nil, line, io.EOF
		}
		line++
		cols, err := rows.Columns()
		return cols, line, err
	}
}

// decryptWorkbook opens an OLE2 file: an xlsx encrypted with a password
// (tried in order), or else a legacy .xls, which sijang does not read.
func decryptWorkbook(path string, passwords []string) (*excelize.File, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if !bytes.Contains(b, utf16le("EncryptionInfo")) {
		return nil, errors.New("a legacy .xls workbook (or another OLE2 file), not an xlsx export: open it in Excel and save it as .xlsx")
	}
	if len(passwords) == 0 {
		return nil, fmt.Errorf("%w and no password is configured: %s", ErrPassword, passwordHelp)
	}
	for _, p := range passwords {
		if wb, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{Password: p, RawCellValue: true}); err == nil {
			return wb, nil
		}
	}
	return nil, fmt.Errorf("%w: none of the %d configured passwords opens it; %s", ErrPassword, len(passwords), passwordHelp)
}

// utf16le encodes an ASCII name as the OLE2 directory stores it.
func utf16le(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		b = append(b, s[i], 0)
	}
	return b
}

// workbookTime reads the document's modified (else created) time as KST wall clock.
func workbookTime(wb *excelize.File) time.Time {
	props, err := wb.GetDocProps()
	if err != nil {
		return time.Time{}
	}
	for _, s := range []string{props.Modified, props.Created} {
		if ts, err := time.Parse(time.RFC3339, s); err == nil {
			return kst(ts)
		}
	}
	return time.Time{}
}

// cleanID turns an identifier that a spreadsheet stored as a number
// ("2.022040521691281E15", "123.0") back into its digits.
func cleanID(s string) string {
	if s != "" && allDigits(s) {
		return s // nothing to clean, as in nearly every export
	}
	s = strings.TrimSpace(s)
	if strings.ContainsAny(s, "eE") {
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return strconv.FormatFloat(f, 'f', 0, 64)
		}
	}
	if whole, frac, ok := strings.Cut(s, "."); ok && strings.Trim(frac, "0") == "" && whole != "" {
		return whole
	}
	return s
}
