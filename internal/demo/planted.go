package demo

import (
	"context"
	"time"
)

// Planted is the demo's planted trade summed by stall and month, straight
// from the trade model and without writing any file: what the exports of
// Generate with the same Options would net to before rounding, order
// lumping, cancellations and malformed rows. Evaluators use it to check an
// estimator against the planted effects on many seeds quickly.
type Planted struct {
	Stalls []PlantedStall
	Months []PlantedMonth // by market, stall, month
}

// PlantedStall is a stall's fixed parameters and its planted effects.
type PlantedStall struct {
	Market, Stall, Alley, Category string
	OpenedOn, ClosedOn             time.Time            // zero when the stall trades the whole period
	EnrolledOn                     map[string]time.Time // programme id → enrolled_on, enrolments inside the period only
	Tau                            map[string]float64   // programme id → planted effect on log total sales (enrolled programmes only)
}

// PlantedMonth is one stall's planted sales in one month of the period, in
// won (fractional).
type PlantedMonth struct {
	Market, Stall string
	Month         time.Time // first day of the month
	// Partial says the stall opened or closed during the month, so the month
	// holds fewer trading days than a whole month would.
	Partial        bool
	TradingDays    int
	TotalKRW       float64 // all channels, live shows included
	OfflineKRW     float64
	OnlineKRW      float64 // smartstore + jangbogi
	Counterfactual float64 // B summed: no programme, no live show
}

// PlantedPanel computes the planted monthly trade of every stall of the
// markets opt describes (opt.Dir is not used). The same Options give the
// same numbers as the truth.json of Generate.
func PlantedPanel(ctx context.Context, opt Options) (*Planted, error) {
	if opt.Dir == "" {
		opt.Dir = "." // nothing is written
	}
	opt, err := opt.withDefaults()
	if err != nil {
		return nil, err
	}
	p, err := newPlan(opt)
	if err != nil {
		return nil, err
	}
	out := &Planted{}
	st := newStream(p.seed)
	for _, m := range p.markets {
		for _, s := range m.stalls {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			ps := PlantedStall{
				Market: m.def.id, Stall: s.id, Alley: alleyDefs[s.alley].id, Category: s.cat.String(),
				EnrolledOn: map[string]time.Time{}, Tau: map[string]float64{},
			}
			if s.opened != -noDay {
				ps.OpenedOn = dateOf(s.opened)
			}
			if s.closed != noDay {
				ps.ClosedOn = dateOf(s.closed)
			}
			for prog := range progLive {
				if d := s.enrolled[prog]; d <= p.to {
					ps.EnrolledOn[programDefs[prog].id] = dateOf(d)
					ps.Tau[programDefs[prog].id] = programTau[prog][s.cat]
				}
			}
			out.Stalls = append(out.Stalls, ps)
			for _, mk := range p.months() {
				first, last := p.monthDays(mk)
				pm := PlantedMonth{
					Market: m.def.id, Stall: s.id, Month: dateOf(monthStart(mk)),
					Partial: s.opened > first || s.closed <= last,
				}
				if s.opened > last || s.closed <= first {
					continue // not in business this month
				}
				for d := first; d <= last; d++ {
					t := p.trade(st, m, s, d)
					if t == (tradeDay{}) {
						continue
					}
					pm.TradingDays++
					pm.Counterfactual += t.base
					pm.OfflineKRW += t.offline
					pm.OnlineKRW += t.online[chSmartstore] + t.online[chJangbogi]
				}
				pm.TotalKRW = pm.OfflineKRW + pm.OnlineKRW
				out.Months = append(out.Months, pm)
			}
		}
	}
	return out, nil
}
