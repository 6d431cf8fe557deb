package ingest

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Fuzz targets for the source detector, the row parsers, profiles and
// whole files, seeded from testdata. `make fuzz` runs each for a while.

// csvLine writes one row as a CSV line; readCSVLine reads it back.
func csvLine(row []string) string {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(row)
	w.Flush()
	return strings.TrimRight(b.String(), "\n")
}

func readCSVLine(s string) []string {
	r := csv.NewReader(strings.NewReader(s))
	r.FieldsPerRecord, r.LazyQuotes = -1, true
	row, err := r.Read()
	if err != nil {
		return nil
	}
	return row
}

// testdataTables reads the header and data rows of every testdata export,
// and of the bad-input catalogue's exports that open (testdata/bad).
func testdataTables(tb testing.TB) (headers [][]string, rows [][2][]string) {
	cfgCases, _ := filepath.Glob(filepath.Join("testdata", "*", "input*"))
	bad, _ := filepath.Glob(filepath.Join("testdata", "bad", "*", "input*"))
	profiles, err := LoadProfiles(filepath.Join("testdata", "profile-custom", ProfileDir))
	if err != nil {
		tb.Fatal(err)
	}
	for _, path := range append(cfgCases, bad...) {
		t, err := openTable(path, []string{testPassword}, "", func(r []string) bool { return sniff(profiles, r) != nil })
		if err != nil && slices.Contains(bad, path) {
			continue // refused whole: FuzzFile has its bytes
		}
		if err != nil {
			tb.Fatalf("%s: %v", path, err)
		}
		headers = append(headers, t.header)
		for {
			row, _, err := t.next()
			var rerr *RowError
			if err == io.EOF || (err != nil && !errors.As(err, &rerr)) {
				break
			}
			if err == nil {
				rows = append(rows, [2][]string{t.header, slices.Clone(row)})
			}
		}
		t.close()
	}
	return headers, rows
}

func FuzzSniff(f *testing.F) {
	headers, _ := testdataTables(f)
	for _, h := range headers {
		f.Add(csvLine(h))
	}
	f.Add("상품주문번호,주문번호,정산상태,정산기준금액,정산예정금액")
	f.Fuzz(func(t *testing.T, line string) {
		row := readCSVLine(line)
		s := Sniff(row)
		if s == nil {
			return
		}
		if !newHeader(row).matches(s.signature) {
			t.Fatalf("Sniff(%q) = %s, whose signature the header does not hold", row, s.Name)
		}
		// Columns are found by name: their order never decides the source.
		rev := slices.Clone(row)
		slices.Reverse(rev)
		if r := Sniff(rev); r != s {
			t.Fatalf("Sniff(%q) = %s but reversed %v", row, s.Name, r)
		}
	})
}

// FuzzParseRow runs the parser of the source a header names over one row:
// the row ends as exactly one of record, duplicate, reject or ignored; a
// record is sane; and the personal columns change nothing that is stored
// or printed (but the buyer's keyed hash).
func FuzzParseRow(f *testing.F) {
	_, rows := testdataTables(f)
	for _, r := range rows {
		f.Add(csvLine(r[0]), csvLine(r[1]))
	}
	profiles, err := LoadProfiles(filepath.Join("testdata", "profile-custom", ProfileDir))
	if err != nil {
		f.Fatal(err)
	}
	opt := testOptions(f)
	f.Fuzz(func(t *testing.T, headerLine, rowLine string) {
		header, row := readCSVLine(headerLine), readCSVLine(rowLine)
		src := sniff(profiles, header)
		if src == nil || row == nil {
			return
		}
		h := newHeader(header)
		run := func(row []string) string {
			p := newParser("fuzz.csv", opt, [][]string{{"매장명: 대박국밥"}})
			rerr := src.parse(p, h, row, 7)
			switch n := p.records() + p.duplicates + p.ignored; {
			case rerr != nil && (n != 0 || rerr.Kind == "" || rerr.Row != 7 || rerr.Err == nil):
				t.Fatalf("a reject must be the row's only outcome, with a kind and its row: %#v", rerr)
			case rerr == nil && n != 1:
				t.Fatalf("row %q under %q: %d outcomes; want exactly one", row, header, n)
			}
			for i, s := range p.sales {
				if s.saleDate.After(p.now) || s.gross > p.maxKRW || -s.gross > p.maxKRW || s.orderKey == "" || s.status == "" {
					t.Fatalf("insane sales line %+v", s)
				}
				p.sales[i].buyerKey = ""
			}
			for _, s := range p.footfall {
				if s.visitors < 0 || s.ts.After(p.now) {
					t.Fatalf("insane footfall %+v", s)
				}
			}
			return fmt.Sprintf("%+v %+v %+v %+v %+v %+v %d %d %v", p.sales, p.cancels, p.footfall, p.spend,
				p.events, p.settlements, p.duplicates, p.ignored, rerr)
		}
		got := run(row)
		if src == sdotOldSource {
			return // it reads two columns right of the names: any column may be under a value
		}
		masked := slices.Clone(row)
		for _, col := range personalColumns {
			if i := h.find(col); i >= 0 && i < len(masked) {
				masked[i] = "(masked)"
			}
		}
		if m := run(masked); m != got {
			t.Fatalf("a personal column of %q changed what is kept:\n%s\n%s", header, got, m)
		}
	})
}

func FuzzProfile(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "*", ProfileDir, "*.yaml"))
	bad, _ := filepath.Glob(filepath.Join("testdata", "bad", "*", ProfileDir, "*.yaml"))
	for _, p := range append(paths, bad...) {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("name: x\ntable: footfall\nsensor: G1\ncolumns: {date: 일시, visitors: 입장}\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		pr, err := ParseProfile(b)
		if err != nil {
			return
		}
		if pr.Table != "sales" && pr.Table != "footfall" {
			t.Fatalf("table %q accepted", pr.Table)
		}
		h := newHeader(pr.mapped())
		for _, col := range personalColumns {
			if h.find(col) >= 0 {
				t.Fatalf("profile maps personal column %q", col)
			}
		}
		all := append(slices.Clone(pr.Signature), pr.mapped()...)
		if !newHeader(all).matches(pr.source.signature) {
			t.Fatalf("a header with every named column does not match the profile")
		}
		if err := pr.Validate(); err != nil {
			t.Fatalf("a valid profile fails a second Validate: %v", err)
		}
	})
}

// FuzzFile reads arbitrary bytes as an export: no panic, and the rejects
// are in row order with their kinds. It is seeded with every input of the
// bad-input catalogue, workbooks and random bytes included.
func FuzzFile(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "*", "input*.csv"))
	bad, _ := filepath.Glob(filepath.Join("testdata", "bad", "*", "input*"))
	for _, p := range append(paths, bad...) {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	opt := testOptions(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		path := filepath.Join(t.TempDir(), "export")
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		p, _, _, err := parseFile(path, opt)
		if err != nil {
			return
		}
		last := 0
		for _, r := range p.rejects {
			if r.Kind == "" || r.Row < last {
				t.Fatalf("reject %v (kind %q) after row %d", r, r.Kind, last)
			}
			last = r.Row
		}
	})
}
