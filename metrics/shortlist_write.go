package metrics

import (
	"sort"
	"strings"

	"github.com/duckdb/duckdb-go/v2"
)

// The shortlist tables of 005_shortlist.sql, in their column order.

// appendShortlist writes shortlist.
func (ev *Evaluation) appendShortlist(a *duckdb.Appender) error {
	for _, sl := range ev.Shortlists {
		for _, c := range sl.Candidates {
			e := c.Group.Effect
			err := a.AppendRow(sl.Market, sl.Program, int32(c.Rank), c.Stall,
				wonOrNull(c.Gain.KRW), wonOrNull(c.Gain.Low), wonOrNull(c.Gain.High), strings.Join(c.Reasons, " "),
				c.Group.Key, orNull(e.ATT), orNull(e.CILow), orNull(e.CIHigh),
				wonOrNull(c.SalesKRW), int32(c.SalesMonths),
				orNull(c.Recovery), orNull(c.MarketRecovery), orNull(c.FootfallRecovery),
				wonOrNull(sl.Budget.CostKRW), c.InBudget)
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// appendExcluded writes shortlist_excluded.
func (ev *Evaluation) appendExcluded(a *duckdb.Appender) error {
	for _, sl := range ev.Shortlists {
		for _, x := range sl.Excluded {
			if err := a.AppendRow(sl.Market, sl.Program, x.Stall, x.Reason); err != nil {
				return err
			}
		}
	}
	return nil
}

// appendGroups writes shortlist_groups.
func (ev *Evaluation) appendGroups(a *duckdb.Appender) error {
	for _, sl := range ev.Shortlists {
		p := sl.Pooled
		keys := make([]string, 0, len(p.Groups))
		for k := range p.Groups {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			g := p.Groups[k]
			category, alley, _ := strings.Cut(k, "/")
			e := g.Effect
			err := a.AppendRow(sl.Market, sl.Program, k, category, alley, int32(g.N),
				orNull(g.Raw), orNull(g.RawSE), orNull(g.Weight), orNull(e.ATT), orNull(e.SE), orNull(e.CILow), orNull(e.CIHigh),
				orNull(p.Overall.ATT), orNull(p.Overall.SE), orNull(p.Tau2))
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// appendBudget writes shortlist_budget.
func (ev *Evaluation) appendBudget(a *duckdb.Appender) error {
	for _, sl := range ev.Shortlists {
		b := sl.Budget
		err := a.AppendRow(sl.Market, sl.Program, wonOrNull(b.CostKRW), textOrNull(b.CostSource), wonOrNull(b.LeftKRW), int32(b.Stalls),
			wonOrNull(b.Gain.KRW), wonOrNull(b.Gain.Low), wonOrNull(b.Gain.High), textOrNull(b.Note))
		if err != nil {
			return err
		}
	}
	return nil
}

// appendBacktest writes shortlist_backtest, one row per shortlist (without
// a wave to test on, cutoff is NULL and the note says why).
func (ev *Evaluation) appendBacktest(a *duckdb.Appender) error {
	for _, sl := range ev.Shortlists {
		bt := sl.Backtest
		var cutoff any
		if bt.Cutoff != 0 {
			cutoff = MonthOf(bt.Cutoff)
		}
		err := a.AppendRow(sl.Market, sl.Program, cutoff, int32(len(bt.Stalls)), int32(bt.MonthsAfter),
			orNull(bt.Spearman), orNull(bt.TopThird), orNull(bt.RandomThird), orNull(bt.RandomP), textOrNull(bt.Note))
		if err != nil {
			return err
		}
	}
	return nil
}

// appendBacktestStalls writes shortlist_backtest_stalls.
func (ev *Evaluation) appendBacktestStalls(a *duckdb.Appender) error {
	for _, sl := range ev.Shortlists {
		for _, s := range sl.Backtest.Stalls {
			err := a.AppendRow(sl.Market, sl.Program, s.Stall, int32(s.PredictedRank), wonOrNull(s.Predicted),
				orNull(s.RealisedEffect), wonOrNull(s.Realised))
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// textOrNull turns "" into NULL.
func textOrNull(s string) any {
	if s == "" {
		return nil
	}
	return s
}
