package metrics

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"

	"sijang/metrics/did"
)

// The live-commerce event study. A broadcast lifts the featured stalls'
// Smart Store sales for a day or two, too briefly for monthly data, so it
// is measured on daily sales:
//
//	r(i, d) = Y(i, d) / mean of Y(i, d − 7j), j = 1…4
//
// the stall's Smart Store sales on day d against its own average on the
// same weekday in the four weeks before (trading days only, days inside
// another broadcast's window left out, at least two of the four needed).
// For the stall featured on day d0, its lift at day offset k is
//
//	z = r(i, d0+k) / mean over comparison stalls c of r(c, d0+k)
//
// where the comparison stalls are the other Smart Store stalls trading that
// day and not inside a broadcast window of their own: the ratio removes
// what moved every stall's sales that day (a holiday rush, the weather).
// The multiplier at offset k is the mean of z over featured stall-days and
// the effect its log, comparable with log(3) for sales tripled. Standard
// errors are clustered by featured stall (stalls featured twice count
// once), with Student's t critical values on G − 1 degrees of freedom for
// G featured stalls; offsets −3…−1, before the broadcast, are placebos that should be
// near 0.

// liveOffsets are the day offsets from the broadcast that are estimated.
var liveOffsets = []int{-3, -2, -1, 0, 1, 2}

// liveWindow is how many days from a broadcast day on its lift may last
// (the day and the next two); such days never serve as reference days.
const liveWindow = 3

const (
	liveWeeks       = 4 // same-weekday days compared with
	liveMinRefDays  = 2 // of which at least this many must be usable
	liveMinControls = 3 // comparison stalls needed on a day
)

// liveDay is one stall's sales on one day.
type liveDay struct {
	total      float64 // all channels: > 0 means the stall traded
	smartstore float64
}

// liveEvent is one stall featured in one broadcast.
type liveEvent struct {
	stall string
	day   int // days since 1970-01-01
}

// LiveEffect is the effect of being featured in a broadcast on the
// stall's Smart Store sales k days later.
type LiveEffect struct {
	Market    string
	DayOffset int
	// Effect is the log of the multiplier (see Multiplier), with its
	// interval.
	did.Effect
	Events      int     // featured stall-days used
	Stalls      int     // distinct featured stalls among them (the clusters)
	SalesKRW    float64 // their Smart Store sales
	Incremental Won     // SalesKRW·(1 − e^(−effect)); zero before the broadcast
}

// Multiplier is exp(ATT): 3 means sales tripled.
func (l LiveEffect) Multiplier() float64 { return math.Exp(l.ATT) }

// liveStudy estimates the effect at each of liveOffsets from the daily
// sales of a market's Smart Store stalls (days[stall][day]) and its
// broadcasts. z is the normal critical value of the intervals.
func liveStudy(market string, days map[string]map[int]liveDay, events []liveEvent, z float64) []LiveEffect {
	onAir := map[string]map[int]bool{} // stall → days inside one of its broadcast windows
	for _, e := range events {
		if onAir[e.stall] == nil {
			onAir[e.stall] = map[int]bool{}
		}
		for k := range liveWindow {
			onAir[e.stall][e.day+k] = true
		}
	}
	stalls := make([]string, 0, len(days))
	for s := range days {
		stalls = append(stalls, s)
	}
	slices.Sort(stalls)

	// ratio is r(i, d), or false when it cannot be formed.
	ratio := func(stall string, d int) (float64, bool) {
		y, ok := days[stall][d]
		if !ok || y.total <= 0 {
			return 0, false
		}
		var sum float64
		n := 0
		for j := 1; j <= liveWeeks; j++ {
			ref, ok := days[stall][d-7*j]
			if !ok || ref.total <= 0 || onAir[stall][d-7*j] {
				continue
			}
			sum += ref.smartstore
			n++
		}
		if n < liveMinRefDays || sum <= 0 {
			return 0, false
		}
		return y.smartstore / (sum / float64(n)), true
	}
	control := map[int]float64{} // day → mean ratio of the comparison stalls
	controlOf := func(d int) (float64, bool) {
		if v, ok := control[d]; ok {
			return v, !math.IsNaN(v)
		}
		var sum float64
		n := 0
		for _, s := range stalls {
			if onAir[s][d] {
				continue
			}
			if r, ok := ratio(s, d); ok {
				sum += r
				n++
			}
		}
		v := math.NaN()
		if n >= liveMinControls && sum > 0 {
			v = sum / float64(n)
		}
		control[d] = v
		return v, !math.IsNaN(v)
	}

	var out []LiveEffect
	for _, k := range liveOffsets {
		type obs struct {
			stall string
			z     float64
			sales float64
		}
		var zs []obs
		for _, e := range events {
			d := e.day + k
			if k < 0 && onAir[e.stall][d] {
				continue // an earlier broadcast's window: not a placebo day
			}
			r, ok := ratio(e.stall, d)
			if !ok {
				continue
			}
			c, ok := controlOf(d)
			if !ok {
				continue
			}
			zs = append(zs, obs{e.stall, r / c, days[e.stall][d].smartstore})
		}
		le := LiveEffect{Market: market, DayOffset: k, Events: len(zs)}
		if len(zs) == 0 {
			continue
		}
		var mean float64
		for _, o := range zs {
			mean += o.z
			le.SalesKRW += o.sales
		}
		mean /= float64(len(zs))
		// Cluster-robust variance of a mean, by stall, with the G/(G-1)
		// small-sample factor.
		byStall := map[string]float64{}
		for _, o := range zs {
			byStall[o.stall] += o.z - mean
		}
		g := float64(len(byStall))
		var v float64
		for _, s := range byStall {
			v += s * s
		}
		n := float64(len(zs))
		v /= n * n
		if g > 1 {
			v *= g / (g - 1)
		}
		le.Stalls = len(byStall)
		if mean <= 0 {
			continue
		}
		se := math.Sqrt(v) / mean // delta method for log(mean)
		crit := z
		if g > 1 {
			// Few clusters: Student's t with G − 1 degrees of freedom.
			crit = distuv.StudentsT{Mu: 0, Sigma: 1, Nu: g - 1}.Quantile(distuv.UnitNormal.CDF(z))
		}
		le.Effect = did.Effect{ATT: math.Log(mean), SE: se, CILow: math.Log(mean) - crit*se, CIHigh: math.Log(mean) + crit*se}
		if k >= 0 {
			le.Incremental = incrementalKRW(le.SalesKRW, le.Effect)
		}
		out = append(out, le)
	}
	return out
}

// liveImpact sums the incremental sales of the days from the broadcast on.
// Its interval adds the offsets' bounds, as if their errors moved
// together: an upper bound on its width.
func liveImpact(effects []LiveEffect) (Won, float64) {
	var w Won
	var sales float64
	for _, l := range effects {
		if l.DayOffset < 0 {
			continue
		}
		w.KRW += l.Incremental.KRW
		w.Low += l.Incremental.Low
		w.High += l.Incremental.High
		sales += l.SalesKRW
	}
	return w, sales
}
