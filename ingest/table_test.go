package ingest

import (
	"encoding/csv"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
)

// TestRawRecords reads random CSV text as openCSV does, through a reader
// that returns a few bytes at a time: each record's raw text is the text
// between its offsets, and oneLine never clears a record with a line
// break in a field.
func TestRawRecords(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	pieces := []string{"a", "가", ",", `"`, `""`, "\n", "\r\n", "\r", " ", "12,000"}
	for range 3000 {
		var b strings.Builder
		for range rng.IntN(40) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		text := b.String()
		raw := &rawRecords{r: iotest.HalfReader(strings.NewReader(text))}
		cr := csv.NewReader(raw)
		cr.FieldsPerRecord, cr.LazyQuotes, cr.ReuseRecord = -1, true, true
		for {
			start := cr.InputOffset()
			rec, err := cr.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				continue
			}
			end := cr.InputOffset()
			got := raw.record(start, end)
			if string(got) != text[start:end] {
				t.Fatalf("%q: record text %q; want %q", text, got, text[start:end])
			}
			if oneLine(rec, got) && slices.ContainsFunc(rec, func(f string) bool { return strings.Contains(f, "\n") }) {
				t.Fatalf("%q: oneLine clears %q, whose fields %q hold a line break", text, got, rec)
			}
		}
	}
}
