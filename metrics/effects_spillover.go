package metrics

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"sijang/metrics/did"
)

// Spillover asks whether a programme moved the stalls that never joined
// anything: did such stalls in alleys where many stalls joined the
// programme change, from before its first month to after, differently
// from such stalls in alleys where few joined? A customer drawn online by
// a neighbour might also buy next door (positive), or buy from the
// neighbour instead (negative).
//
// Each never-enrolled stall's log monthly sales, net of the month's mean
// over all never-enrolled stalls (a two-way fixed-effects fit, so late
// openers fit in), are averaged before and after the programme's first
// month; the effect is the mean change in high-share alleys minus that in
// low-share alleys, with the standard error of a difference of two means
// of independent stalls. One number per stall makes it robust to serial
// correlation; it does not allow for shocks shared by an alley, and with a
// handful of alleys an alley's own seasons (a fish alley at 설·추석) are
// not told apart from a spillover.
type Spillover struct {
	Market, Program string
	did.Effect
	FirstMonth int      // the programme's first month (monthIndex)
	HighAlleys []string // alleys whose share joined is above the median alley's
	LowAlleys  []string
	NHigh      int // never-enrolled stalls compared, in high- and low-share alleys
	NLow       int
	Note       string // in Korean: what was compared, or why nothing could be
}

func spillover(market, program string, rows []stallMonth, joined map[string]map[string]exposure, z float64) Spillover {
	sp := Spillover{Market: market, Program: program, Effect: nanEffect()}
	first := math.MaxInt
	firstPartial := false
	for _, ex := range joined {
		if e, ok := ex[program]; ok && e.month < first {
			first, firstPartial = e.month, e.partial()
		} else if ok && e.month == first && e.partial() {
			firstPartial = true
		}
	}
	if first == math.MaxInt {
		sp.Note = "참여 점포가 없어 비교할 수 없습니다."
		return sp
	}
	sp.FirstMonth = first

	// The share of each alley's stalls that joined the programme.
	alleyOf := map[string]string{}
	for _, r := range rows {
		alleyOf[r.stall] = r.alley
	}
	in, all := map[string]int{}, map[string]int{}
	never := map[string]bool{}
	for s, a := range alleyOf {
		all[a]++
		if _, ok := joined[s][program]; ok {
			in[a]++
		}
		if len(joined[s]) == 0 {
			never[s] = true
		}
	}
	type alleyShare struct {
		alley string
		share float64
	}
	var shares []alleyShare
	for a, n := range all {
		has := false
		for s := range never {
			if alleyOf[s] == a {
				has = true
			}
		}
		if has {
			shares = append(shares, alleyShare{a, float64(in[a]) / float64(n)})
		}
	}
	slices.SortFunc(shares, func(x, y alleyShare) int {
		if x.share != y.share {
			if x.share < y.share {
				return -1
			}
			return 1
		}
		return strings.Compare(x.alley, y.alley)
	})
	if len(shares) < 2 {
		sp.Note = "미참여 점포가 있는 골목이 2개 미만이라 비교할 수 없습니다."
		return sp
	}
	median := shares[len(shares)/2].share
	if len(shares)%2 == 0 {
		median = (shares[len(shares)/2-1].share + shares[len(shares)/2].share) / 2
	}
	high := map[string]bool{}
	for _, s := range shares {
		if s.share > median {
			high[s.alley] = true
			sp.HighAlleys = append(sp.HighAlleys, s.alley)
		} else {
			sp.LowAlleys = append(sp.LowAlleys, s.alley)
		}
	}
	if len(sp.HighAlleys) == 0 {
		sp.Note = "골목마다 참여 비율이 같아 비교할 수 없습니다."
		return sp
	}

	// Never-enrolled stalls' log sales net of the month's mean.
	neverRows := make([]stallMonth, 0, len(rows))
	for _, r := range rows {
		if never[r.stall] && r.usable() {
			r.group = ""
			neverRows = append(neverRows, r)
		}
	}
	m := monthEffects(neverRows, "total", func(stallMonth) bool { return true })
	type prePost struct{ pre, post, nPre, nPost float64 }
	per := map[string]*prePost{}
	for _, r := range neverRows {
		if r.month == first && firstPartial {
			continue
		}
		v := r.outcome("total") - m[groupMonth{"", r.month}]
		pp := per[r.stall]
		if pp == nil {
			pp = &prePost{}
			per[r.stall] = pp
		}
		if r.month < first {
			pp.pre += v
			pp.nPre++
		} else {
			pp.post += v
			pp.nPost++
		}
	}
	var dh, dl []float64
	for s, pp := range per {
		if pp.nPre == 0 || pp.nPost == 0 {
			continue
		}
		d := pp.post/pp.nPost - pp.pre/pp.nPre
		if high[alleyOf[s]] {
			dh = append(dh, d)
		} else {
			dl = append(dl, d)
		}
	}
	sp.NHigh, sp.NLow = len(dh), len(dl)
	if len(dh) < 2 || len(dl) < 2 {
		sp.Note = fmt.Sprintf("참여 전후 자료가 있는 미참여 점포가 참여 비율이 높은 골목에 %d곳, 낮은 골목에 %d곳뿐이라 비교할 수 없습니다.", len(dh), len(dl))
		return sp
	}
	mh, vh := meanVar(dh)
	ml, vl := meanVar(dl)
	att := mh - ml
	se := math.Sqrt(vh/float64(len(dh)) + vl/float64(len(dl)))
	sp.Effect = did.Effect{ATT: att, SE: se, CILow: att - z*se, CIHigh: att + z*se}
	sp.Note = fmt.Sprintf("참여 비율이 높은 골목(%s)의 미참여 점포 %d곳과 낮은 골목(%s)의 미참여 점포 %d곳의 %s 전후 매출 변화 비교. 골목이 %d개뿐이라 골목 고유의 계절성이나 충격은 구분되지 않습니다.",
		strings.Join(sp.HighAlleys, ", "), len(dh), strings.Join(sp.LowAlleys, ", "), len(dl), monthLabel(first), len(shares))
	return sp
}

// meanVar returns the mean and the sample variance (n − 1).
func meanVar(xs []float64) (float64, float64) {
	var m float64
	for _, x := range xs {
		m += x
	}
	m /= float64(len(xs))
	var v float64
	for _, x := range xs {
		v += (x - m) * (x - m)
	}
	return m, v / float64(len(xs)-1)
}

func nanEffect() did.Effect {
	n := math.NaN()
	return did.Effect{ATT: n, SE: n, CILow: n, CIHigh: n}
}

// monthLabel writes a month index as 2020년 11월.
func monthLabel(m int) string {
	t := MonthOf(m)
	return fmt.Sprintf("%d년 %d월", t.Year(), int(t.Month()))
}
