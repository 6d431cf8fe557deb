package metrics

import (
	"context"
	"math/rand/v2"
	"testing"

	"sijang/internal/demo"
	"sijang/metrics/did"
)

// The Monte-Carlo check of the programme estimates against the demo's
// planted effects. Each seed draws a whole 150-stall market from the
// demo's trade model (demo.PlantedPanel: COVID months, 설·추석 surges
// that differ by category and stall, weekday profiles, weekly days off,
// daily noise, late openers and closers, stalls in several programmes,
// enrolment that favours some categories) and sums it by stall and month,
// without writing exports. For each programme:
//
//   - planted: the 95% interval of the simple ATT of log total sales must
//     cover the planted effect in at least 17 of 20 seeds. The planted
//     counterpart of the simple ATT (estimandTau) is the planted τ of the
//     stalls in each post-treatment ATT(g,t), averaged over them and then
//     over the cells with R's simple-aggregation weights (the cohort's
//     size per cell, i.e. cohort size × its post-treatment months).
//   - null: the same on the counterfactual sales (no programme had any
//     effect), where the interval must cover 0 as often.
//   - unbalanced: the planted panel with 5% of stall-months marked
//     incomplete at random; the late openers and closers are there in every
//     panel. The estimate must cover as often and Trim must say what it
//     dropped.
//   - placebo: on the null panel, the placebo test (placeboPanel) must not
//     reject at 5% in at least 17 of 20 seeds.
//   - spillover: no spillover is planted, so the spillover interval must
//     cover 0 as often.
func TestMonteCarloCoverage(t *testing.T) {
	if testing.Short() {
		t.Skip("Monte-Carlo over 20 demo markets")
	}
	const seeds = 20
	programs := []string{"smartstore", "jangbogi", "training"}
	type tally struct{ planted, null, unbalanced, placebo, spillover int }
	count := map[string]*tally{}
	for _, p := range programs {
		count[p] = &tally{}
	}
	opt := didOptions
	opt.Bootstrap = 1 // the simple ATT does not depend on the bootstrap; this keeps the test fast
	for seed := int64(1); seed <= seeds; seed++ {
		pl, err := demo.PlantedPanel(context.Background(), demo.Options{Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		rows, null, joined, tau := plantedRows(pl, "namgwangju")
		rng := rand.New(rand.NewPCG(uint64(seed), 5))
		unbalanced := make([]stallMonth, len(rows))
		for i, r := range rows {
			r.complete = r.complete && rng.Float64() >= 0.05
			unbalanced[i] = r
		}
		for _, prog := range programs {
			c := count[prog]
			tauOf := func(s string) float64 { return tau[s][prog] }
			estimate := func(rs []stallMonth) (*did.Result, did.Panel, Trim) {
				panel, trim := programPanel(rs, "total", prog, joined)
				res, err := did.Estimate(panel, opt)
				if err != nil {
					t.Fatalf("seed %d %s: %v", seed, prog, err)
				}
				return res, panel, trim
			}
			covers := func(e did.Effect, want float64) bool { return e.CILow <= want && want <= e.CIHigh }

			res, panel, _ := estimate(rows)
			want := estimandTau(res, panel, tauOf)
			if covers(res.Simple, want) {
				c.planted++
			} else {
				t.Logf("seed %d %s planted: ATT %.4f [%.4f, %.4f], planted %.4f", seed, prog, res.Simple.ATT, res.Simple.CILow, res.Simple.CIHigh, want)
			}

			res, panel, _ = estimate(null)
			if covers(res.Simple, 0) {
				c.null++
			} else {
				t.Logf("seed %d %s null: ATT %.4f [%.4f, %.4f]", seed, prog, res.Simple.ATT, res.Simple.CILow, res.Simple.CIHigh)
			}
			if pb, err := did.Estimate(placeboPanel(panel), opt); err == nil && pValue(pb.Simple) >= 0.05 {
				c.placebo++
			} else if err == nil {
				t.Logf("seed %d %s placebo: %.4f (p %.3f)", seed, prog, pb.Simple.ATT, pValue(pb.Simple))
			}

			if sp := spillover("namgwangju", prog, rows, joined, 1.959964); covers(sp.Effect, 0) {
				c.spillover++
			} else {
				t.Logf("seed %d %s spillover: %.4f [%.4f, %.4f]", seed, prog, sp.ATT, sp.CILow, sp.CIHigh)
			}

			res, panel, trim := estimate(unbalanced)
			if trim.Incomplete == 0 || trim.OpenClose == 0 {
				t.Errorf("seed %d %s unbalanced: trim %+v does not report the incomplete months and the openers/closers", seed, prog, trim)
			}
			if want := estimandTau(res, panel, tauOf); covers(res.Simple, want) {
				c.unbalanced++
			} else {
				t.Logf("seed %d %s unbalanced: ATT %.4f [%.4f, %.4f], planted %.4f", seed, prog, res.Simple.ATT, res.Simple.CILow, res.Simple.CIHigh, want)
			}
		}
	}
	for _, p := range programs {
		c := count[p]
		t.Logf("%-10s 95%% interval covers: planted %d/%d, null %d/%d, unbalanced %d/%d; placebo p ≥ 0.05 on null: %d/%d; spillover covers 0: %d/%d",
			p, c.planted, seeds, c.null, seeds, c.unbalanced, seeds, c.placebo, seeds, c.spillover, seeds)
		for what, n := range map[string]int{"planted": c.planted, "null": c.null, "unbalanced": c.unbalanced, "placebo": c.placebo, "spillover": c.spillover} {
			if n < 17 {
				t.Errorf("%s %s: %d of %d seeds, want at least 17", p, what, n, seeds)
			}
		}
	}
}

// plantedRows turns one market of a planted panel into stall-months: the
// planted sales, the counterfactual sales (no effect at all), every
// stall's programmes and their planted τ.
func plantedRows(pl *demo.Planted, market string) (rows, null []stallMonth, joined map[string]map[string]exposure, tau map[string]map[string]float64) {
	joined = map[string]map[string]exposure{}
	tau = map[string]map[string]float64{}
	group, alley := map[string]string{}, map[string]string{}
	for _, s := range pl.Stalls {
		if s.Market != market {
			continue
		}
		group[s.Stall], alley[s.Stall] = s.Category, s.Alley
		tau[s.Stall] = s.Tau
		if len(s.EnrolledOn) > 0 {
			joined[s.Stall] = map[string]exposure{}
			for p, d := range s.EnrolledOn {
				joined[s.Stall][p] = exposureOf(d)
			}
		}
	}
	for _, m := range pl.Months {
		if m.Market != market {
			continue
		}
		r := stallMonth{
			stall: m.Stall, month: monthIndex(m.Month), group: group[m.Stall], alley: alley[m.Stall], complete: true, openAll: !m.Partial,
			total: m.TotalKRW, offline: m.OfflineKRW, online: m.OnlineKRW,
		}
		rows = append(rows, r)
		r.total, r.offline, r.online = m.Counterfactual, m.Counterfactual, 0
		null = append(null, r)
	}
	return rows, null, joined, tau
}

// estimandTau is the planted counterpart of the simple ATT: the planted τ
// averaged over the stalls of each post-treatment ATT(g,t) (those of
// cohort g observed at t and at its base), then over the cells with the
// weights of R's simple aggregation (the cohort's size).
func estimandTau(res *did.Result, p did.Panel, tau func(stall string) float64) float64 {
	obs := map[string]map[int]bool{}
	cohort := map[string]int{}
	for i, u := range p.Unit {
		if obs[u] == nil {
			obs[u] = map[int]bool{}
		}
		obs[u][p.Time[i]] = true
		cohort[u] = p.Cohort[i]
	}
	size := map[int]int{}
	for _, c := range res.Cohorts {
		size[c.Cohort] = c.Units
	}
	var num, den float64
	for _, c := range res.Cells {
		if c.Pre() || c.Reference {
			continue
		}
		var sum float64
		n := 0
		for u, g := range cohort {
			if g == c.Group && obs[u][c.Time] && obs[u][c.Base] {
				sum += tau(u)
				n++
			}
		}
		if n == 0 {
			continue
		}
		w := float64(size[c.Group])
		num += w * sum / float64(n)
		den += w
	}
	return num / den
}
