package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/encoding/korean"

	"sijang/internal/demo"
)

// The benchmarks run on the default demo (size S) written once per run.
var (
	benchOnce sync.Once
	benchDir  string
	benchErr  error
)

func benchWorkspace(b *testing.B) string {
	b.Helper()
	benchOnce.Do(func() {
		benchDir, benchErr = os.MkdirTemp("", "sijang-bench-")
		if benchErr == nil {
			_, benchErr = demo.Generate(context.Background(), demo.Options{Dir: benchDir})
		}
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchDir
}

func benchEnv() *env {
	return &env{getenv: func(string) string { return "" }, stdout: io.Discard, stderr: io.Discard}
}

// freshWorkspace links the exports into a new folder with an empty warehouse.
func freshWorkspace(b *testing.B, src string) workspace {
	b.Helper()
	dst := b.TempDir()
	for _, name := range []string{"market.yaml"} {
		if err := os.Symlink(filepath.Join(src, name), filepath.Join(dst, name)); err != nil {
			b.Fatal(err)
		}
	}
	if err := os.CopyFS(filepath.Join(dst, "inbox"), os.DirFS(filepath.Join(src, "inbox"))); err != nil {
		b.Fatal(err)
	}
	return workspace{dst}
}

func dirSize(b *testing.B, dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}

// BenchmarkIngest loads every export of the default demo into an empty warehouse.
func BenchmarkIngest(b *testing.B) {
	src := benchWorkspace(b)
	size := dirSize(b, filepath.Join(src, "inbox"))
	var rows int
	var took time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		ws := freshWorkspace(b, src)
		w, err := ws.open(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		lines, err := ingestAll(context.Background(), benchEnv(), ws, w.DB, nil, true)
		took += time.Since(start)
		b.StopTimer()
		if err != nil {
			b.Fatal(err)
		}
		rows = 0
		for _, l := range lines {
			rows += l.Read
		}
		w.Close()
		b.StartTimer()
	}
	sec := took.Seconds() / float64(b.N)
	b.ReportMetric(float64(rows)/sec, "rows/s")
	b.ReportMetric(float64(size)/1e6/sec, "MB/s")
}

// BenchmarkCardIngestVsReadCSV compares sijang's ingest of the card
// exports (CP949, validated, merged, with cancellations) with DuckDB's own
// read_csv of the same rows already transcoded to UTF-8: the practical limit.
func BenchmarkCardIngestVsReadCSV(b *testing.B) {
	src := benchWorkspace(b)
	cards, _ := filepath.Glob(filepath.Join(src, "inbox", "card", "*", "*.csv"))
	utf8Dir := b.TempDir()
	for _, f := range cards {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		dec, err := korean.EUCKR.NewDecoder().Bytes(raw)
		if err != nil {
			b.Fatal(err)
		}
		// Drop the title rows above the header, which read_csv would need to be told about.
		if i := bytes.Index(dec, []byte("승인일자")); i > 0 {
			dec = dec[i:]
		}
		if err := os.WriteFile(filepath.Join(utf8Dir, filepath.Base(f)), dec, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	var ours, theirs time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		ws := freshWorkspace(b, src)
		w, err := ws.open(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		if _, err := ingestAll(context.Background(), benchEnv(), ws, w.DB, cards, true); err != nil {
			b.Fatal(err)
		}
		ours += time.Since(start)
		start = time.Now()
		_, err = w.DB.Exec(`CREATE TABLE raw_card AS SELECT * FROM read_csv(?, header = true, all_varchar = true)`,
			filepath.Join(utf8Dir, "*.csv"))
		theirs += time.Since(start)
		b.StopTimer()
		if err != nil {
			b.Fatal(err)
		}
		w.Close()
		b.StartTimer()
	}
	b.ReportMetric(ours.Seconds()/float64(b.N), "ingest-s")
	b.ReportMetric(theirs.Seconds()/float64(b.N), "read_csv-s")
	b.ReportMetric(ours.Seconds()/theirs.Seconds(), "ratio")
}

// BenchmarkComputeEvaluateReport runs the stages after ingest on the loaded demo.
func BenchmarkComputeEvaluateReport(b *testing.B) {
	src := benchWorkspace(b)
	ws := freshWorkspace(b, src)
	w, err := ws.open(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	defer w.Close()
	if _, err := ingestAll(context.Background(), benchEnv(), ws, w.DB, nil, true); err != nil {
		b.Fatal(err)
	}
	var tc, te, tr time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if err := compute(context.Background(), benchEnv(), w.DB); err != nil {
			b.Fatal(err)
		}
		tc += time.Since(start)
		start = time.Now()
		if err := evaluate(context.Background(), benchEnv(), w.DB); err != nil {
			b.Fatal(err)
		}
		te += time.Since(start)
		start = time.Now()
		if _, err := report(context.Background(), benchEnv(), ws, w.DB, ""); err != nil {
			b.Fatal(err)
		}
		tr += time.Since(start)
	}
	n := float64(b.N)
	b.ReportMetric(tc.Seconds()/n, "compute-s")
	b.ReportMetric(te.Seconds()/n, "evaluate-s")
	b.ReportMetric(tr.Seconds()/n, "report-s")
}
