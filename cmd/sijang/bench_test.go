package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/text/encoding/korean"

	"sijang/internal/demo"
)

// The benchmarks run on a demo workspace of the size named by
// SIJANG_BENCH_SIZE (S, the default, M or L; see benchSizes) and report
// under that name, e.g. BenchmarkPipeline/M. Demo workspaces are generated
// once into SIJANG_BENCH_DIR (default $TMPDIR/sijang-bench), keyed by their
// options and the generator's source, so a re-run does not regenerate them.
// Each benchmark loads into its own empty warehouse whose inbox is
// hard-linked to the cached exports. `make bench SIZE=M` sets both variables.

// benchSizes are the demo options of each size; To is set per benchmark.
var benchSizes = map[string]demo.Options{
	"S": {},                                      // the default demo: 150 stalls, one market, 2019–2022, 1.5M sales lines, 212 MB
	"M": {Stalls: 500, TxPerDay: 16},             // 10.3M sales lines, 1.1 GB
	"L": {Stalls: 500, Markets: 7, TxPerDay: 24}, // 52M sales lines over seven markets, 5.4 GB
}

var (
	fullEnd = time.Date(2022, 12, 31, 0, 0, 0, 0, time.UTC) // four years from 2019-01-01, the default
	baseEnd = time.Date(2022, 11, 30, 0, 0, 0, 0, time.UTC) // one month less
)

// benchSize returns the size named by SIJANG_BENCH_SIZE and its options.
func benchSize(b *testing.B) (string, demo.Options) {
	b.Helper()
	name := os.Getenv("SIJANG_BENCH_SIZE")
	if name == "" {
		name = "S"
	}
	opt, ok := benchSizes[name]
	if !ok {
		b.Fatalf("SIJANG_BENCH_SIZE=%q: want S, M or L", name)
	}
	return name, opt
}

func benchCacheDir() string {
	if d := os.Getenv("SIJANG_BENCH_DIR"); d != "" {
		return d
	}
	return filepath.Join(os.TempDir(), "sijang-bench")
}

var (
	benchMu   sync.Mutex
	benchDirs = map[string]string{} // cache key → workspace, for this process
)

// benchWorkspace returns the cached demo workspace of the size with trade
// up to the given day, generating it if it is not there yet.
func benchWorkspace(b *testing.B, to time.Time) string {
	b.Helper()
	name, opt := benchSize(b)
	opt.To = to
	key, err := benchKey(opt)
	if err != nil {
		b.Fatal(err)
	}
	benchMu.Lock()
	defer benchMu.Unlock()
	if dir, ok := benchDirs[key]; ok {
		return dir
	}
	cache := benchCacheDir()
	dir := filepath.Join(cache, fmt.Sprintf("%s-%s-%s", name, to.Format(time.DateOnly), key))
	if _, err := os.Stat(filepath.Join(dir, "market.yaml")); err != nil {
		// Generate beside the cache entry and rename, so an interrupted
		// run never leaves a half-written workspace behind.
		if err := os.MkdirAll(cache, 0o755); err != nil {
			b.Fatal(err)
		}
		tmp, err := os.MkdirTemp(cache, "generating-")
		if err != nil {
			b.Fatal(err)
		}
		opt.Dir = tmp
		start := time.Now()
		sum, err := demo.Generate(context.Background(), opt)
		if err != nil {
			os.RemoveAll(tmp)
			b.Fatal(err)
		}
		if err := os.Rename(tmp, dir); err != nil {
			os.RemoveAll(tmp)
			if _, serr := os.Stat(filepath.Join(dir, "market.yaml")); serr != nil {
				b.Fatal(err)
			}
		}
		b.Logf("generated %s: %d files, %.0f MB, %d sales lines in %.0fs",
			dir, sum.Files, float64(sum.Bytes)/1e6, sum.SalesLines, time.Since(start).Seconds())
	}
	benchDirs[key] = dir
	return dir
}

// benchKey names the demo options and the generator's source, so that a
// changed generator does not reuse an old workspace.
func benchKey(opt demo.Options) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "%+v\n", opt)
	srcs, err := filepath.Glob(filepath.Join("..", "..", "internal", "demo", "*.go"))
	if err != nil {
		return "", err
	}
	for _, f := range srcs {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			return "", err
		}
		h.Write(src)
	}
	return hex.EncodeToString(h.Sum(nil))[:12], nil
}

func benchEnv() *env {
	return &env{getenv: func(string) string { return "" }, stdout: io.Discard, stderr: io.Discard}
}

// freshWorkspace returns a new workspace with an empty warehouse whose
// market.yaml and inbox are linked to src's.
func freshWorkspace(b *testing.B, src string) workspace {
	b.Helper()
	dst := b.TempDir()
	if err := os.Symlink(filepath.Join(src, "market.yaml"), filepath.Join(dst, "market.yaml")); err != nil {
		b.Fatal(err)
	}
	linkInbox(b, src, dst)
	return workspace{dst}
}

// linkInbox hard-links (or, across file systems, copies) the files of src's
// inbox into dst's, replacing files of the same name, as a user copies new
// exports into the inbox. Ingest only reads them.
func linkInbox(b *testing.B, src, dst string) {
	b.Helper()
	from := filepath.Join(src, "inbox")
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(from, p)
		if err != nil {
			return err
		}
		to := filepath.Join(dst, "inbox", rel)
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			return err
		}
		if err := os.Remove(to); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		err = os.Link(p, to)
		if errors.Is(err, syscall.EXDEV) {
			err = copyFile(p, to)
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
}

// linkChanged hard-links the files of src's inbox that dst's lacks or
// holds with other content into dst's inbox (untimed setup): the exports a
// user adds for a new month, and the ones re-exported since.
func linkChanged(b *testing.B, src, dst string) {
	b.Helper()
	from := filepath.Join(src, "inbox")
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(from, p)
		if err != nil {
			return err
		}
		to := filepath.Join(dst, "inbox", rel)
		if same, err := sameContent(p, to); err != nil || same {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			return err
		}
		if err := os.Remove(to); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		err = os.Link(p, to)
		if errors.Is(err, syscall.EXDEV) {
			err = copyFile(p, to)
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
}

// sameContent reports whether two files hold the same bytes; false when b does not exist.
func sameContent(a, b string) (bool, error) {
	y, err := os.ReadFile(b)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	x, err := os.ReadFile(a)
	return bytes.Equal(x, y), err
}

// recopyInbox replaces every file of dir's inbox with a copy of itself, as
// copying the exports again does: same bytes, new modification times. (The
// files are hard links to the cached workspaces, which must not change.)
func recopyInbox(b *testing.B, dir string) {
	b.Helper()
	err := filepath.WalkDir(filepath.Join(dir, "inbox"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.Remove(p); err != nil {
			return err
		}
		return os.WriteFile(p, data, 0o644)
	})
	if err != nil {
		b.Fatal(err)
	}
}

func copyFile(from, to string) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, data, 0o644)
}

func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}

// resetPeak returns the Go heap's free memory to the system and resets the
// process's peak resident set size (VmHWM), so that peakMiB measures what
// follows. Linux only; elsewhere peakMiB reports 0.
func resetPeak() {
	runtime.GC()
	debug.FreeOSMemory()
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) // 5: reset the peak RSS (Linux ≥ 4.0)
}

// peakMiB is the process's peak resident set size since resetPeak: the Go
// heap and DuckDB's memory together.
func peakMiB() float64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			if err != nil {
				return 0
			}
			return kb / 1024
		}
	}
	return 0
}

// ingestCounts sums the rows read and the files loaded or skipped.
func ingestCounts(lines []fileLine) (rows, loaded, skipped int) {
	for _, l := range lines {
		rows += l.Read
		if l.Skipped {
			skipped++
		} else {
			loaded++
		}
	}
	return rows, loaded, skipped
}

// BenchmarkPipeline runs what `sijang run` runs on a fresh workspace:
// ingest of every export into an empty warehouse, compute, evaluate and
// report on one open warehouse. ns/op is the whole; the stages, ingest
// throughput and the peak memory of the process are reported apart.
func BenchmarkPipeline(b *testing.B) {
	name, _ := benchSize(b)
	b.Run(name, func(b *testing.B) {
		src := benchWorkspace(b, fullEnd)
		size := dirSize(filepath.Join(src, "inbox"))
		ctx := context.Background()
		var rows int
		var ti, tc, te, tr time.Duration
		var peak float64
		b.ResetTimer()
		for range b.N {
			b.StopTimer()
			ws := freshWorkspace(b, src)
			w, err := ws.open(ctx)
			if err != nil {
				b.Fatal(err)
			}
			resetPeak()
			b.StartTimer()
			start := time.Now()
			lines, err := ingestAll(ctx, benchEnv(), ws, w.DB, nil, false)
			if err != nil {
				b.Fatal(err)
			}
			ti += time.Since(start)
			rows, _, _ = ingestCounts(lines)
			// Big sizes take long: say how far it got before the result line.
			fmt.Fprintf(os.Stderr, "%s: ingest %d rows in %.0fs, peak %.0f MiB so far\n",
				b.Name(), rows, time.Since(start).Seconds(), peakMiB())
			start = time.Now()
			if err := compute(ctx, benchEnv(), w.DB); err != nil {
				b.Fatal(err)
			}
			tc += time.Since(start)
			start = time.Now()
			if err := evaluate(ctx, benchEnv(), w.DB); err != nil {
				b.Fatal(err)
			}
			te += time.Since(start)
			start = time.Now()
			if _, err := report(ctx, benchEnv(), ws, w.DB, ""); err != nil {
				b.Fatal(err)
			}
			tr += time.Since(start)
			b.StopTimer()
			peak = max(peak, peakMiB())
			w.Close()
		}
		n := float64(b.N)
		b.ReportMetric(float64(rows)/(ti.Seconds()/n), "rows/s")
		b.ReportMetric(float64(size)/1e6/(ti.Seconds()/n), "MB/s")
		b.ReportMetric(ti.Seconds()/n, "ingest-s")
		b.ReportMetric(tc.Seconds()/n, "compute-s")
		b.ReportMetric(te.Seconds()/n, "evaluate-s")
		b.ReportMetric(tr.Seconds()/n, "report-s")
		b.ReportMetric(peak, "peak-MiB")
	})
}

// BenchmarkIngestVsReadCSV compares sijang's ingest of each kind of CSV
// export (detected, decoded, validated, personal data dropped, merged,
// accounted for) with DuckDB's own read_csv of the same rows in the same
// process: the practical limit. read_csv gets the files as clean UTF-8 with
// the header on the first line (card exports transcoded from CP949 and
// their title rows dropped beforehand, untimed) and reads every column as
// text. The Smart Store workbooks have no read_csv counterpart. The time to
// prepare read_csv's input (decode, drop title rows, write) is reported
// apart (prepare-s), with the ratio that counts it (ratio-with-prepare).
func BenchmarkIngestVsReadCSV(b *testing.B) {
	name, _ := benchSize(b)
	for _, kind := range []string{"card", "jangbogi", "footfall"} {
		b.Run(name+"/"+kind, func(b *testing.B) {
			src := benchWorkspace(b, fullEnd)
			start := time.Now()
			glob, err := readCSVInput(b, filepath.Join(src, "inbox", kind))
			if err != nil {
				b.Fatal(err)
			}
			// What read_csv's side needs beforehand, untimed in the ratio: CP949
			// decoding (card exports) and writing the files again.
			prepared := time.Since(start)
			ctx := context.Background()
			var ours, theirs time.Duration
			b.ResetTimer()
			for range b.N {
				b.StopTimer()
				ws := freshWorkspace(b, src)
				w, err := ws.open(ctx)
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				start := time.Now()
				if _, err := ingestAll(ctx, benchEnv(), ws, w.DB, []string{ws.path(filepath.Join("inbox", kind))}, false); err != nil {
					b.Fatal(err)
				}
				ours += time.Since(start)
				start = time.Now()
				_, err = w.DB.Exec(`CREATE TABLE raw_export AS SELECT * FROM read_csv(?, header = true, all_varchar = true)`, glob)
				theirs += time.Since(start)
				b.StopTimer()
				if err != nil {
					b.Fatal(err)
				}
				w.Close()
			}
			b.ReportMetric(ours.Seconds()/float64(b.N), "ingest-s")
			b.ReportMetric(theirs.Seconds()/float64(b.N), "read_csv-s")
			b.ReportMetric(ours.Seconds()/theirs.Seconds(), "ratio")
			b.ReportMetric(prepared.Seconds(), "prepare-s")
			b.ReportMetric(ours.Seconds()/(theirs.Seconds()+prepared.Seconds()*float64(b.N)), "ratio-with-prepare")
		})
	}
}

// readCSVInput returns a glob of clean UTF-8 copies of the CSV files under
// dir, the header on their first line, for read_csv.
func readCSVInput(b *testing.B, dir string) (string, error) {
	out := b.TempDir()
	i := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".csv" {
			return err
		}
		raw, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		raw = bytes.TrimPrefix(raw, []byte("\ufeff"))
		if !isUTF8Header(raw) { // a card export: CP949, title rows above the header
			if raw, err = korean.EUCKR.NewDecoder().Bytes(raw); err != nil {
				return fmt.Errorf("%s: %w", p, err)
			}
			// Drop the title rows, which read_csv would need to be told about.
			if j := bytes.Index(raw, []byte("승인일자")); j > 0 {
				raw = raw[j:]
			}
		}
		i++
		return os.WriteFile(filepath.Join(out, fmt.Sprintf("%06d.csv", i)), raw, 0o644)
	})
	if i == 0 && err == nil {
		err = fmt.Errorf("no CSV files under %s", dir)
	}
	return filepath.Join(out, "*.csv"), err
}

// isUTF8Header reports whether the first line of a file is valid UTF-8
// (CP949 Hangul is not).
func isUTF8Header(raw []byte) bool {
	line, _, _ := bytes.Cut(raw, []byte("\n"))
	return bytes.Equal(bytes.ToValidUTF8(line, nil), line)
}

// BenchmarkNewMonth measures a month's update of a four-year warehouse
// against rebuilding it. The same seed is generated to 2022-11-30 and to
// 2022-12-31. The update: the shorter workspace is ingested and computed
// (untimed), then the longer one's exports that are new or differ are
// copied into its inbox, as a user adds the month's exports, and ingest +
// compute run again (files unchanged since they were loaded are not read,
// new and re-exported files load, lines already there count as
// duplicates). The rebuild: an empty warehouse ingests all of the longer
// one's exports, then compute. ns/op is the update. recopy-s is one more
// ingest + compute after every file of the inbox is copied again
// unchanged (new modification times): each is read and hashed, none loads.
func BenchmarkNewMonth(b *testing.B) {
	name, _ := benchSize(b)
	b.Run(name, func(b *testing.B) {
		base := benchWorkspace(b, baseEnd)
		full := benchWorkspace(b, fullEnd)
		ctx := context.Background()
		var tm, tmi, tb, tbi, tr time.Duration
		var loaded, skipped int
		b.ResetTimer()
		for range b.N {
			b.StopTimer()
			ws := freshWorkspace(b, full)
			start := time.Now()
			ti, err := ingestCompute(ctx, ws)
			if err != nil {
				b.Fatal(err)
			}
			tb += time.Since(start)
			tbi += ti

			ws = freshWorkspace(b, base)
			if _, err := ingestCompute(ctx, ws); err != nil {
				b.Fatal(err)
			}
			linkChanged(b, full, ws.dir)
			w, err := ws.open(ctx)
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			start = time.Now()
			lines, err := ingestAll(ctx, benchEnv(), ws, w.DB, nil, false)
			tmi += time.Since(start)
			if err == nil {
				err = compute(ctx, benchEnv(), w.DB)
			}
			tm += time.Since(start)
			b.StopTimer()
			if err != nil {
				b.Fatal(err)
			}
			_, loaded, skipped = ingestCounts(lines)

			recopyInbox(b, ws.dir)
			start = time.Now()
			if _, err = ingestAll(ctx, benchEnv(), ws, w.DB, nil, false); err == nil {
				err = compute(ctx, benchEnv(), w.DB)
			}
			tr += time.Since(start)
			if err != nil {
				b.Fatal(err)
			}
			w.Close()
		}
		n := float64(b.N)
		b.ReportMetric(tm.Seconds()/n, "month-s")
		b.ReportMetric(tmi.Seconds()/n, "month-ingest-s")
		b.ReportMetric(tb.Seconds()/n, "rebuild-s")
		b.ReportMetric(tbi.Seconds()/n, "rebuild-ingest-s")
		b.ReportMetric(tm.Seconds()/tb.Seconds(), "ratio")
		b.ReportMetric(tr.Seconds()/n, "recopy-s")
		b.ReportMetric(float64(loaded), "files-loaded")
		b.ReportMetric(float64(skipped), "files-skipped")
	})
}

// ingestCompute opens the workspace's warehouse, ingests its inbox and
// computes. It returns how long the ingest took.
func ingestCompute(ctx context.Context, ws workspace) (time.Duration, error) {
	w, err := ws.open(ctx)
	if err != nil {
		return 0, err
	}
	defer w.Close()
	start := time.Now()
	if _, err := ingestAll(ctx, benchEnv(), ws, w.DB, nil, false); err != nil {
		return 0, err
	}
	took := time.Since(start)
	return took, compute(ctx, benchEnv(), w.DB)
}
