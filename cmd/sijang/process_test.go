package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"sijang/internal/demo"
	"sijang/internal/warehouse"
)

// TestMain lets the test binary act as the sijang command, so that tests
// can run it as a separate process and kill it.
func TestMain(m *testing.M) {
	if os.Getenv("SIJANG_TEST_AS_MAIN") == "1" {
		main()
	}
	os.Exit(m.Run())
}

// sijangCmd returns the test binary set up to run as `sijang args…`.
func sijangCmd(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	// One buyer key for every run, so that their facts compare equal.
	cmd.Env = append(os.Environ(), "SIJANG_TEST_AS_MAIN=1", envBuyerKey+"=00112233445566778899aabbccddeeff")
	return cmd
}

// smallWorkspace writes a small demo market's exports (no pipeline run).
func smallWorkspace(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "ws")
	_, err := demo.Generate(context.Background(), demo.Options{Dir: dir, Stalls: 20,
		From: time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2019, 6, 30, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// cloneWorkspace gives a trial its own warehouse over the same exports.
func cloneWorkspace(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	if err := os.CopyFS(filepath.Join(dst, "inbox"), os.DirFS(filepath.Join(src, "inbox"))); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(src, "market.yaml"), filepath.Join(dst, "market.yaml")); err != nil {
		t.Fatal(err)
	}
	return dst
}

// facts summarises what a warehouse holds, for comparing runs.
type facts struct {
	Files, Sales, Cancels, Footfall, Spend, Events, Rejects int64
	Net, Gross                                              int64
	Statuses                                                string
}

func readFacts(t *testing.T, db *sql.DB) facts {
	t.Helper()
	var f facts
	err := db.QueryRow(`SELECT
		(SELECT count(*) FROM ingest_files), (SELECT count(*) FROM sales), (SELECT count(*) FROM cancels),
		(SELECT count(*) FROM footfall), (SELECT count(*) FROM spend), (SELECT count(*) FROM events),
		(SELECT count(*) FROM rejects),
		(SELECT coalesce(sum(net_krw), 0) FROM sales), (SELECT coalesce(sum(gross_krw), 0) FROM sales),
		(SELECT coalesce(string_agg(status || ':' || n, ',' ORDER BY status), '') FROM
			(SELECT status, count(*) AS n FROM sales GROUP BY status))`).Scan(
		&f.Files, &f.Sales, &f.Cancels, &f.Footfall, &f.Spend, &f.Events, &f.Rejects, &f.Net, &f.Gross, &f.Statuses)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// checkLedger asserts that the facts are exactly what the ledger says was
// loaded: no half-loaded file.
func checkLedger(t *testing.T, db *sql.DB) {
	t.Helper()
	var bad string
	err := db.QueryRow(`
		WITH ledger AS (SELECT source, sum(rows_loaded) AS loaded, sum(rows_rejected) AS rejected FROM ingest_files GROUP BY ALL)
		SELECT coalesce(string_agg(msg, '; '), '') FROM (
			SELECT 'sales+cancels ' || (SELECT count(*) FROM sales) + (SELECT count(*) FROM cancels)
			       || ' vs ledger ' || coalesce((SELECT sum(loaded) FROM ledger WHERE source IN ('card', 'smartstore')), 0) AS msg
			WHERE (SELECT count(*) FROM sales) + (SELECT count(*) FROM cancels)
			      <> coalesce((SELECT sum(loaded) FROM ledger WHERE source IN ('card', 'smartstore')), 0)
			UNION ALL
			SELECT 'footfall' WHERE (SELECT count(*) FROM footfall) <> coalesce((SELECT sum(loaded) FROM ledger WHERE source = 'footfall'), 0)
			UNION ALL
			SELECT 'rejects' WHERE (SELECT count(*) FROM rejects) <> coalesce((SELECT sum(rejected) FROM ledger), 0)
			UNION ALL
			SELECT 'orphan facts' WHERE EXISTS (SELECT 1 FROM sales WHERE file_sha256 NOT IN (SELECT file_sha256 FROM ingest_files))
		)`).Scan(&bad)
	if err != nil {
		t.Fatal(err)
	}
	if bad != "" {
		t.Fatalf("ledger and facts disagree: %s", bad)
	}
}

func openFacts(t *testing.T, dir string) (facts, func()) {
	t.Helper()
	w, err := warehouse.Open(context.Background(), filepath.Join(dir, "warehouse.duckdb"))
	if err != nil {
		t.Fatalf("warehouse does not open: %v", err)
	}
	checkLedger(t, w.DB)
	return readFacts(t, w.DB), func() { w.Close() }
}

// TestIngestSurvivesSIGKILL kills `sijang ingest` at random moments and
// checks each time that the warehouse opens, that the ledger agrees with
// the facts, and that a re-run reaches exactly the uninterrupted counts.
func TestIngestSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("kills processes")
	}
	src := smallWorkspace(t)
	ref := cloneWorkspace(t, src)
	start := time.Now()
	if out, err := sijangCmd(t, "ingest", "-w", ref).CombinedOutput(); err != nil {
		t.Fatalf("uninterrupted ingest: %v\n%s", err, out)
	}
	full := time.Since(start)
	want, done := openFacts(t, ref)
	done()
	if want.Sales == 0 || want.Files == 0 {
		t.Fatalf("reference run loaded nothing: %+v", want)
	}

	rng := rand.New(rand.NewPCG(7, 7))
	const trials = 20
	killedMidway := 0
	for i := 0; i < trials; i++ {
		dir := cloneWorkspace(t, src)
		cmd := sijangCmd(t, "ingest", "-w", dir)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.Int64N(int64(full))))
		cmd.Process.Signal(syscall.SIGKILL)
		err := cmd.Wait()
		var exit *exec.ExitError
		if errors.As(err, &exit) && exit.Sys().(syscall.WaitStatus).Signaled() {
			killedMidway++
		}
		got, done := openFacts(t, dir)
		done()
		if got.Files > want.Files {
			t.Fatalf("trial %d: %d files in the ledger after a kill; the full run has %d", i, got.Files, want.Files)
		}
		if out, err := sijangCmd(t, "ingest", "-w", dir).CombinedOutput(); err != nil {
			t.Fatalf("trial %d: re-run after kill: %v\n%s", i, err, out)
		}
		again, done := openFacts(t, dir)
		done()
		if again != want {
			t.Fatalf("trial %d: after kill and re-run\n got  %+v\n want %+v", i, again, want)
		}
	}
	if killedMidway < trials/2 {
		t.Errorf("only %d of %d trials were killed mid-run; the kill times do not exercise the load", killedMidway, trials)
	}
	t.Logf("%d trials, %d killed mid-run; uninterrupted ingest %.2fs", trials, killedMidway, full.Seconds())
}

// TestSecondWriterProcessRefused runs two sijang processes on one
// warehouse: the second fails at once, while the first still runs, with a
// clear message, and changes nothing.
func TestSecondWriterProcessRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("runs processes")
	}
	dir := cloneWorkspace(t, smallWorkspace(t))
	first := sijangCmd(t, "ingest", "-w", dir)
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	defer first.Process.Kill()
	// Wait until the first holds the lock (its pid is written into the lock file).
	lock := filepath.Join(dir, "warehouse.duckdb.lock")
	for i := 0; ; i++ {
		b, _ := os.ReadFile(lock)
		if strings.TrimSpace(string(b)) == fmt.Sprint(first.Process.Pid) {
			break
		}
		if i > 2000 {
			t.Fatal("first process never took the lock")
		}
		time.Sleep(5 * time.Millisecond)
	}
	exited := make(chan error, 1)
	go func() { exited <- first.Wait() }()
	out, err := sijangCmd(t, "compute", "-w", dir).CombinedOutput()
	select {
	case <-exited:
		t.Skip("the first process finished before the second was refused; nothing shown")
	default:
	}
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 || !strings.Contains(string(out), "warehouse is in use") ||
		!strings.Contains(string(out), fmt.Sprintf("pid %d", first.Process.Pid)) {
		t.Fatalf("second writer: %v\n%s\nwant exit 1 with 'warehouse is in use … pid %d'", err, out, first.Process.Pid)
	}
	if err := <-exited; err != nil {
		t.Fatalf("the first process failed: %v", err)
	}
	// The second changed nothing: compute never ran, so the derived tables are empty.
	w, err := warehouse.Open(context.Background(), filepath.Join(dir, "warehouse.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	var n int
	w.DB.QueryRow(`SELECT count(*) FROM stall_day`).Scan(&n)
	if n != 0 {
		t.Errorf("stall_day has %d rows: the refused compute changed the warehouse", n)
	}
}
