package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"sijang/reports"
)

// runShortlist prints the onboarding shortlist that evaluate wrote, and
// with --out writes it as an Excel workbook or a CSV file.
func runShortlist(ctx context.Context, e *env, args []string) error {
	fs, dir := newFlags(e, "shortlist", "shortlist [-w dir] [--program id] [--top N] [--out file.xlsx|file.csv]")
	program := fs.String("program", "", "only this programme `id` (market.yaml programs[].id)")
	top := fs.Int("top", 20, "the first `N` candidates of each programme (0: all)")
	out := fs.String("out", "", "also write the shortlist to `file` (.xlsx or .csv)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("shortlist: unexpected argument %q", fs.Arg(0))
	}
	if *top < 0 {
		return usagef("shortlist: --top %d: want 0 or more", *top)
	}
	ext := strings.ToLower(filepath.Ext(*out))
	if *out != "" && ext != ".xlsx" && ext != ".csv" {
		return usagef("shortlist: --out %s: want a .xlsx or .csv file", *out)
	}
	return workspace{*dir}.withWarehouse(ctx, func(db *sql.DB) error {
		sl, err := reports.ReadShortlist(ctx, db, *program, *top)
		if err != nil {
			return fmt.Errorf("shortlist: %w", err)
		}
		if len(sl.Programs) == 0 {
			if *program != "" {
				return fmt.Errorf("shortlist: no shortlist for program %q (a programme with enrolled stalls and an estimate; run 'sijang evaluate' first)", *program)
			}
			return errors.New("shortlist: no shortlist in the warehouse: run 'sijang evaluate' first")
		}
		if err := sl.WriteText(e.stdout); err != nil {
			return err
		}
		if *out == "" {
			return nil
		}
		if err := sl.Save(*out); err != nil {
			return fmt.Errorf("shortlist: %w", err)
		}
		fmt.Fprintf(e.stdout, "\n%s\n", *out)
		return nil
	})
}
