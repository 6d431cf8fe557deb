package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"sijang/internal/demo"
)

func runDemo(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	dir := fs.String("dir", "sijang-demo", "workspace `dir`ectory to write")
	seed := fs.Int64("seed", 1, "random seed; the same seed writes the same bytes")
	stalls := fs.Int("stalls", 150, "stalls in the first market")
	markets := fs.Int("markets", 1, "markets in the district")
	tx := fs.Float64("tx-per-day", 5, "mean card transactions per open stall-day (data volume)")
	from := fs.String("from", "2019-01-01", "first `day` of trade")
	to := fs.String("to", "2022-12-31", "last `day` of trade")
	if err := parse(fs, args); err != nil {
		return err
	}
	opt := demo.Options{Dir: *dir, Seed: *seed, Stalls: *stalls, Markets: *markets, TxPerDay: *tx}
	var err error
	if opt.From, err = time.Parse(time.DateOnly, *from); err != nil {
		return usagef("demo: --from: %v", err)
	}
	if opt.To, err = time.Parse(time.DateOnly, *to); err != nil {
		return usagef("demo: --to: %v", err)
	}
	start := time.Now()
	sum, err := demo.Generate(ctx, opt)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "demo: wrote %d files (%.1f MB, %d sales lines) to %s in %.1fs\n",
		sum.Files, float64(sum.Bytes)/1e6, sum.SalesLines, *dir, time.Since(start).Seconds())
	index, err := pipeline(ctx, e, workspace{*dir})
	if index != "" {
		fmt.Fprintf(e.stdout, "\nOpen the report: %s\n", index)
	}
	return err
}
