package main

import (
	"context"
	"fmt"
	"os"

	"sijang/metrics/did"
)

func runDiD(ctx context.Context, e *env, args []string) error {
	fs, _ := newFlags(e, "did", "did --panel F --unit C --time C --outcome C --cohort C [--control never|notyet] [--base varying|universal] [--json]")
	panel := fs.String("panel", "", "panel CSV `file` (one row per unit and period)")
	var cols did.Columns
	fs.StringVar(&cols.Unit, "unit", "", "unit id `column`")
	fs.StringVar(&cols.Time, "time", "", "period `column` (integer or date; dates become months)")
	fs.StringVar(&cols.Outcome, "outcome", "", "outcome `column`")
	fs.StringVar(&cols.Cohort, "cohort", "", "first-treated-period `column` (0 or empty: never treated)")
	control := fs.String("control", "never", "comparison group: never or notyet")
	base := fs.String("base", "varying", "base period: varying or universal")
	seed := fs.Uint64("seed", 1, "bootstrap seed")
	asJSON := fs.Bool("json", false, "print JSON instead of tables")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *panel == "" || cols.Unit == "" || cols.Time == "" || cols.Outcome == "" || cols.Cohort == "" {
		fs.Usage()
		return usagef("did: --panel, --unit, --time, --outcome and --cohort are required")
	}
	opt := did.Options{Seed: *seed}
	switch *control {
	case "never":
		opt.Control = did.NeverTreated
	case "notyet":
		opt.Control = did.NotYetTreated
	default:
		return usagef("did: --control must be never or notyet, not %q", *control)
	}
	switch *base {
	case "varying":
		opt.Base = did.Varying
	case "universal":
		opt.Base = did.Universal
	default:
		return usagef("did: --base must be varying or universal, not %q", *base)
	}
	f, err := os.Open(*panel)
	if err != nil {
		return err
	}
	defer f.Close()
	p, err := did.ReadPanelCSV(f, *panel, cols)
	if err != nil {
		return err
	}
	res, err := did.Estimate(p, opt)
	if err != nil {
		return fmt.Errorf("did %s: %w", *panel, err)
	}
	if *asJSON {
		return res.WriteJSON(e.stdout)
	}
	return res.WriteTable(e.stdout)
}
