package ingest

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"sijang/internal/market"
)

// BenchmarkParseFile times parseFile, the whole read of an export (decoding,
// CSV, header, every row's parse), on the exports of a demo workspace:
// SIJANG_BENCH_WORKSPACE, else /tmp/demoS (`sijang demo --dir /tmp/demoS`);
// skipped when there is none. It reports ns/row, the figure to hold against
// DuckDB's own read_csv of the same file.
func BenchmarkParseFile(b *testing.B) {
	dir := os.Getenv("SIJANG_BENCH_WORKSPACE")
	if dir == "" {
		dir = "/tmp/demoS"
	}
	cfg, err := market.Load(filepath.Join(dir, market.FileName))
	if err != nil {
		b.Skipf("no demo workspace in %s: %v", dir, err)
	}
	opt := Options{Config: cfg, BuyerKey: []byte("bench-key"), Now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}
	for _, bc := range []struct{ name, glob string }{
		{"card", "inbox/card/*/2022-07.csv"},               // CP949, one month of a market's card terminals
		{"jangbogi", "inbox/jangbogi/*/*/2022-0[1-6].csv"}, // UTF-8 with BOM, Smart Store order layout
		{"footfall", "inbox/footfall/*/2022-0[1-6].csv"},   // people counters
		{"smartstore-xlsx", "inbox/smartstore/*/S00[1-9]/*.xlsx"},
	} {
		paths, _ := filepath.Glob(filepath.Join(dir, bc.glob))
		if len(paths) == 0 {
			continue
		}
		b.Run(bc.name, func(b *testing.B) {
			rows := 0
			for b.Loop() {
				rows = 0
				for _, path := range paths {
					p, _, _, err := parseFile(path, opt)
					if err != nil {
						b.Fatal(err)
					}
					rows += len(p.rejects) + p.duplicates + p.records()
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*rows), "ns/row")
			b.ReportMetric(float64(rows), "rows/op")
		})
	}
}

// BenchmarkReadSheet times the reading of worksheets alone, on the Smart
// Store workbooks of the demo workspace (as BenchmarkParseFile finds it),
// opened beforehand: with excelize's Rows and Columns, and with
// workbookSheets (sheet.go), which yields the same rows.
func BenchmarkReadSheet(b *testing.B) {
	dir := os.Getenv("SIJANG_BENCH_WORKSPACE")
	if dir == "" {
		dir = "/tmp/demoS"
	}
	paths, _ := filepath.Glob(filepath.Join(dir, "inbox/smartstore/*/S00[1-9]/*.xlsx"))
	if len(paths) == 0 {
		b.Skipf("no Smart Store workbooks in %s", dir)
	}
	var books []*excelize.File
	for _, path := range paths {
		wb, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
		if err != nil {
			b.Fatal(err)
		}
		defer wb.Close()
		books = append(books, wb)
	}
	for _, bc := range []struct {
		name string
		rows func(wb *excelize.File, sheets *workbookSheets, sheet string) rowReader
	}{
		{"excelize", func(wb *excelize.File, _ *workbookSheets, sheet string) rowReader {
			rows, err := wb.Rows(sheet)
			if err != nil {
				b.Fatal(err)
			}
			return excelizeRows(rows)
		}},
		{"sheet.go", func(_ *excelize.File, sheets *workbookSheets, sheet string) rowReader {
			s, err := sheets.rows(sheet)
			if err != nil {
				b.Fatal(err)
			}
			return s.next
		}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			rows := 0
			for b.Loop() {
				rows = 0
				for _, wb := range books {
					sheets := newWorkbookSheets(wb)
					for _, sheet := range wb.GetSheetList() {
						next := bc.rows(wb, sheets, sheet)
						for {
							if _, _, err := next(); err != nil {
								break
							}
							rows++
						}
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*rows), "ns/row")
			b.ReportMetric(float64(rows), "rows/op")
		})
	}
}
