package warehouse

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func tables(t *testing.T, w *Warehouse) map[string]bool {
	t.Helper()
	rows, err := w.DB.Query(`SELECT table_name FROM information_schema.tables`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		got[n] = true
	}
	return got
}

func TestOpenCreatesSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "warehouse.duckdb")
	w, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	got := tables(t, w)
	// The tables DESIGN.md names as an interface.
	for _, name := range []string{"alleys", "stalls", "enrollments", "sales", "footfall", "events", "spend",
		"ingest_files", "rejects", "stall_month", "stall_recovery", "alley_recovery", "market_recovery",
		"footfall_recovery", "program_effects", "shortlist", "schema_migrations"} {
		if !got[name] {
			t.Errorf("table %s missing after Open on an empty file", name)
		}
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm != 0o600 {
		t.Errorf("warehouse mode = %o, want 600 (owner only)", perm)
	}
}

func TestOpenExistingKeepsDataAndAppliesOnce(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "warehouse.duckdb")
	w, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.DB.Exec(`INSERT INTO alleys VALUES ('m', 'a', '수산물 거리')`); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	w, err = Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer w.Close()
	var name string
	if err := w.DB.QueryRow(`SELECT name FROM alleys WHERE alley_id = 'a'`).Scan(&name); err != nil || name != "수산물 거리" {
		t.Fatalf("after reopen: alley name = %q, %v; want 수산물 거리", name, err)
	}
	ms, err := Migrations()
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := w.DB.QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != len(ms) {
		t.Fatalf("schema_migrations has %d rows after two opens, want %d (one per migration)", n, len(ms))
	}
}

func TestSecondWriterRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "warehouse.duckdb")
	w, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	_, err = Open(context.Background(), path)
	if !errors.Is(err, ErrInUse) {
		t.Fatalf("second Open: err = %v, want ErrInUse", err)
	}
	var inUse *InUseError
	if !errors.As(err, &inUse) || inUse.PID != os.Getpid() {
		t.Fatalf("second Open: %v; want an InUseError naming pid %d", err, os.Getpid())
	}
	// Once the first closes, the file opens again.
	w.Close()
	w2, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("open after release: %v", err)
	}
	w2.Close()
}

func TestTxCommitsOrRollsBack(t *testing.T) {
	ctx := context.Background()
	w, err := Open(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	insert := func(id string) func(*sql.Conn) error {
		return func(c *sql.Conn) error {
			_, err := c.ExecContext(ctx, `INSERT INTO alleys VALUES ('m', ?, 'x')`, id)
			return err
		}
	}
	if err := Tx(ctx, w.DB, insert("kept")); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	if err := Tx(ctx, w.DB, func(c *sql.Conn) error { insert("failed")(c); return boom }); !errors.Is(err, boom) {
		t.Fatalf("Tx returned %v; want the function's error", err)
	}
	func() {
		defer func() { recover() }()
		Tx(ctx, w.DB, func(c *sql.Conn) error { insert("panicked")(c); panic("boom") })
	}()
	var ids string
	if err := w.DB.QueryRow(`SELECT string_agg(alley_id, ',' ORDER BY alley_id) FROM alleys`).Scan(&ids); err != nil {
		t.Fatal(err)
	}
	if ids != "kept" {
		t.Fatalf("alleys after commit, error and panic: %q; want only \"kept\"", ids)
	}
}
