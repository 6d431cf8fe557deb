package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"sijang/internal/market"
	"sijang/internal/warehouse"
)

// Environment variables sijang reads (once, in main, through env.getenv).
const (
	envPassword = "SIJANG_XLSX_PASSWORD" // a password for encrypted Smart Store workbooks
	envBuyerKey = "SIJANG_BUYER_KEY"     // hex key for hashing buyer IDs, instead of .sijang/buyer.key
)

// workspace is a folder with market.yaml, inbox/, warehouse.duckdb, report/.
type workspace struct {
	dir string
}

func (w workspace) path(name string) string { return filepath.Join(w.dir, name) }

func (w workspace) warehousePath() string { return w.path("warehouse.duckdb") }

func (w workspace) config() (*market.Config, error) {
	c, err := market.Load(w.path(market.FileName))
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%s: no %s here (run 'sijang demo' for an example workspace)", w.dir, market.FileName)
	}
	return c, err
}

func (w workspace) open(ctx context.Context) (*warehouse.Warehouse, error) {
	if fi, err := os.Stat(w.dir); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("%s: no such workspace folder (run 'sijang demo' for an example workspace)", w.dir)
	}
	return warehouse.Open(ctx, w.warehousePath())
}

// withWarehouse runs fn with the workspace's warehouse open, then closes it.
func (w workspace) withWarehouse(ctx context.Context, fn func(db *sql.DB) error) error {
	wh, err := w.open(ctx)
	if err != nil {
		return err
	}
	defer wh.Close()
	return fn(wh.DB)
}

// newFlags returns a FlagSet for a command with the common -w flag.
func newFlags(e *env, name, usage string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	dir := fs.String("w", ".", "workspace `dir`ectory")
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: sijang %s\n\n", usage)
		fs.PrintDefaults()
	}
	return fs, dir
}

// parse parses flags, mapping -h to a clean exit and bad flags to exit 2.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errHelp
		}
		return usagef("%s: %v", fs.Name(), err)
	}
	return nil
}

// errHelp ends a command after -h printed its usage.
var errHelp = errors.New("help shown")

// quiet reports whether w is not a terminal (pipes and files get no progress).
func quiet(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return true
	}
	fi, err := f.Stat()
	return err != nil || fi.Mode()&os.ModeCharDevice == 0
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
