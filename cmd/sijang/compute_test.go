package main

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"sijang/internal/warehouse"
)

// TestComputeRebuildsWhatChanged runs compute on a workspace of the ingest
// fixtures: the first compute builds every table, the next finds nothing to
// do, one after a pending day rebuilds from it, and --full rebuilds every
// table; the facts never change, so neither do the tables.
func TestComputeRebuildsWhatChanged(t *testing.T) {
	ws := privacyWorkspace(t, personalValues(t))
	if out, errOut, err := runArgs(t, "ingest", "-w", ws); err != nil {
		t.Fatalf("ingest: %v\n%s\n%s", err, out, errOut)
	}
	compute := func(want string, args ...string) {
		t.Helper()
		out, errOut, err := runArgs(t, append([]string{"compute", "-w", ws}, args...)...)
		if err != nil || !strings.Contains(out, want) {
			t.Fatalf("compute %v: %v\n%s\n%s\nwant %q", args, err, out, errOut, want)
		}
		if rebuilt := strings.Contains(errOut, "compute: stall_day "); rebuilt != (want == "metric tables rebuilt") {
			t.Fatalf("compute %v printed %q; want per-table times only when it rebuilt", args, errOut)
		}
	}
	compute("metric tables rebuilt")
	first := fingerprint(t, ws, "")
	compute("metric tables up to date")
	fingerprint(t, ws, `INSERT INTO metrics_pending SELECT market_id, max(sale_date) - 3 FROM sales GROUP BY ALL`)
	compute("metric tables rebuilt")
	if got := fingerprint(t, ws, ""); got != first {
		t.Errorf("after an update of unchanged facts: %s; want %s", got, first)
	}
	compute("metric tables rebuilt", "--full")
	if got := fingerprint(t, ws, ""); got != first {
		t.Errorf("after compute --full: %s; want %s", got, first)
	}
}

// fingerprint runs exec (if any) on the workspace's warehouse and returns
// the row count and an order-free hash of a few metric tables.
func fingerprint(t *testing.T, ws, exec string) string {
	t.Helper()
	w, err := warehouse.Open(context.Background(), filepath.Join(ws, "warehouse.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if exec != "" {
		if _, err := w.DB.Exec(exec); err != nil {
			t.Fatal(err)
		}
	}
	var b strings.Builder
	for _, table := range []string{"stall_day", "stall_calendar", "stall_comparison", "stall_kpi", "footfall_alley"} {
		var n int
		var sum sql.NullString
		if err := w.DB.QueryRow(`SELECT count(*), sum(hash(t))::VARCHAR FROM `+table+` AS t`).Scan(&n, &sum); err != nil {
			t.Fatal(err)
		}
		if n == 0 && table != "footfall_alley" {
			t.Fatalf("%s is empty: the fingerprint shows nothing", table)
		}
		b.WriteString(table + ":" + sum.String + " ")
	}
	return b.String()
}
