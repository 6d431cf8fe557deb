package metrics

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// liveMarket simulates the daily Smart Store sales of 30 stalls over two
// years with the demo's live-commerce effect: a featured stall's Smart Store
// sales ×3 on the broadcast day and ×1.5 on the next two days. Sales are
// orders of about 30,000 won (Poisson, so some days have none), around a
// stall level × weekday profile × a day effect shared by all stalls (a
// holiday rush) × lognormal noise; each stall has a weekly day off with no
// sales at all. One broadcast a month features one or two stalls.
func liveMarket(seed uint64) (map[string]map[int]liveDay, []liveEvent) {
	rng := rand.New(rand.NewPCG(seed, 11))
	const stalls, from, ndays = 30, 18_628, 730 // 2021-01-01, two years
	weekday := [7]float64{1.15, 0.85, 0.85, 0.9, 0.95, 1.2, 1.35}
	common := make([]float64, ndays)
	for d := range common {
		common[d] = math.Exp(0.15 * rng.NormFloat64())
	}
	days := map[string]map[int]liveDay{}
	level := map[string]float64{}
	off := map[string]int{}
	var ids []string
	for i := range stalls {
		id := string(rune('A'+i/26)) + string(rune('a'+i%26))
		ids = append(ids, id)
		days[id] = map[int]liveDay{}
		level[id] = 200_000 * math.Exp(0.5*rng.NormFloat64())
		off[id] = rng.IntN(8) // 7: no day off
	}
	mult := map[string]map[int]float64{}
	var events []liveEvent
	for mo := 1; mo < 24; mo++ {
		d := from + 30*mo + rng.IntN(15)
		n := 1 + rng.IntN(2)
		for _, k := range rng.Perm(stalls)[:n] {
			s := ids[k]
			if int(time.Unix(int64(d)*86400, 0).UTC().Weekday()) == off[s] {
				continue
			}
			events = append(events, liveEvent{stall: s, day: d})
			if mult[s] == nil {
				mult[s] = map[int]float64{}
			}
			mult[s][d], mult[s][d+1], mult[s][d+2] = 3, 1.5, 1.5
		}
	}
	for _, s := range ids {
		for i := range ndays {
			d := from + i
			wd := int(time.Unix(int64(d)*86400, 0).UTC().Weekday())
			if wd == off[s] {
				days[s][d] = liveDay{}
				continue
			}
			m := mult[s][d]
			if m == 0 {
				m = 1
			}
			mean := level[s] * weekday[wd] * common[i] * math.Exp(0.2*rng.NormFloat64()-0.02) * m
			orders := poisson(rng, mean/30_000)
			days[s][d] = liveDay{total: 500_000 + float64(orders)*30_000, smartstore: float64(orders) * 30_000}
		}
	}
	return days, events
}

func poisson(rng *rand.Rand, mean float64) int {
	l, k, p := math.Exp(-mean), 0, 1.0
	for {
		p *= rng.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// Across 20 simulated markets the 95% interval of each day's effect covers
// the planted log multiplier (log 3 on the day, log 1.5 on the next two,
// 0 on the three days before) in at least 17.
func TestLiveStudyCoverage(t *testing.T) {
	want := map[int]float64{-3: 0, -2: 0, -1: 0, 0: math.Log(3), 1: math.Log(1.5), 2: math.Log(1.5)}
	covered := map[int]int{}
	const seeds = 20
	for seed := uint64(1); seed <= seeds; seed++ {
		days, events := liveMarket(seed)
		effects := liveStudy("m", days, events, 1.959964)
		if len(effects) != len(liveOffsets) {
			t.Fatalf("seed %d: %d offsets estimated, want %d", seed, len(effects), len(liveOffsets))
		}
		for _, l := range effects {
			if l.CILow <= want[l.DayOffset] && want[l.DayOffset] <= l.CIHigh {
				covered[l.DayOffset]++
			} else {
				t.Logf("seed %d day %+d: %.3f [%.3f, %.3f], planted %.3f", seed, l.DayOffset, l.ATT, l.CILow, l.CIHigh, want[l.DayOffset])
			}
			if l.DayOffset < 0 && l.Incremental != (Won{}) {
				t.Errorf("day %d before the broadcast has incremental sales %+v", l.DayOffset, l.Incremental)
			}
		}
	}
	for _, k := range liveOffsets {
		t.Logf("day %+d: covered %d/%d", k, covered[k], seeds)
		if covered[k] < 17 {
			t.Errorf("day %+d: covered in %d of %d markets, want at least 17", k, covered[k], seeds)
		}
	}
}

// The live arithmetic on a hand-computed case: one featured stall F and
// three comparison stalls, every day trading. F sells 100,000 on Smart
// Store on each of the four Wednesdays before the broadcast and 300,000 on
// the broadcast Wednesday: r = 300,000/100,000 = 3. The comparison stalls
// sell 50,000, 80,000 and 20,000 every day, so their r is 1 and the
// multiplier is 3/1 = 3: effect log 3, incremental 300,000 × (1 − 1/3) =
// 200,000. With a single featured stall there is one cluster and no
// spread: SE 0.
func TestLiveStudyArithmetic(t *testing.T) {
	const d0 = 18_993 // 2022-01-01 + 0
	days := map[string]map[int]liveDay{}
	for s, v := range map[string]float64{"F": 100_000, "a": 50_000, "b": 80_000, "c": 20_000} {
		days[s] = map[int]liveDay{}
		for d := d0 - 35; d <= d0+3; d++ {
			days[s][d] = liveDay{total: v + 1, smartstore: v}
		}
	}
	days["F"][d0] = liveDay{total: 300_001, smartstore: 300_000}
	effects := liveStudy("m", days, []liveEvent{{stall: "F", day: d0}}, 1.96)
	var day0 *LiveEffect
	for i := range effects {
		if effects[i].DayOffset == 0 {
			day0 = &effects[i]
		}
	}
	if day0 == nil {
		t.Fatal("no day-0 effect")
	}
	near(t, "multiplier", day0.Multiplier(), 3)
	near(t, "se", day0.SE, 0)
	near(t, "incremental", day0.Incremental.KRW, 200_000)
	near(t, "sales", day0.SalesKRW, 300_000)
	if day0.Events != 1 || day0.Stalls != 1 {
		t.Errorf("events %d stalls %d, want 1 and 1", day0.Events, day0.Stalls)
	}
}
