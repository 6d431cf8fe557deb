package demo

import (
	"math"
	"math/rand/v2"
)

// Every random draw comes from a PCG stream whose state is derived from the
// seed and a path of integers (purpose, market, stall, day, …). A stall-day
// therefore gets the same numbers however the work is split or ordered, and
// adding a market or a stall leaves the others' data unchanged.

// Purposes name the independent streams.
const (
	purposeLayout uint64 = iota + 1
	purposeNames
	purposeParams
	purposeEnroll
	purposeTrade
	purposeCard
	purposeApproval
	purposeOrders
	purposeFootfall
	purposeDead
	purposeLive
	purposeSpend
	purposeIDs
)

// mix is the splitmix64 finaliser.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// key folds a path of integers into one 64-bit value.
func key(parts ...uint64) uint64 {
	var h uint64
	for _, p := range parts {
		h = mix(h ^ p)
	}
	return h
}

// stream is a reusable PCG generator: reset re-seeds it for a path.
type stream struct {
	pcg rand.PCG
	*rand.Rand
	seed uint64
}

func newStream(seed uint64) *stream {
	s := &stream{seed: seed}
	s.Rand = rand.New(&s.pcg)
	return s
}

// reset positions the stream at the start of the path's sequence.
func (s *stream) reset(parts ...uint64) *stream {
	s.pcg.Seed(s.seed, key(parts...))
	return s
}

// lognormal returns exp(sigma·Z − sigma²/2), a positive factor with mean 1.
func (s *stream) lognormal(sigma float64) float64 {
	return math.Exp(sigma*s.NormFloat64() - sigma*sigma/2)
}

// between returns a uniform value in [lo, hi).
func (s *stream) between(lo, hi float64) float64 { return lo + (hi-lo)*s.Float64() }

// poisson draws a Poisson count with the given mean.
func (s *stream) poisson(mean float64) int {
	if mean <= 0 {
		return 0
	}
	if mean > 40 {
		n := int(math.Round(mean + math.Sqrt(mean)*s.NormFloat64()))
		return max(n, 0)
	}
	limit, p, n := math.Exp(-mean), 1.0, 0
	for {
		p *= s.Float64()
		if p <= limit {
			return n
		}
		n++
	}
}

// pick returns an index drawn with the given non-negative weights.
func (s *stream) pick(weights []float64) int {
	var sum float64
	for _, w := range weights {
		sum += w
	}
	x := s.Float64() * sum
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

// permute maps x < n one-to-one onto [0, n), keyed by k, so that counters
// become unique numbers that look random: a four-round Feistel network over
// the smallest even number of bits covering n, applied again until the
// value falls below n (cycle walking).
func permute(x, n, k uint64) uint64 {
	bits := 2
	for uint64(1)<<bits < n {
		bits += 2
	}
	half := bits / 2
	mask := uint64(1)<<half - 1
	for {
		l, r := x>>half, x&mask
		for round := range uint64(4) {
			l, r = r, l^(mix(k^round<<32^r)&mask)
		}
		if x = l<<half | r; x < n {
			return x
		}
	}
}
