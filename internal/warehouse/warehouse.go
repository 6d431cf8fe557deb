// Package warehouse opens sijang's DuckDB file. Opening creates the file if
// needed, applies the embedded schema/*.sql migrations in order (each in its
// own transaction, recorded in schema_migrations), and holds the writer
// lock: only one sijang process may have a warehouse open at a time, and a
// second one fails at once with ErrInUse.
package warehouse

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"
	"syscall"

	_ "github.com/duckdb/duckdb-go/v2" // the DuckDB database/sql driver
)

//go:embed schema/*.sql
var schemaFS embed.FS

// ErrInUse means another process holds the warehouse's writer lock.
var ErrInUse = errors.New("warehouse is in use")

// InUseError says which process holds the lock.
type InUseError struct {
	Path string
	PID  int // 0 when unknown
}

func (e *InUseError) Error() string {
	who := "another sijang process"
	if e.PID > 0 {
		who = fmt.Sprintf("another sijang process (pid %d)", e.PID)
	}
	return fmt.Sprintf("%s: warehouse is in use by %s; wait for it to finish", e.Path, who)
}

// Is makes errors.Is(err, ErrInUse) true.
func (e *InUseError) Is(target error) bool { return target == ErrInUse }

// Warehouse is an open warehouse file.
type Warehouse struct {
	DB   *sql.DB
	Path string
	lock *os.File
}

// Open opens (creating if needed) the warehouse at path, takes the writer
// lock and brings the schema up to date. An empty path opens an in-memory
// warehouse, for tests.
func Open(ctx context.Context, path string) (*Warehouse, error) {
	w := &Warehouse{Path: path}
	if path != "" {
		lock, err := acquire(path)
		if err != nil {
			return nil, err
		}
		w.lock = lock
		if err := create(ctx, path); err != nil {
			w.release()
			return nil, err
		}
	}
	db, err := sql.Open("duckdb", path)
	if err != nil {
		w.release()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	w.DB = db
	if err := db.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if path != "" {
		// The warehouse holds business data: readable by its owner only.
		if err := os.Chmod(path, 0o600); err != nil {
			w.Close()
			return nil, err
		}
	}
	if err := migrate(ctx, db); err != nil {
		w.Close()
		return nil, fmt.Errorf("migrate %s: %w", path, err)
	}
	return w, nil
}

// create makes a new warehouse file atomically: it is built and migrated
// under a temporary name and renamed into place, so a process killed while
// creating it leaves no half-written warehouse behind. An existing file is
// left alone. The caller holds the lock.
func create(ctx context.Context, path string) error {
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		return err
	}
	tmp := path + ".creating"
	os.Remove(tmp)
	os.Remove(tmp + ".wal")
	db, err := sql.Open("duckdb", tmp)
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	err = migrate(ctx, db)
	if err == nil {
		_, err = db.ExecContext(ctx, "CHECKPOINT")
	}
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o600)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		os.Remove(tmp + ".wal")
		return fmt.Errorf("create %s: %w", path, err)
	}
	return nil
}

// Close closes the database and releases the lock.
func (w *Warehouse) Close() error {
	var err error
	if w.DB != nil {
		err = w.DB.Close()
	}
	w.release()
	return err
}

func (w *Warehouse) release() {
	if w.lock != nil {
		syscall.Flock(int(w.lock.Fd()), syscall.LOCK_UN)
		w.lock.Close()
		w.lock = nil
	}
}

// acquire takes an exclusive, non-blocking flock on path+".lock" and writes
// our pid into it so that the refusal can say who holds it.
func acquire(dbPath string) (*os.File, error) {
	f, err := os.OpenFile(dbPath+".lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", dbPath, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		b, _ := os.ReadFile(dbPath + ".lock")
		pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, &InUseError{Path: dbPath, PID: pid}
		}
		return nil, fmt.Errorf("lock %s: %w", dbPath, err)
	}
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return f, nil
}

// Migration is one embedded schema file.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations lists the embedded migrations in order.
func Migrations() ([]Migration, error) {
	names, err := fs.Glob(schemaFS, "schema/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []Migration
	for _, n := range names {
		base := path.Base(n)
		v, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number", base)
		}
		b, err := schemaFS.ReadFile(n)
		if err != nil {
			return nil, err
		}
		ms = append(ms, Migration{Version: v, Name: strings.TrimSuffix(base, ".sql"), SQL: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Version < ms[j].Version })
	return ms, nil
}

func migrate(ctx context.Context, db *sql.DB) error {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)`); err != nil {
		return err
	}
	ms, err := Migrations()
	if err != nil {
		return err
	}
	applied := map[int]bool{}
	rows, err := db.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return err
		}
		applied[v] = true
	}
	rows.Close()
	for _, m := range ms {
		if applied[m.Version] {
			continue
		}
		if err := apply(ctx, db, m); err != nil {
			return fmt.Errorf("%s: %w", m.Name, err)
		}
	}
	return nil
}

func apply(ctx context.Context, db *sql.DB, m Migration) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name) VALUES (?, ?)`, m.Version, m.Name); err != nil {
		return err
	}
	return tx.Commit()
}

// Tx runs fn in one transaction on one connection, so that Arrow views and
// appenders made on that connection take part in it. It commits when fn
// returns nil and rolls back otherwise (also on a cancelled ctx or a panic).
func Tx(ctx context.Context, db *sql.DB, fn func(conn *sql.Conn) error) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return InTx(ctx, conn, func() error { return fn(conn) })
}

// InTx is Tx on a connection the caller holds, for work that must happen on
// that connection before the transaction (such as staging temporary tables,
// whose scans run in parallel only once committed).
func InTx(ctx context.Context, conn *sql.Conn, fn func() error) error {
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return err
	}
	committed := false
	defer func() {
		if !committed {
			conn.ExecContext(context.Background(), "ROLLBACK")
		}
	}()
	if err := fn(); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		return err
	}
	committed = true
	return nil
}
