package metrics

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/combin"

	"sijang/metrics/did"
)

// The backtest of the shortlist: go back to the day before an earlier
// onboarding wave, rank the candidates with only the data known then
// (months before the wave, stalls that had joined before it), and compare
// the wave's stalls' predicted gains with what they gained afterwards. A
// stall's realised effect is its own before/after effect on the full
// programme panel (stallEffects, up to 12 months after joining), its
// realised gain its sales over those months × (1 − e^(−effect)).

// Backtest is the shortlist's backtest on one programme's latest wave
// with enough months after it.
type Backtest struct {
	Cutoff      int // month index of the wave: data from this month on was not used
	MonthsAfter int // months of realised gain measured after joining (at most 12)
	Stalls      []BacktestStall
	Spearman    float64 // rank correlation of predicted and realised gains; NaN without a backtest
	TopThird    float64 // share of the wave's realised gain in the top third of the ranking
	RandomThird float64 // expected share of a random third: its size / the wave's size
	// RandomP is the chance that a third of the wave chosen at random
	// captures at least TopThird: the share of all such thirds that do.
	RandomP float64
	Note    string // Korean: why there is no backtest, or a caveat
}

// BacktestStall is one stall of the wave.
type BacktestStall struct {
	Stall          string
	PredictedRank  int // 1 = largest predicted gain among the wave
	Predicted      float64
	RealisedEffect float64
	Realised       float64
}

// Backtest thresholds: the wave must hold minWave stalls with a measured
// effect, and have at least minAfter months after it.
const (
	minWave  = 4
	minAfter = 6
)

// backtest runs the backtest of a programme on the latest wave (cohort
// month) of at least minWave stalls with minAfter months of data after it
// and an earlier wave to learn from. panel is the programme's panel of
// total sales over all the data (programPanel); the ranking is redone on
// the data before the wave.
func backtest(rows []stallMonth, joined map[string]map[string]exposure, program string, panel did.Panel, z float64) Backtest {
	bt := Backtest{Spearman: math.NaN(), TopThird: math.NaN(), RandomThird: math.NaN(), RandomP: math.NaN()}
	last := lastMonth(rows)
	groups := groupsOf(rows)
	groupOf := func(s string) string { return groups[s] }

	// Realised effects on the full panel.
	realised := map[string]stallEffect{}
	waves := map[int]int{} // cohort month → stalls with an own effect
	for _, e := range stallEffects(panel, groupOf) {
		realised[e.stall] = e
		waves[e.cohort]++
	}
	var cohorts []int
	for g, n := range waves {
		if n >= minWave && g+minAfter-1 <= last {
			cohorts = append(cohorts, g)
		}
	}
	sort.Ints(cohorts)
	earliest := math.MaxInt
	for _, ex := range joined {
		if e, ok := ex[program]; ok {
			earliest = min(earliest, e.month)
		}
	}
	for len(cohorts) > 0 && cohorts[len(cohorts)-1] <= earliest {
		cohorts = cohorts[:len(cohorts)-1]
	}
	if len(cohorts) == 0 {
		bt.Note = fmt.Sprintf("앞선 참여 점포가 있고, 참여 후 %d개월 이상 지난 %d곳 이상의 참여 차수가 없어 검증하지 못했습니다.", minAfter, minWave)
		return bt
	}
	g := cohorts[len(cohorts)-1]
	bt.Cutoff = g
	bt.MonthsAfter = min(effectWindow, last-g+1)

	// The world as of the wave: earlier months, earlier enrolments.
	var before []stallMonth
	for _, r := range rows {
		if r.month < g {
			before = append(before, r)
		}
	}
	joinedBefore := map[string]map[string]exposure{}
	for s, ex := range joined {
		for p, e := range ex {
			if e.month < g {
				if joinedBefore[s] == nil {
					joinedBefore[s] = map[string]exposure{}
				}
				joinedBefore[s][p] = e
			}
		}
	}
	cutPanel, _ := programPanel(before, "total", program, joinedBefore)
	res, err := did.Estimate(cutPanel, didOptions)
	if err != nil {
		if errors.Is(err, did.ErrEmptyPanel) || errors.Is(err, did.ErrNoTreated) {
			bt.Note = "참여 차수 이전 자료로 사업 효과를 추정할 수 없어 검증하지 못했습니다."
			return bt
		}
		bt.Note = err.Error()
		return bt
	}
	pooled := poolGroups(stallEffects(cutPanel, groupOf), res.Simple, z)
	cands, _ := candidates(before, joinedBefore, program, g, pooled, nil, nil)

	after := map[string]float64{} // each stall's sales over the months measured after the wave
	for _, r := range rows {
		if r.month >= g && r.month < g+bt.MonthsAfter {
			after[r.stall] += r.total
		}
	}
	for _, c := range cands {
		e, ok := realised[c.Stall]
		if !ok || e.cohort != g {
			continue
		}
		bt.Stalls = append(bt.Stalls, BacktestStall{
			Stall: c.Stall, Predicted: c.Gain.KRW,
			RealisedEffect: e.theta, Realised: after[c.Stall] * -math.Expm1(-e.theta),
		})
	}
	for i := range bt.Stalls {
		bt.Stalls[i].PredictedRank = i + 1 // cands are ranked
	}
	n := len(bt.Stalls)
	if n < minWave {
		bt.Note = fmt.Sprintf("%s 참여 점포 중 그 전에 후보였던 곳이 %d곳뿐이라 검증하지 못했습니다.", monthLabel(g), n)
		return bt
	}
	pred, real := make([]float64, n), make([]float64, n)
	var total float64
	for i, s := range bt.Stalls {
		pred[i], real[i] = s.Predicted, s.Realised
		total += s.Realised
	}
	bt.Spearman = spearman(pred, real)
	third := int(math.Round(float64(n) / 3))
	bt.RandomThird = float64(third) / float64(n)
	if total > 0 {
		var top float64
		for _, s := range bt.Stalls[:third] {
			top += s.Realised
		}
		bt.TopThird = top / total
		bt.RandomP = randomThirdP(real, third, top)
	} else {
		bt.Note = "참여 점포들의 실현 증가 매출 합계가 0 이하라 상위 3분의 1 몫을 계산하지 않았습니다."
	}
	return bt
}

// spearman is the rank correlation: Pearson's correlation of the ranks,
// ties sharing their average rank.
func spearman(x, y []float64) float64 {
	return stat.Correlation(ranks(x), ranks(y), nil)
}

func ranks(x []float64) []float64 {
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return x[idx[a]] < x[idx[b]] })
	r := make([]float64, len(x))
	for lo := 0; lo < len(idx); {
		hi := lo
		for hi < len(idx) && x[idx[hi]] == x[idx[lo]] {
			hi++
		}
		avg := float64(lo+hi+1) / 2 // ranks lo+1 … hi
		for _, i := range idx[lo:hi] {
			r[i] = avg
		}
		lo = hi
	}
	return r
}

// randomThirdP is the share of the k-subsets of gains whose sum is at
// least top: every subset when there are at most 200,000 of them, else
// 200,000 random ones (fixed seed).
func randomThirdP(gains []float64, k int, top float64) float64 {
	const limit = 200_000
	n := len(gains)
	tol := 1e-9 * math.Abs(top)
	if combin.Binomial(n, k) <= limit {
		hits, all := 0, 0
		for _, c := range combin.Combinations(n, k) {
			var s float64
			for _, i := range c {
				s += gains[i]
			}
			if s >= top-tol {
				hits++
			}
			all++
		}
		return float64(hits) / float64(all)
	}
	rng := rand.New(rand.NewPCG(2, 7))
	hits := 0
	for range limit {
		var s float64
		for _, i := range rng.Perm(n)[:k] {
			s += gains[i]
		}
		if s >= top-tol {
			hits++
		}
	}
	return float64(hits) / limit
}
