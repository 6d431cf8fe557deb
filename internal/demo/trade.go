package demo

import "math"

// The trade model. A stall's counterfactual daily sales (what it would sell
// with no programme and no live show) are
//
//	B = base × weekday[category] × covid[month] × surge(holiday) × noise
//
// with noise lognormal of mean 1. With programmes the total becomes
// B·exp(τ_training + τ_smartstore + τ_jangbogi) for the programmes the stall
// has joined by that day; offline (card) sales are B·exp(τ_training)·0.95^k
// for k online programmes; the online channels take the rest. Live shows
// then multiply the smartstore part. Every number comes from the stall-day's
// own random stream, so any job can recompute any day.

// covidByMonth is the market-wide multiplier from 2020-01 to 2022-12:
// first wave Feb–Apr 2020, partial recovery, third wave Dec 2020–Jan 2021,
// Delta Jul–Sep 2021, Omicron Feb–Mar 2022, then recovery to 0.95.
var covidByMonth = [...]float64{
	1.00, 0.75, 0.65, 0.72, 0.82, 0.85, 0.86, 0.80, 0.82, 0.86, 0.85, 0.74, // 2020
	0.76, 0.82, 0.86, 0.87, 0.88, 0.89, 0.80, 0.78, 0.82, 0.88, 0.90, 0.86, // 2021
	0.88, 0.78, 0.76, 0.86, 0.90, 0.91, 0.92, 0.92, 0.93, 0.94, 0.95, 0.95, // 2022
}

const covidFirstMonth = 2020 * 12 // month key of 2020-01

// covid returns the multiplier of month key mk: 1 before 2020, the last
// value after 2022.
func covid(mk int) float64 {
	i := mk - covidFirstMonth
	switch {
	case i < 0:
		return 1
	case i >= len(covidByMonth):
		return covidByMonth[len(covidByMonth)-1]
	}
	return covidByMonth[i]
}

// weekdayProfile by category, Sunday first: 국밥 is busy at weekends,
// 수산 on Friday and at weekends.
var weekdayProfile = [numCategories][7]float64{
	catSeafood: {1.15, 0.85, 0.85, 0.90, 0.95, 1.20, 1.35},
	catGukbap:  {1.30, 0.85, 0.85, 0.90, 0.95, 1.10, 1.35},
	catBanchan: {0.95, 0.95, 0.95, 1.00, 1.00, 1.10, 1.15},
	catFruit:   {1.10, 0.90, 0.90, 0.95, 0.95, 1.05, 1.20},
	catMeat:    {1.10, 0.85, 0.90, 0.90, 0.95, 1.15, 1.30},
	catTteok:   {1.05, 0.90, 0.90, 0.95, 0.95, 1.05, 1.25},
}

// dailyNoise is the sigma of the lognormal day-to-day noise.
const dailyNoise = 0.2

// tradeDay is one stall-day of planted sales in won (fractional; exports
// round them).
type tradeDay struct {
	base      float64    // counterfactual total: no programme, no live show
	offline   float64    // card sales
	online    [2]float64 // smartstore and jangbogi sales, live shows included
	liveExtra float64    // the part of online[chSmartstore] due to live shows
}

// isOpen reports whether the stall trades on day d.
func (p *plan) isOpen(s *stallPlan, d int) bool {
	return d >= p.from && d <= p.to && d >= s.opened && d < s.closed &&
		!p.cal.isClosed(d) && weekday(d) != s.dayOff
}

// trade returns the planted sales of stall s on day d.
func (p *plan) trade(st *stream, m *marketPlan, s *stallPlan, d int) tradeDay {
	if !p.isOpen(s, d) {
		return tradeDay{}
	}
	st.reset(purposeTrade, uint64(m.idx), uint64(s.idx), uint64(d))
	b := s.base * weekdayProfile[s.cat][weekday(d)] * covid(monthKey(d)) *
		p.cal.surge(d, s.peak) * st.lognormal(dailyNoise)
	t := tradeDay{base: b}
	if s.enrolled[progTraining] <= d {
		b *= math.Exp(programTau[progTraining][s.cat])
	}
	var w [2]float64
	var tauOnline, wsum float64
	k := 0
	for ch, prog := range [2]program{progSmartstore, progJangbogi} {
		if s.enrolled[prog] <= d {
			tau := programTau[prog][s.cat]
			tauOnline += tau
			w[ch] = math.Exp(tau) - (1 - substitution)
			wsum += w[ch]
			k++
		}
	}
	t.offline = b * math.Pow(1-substitution, float64(k))
	if k == 0 {
		return t
	}
	online := b*math.Exp(tauOnline) - t.offline
	for ch := range w {
		t.online[ch] = online * w[ch] / wsum
	}
	if mult := s.liveMult(d); mult != 1 {
		t.liveExtra = t.online[chSmartstore] * (mult - 1)
		t.online[chSmartstore] *= mult
	}
	return t
}

// liveMult is the live-commerce multiplier on the stall's smartstore sales.
func (s *stallPlan) liveMult(d int) float64 {
	for _, l := range s.live {
		if l.day == d {
			return l.mult
		}
	}
	return 1
}

// plantedTau is the stall's planted effect on log total sales on day d.
func (s *stallPlan) plantedTau(d int) float64 {
	var tau float64
	for prog := range progLive {
		if s.enrolled[prog] <= d {
			tau += programTau[prog][s.cat]
		}
	}
	return tau
}
