package demo

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/transform"
)

// Source kinds of the files in truth.json: the export kinds of
// ingest/FORMATS.md. 동네시장 장보기 orders are Naver order exports, so
// their kind is smartstore; their channel says jangbogi.
const (
	kindCard       = "card"
	kindSmartstore = "smartstore"
	kindFootfall   = "footfall"
	kindSpend      = "spend"
	kindEvents     = "events"
	kindJangbogi   = "jangbogi" // only to route malformed rows; files say smartstore
)

// fileRecord describes one written file.
type fileRecord struct {
	Path    string `json:"path"` // relative to the workspace, slash-separated
	Kind    string `json:"kind"`
	Channel string `json:"channel,omitempty"` // order exports: smartstore or jangbogi
	Rows    int    `json:"rows"`              // data rows: not title, notice or header rows
	Bytes   int64  `json:"bytes"`
}

// create opens a workspace file for writing, making its folders.
func (p *plan) create(rel string) (*os.File, error) {
	full := filepath.Join(p.opt.Dir, filepath.FromSlash(rel))
	if err := mkdirFor(full); err != nil {
		return nil, err
	}
	return os.Create(full)
}

// mkdirFor makes the folder of a file path.
func mkdirFor(path string) error { return os.MkdirAll(filepath.Dir(path), 0o755) }

func fileSize(path string) (int64, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}

// csvFile is a CSV export being written: UTF-8 (optionally with a BOM) or
// CP949, LF or CRLF. line counts every line written so far.
type csvFile struct {
	rel  string
	f    *os.File
	buf  *bufio.Writer
	enc  io.WriteCloser // CP949 encoder, or nil
	w    *csv.Writer
	line int
}

type csvEncoding int

const (
	utf8Plain csvEncoding = iota
	utf8BOM
	cp949
)

func (p *plan) createCSV(rel string, enc csvEncoding, crlf bool) (*csvFile, error) {
	f, err := p.create(rel)
	if err != nil {
		return nil, err
	}
	c := &csvFile{rel: rel, f: f, buf: bufio.NewWriterSize(f, 1<<16)}
	var w io.Writer = c.buf
	switch enc {
	case utf8BOM:
		c.buf.WriteString("\ufeff")
	case cp949:
		c.enc = transform.NewWriter(c.buf, korean.EUCKR.NewEncoder())
		w = c.enc
	}
	c.w = csv.NewWriter(w)
	c.w.UseCRLF = crlf
	return c, nil
}

// write writes one record (one line: no field holds a newline).
func (c *csvFile) write(rec ...string) error {
	c.line++
	return c.w.Write(rec)
}

// close flushes and closes the file and returns its record.
func (c *csvFile) close(kind string, rows int) (fileRecord, error) {
	c.w.Flush()
	err := c.w.Error()
	if c.enc != nil {
		if cerr := c.enc.Close(); err == nil {
			err = cerr
		}
	}
	if ferr := c.buf.Flush(); err == nil {
		err = ferr
	}
	fi, serr := c.f.Stat()
	if cerr := c.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = serr
	}
	if err != nil {
		return fileRecord{}, fmt.Errorf("write %s: %w", c.rel, err)
	}
	return fileRecord{Path: c.rel, Kind: kind, Rows: rows, Bytes: fi.Size()}, nil
}

// abort closes the file after an error; the caller reports the error.
func (c *csvFile) abort() { c.f.Close() }

// won formats an amount with thousands separators: 12,500,000 or -35,000.
func won(v int64) string {
	var b [32]byte
	return string(appendWon(b[:0], v))
}

func appendWon(b []byte, v int64) []byte {
	if v < 0 {
		b = append(b, '-')
		v = -v
	}
	s := strconv.AppendInt(nil, v, 10)
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, c)
	}
	return b
}

// clock formats seconds of the day as HH:MM:SS.
func clock(sec int) string {
	h, m, s := sec/3600, sec/60%60, sec%60
	b := [8]byte{byte('0' + h/10), byte('0' + h%10), ':', byte('0' + m/10), byte('0' + m%10), ':', byte('0' + s/10), byte('0' + s%10)}
	return string(b[:])
}

// stamp formats epoch seconds of KST wall-clock time as 2006-01-02 15:04:05.
func stamp(sec int64) string {
	d := int(sec / 86400)
	return dayLabel(d) + " " + clock(int(sec%86400))
}

// digits formats v zero-padded to n digits (v < 10^n).
func digits(v uint64, n int) string {
	var b [20]byte
	for i := n - 1; i >= 0; i-- {
		b[i] = byte('0' + v%10)
		v /= 10
	}
	return string(b[:n])
}
