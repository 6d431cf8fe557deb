package main

import (
	"context"
	"database/sql"
	"fmt"

	"sijang/reports"
)

// version is set at build time (-ldflags "-X main.version=…").
var version = "dev"

func runReport(ctx context.Context, e *env, args []string) error {
	fs, dir := newFlags(e, "report", "report [-w dir] [--out dir]")
	out := fs.String("out", "", "output `dir`ectory (default: <workspace>/report)")
	if err := parse(fs, args); err != nil {
		return err
	}
	ws := workspace{*dir}
	return ws.withWarehouse(ctx, func(db *sql.DB) error {
		_, err := report(ctx, e, ws, db, *out)
		return err
	})
}

func report(ctx context.Context, e *env, ws workspace, db *sql.DB, out string) (string, error) {
	if out == "" {
		out = ws.path("report")
	}
	index, err := reports.Render(ctx, db, out, reports.Options{Version: version})
	if err != nil {
		return "", fmt.Errorf("report: %w", err)
	}
	fmt.Fprintf(e.stdout, "report: %s\n", index)
	return index, nil
}
