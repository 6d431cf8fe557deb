package did

import (
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// zValue is the two-sided normal critical value for level alpha.
func zValue(alpha float64) float64 { return distuv.UnitNormal.Quantile(1 - alpha/2) }

// term is one estimate entering a weighted aggregate: its cohort, its
// cohort-size weight pg = P(G = cohort) and its influence function.
type term struct {
	cohort int
	att    float64
	pg     float64
	inf    influence
}

// aggregator implements R's compute.aggte for the cells of one sample.
type aggregator struct {
	s     *sample
	cells []cellEst
	z     float64
}

func (a aggregator) term(k int) term {
	c := a.cells[k]
	return term{cohort: c.Group, att: c.ATT, pg: a.s.pg(c.Group), inf: c.inf}
}

func (a aggregator) terms(keep func(Cell) bool) []term {
	var ts []term
	for k, c := range a.cells {
		if keep(c.Cell) {
			ts = append(ts, a.term(k))
		}
	}
	return ts
}

// weighted averages the terms with weights pg/Σpg and returns the estimate
// and its influence function, which includes R's "wif" term for having
// estimated the weights:
//
//	wif_i = Σ_k att_k·[(1{G_i=g_k} - pg_k)/S - (Σ_j (1{G_i=g_j} - pg_j))·pg_k/S²],  S = Σ_k pg_k
//
// evaluated per unit through the sums over its own cohort.
func (a aggregator) weighted(ts []term) (float64, []float64) {
	n := a.s.n()
	var S, pAtt float64
	for _, t := range ts {
		S += t.pg
		pAtt += t.pg * t.att
	}
	inf := make([]float64, n)
	attSum := make(map[int]float64) // Σ att_k over terms of cohort g
	count := make(map[int]float64)  // number of terms of cohort g
	for _, t := range ts {
		t.inf.addTo(inf, t.pg/S)
		attSum[t.cohort] += t.att
		count[t.cohort]++
	}
	for i, g := range a.s.cohort {
		inf[i] += (attSum[g]-pAtt)/S - (count[g]-S)*pAtt/(S*S)
	}
	return pAtt / S, inf
}

// mean averages estimates with equal, known weights (no wif term).
func mean(atts []float64, infs [][]float64) (float64, []float64) {
	w := 1 / float64(len(atts))
	var att float64
	inf := make([]float64, len(infs[0]))
	for k := range atts {
		att += w * atts[k]
		for i, v := range infs[k] {
			inf[i] += w * v
		}
	}
	return att, inf
}

func (a aggregator) effect(att float64, inf []float64) Effect {
	return effect(att, seFromIF(inf), a.z)
}

// simple is aggte(type = "simple"): the pg-weighted mean of all
// post-treatment cells.
func (a aggregator) simple() (Effect, bool) {
	ts := a.terms(func(c Cell) bool { return !c.Pre() })
	if len(ts) == 0 {
		return Effect{}, false
	}
	return a.effect(a.weighted(ts)), true
}

// dynamic is aggte(type = "dynamic"): for each event time e = t-g the
// pg-weighted mean of the cells with that e; Overall averages e >= 0. It
// also returns the influence function of each event-time estimate for the
// simultaneous band.
func (a aggregator) dynamic() (Dynamic, [][]float64) {
	var es []int
	for _, c := range a.cells {
		if !slices.Contains(es, c.EventTime()) {
			es = append(es, c.EventTime())
		}
	}
	slices.Sort(es)
	var d Dynamic
	var infs [][]float64
	var postAtt []float64
	var postInf [][]float64
	for _, e := range es {
		att, inf := a.weighted(a.terms(func(c Cell) bool { return c.EventTime() == e }))
		d.Events = append(d.Events, EventEffect{EventTime: e, Effect: a.effect(att, inf)})
		infs = append(infs, inf)
		if e >= 0 {
			postAtt = append(postAtt, att)
			postInf = append(postInf, inf)
		}
	}
	d.Overall = a.effect(mean(postAtt, postInf))
	return d, infs
}

// group is aggte(type = "group"): per cohort the mean of its post-treatment
// cells; Overall weights the cohorts by pg, with the wif term.
func (a aggregator) group() ByGroup {
	var out ByGroup
	var ts []term
	for _, g := range a.s.treated {
		var atts []float64
		var infs [][]float64
		for _, c := range a.cells {
			if c.Group == g && !c.Pre() {
				atts = append(atts, c.ATT)
				infs = append(infs, c.inf.dense(a.s.n()))
			}
		}
		if len(atts) == 0 {
			continue
		}
		att, inf := mean(atts, infs)
		out.Groups = append(out.Groups, GroupEffect{Group: g, Effect: a.effect(att, inf)})
		ts = append(ts, term{cohort: g, att: att, pg: a.s.pg(g), inf: denseInfluence(inf)})
	}
	// R's wif for the overall group effect takes one term per cohort, each
	// with its own cohort indicator (the fixed version of did's
	// compute.aggte, where the influence function has mean zero).
	out.Overall = a.effect(a.weighted(ts))
	return out
}

// calendar is aggte(type = "calendar"): per period t the pg-weighted mean of
// the cells (g, t) with g <= t; Overall is the mean over periods.
func (a aggregator) calendar() ByPeriod {
	var out ByPeriod
	var atts []float64
	var infs [][]float64
	for _, t := range a.s.periods {
		ts := a.terms(func(c Cell) bool { return c.Time == t && !c.Pre() })
		if len(ts) == 0 {
			continue
		}
		att, inf := a.weighted(ts)
		out.Periods = append(out.Periods, PeriodEffect{Time: t, Effect: a.effect(att, inf)})
		atts = append(atts, att)
		infs = append(infs, inf)
	}
	out.Overall = a.effect(mean(atts, infs))
	return out
}

func denseInfluence(v []float64) influence {
	idx := make([]int, len(v))
	for i := range idx {
		idx[i] = i
	}
	return influence{idx: idx, val: v}
}
