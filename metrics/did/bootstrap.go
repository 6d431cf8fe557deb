package did

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// pcgStream is the second PCG word; Options.Seed is the first.
const pcgStream = 0x9e3779b97f4a7c15

// bootstrap is R's mboot for unit-clustered influence functions.
type bootstrap struct {
	draws int
	seed  uint64
	alpha float64
	n     int
}

// bandResult is the critical value of a simultaneous band and the
// bootstrap standard error of each estimate.
type bandResult struct {
	crit         float64
	simultaneous bool
	se           []float64
}

// band runs the multiplier bootstrap over the estimates whose influence
// functions are infs (each of length n), as R's mboot does:
//
//   - each draw gives every unit a Rademacher weight v_i = ±1 (BMisc's
//     multiplier_bootstrap) and each estimate the deviation
//     b_k = sqrt(n)·mean_i(v_i·IF_ki);
//   - estimates whose draws are all (near) zero are left out, as R's
//     ndg.dim;
//   - the scale of each estimate is the interquartile range of its draws
//     divided by qnorm(.75) - qnorm(.25) (type-1 quantiles), which also gives
//     its bootstrap standard error scale/sqrt(n);
//   - the critical value is the type-1 (1-alpha) quantile over draws of
//     max_k |b_k|/scale_k.
//
// Like R, it falls back to the pointwise normal value, with a warning, when
// the bootstrap is degenerate or gives a smaller value than that.
func (b bootstrap) band(infs [][]float64) (bandResult, string) {
	z := zValue(b.alpha)
	res := bandResult{crit: z, se: make([]float64, len(infs))}
	if len(infs) == 0 || b.n == 0 {
		return res, ""
	}
	rng := rand.New(rand.NewPCG(b.seed, pcgStream))
	sqrtN := math.Sqrt(float64(b.n))
	dev := make([][]float64, len(infs)) // dev[k][draw]
	for k := range dev {
		dev[k] = make([]float64, b.draws)
	}
	v := make([]float64, b.n)
	for d := 0; d < b.draws; d++ {
		rademacher(rng, v)
		for k, inf := range infs {
			var s float64
			for i, x := range inf {
				s += v[i] * x
			}
			dev[k][d] = s / sqrtN
		}
	}

	iqrNormal := distuv.UnitNormal.Quantile(0.75) - distuv.UnitNormal.Quantile(0.25)
	tiny := math.Sqrt(epsilon) * 10 // R: sqrt(.Machine$double.eps)*10
	scale := make([]float64, len(infs))
	var live []int
	for k, draws := range dev {
		var ss float64
		for _, x := range draws {
			ss += x * x
		}
		if !(ss > tiny) {
			continue // degenerate, e.g. the Universal reference event time
		}
		sorted := slices.Clone(draws)
		slices.Sort(sorted)
		scale[k] = (stat.Quantile(0.75, stat.Empirical, sorted, nil) -
			stat.Quantile(0.25, stat.Empirical, sorted, nil)) / iqrNormal
		res.se[k] = scale[k] / sqrtN
		live = append(live, k)
	}

	var maxT []float64
	for d := 0; d < b.draws; d++ {
		m := math.Inf(-1)
		for _, k := range live {
			if r := math.Abs(dev[k][d] / scale[k]); !math.IsNaN(r) { // R: max(..., na.rm = TRUE)
				m = max(m, r)
			}
		}
		if !math.IsInf(m, 0) && !math.IsNaN(m) {
			maxT = append(maxT, m)
		}
	}
	if len(maxT) == 0 {
		return res, "simultaneous band not computed (bootstrap draws are degenerate); the band is the pointwise interval"
	}
	slices.Sort(maxT)
	crit := stat.Quantile(1-b.alpha, stat.Empirical, maxT, nil)
	switch {
	case crit < z:
		return res, fmt.Sprintf(
			"simultaneous critical value %.3f is below the pointwise %.3f; the band is the pointwise interval (as R does)", crit, z)
	case crit >= 7:
		res.crit, res.simultaneous = crit, true
		return res, fmt.Sprintf(
			"simultaneous critical value %.2f is very large: cohorts are small or outcomes barely vary", crit)
	}
	res.crit, res.simultaneous = crit, true
	return res, ""
}

// rademacher fills v with independent ±1 draws, 64 per random word.
func rademacher(rng *rand.Rand, v []float64) {
	var bits uint64
	for i := range v {
		if i%64 == 0 {
			bits = rng.Uint64()
		}
		v[i] = float64(bits&1)*2 - 1
		bits >>= 1
	}
}
