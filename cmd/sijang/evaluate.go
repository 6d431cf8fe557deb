package main

import (
	"context"
	"fmt"
	"math"
	"text/tabwriter"

	"sijang/metrics"
)

func runEvaluate(ctx context.Context, e *env, args []string) error {
	fs, dir := newFlags(e, "evaluate", "evaluate [-w dir]")
	if err := parse(fs, args); err != nil {
		return err
	}
	w, err := workspace{*dir}.open(ctx)
	if err != nil {
		return err
	}
	defer w.Close()
	return evaluate(ctx, e, w.DB)
}

func evaluate(ctx context.Context, e *env, db dbConn) error {
	ests, err := metrics.Evaluate(ctx, db)
	if err != nil {
		return fmt.Errorf("evaluate: %w", err)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "market\tprogram\toutcome\tATT\t95% CI\teffect\tcohorts\t")
	for _, est := range ests {
		s := est.Result.Simple
		effect := fmt.Sprintf("%+.1f%%", 100*(math.Exp(s.ATT)-1))
		format := "%+.3f"
		if est.Outcome == "online_krw" {
			effect, format = "won/month", "%+.0f"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t"+format+"\t["+format+", "+format+"]\t%s\t%d\t\n", est.Market, est.Program, est.Outcome,
			s.ATT, s.CILow, s.CIHigh, effect, len(est.Result.Group.Groups))
	}
	return tw.Flush()
}
