package main

import (
	"context"
	"database/sql"
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
	return workspace{*dir}.withWarehouse(ctx, func(db *sql.DB) error { return evaluate(ctx, e, db) })
}

func evaluate(ctx context.Context, e *env, db *sql.DB) error {
	ev, err := metrics.Evaluate(ctx, db)
	if err != nil {
		return fmt.Errorf("evaluate: %w", err)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "market\tprogram\toutcome\tATT\t95% CI\teffect\tcohorts\t")
	for _, est := range ev.Estimates {
		if est.Result == nil {
			fmt.Fprintf(tw, "%s\t%s\t%s\t-\t-\tnot estimable: %s\t\t\n", est.Market, est.Program, est.Outcome, est.Note)
			continue
		}
		s := est.Result.Simple
		effect := fmt.Sprintf("%+.1f%%", 100*(math.Exp(s.ATT)-1))
		format := "%+.3f"
		if est.Outcome == "online_krw" {
			effect, format = "won/month", "%+.0f"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t"+format+"\t["+format+", "+format+"]\t%s\t%d\t\n", est.Market, est.Program, est.Outcome,
			s.ATT, s.CILow, s.CIHigh, effect, len(est.Result.Group.Groups))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(ev.Impacts) == 0 {
		return nil
	}

	fmt.Fprintln(e.stdout, "\nincremental sales (won) and sales per won spent")
	tw = tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "market\tprogram\tincremental\t95% interval\tspend\twon per won\t95% interval\tplacebo p\tsensitivity\t")
	for _, imp := range ev.Impacts {
		fmt.Fprintf(tw, "%s\t%s\t%s\t[%s, %s]\t%s\t%s\t[%s, %s]\t%s\t%s\t\n", imp.Market, imp.Program,
			won(imp.Incremental.KRW), won(imp.Incremental.Low), won(imp.Incremental.High), won(imp.Spend.Total()),
			ratio(imp.PerWon.KRW), ratio(imp.PerWon.Low), ratio(imp.PerWon.High), ratio(imp.PreTrendP), ratio(imp.Sensitivity))
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	if len(ev.Live) > 0 {
		fmt.Fprintln(e.stdout, "\nlive commerce: featured stalls' Smart Store sales by days from the broadcast (negative days are placebos)")
		tw = tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "market\tday\tmultiplier\t95% CI\tstall-days\tstalls\tincremental\t")
		for _, l := range ev.Live {
			inc := "-"
			if l.DayOffset >= 0 {
				inc = won(l.Incremental.KRW)
			}
			fmt.Fprintf(tw, "%s\t%+d\t%.2f\t[%.2f, %.2f]\t%d\t%d\t%s\t\n", l.Market, l.DayOffset,
				math.Exp(l.ATT), math.Exp(l.CILow), math.Exp(l.CIHigh), l.Events, l.Stalls, inc)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}

	if len(ev.Spillover) > 0 {
		fmt.Fprintln(e.stdout, "\nspillover: never-enrolled stalls, high- minus low-share alleys, change in log monthly sales")
		tw = tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "market\tprogram\testimate\t95% CI\tstalls (high/low)\t")
		for _, s := range ev.Spillover {
			if math.IsNaN(s.ATT) {
				fmt.Fprintf(tw, "%s\t%s\t-\t-\t%s\t\n", s.Market, s.Program, s.Note)
				continue
			}
			fmt.Fprintf(tw, "%s\t%s\t%+.3f\t[%+.3f, %+.3f]\t%d/%d\t\n", s.Market, s.Program, s.ATT, s.CILow, s.CIHigh, s.NHigh, s.NLow)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}

	fmt.Fprintln(e.stdout, "\nverdicts")
	for _, imp := range ev.Impacts {
		fmt.Fprintf(e.stdout, "\n[%s] %s\n", imp.Market, imp.Verdict)
	}

	if len(ev.Shortlists) > 0 {
		fmt.Fprintln(e.stdout, "\nonboarding shortlist (sijang shortlist for the list, --out for a workbook)")
		tw = tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "market\tprogram\tcandidates\texcluded\tbudget buys\tbacktest Spearman\ttop third of gain\t")
		for _, sl := range ev.Shortlists {
			bt := sl.Backtest
			fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%s\t%s\t\n", sl.Market, sl.Program, len(sl.Candidates), len(sl.Excluded),
				sl.Budget.Stalls, ratio(bt.Spearman), share(bt.TopThird, bt.RandomThird))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return nil
}

// share writes a share of the gain beside what a random choice would get.
func share(x, random float64) string {
	if math.IsNaN(x) {
		return "-"
	}
	return fmt.Sprintf("%.0f%% (random %.0f%%)", 100*x, 100*random)
}

// won writes an amount in won with thousands separators.
func won(x float64) string {
	if math.IsNaN(x) {
		return "-"
	}
	n := int64(math.Round(x))
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	s := fmt.Sprint(n)
	out := make([]byte, 0, len(s)+len(s)/3)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return sign + string(out)
}

func ratio(x float64) string {
	if math.IsNaN(x) {
		return "-"
	}
	return fmt.Sprintf("%.2f", x)
}
