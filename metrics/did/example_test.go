package did_test

import (
	"fmt"

	"sijang/metrics/did"
)

// A 4-unit panel: unit a first treated in period 2, b in period 3, c and d
// never treated. By hand (never-treated controls, varying base):
//
//	ATT(2,2) = (13-10) - mean(11-10, 12-10) = 3 - 1.5 = 1.5
//	ATT(2,3) = (15-10) - mean(12-10, 14-10) = 5 - 3 = 2
//	ATT(3,2) = (11-10) - mean(1, 2) = -0.5 (pre-treatment placebo)
//	ATT(3,3) = (14-11) - mean(12-11, 14-12) = 3 - 1.5 = 1.5
//	simple  = mean of the post cells, each cohort 1 of 4 units = 5/3
//
// The SE of ATT(2,2) is sqrt(0² + 1² + 1²)/4 = 0.35: n/n_C·|ΔY - mean_C| = 4/2·0.5
// for c and d.
func ExampleEstimate() {
	p := did.Panel{
		Unit:    []string{"a", "a", "a", "b", "b", "b", "c", "c", "c", "d", "d", "d"},
		Time:    []int{1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3},
		Outcome: []float64{10, 13, 15, 10, 11, 14, 10, 11, 12, 10, 12, 14},
		Cohort:  []int{2, 2, 2, 3, 3, 3, 0, 0, 0, 0, 0, 0},
	}
	res, err := did.Estimate(p, did.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range res.Cells {
		fmt.Printf("ATT(%d,%d) = %5.2f (se %.2f)\n", c.Group, c.Time, c.ATT, c.SE)
	}
	fmt.Printf("simple ATT = %.2f\n", res.Simple.ATT)
	// Output:
	// ATT(2,2) =  1.50 (se 0.35)
	// ATT(2,3) =  2.00 (se 0.71)
	// ATT(3,2) = -0.50 (se 0.35)
	// ATT(3,3) =  1.50 (se 0.35)
	// simple ATT = 1.67
}
