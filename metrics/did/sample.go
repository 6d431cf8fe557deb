package did

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// sample is the estimation sample: the units kept, their cohorts and a
// unit × period matrix of outcomes (NaN where a unit is not observed).
type sample struct {
	month    bool
	units    []string
	cohort   []int       // per unit; 0 = never treated
	periods  []int       // sorted
	y        [][]float64 // y[unit][period index]
	treated  []int       // cohorts first treated after the first period, ascending
	size     map[int]int // units per cohort, including 0
	warnings []string
	dropped  []DroppedUnit
}

func (s *sample) n() int { return len(s.units) }

// pg is R's P(G = g): the share of all n units that are in cohort g.
func (s *sample) pg(g int) float64 { return float64(s.size[g]) / float64(s.n()) }

func (s *sample) label(period int) string { return periodLabel(period, s.month) }

// unitObs collects one unit's rows while the panel is read.
type unitObs struct {
	name   string
	cohort int
	y      map[int]float64 // period → outcome
	drop   string          // reason, when dropped
}

// newSample validates p, drops the units R would drop (and the ones this
// package cannot use) and builds the outcome matrix.
func newSample(p Panel, control Control) (*sample, error) {
	rows := len(p.Unit)
	if len(p.Time) != rows || len(p.Outcome) != rows || len(p.Cohort) != rows {
		return nil, fmt.Errorf("panel columns differ in length: unit %d, time %d, outcome %d, cohort %d",
			rows, len(p.Time), len(p.Outcome), len(p.Cohort))
	}
	if rows == 0 {
		return nil, ErrEmptyPanel
	}
	s := &sample{month: p.TimeIsMonth}

	// Group rows by unit, in order of first appearance.
	index := make(map[string]int)
	var obs []*unitObs
	var nonFinite int
	var nonFiniteUnits []string
	for i, name := range p.Unit {
		k, ok := index[name]
		if !ok {
			k = len(obs)
			index[name] = k
			obs = append(obs, &unitObs{name: name, cohort: p.Cohort[i], y: make(map[int]float64)})
		}
		u := obs[k]
		if u.drop != "" {
			continue
		}
		if p.Cohort[i] != u.cohort {
			u.drop = fmt.Sprintf("cohort not constant within the unit (%s and %s)",
				cohortLabel(u.cohort, s.month), cohortLabel(p.Cohort[i], s.month))
			continue
		}
		if _, dup := u.y[p.Time[i]]; dup {
			u.drop = fmt.Sprintf("observed more than once in period %s", s.label(p.Time[i]))
			continue
		}
		if y := p.Outcome[i]; math.IsNaN(y) || math.IsInf(y, 0) {
			nonFinite++
			if len(nonFiniteUnits) == 0 || nonFiniteUnits[len(nonFiniteUnits)-1] != name {
				nonFiniteUnits = append(nonFiniteUnits, name)
			}
			continue
		}
		u.y[p.Time[i]] = p.Outcome[i]
	}
	if nonFinite > 0 {
		s.warnings = append(s.warnings, fmt.Sprintf(
			"ignored %s with a non-finite outcome (units %s)", plural(nonFinite, "observation"), listSome(nonFiniteUnits)))
	}

	// Apply R's sample rules until nothing changes: dropping units can
	// remove the first or last period, which moves the rules' thresholds.
	recodedLate, truncated := 0, false
	for {
		periods := activePeriods(obs)
		if len(periods) == 0 {
			break
		}
		first, last := periods[0], periods[len(periods)-1]
		changed := false
		for _, u := range obs {
			if u.drop != "" {
				continue
			}
			switch {
			case u.cohort > last:
				// R: a cohort after the last period is never treated here.
				u.cohort = 0
				recodedLate++
				changed = true
			case u.cohort != 0 && u.cohort <= first:
				u.drop = fmt.Sprintf("treated in or before the first period (cohort %s, first period %s)",
					cohortLabel(u.cohort, s.month), s.label(first))
				changed = true
			}
		}
		if !truncated && control == NotYetTreated && !hasNever(obs) {
			// R: without never-treated units the last cohort serves as the
			// comparison group and periods from its treatment on are dropped.
			gmax := maxCohort(obs)
			if gmax > 0 {
				for _, u := range obs {
					if u.drop != "" {
						continue
					}
					for t := range u.y {
						if t >= gmax {
							delete(u.y, t)
						}
					}
					if u.cohort == gmax {
						u.cohort = 0
					}
				}
				s.warnings = append(s.warnings, fmt.Sprintf(
					"no never-treated units: cohort %s is used as never treated and periods from %s on are dropped (as R does)",
					cohortLabel(gmax, s.month), s.label(gmax)))
				truncated, changed = true, true
			}
		}
		for _, u := range obs {
			if u.drop == "" && len(u.y) < 2 {
				u.drop = "observed in fewer than two periods"
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	if recodedLate > 0 {
		s.warnings = append(s.warnings, fmt.Sprintf(
			"units first treated after the last period count as never treated (as R does): %d", recodedLate))
	}

	for _, u := range obs {
		if u.drop != "" {
			s.dropped = append(s.dropped, DroppedUnit{Unit: u.name, Reason: u.drop})
		}
	}
	if len(s.dropped) > 0 {
		names := make([]string, len(s.dropped))
		for i, d := range s.dropped {
			names[i] = d.Unit
		}
		s.warnings = append(s.warnings, fmt.Sprintf("dropped %s (%s); see Dropped for the reasons",
			plural(len(s.dropped), "unit"), listSome(names)))
	}

	s.periods = activePeriods(obs)
	if len(s.periods) < 2 {
		return nil, fmt.Errorf("fewer than two periods left: %w", ErrEmptyPanel)
	}
	col := make(map[int]int, len(s.periods))
	for j, t := range s.periods {
		col[t] = j
	}
	s.size = make(map[int]int)
	var unbalanced []string
	for _, u := range obs {
		if u.drop != "" {
			continue
		}
		row := make([]float64, len(s.periods))
		for j := range row {
			row[j] = math.NaN()
		}
		for t, v := range u.y {
			row[col[t]] = v
		}
		if len(u.y) < len(s.periods) {
			unbalanced = append(unbalanced, u.name)
		}
		s.units = append(s.units, u.name)
		s.cohort = append(s.cohort, u.cohort)
		s.y = append(s.y, row)
		s.size[u.cohort]++
	}
	for g := range s.size {
		if g != 0 {
			s.treated = append(s.treated, g)
		}
	}
	slices.Sort(s.treated)
	if len(s.treated) == 0 {
		return nil, ErrNoTreated
	}
	if control == NeverTreated && s.size[0] == 0 {
		return nil, ErrNoNeverTreated
	}
	if len(unbalanced) > 0 {
		s.warnings = append(s.warnings, fmt.Sprintf(
			"unbalanced panel: %s not observed in every period (%s); each is used only in the ATT(g,t) cells where it is observed in both periods",
			plural(len(unbalanced), "unit"), listSome(unbalanced)))
	}
	for _, c := range s.cohortSizes() {
		if c.Units < smallCohort {
			name := "cohort " + cohortLabel(c.Cohort, s.month)
			if c.Cohort == 0 {
				name = "the never-treated group"
			}
			s.warnings = append(s.warnings, fmt.Sprintf(
				"%s has only %s (fewer than %d): its estimates are imprecise", name, plural(c.Units, "unit"), smallCohort))
		}
	}
	return s, nil
}

// cohortSizes lists the never-treated group (if any) and then the treated
// cohorts in order.
func (s *sample) cohortSizes() []Cohort {
	var out []Cohort
	if s.size[0] > 0 {
		out = append(out, Cohort{Cohort: 0, Units: s.size[0]})
	}
	for _, g := range s.treated {
		out = append(out, Cohort{Cohort: g, Units: s.size[g]})
	}
	return out
}

func activePeriods(obs []*unitObs) []int {
	seen := make(map[int]bool)
	for _, u := range obs {
		if u.drop != "" {
			continue
		}
		for t := range u.y {
			seen[t] = true
		}
	}
	periods := make([]int, 0, len(seen))
	for t := range seen {
		periods = append(periods, t)
	}
	slices.Sort(periods)
	return periods
}

func hasNever(obs []*unitObs) bool {
	for _, u := range obs {
		if u.drop == "" && u.cohort == 0 {
			return true
		}
	}
	return false
}

func maxCohort(obs []*unitObs) int {
	g := 0
	for _, u := range obs {
		if u.drop == "" && u.cohort > g {
			g = u.cohort
		}
	}
	return g
}

// listSome joins up to five names and says how many more there are.
func listSome(names []string) string {
	const show = 5
	if len(names) <= show {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:show], ", "), len(names)-show)
}

// plural prints a count with its noun: "1 unit", "3 units".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
