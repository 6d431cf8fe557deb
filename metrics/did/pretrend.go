package did

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// preTrend is R's att_gt Wald pre-test with the analytic covariance: for
// the k pre-treatment cells with non-zero variance, V = IF'IF/n (k×k) and
// W = n·θ'V⁻¹θ ~ χ²(k) under parallel pre-trends. A singular V leaves the
// test undone, with a warning, as R does.
func preTrend(cells []cellEst, n int) (PreTrend, string) {
	var pre []cellEst
	for _, c := range cells {
		if c.Pre() && !c.Reference && c.inf.sumSquares() > 0 {
			pre = append(pre, c)
		}
	}
	k := len(pre)
	if k == 0 {
		return PreTrend{}, ""
	}
	// V from the sparse influence functions: one dense row at a time keeps
	// memory at O(n) rather than O(k·n).
	theta := mat.NewVecDense(k, nil)
	v := mat.NewSymDense(k, nil)
	for j, c := range pre {
		theta.SetVec(j, c.ATT)
		row := c.inf.dense(n)
		for l := j; l < k; l++ {
			var dot float64
			for q, i := range pre[l].inf.idx {
				dot += row[i] * pre[l].inf.val[q]
			}
			v.SetSym(j, l, dot/float64(n))
		}
	}

	var chol mat.Cholesky
	if ok := chol.Factorize(v); !ok || chol.Cond() > 1/epsilon {
		return PreTrend{DF: k}, fmt.Sprintf(
			"pre-trend test not computed: the covariance of the %d pre-treatment ATT(g,t) is singular", k)
	}
	var x mat.VecDense
	if err := chol.SolveVecTo(&x, theta); err != nil {
		return PreTrend{DF: k}, fmt.Sprintf("pre-trend test not computed: %v", err)
	}
	w := float64(n) * mat.Dot(theta, &x)
	return PreTrend{
		Tested:    true,
		Statistic: w,
		DF:        k,
		PValue:    distuv.ChiSquared{K: float64(k)}.Survival(w),
	}, ""
}

// epsilon is the float64 machine epsilon (R's .Machine$double.eps).
const epsilon = 2.220446049250313e-16

// sensitivity compares the simple ATT with the largest pre-treatment
// deviation from parallel trends.
func sensitivity(simple float64, cells []Cell) Sensitivity {
	s := Sensitivity{AbsATT: math.Abs(simple)}
	seen := false
	for _, c := range cells {
		if c.Pre() && !c.Reference {
			seen = true
			s.MaxAbsPreATT = max(s.MaxAbsPreATT, math.Abs(c.ATT))
		}
	}
	if seen && s.MaxAbsPreATT > 0 {
		s.Multiple = s.AbsATT / s.MaxAbsPreATT
		s.Available = true
	}
	return s
}
