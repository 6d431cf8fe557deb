package metrics

import (
	"math"
	"sort"

	"sijang/metrics/did"
)

// Effects by stall group for the shortlist. A programme's overall effect
// (the simple ATT of did) says what it did on average; which stalls to
// onboard next depends on how the effect differs between kinds of stall.
// Each enrolled stall's own effect is its before/after difference on the
// programme panel (adjusted log monthly sales: the category's month effects
// are already removed, so this is a difference-in-differences against the
// stalls outside every programme). Stalls are grouped by category and
// alley; a group's raw effect is the mean of its stalls', with the standard
// error from the spread of stall effects within groups pooled over all
// groups (a group of two stalls cannot measure its own spread). Groups
// are then pulled toward the programme's overall effect by empirical Bayes:
// the between-group variance τ² comes from the spread of the group means
// beyond their sampling error (DerSimonian–Laird), and a group keeps the
// weight τ²/(τ² + se²) on its own estimate — little for a group with two
// stalls, much for one with twenty.

// effectWindow is how many months before and after joining a stall's own
// effect compares; minSide is the fewest usable months on each side.
const (
	effectWindow = 12
	minSide      = 3
)

// stallEffect is one enrolled stall's own effect: the mean of its adjusted
// log monthly sales over up to effectWindow months from joining, less the
// mean over up to effectWindow months before.
type stallEffect struct {
	stall, group string
	cohort       int // month it joined
	theta        float64
	pre, post    int // months on each side
	lastPost     int // last month on the after side
}

// stallEffects computes the own effect of every treated unit of a
// programme panel with at least minSide months on both sides. groupOf
// gives a stall's group key.
func stallEffects(p did.Panel, groupOf func(stall string) string) []stallEffect {
	type acc struct {
		cohort          int
		pre, post       float64
		npre, npost     int
		lastPost, first int
	}
	by := map[string]*acc{}
	var order []string
	for i, u := range p.Unit {
		g := p.Cohort[i]
		if g == 0 {
			continue
		}
		a := by[u]
		if a == nil {
			a = &acc{cohort: g}
			by[u] = a
			order = append(order, u)
		}
		t := p.Time[i]
		switch {
		case t >= g-effectWindow && t < g:
			a.pre += p.Outcome[i]
			a.npre++
		case t >= g && t < g+effectWindow:
			a.post += p.Outcome[i]
			a.npost++
			a.lastPost = max(a.lastPost, t)
		}
	}
	var out []stallEffect
	for _, u := range order {
		a := by[u]
		if a.npre < minSide || a.npost < minSide {
			continue
		}
		out = append(out, stallEffect{
			stall: u, group: groupOf(u), cohort: a.cohort,
			theta: a.post/float64(a.npost) - a.pre/float64(a.npre),
			pre:   a.npre, post: a.npost, lastPost: a.lastPost,
		})
	}
	return out
}

// GroupEffect is one stall group's effect on log monthly sales, raw and
// pulled toward the programme's overall effect.
type GroupEffect struct {
	Key    string
	N      int     // enrolled stalls with an own effect
	Raw    float64 // mean of their own effects; NaN when N = 0
	RawSE  float64 // Pooled.Within / √N; NaN when N = 0
	Weight float64 // weight on Raw: τ²/(τ² + RawSE²); 0 when N = 0
	// Effect is Weight·Raw + (1 − Weight)·overall with standard error
	// √((1 − B)·RawSE² + B²·overall SE²), B = 1 − Weight; for a group
	// without stalls, the overall effect with √(τ² + overall SE²): a new
	// kind of stall may differ from the average by as much as groups do.
	Effect did.Effect
}

// Pooled is a programme's effects by stall group.
type Pooled struct {
	Overall did.Effect // the programme's simple ATT, what groups are pulled toward
	Tau2    float64    // between-group variance of the effect
	Within  float64    // pooled within-group standard deviation of stall effects
	Groups  map[string]GroupEffect
	z       float64
}

// poolGroups computes the group effects from the stalls' own effects.
//
// With n_g stalls in group g, y_g their mean effect and SS_g the sum of
// squared deviations from it, over N stalls in k groups:
//
//	s² = Σ SS_g / (N − k)                          (pooled within-group variance)
//	se_g² = s² / n_g,  w_g = 1 / se_g²
//	ȳ = Σ w_g y_g / Σ w_g,  Q = Σ w_g (y_g − ȳ)²
//	τ² = max(0, (Q − (k − 1)) / (Σ w_g − Σ w_g² / Σ w_g))   (DerSimonian–Laird)
//	B_g = se_g² / (se_g² + τ²)
//	effect_g = B_g·μ + (1 − B_g)·y_g,  var_g = (1 − B_g)·se_g² + B_g²·se_μ²
//
// where μ and se_μ are the overall effect. When N − k < 2 the within
// variance cannot be measured and s = se_μ·√N (the spread the overall
// effect's own standard error implies); with fewer than two groups τ² = 0
// and every group gets the overall effect.
func poolGroups(effects []stallEffect, overall did.Effect, z float64) *Pooled {
	type grp struct {
		n      int
		sum    float64
		values []float64
	}
	groups := map[string]*grp{}
	for _, e := range effects {
		g := groups[e.group]
		if g == nil {
			g = &grp{}
			groups[e.group] = g
		}
		g.n++
		g.sum += e.theta
		g.values = append(g.values, e.theta)
	}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Strings(keys)

	n, k := len(effects), len(keys)
	var ss float64
	for _, key := range keys {
		g := groups[key]
		mean := g.sum / float64(g.n)
		for _, v := range g.values {
			ss += (v - mean) * (v - mean)
		}
	}
	p := &Pooled{Overall: overall, Groups: map[string]GroupEffect{}, z: z}
	if n-k >= 2 {
		p.Within = math.Sqrt(ss / float64(n-k))
	} else {
		p.Within = overall.SE * math.Sqrt(float64(n))
	}

	if k >= 2 && p.Within > 0 {
		var sw, sw2, swy float64
		for _, key := range keys {
			g := groups[key]
			w := float64(g.n) / (p.Within * p.Within)
			sw += w
			sw2 += w * w
			swy += w * g.sum / float64(g.n)
		}
		ybar := swy / sw
		var q float64
		for _, key := range keys {
			g := groups[key]
			w := float64(g.n) / (p.Within * p.Within)
			d := g.sum/float64(g.n) - ybar
			q += w * d * d
		}
		p.Tau2 = math.Max(0, (q-float64(k-1))/(sw-sw2/sw))
	}

	for _, key := range keys {
		g := groups[key]
		raw := g.sum / float64(g.n)
		se2 := p.Within * p.Within / float64(g.n)
		b := 1.0
		if se2+p.Tau2 > 0 {
			b = se2 / (se2 + p.Tau2)
		}
		att := b*overall.ATT + (1-b)*raw
		se := math.Sqrt((1-b)*se2 + b*b*overall.SE*overall.SE)
		p.Groups[key] = GroupEffect{
			Key: key, N: g.n, Raw: raw, RawSE: math.Sqrt(se2), Weight: 1 - b,
			Effect: did.Effect{ATT: att, SE: se, CILow: att - z*se, CIHigh: att + z*se},
		}
	}
	return p
}

// Group returns the effect that applies to a stall of group key.
func (p *Pooled) Group(key string) GroupEffect {
	if g, ok := p.Groups[key]; ok {
		return g
	}
	se := math.Sqrt(p.Tau2 + p.Overall.SE*p.Overall.SE)
	att := p.Overall.ATT
	return GroupEffect{
		Key: key, Raw: math.NaN(), RawSE: math.NaN(),
		Effect: did.Effect{ATT: att, SE: se, CILow: att - p.z*se, CIHigh: att + p.z*se},
	}
}
