package main

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"sijang/metrics"
)

func runCompute(ctx context.Context, e *env, args []string) error {
	fs, dir := newFlags(e, "compute", "compute [-w dir] [--full]")
	full := fs.Bool("full", false, "rebuild every metric table whole, not only what changed since the last compute")
	if err := parse(fs, args); err != nil {
		return err
	}
	build := metrics.Update
	if *full {
		build = metrics.Rebuild
	}
	return workspace{*dir}.withWarehouse(ctx, func(db *sql.DB) error { return computeWith(ctx, e, db, build) })
}

// compute brings the metric tables up to date with the facts, rebuilding
// what changed since the last compute (metrics.Update).
func compute(ctx context.Context, e *env, db *sql.DB) error {
	return computeWith(ctx, e, db, metrics.Update)
}

func computeWith(ctx context.Context, e *env, db *sql.DB,
	build func(context.Context, *sql.DB, func(string, time.Duration)) error) error {
	start := time.Now()
	built := false
	log := func(table string, took time.Duration) {
		built = true
		fmt.Fprintf(e.stderr, "compute: %-18s %6.2fs\n", table, took.Seconds())
	}
	if err := build(ctx, db, log); err != nil {
		return fmt.Errorf("compute: %w", err)
	}
	if !built {
		fmt.Fprintln(e.stdout, "compute: metric tables up to date")
		return nil
	}
	fmt.Fprintf(e.stdout, "compute: metric tables rebuilt in %.1fs\n", time.Since(start).Seconds())
	return nil
}
