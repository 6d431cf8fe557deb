package did

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// normalIFs returns k influence functions over n units: with disjoint
// true, estimate j depends only on its own block of units (independent
// estimates); otherwise all k are the same vector (perfectly correlated).
func normalIFs(n, k int, disjoint bool, seed uint64) [][]float64 {
	rng := rand.New(rand.NewPCG(seed, 1))
	infs := make([][]float64, k)
	for j := range infs {
		infs[j] = make([]float64, n)
	}
	for i := 0; i < n; i++ {
		x := rng.NormFloat64()
		if disjoint {
			infs[i%k][i] = x
			continue
		}
		for j := range infs {
			infs[j][i] = x
		}
	}
	return infs
}

func TestBootstrapCriticalValue(t *testing.T) {
	const alpha = 0.05
	z := distuv.UnitNormal.Quantile(1 - alpha/2)
	// Šidák: the max of 8 independent |N(0,1)| exceeds c with probability
	// alpha when Φ(c) = 1 - (1 - (1-alpha)^(1/8))/2.
	sidak := distuv.UnitNormal.Quantile(1 - (1-math.Pow(1-alpha, 1.0/8))/2)
	tests := []struct {
		name     string
		k        int
		disjoint bool
		want     float64
	}{
		{"one estimate", 1, false, z},
		{"eight identical estimates", 8, false, z},
		{"eight independent estimates", 8, true, sidak},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := 4000
			b := bootstrap{draws: 2000, seed: 11, alpha: alpha, n: n}
			band, _ := b.band(normalIFs(n, tt.k, tt.disjoint, 5))
			if math.Abs(band.crit-tt.want) > 0.15 {
				t.Errorf("critical value = %.3f, want about %.3f", band.crit, tt.want)
			}
		})
	}
}

func TestBootstrapSE(t *testing.T) {
	n := 3000
	infs := normalIFs(n, 3, true, 9)
	b := bootstrap{draws: 999, seed: 1, alpha: 0.05, n: n}
	band, _ := b.band(infs)
	for j, inf := range infs {
		analytic := seFromIF(inf)
		if math.Abs(band.se[j]/analytic-1) > 0.1 {
			t.Errorf("estimate %d: bootstrap SE %.5f, analytic %.5f", j, band.se[j], analytic)
		}
	}
}

func TestBootstrapSeeded(t *testing.T) {
	infs := normalIFs(500, 4, true, 2)
	run := func(seed uint64) float64 {
		band, _ := bootstrap{draws: 199, seed: seed, alpha: 0.05, n: 500}.band(infs)
		return band.crit
	}
	if a, b := run(1), run(1); a != b {
		t.Errorf("same seed gave %v and %v", a, b)
	}
	if a, b := run(1), run(2); a == b {
		t.Errorf("seeds 1 and 2 gave the same critical value %v", a)
	}
}

func TestBootstrapDegenerate(t *testing.T) {
	n := 50
	infs := [][]float64{make([]float64, n), make([]float64, n)}
	band, warn := bootstrap{draws: 99, seed: 1, alpha: 0.05, n: n}.band(infs)
	if band.simultaneous || band.crit != zValue(0.05) {
		t.Errorf("degenerate bootstrap: %+v, want the pointwise value", band)
	}
	if !strings.Contains(warn, "degenerate") {
		t.Errorf("warning = %q, want it to say the draws are degenerate", warn)
	}
	// A zero column next to a live one is left out, as R's ndg.dim.
	live := normalIFs(n, 1, false, 3)[0]
	band, _ = bootstrap{draws: 99, seed: 1, alpha: 0.05, n: n}.band([][]float64{make([]float64, n), live})
	if band.se[0] != 0 || band.se[1] == 0 {
		t.Errorf("bootstrap SEs = %v, want 0 for the zero column only", band.se)
	}
}

func TestRademacher(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	v := make([]float64, 10007)
	rademacher(rng, v)
	var sum float64
	for _, x := range v {
		if x != 1 && x != -1 {
			t.Fatalf("draw %v is not ±1", x)
		}
		sum += x
	}
	// The sum of n ±1 draws has SD sqrt(n) ≈ 100.
	if math.Abs(sum) > 400 {
		t.Errorf("sum of %d draws = %v, want near 0", len(v), sum)
	}
}
