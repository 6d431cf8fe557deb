package did

import (
	"fmt"
	"math"
)

// influence is a sparse influence function over the n sample units: unit
// idx[k] has value val[k]; every other unit has 0.
type influence struct {
	idx []int
	val []float64
}

// addTo adds w times the influence function to the dense vector dst.
func (f influence) addTo(dst []float64, w float64) {
	for k, i := range f.idx {
		dst[i] += w * f.val[k]
	}
}

// dense returns the influence function as a length-n vector.
func (f influence) dense(n int) []float64 {
	v := make([]float64, n)
	f.addTo(v, 1)
	return v
}

func (f influence) sumSquares() float64 {
	var ss float64
	for _, v := range f.val {
		ss += v * v
	}
	return ss
}

// cellEst is a computed ATT(g,t) with its influence function.
type cellEst struct {
	Cell
	inf influence
}

// se is R's analytic standard error sqrt(ΣIF²)/n.
func (c cellEst) se(n int) float64 { return math.Sqrt(c.inf.sumSquares()) / float64(n) }

// cells computes every ATT(g,t) in R's order (cohort, then period). For
// cohort g and period t with base period b it is
//
//	ATT(g,t) = mean_{i∈G}(Y_it - Y_ib) - mean_{i∈C}(Y_it - Y_ib)
//
// over the units of cohort g (G) and of the comparison group (C) observed in
// both t and b. Its influence function, per unit of the n in the sample, is
//
//	IF_i = n/n_G·1{i∈G}·(ΔY_i - mean_G) - n/n_C·1{i∈C}·(ΔY_i - mean_C)
//
// which is DRDID's reg/ipw/dr panel influence function with no covariates,
// times did's n/n1 rescaling. Cells without treated or comparison units are
// omitted and reported in the returned warnings.
func (s *sample) cells(opt Options) ([]cellEst, []string) {
	var out []cellEst
	var warns []string
	n := float64(s.n())
	start := 1 // Varying: the first period has no earlier period to compare with
	if opt.Base == Universal {
		start = 0
	}
	for _, g := range s.treated {
		lastPre := -1 // index of the last period before g
		for j, t := range s.periods {
			if t < g {
				lastPre = j
			}
		}
		for ti := start; ti < len(s.periods); ti++ {
			t := s.periods[ti]
			bi := lastPre
			if t < g && opt.Base == Varying {
				bi = ti - 1
			}
			base := s.periods[bi]
			if bi == ti {
				out = append(out, cellEst{Cell: Cell{Group: g, Time: t, Base: base, Reference: true}})
				continue
			}
			latest := max(t, base)

			var sumT, sumC float64
			var treated, control []int
			for i, gi := range s.cohort {
				yt, yb := s.y[i][ti], s.y[i][bi]
				if math.IsNaN(yt) || math.IsNaN(yb) {
					continue
				}
				switch {
				case gi == g:
					treated = append(treated, i)
					sumT += yt - yb
				case gi == 0 || (opt.Control == NotYetTreated && gi > latest):
					control = append(control, i)
					sumC += yt - yb
				}
			}
			if len(treated) == 0 || len(control) == 0 {
				who := "treated"
				if len(treated) > 0 {
					who = "comparison"
				}
				warns = append(warns, fmt.Sprintf(
					"ATT(g=%s, t=%s) not computed: no %s units observed in both %s and %s",
					s.label(g), s.label(t), who, s.label(t), s.label(base)))
				continue
			}
			meanT := sumT / float64(len(treated))
			meanC := sumC / float64(len(control))
			wT, wC := n/float64(len(treated)), n/float64(len(control))
			inf := influence{
				idx: make([]int, 0, len(treated)+len(control)),
				val: make([]float64, 0, len(treated)+len(control)),
			}
			for _, i := range treated {
				inf.idx = append(inf.idx, i)
				inf.val = append(inf.val, wT*(s.y[i][ti]-s.y[i][bi]-meanT))
			}
			for _, i := range control {
				inf.idx = append(inf.idx, i)
				inf.val = append(inf.val, -wC*(s.y[i][ti]-s.y[i][bi]-meanC))
			}
			out = append(out, cellEst{
				Cell: Cell{
					Group: g, Time: t, Base: base,
					Effect:   Effect{ATT: meanT - meanC},
					NTreated: len(treated), NControl: len(control),
				},
				inf: inf,
			})
		}
	}
	return out, warns
}
