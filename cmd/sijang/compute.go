package main

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"sijang/metrics"
)

func runCompute(ctx context.Context, e *env, args []string) error {
	fs, dir := newFlags(e, "compute", "compute [-w dir]")
	if err := parse(fs, args); err != nil {
		return err
	}
	return workspace{*dir}.withWarehouse(ctx, func(db *sql.DB) error { return compute(ctx, e, db) })
}

func compute(ctx context.Context, e *env, db *sql.DB) error {
	start := time.Now()
	log := func(table string, took time.Duration) {
		fmt.Fprintf(e.stderr, "compute: %-18s %6.2fs\n", table, took.Seconds())
	}
	if err := metrics.Rebuild(ctx, db, log); err != nil {
		return fmt.Errorf("compute: %w", err)
	}
	fmt.Fprintf(e.stdout, "compute: metric tables rebuilt in %.1fs\n", time.Since(start).Seconds())
	return nil
}
