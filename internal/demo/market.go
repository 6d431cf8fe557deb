package demo

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"sijang/internal/market"
)

// program is a support programme of the project.
type program int

const (
	progSmartstore program = iota
	progJangbogi
	progTraining
	progLive
	numPrograms
)

var programDefs = [numPrograms]struct{ id, name, channel string }{
	{"smartstore", "스마트스토어 입점", "smartstore"},
	{"jangbogi", "동네시장 장보기", "jangbogi"},
	{"training", "스마트 플랫폼 교육", ""},
	{"live", "라이브커머스", ""},
}

// programTau is the planted effect on log total sales by programme and
// category (columns in category order: 수산 국밥 반찬 청과 정육 떡분식).
var programTau = [numPrograms][numCategories]float64{
	progSmartstore: {0.30, 0.04, 0.18, 0.10, 0.20, 0.12},
	progJangbogi:   {0.15, 0.03, 0.15, 0.12, 0.10, 0.08},
	progTraining:   {0.05, 0.05, 0.05, 0.05, 0.05, 0.05},
}

// substitution is the share of the offline (card) sales that moves to an
// online channel when a stall joins it; offline sales are multiplied by
// (1 − substitution) per online programme.
const substitution = 0.05

// selection weights by category when a wave picks stalls.
var enrolWeights = [numPrograms][numCategories]float64{
	progSmartstore: {3, 0.3, 2.5, 1, 2.5, 1},
	progJangbogi:   {2, 0.5, 2, 2, 1.5, 1},
	progTraining:   {1, 1, 1, 1, 1, 1},
}

// wave is one cohort of a programme; n is its size for a 150-stall market.
type wave struct {
	prog program
	day  time.Time
	n    int
}

func ymd(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

var waves = []wave{
	{progSmartstore, ymd(2020, 11, 2), 4},
	{progSmartstore, ymd(2021, 4, 1), 12},
	{progSmartstore, ymd(2021, 10, 1), 12},
	{progSmartstore, ymd(2022, 4, 1), 12},
	{progJangbogi, ymd(2020, 11, 23), 10},
	{progJangbogi, ymd(2021, 7, 1), 8},
	{progJangbogi, ymd(2022, 3, 1), 7},
	{progTraining, ymd(2021, 5, 1), 10},
	{progTraining, ymd(2021, 9, 1), 10},
	{progTraining, ymd(2022, 5, 1), 10},
}

// The support period of the programmes other than the first online waves.
var (
	supportStart = ymd(2021, 1, 1)
	supportEnd   = ymd(2022, 12, 31)
)

// noDay marks "never": not enrolled, never closed.
const noDay = math.MaxInt32

// Channels of online stores, used in order numbers and product ids.
const (
	chSmartstore = 0
	chJangbogi   = 1
)

// marketPlan is one simulated market.
type marketPlan struct {
	idx         int
	def         marketDef
	primary     bool
	stalls      []*stallPlan
	sensors     []sensorPlan
	enrollments []enrollment
	broadcasts  []broadcast
	dead        []deadHour // footfall sensor-hours without a row
}

// stallPlan holds a stall's fixed parameters.
type stallPlan struct {
	idx      int
	id, name string
	alley    int
	cat      category
	theme    string // catalog key: category name or hongeo/frozen/tteokgalbi
	merchant string
	base     float64      // mean daily card sales level before COVID (won)
	dayOff   time.Weekday // weekly day off, or noDayOff
	peak     float64      // holiday-eve surge multiplier
	opened   int          // first trading day (epoch day), or -noDay
	closed   int          // first day without trade, or noDay
	enrolled [numPrograms]int
	stores   [2]*storePlan // by channel, nil when not on it
	live     []liveDay     // live-commerce multipliers on smartstore sales
}

const noDayOff time.Weekday = -1

// storePlan is a stall's online store.
type storePlan struct {
	channel  int
	name     string
	products []productPlan
	layout   sheetLayout // smartstore only
}

type productPlan struct {
	id    string
	name  string
	price int64
}

type sensorPlan struct {
	id    string
	alley int
	gate  string
	base  float64 // daily entries on an ordinary pre-COVID day
}

type enrollment struct {
	prog  program
	stall *stallPlan
	day   int
}

// liveDay is a planted multiplier on a stall's smartstore sales.
type liveDay struct {
	day  int
	mult float64
}

// broadcast is one live-commerce show.
type broadcast struct {
	day    int
	stalls []*stallPlan
	title  string
}

// medianBase is the median daily card sales level by category (won).
var medianBase = [numCategories]float64{650_000, 600_000, 380_000, 450_000, 700_000, 320_000}

// buildMarket lays out market idx: alleys, stalls, stores, enrolments and
// sensors. used collects stall names across markets so names stay unique
// in the workspace.
func (p *plan) buildMarket(idx int, used map[string]bool) *marketPlan {
	def := marketDefs[idx]
	m := &marketPlan{idx: idx, def: def, primary: idx == 0}
	n := p.opt.Stalls
	if !m.primary {
		n = max(12, int(math.Round(float64(p.opt.Stalls)*def.scale)))
	}
	sizes := alleySizes(n, m.primary)
	st := newStream(p.seed)
	mi := uint64(idx)

	// Place the named stalls at random positions of their alleys.
	named := map[[2]int]namedStall{} // (alley, position) → stall
	if m.primary {
		st.reset(purposeLayout, mi, 1)
		for _, ns := range namedStalls {
			a := alleyOf(ns.cat)
			for {
				pos := st.IntN(sizes[a])
				if _, taken := named[[2]int{a, pos}]; !taken {
					named[[2]int{a, pos}] = ns
					break
				}
			}
		}
		for _, ns := range namedStalls {
			used[ns.name] = true
		}
	}

	names := newStream(p.seed).reset(purposeNames, mi)
	for a, size := range sizes {
		for pos := 0; pos < size; pos++ {
			s := &stallPlan{idx: len(m.stalls), alley: a, cat: alleyDefs[a].cat, opened: -noDay, closed: noDay}
			s.id = fmt.Sprintf("S%03d", s.idx+1)
			for i := range s.enrolled {
				s.enrolled[i] = noDay
			}
			st.reset(purposeParams, mi, uint64(s.idx))
			s.base = math.Min(1_500_000, math.Max(200_000, medianBase[s.cat]*math.Exp(0.4*st.NormFloat64())))
			s.dayOff = []time.Weekday{noDayOff, time.Sunday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday}[st.pick([]float64{0.4, 0.25, 0.2, 0.05, 0.05, 0.05})]
			if s.cat == catSeafood {
				s.peak = st.between(2, 3)
			} else {
				s.peak = st.between(1.3, 1.6)
			}
			if ns, ok := named[[2]int{a, pos}]; ok {
				s.name, s.base = ns.name, ns.base
				s.theme = ns.theme
			} else {
				s.name = stallName(names, s.cat, used)
				if strings.HasSuffix(s.name, "홍어") {
					s.theme = "hongeo"
				}
			}
			if s.theme == "" {
				s.theme = s.cat.String()
			}
			s.merchant = merchantNo(p.seed, uint64(idx*1000+s.idx))
			m.stalls = append(m.stalls, s)
		}
	}
	m.openAndClose(st)
	m.enrol(st)
	m.addStores(p)
	for a, ad := range alleyDefs {
		for g := 1; g <= 2; g++ {
			id := fmt.Sprintf("G-%s-%d", strings.ToUpper(ad.id), g)
			if !m.primary {
				id = fmt.Sprintf("G-%s-%s-%d", def.short, strings.ToUpper(ad.id), g)
			}
			st.reset(purposeParams, mi, 10_000+uint64(a*2+g))
			// Busier alleys draw more people; shares are stall counts out of 150.
			base := footfallBase[ad.cat] * math.Sqrt(float64(sizes[a])/ad.share) * st.between(0.85, 1.15)
			m.sensors = append(m.sensors, sensorPlan{id: id, alley: a, gate: fmt.Sprintf("%d번 출입구", g), base: base})
		}
	}
	return m
}

// alleySizes splits n stalls over the alleys by their shares (largest
// remainder), keeping room for the named stalls in the first market.
func alleySizes(n int, primary bool) []int {
	var total float64
	for _, a := range alleyDefs {
		total += a.share
	}
	sizes := make([]int, len(alleyDefs))
	rem := make([]float64, len(alleyDefs))
	left := n
	for i, a := range alleyDefs {
		x := float64(n) * a.share / total
		sizes[i] = max(1, int(x))
		rem[i] = x - float64(int(x))
		left -= sizes[i]
	}
	for left > 0 {
		best := 0
		for i := range rem {
			if rem[i] > rem[best] {
				best = i
			}
		}
		sizes[best]++
		rem[best] = -1
		left--
	}
	if primary {
		for sizes[0] < namedIn(catSeafood) {
			// Take from the largest other alley.
			j := 1
			for i := 2; i < len(sizes); i++ {
				if sizes[i] > sizes[j] {
					j = i
				}
			}
			sizes[j]--
			sizes[0]++
		}
	}
	return sizes
}

func namedIn(c category) int {
	n := 0
	for _, ns := range namedStalls {
		if ns.cat == c {
			n++
		}
	}
	return n
}

func alleyOf(c category) int {
	for i, a := range alleyDefs {
		if a.cat == c {
			return i
		}
	}
	panic("demo: category without alley")
}

// stallName draws an unused "<prefix><suffix>" name for the category.
func stallName(st *stream, c category, used map[string]bool) string {
	suffixes := nameSuffixes[c]
	for try := 0; ; try++ {
		name := namePrefixes[st.IntN(len(namePrefixes))] + suffixes[st.IntN(len(suffixes))]
		if try >= 40 {
			name = fmt.Sprintf("%s %d호점", name, 2+try-40)
		}
		if !used[name] {
			used[name] = true
			return name
		}
	}
}

// openAndClose makes a few stalls open late (2020–2021) and a few close in
// 2022. They are never enrolled, so the planted effects stay exact.
func (m *marketPlan) openAndClose(st *stream) {
	scale := float64(len(m.stalls)) / 150
	openers := max(1, int(math.Round(3*scale)))
	closers := max(1, int(math.Round(2*scale)))
	st.reset(purposeLayout, uint64(m.idx), 2)
	for i := 0; i < openers+closers; {
		s := m.stalls[st.IntN(len(m.stalls))]
		if s.opened != -noDay || s.closed != noDay || isNamed(s.name) {
			continue
		}
		if i < openers {
			s.opened = dayOf(ymd(2020, 3, 2)) + st.IntN(640) // 2020-03 .. 2021-11
		} else {
			s.closed = dayOf(ymd(2022, 2, 1)) + st.IntN(300) // 2022-02 .. 2022-11
		}
		i++
	}
}

func isNamed(name string) bool {
	for _, ns := range namedStalls {
		if ns.name == name {
			return true
		}
	}
	return false
}

// enrol runs the waves: each picks stalls not yet in the programme,
// weighted by category; the first market's first online waves take the
// stalls from the news story.
func (m *marketPlan) enrol(st *stream) {
	scale := float64(len(m.stalls)) / 150
	for wi, w := range waves {
		day := dayOf(w.day)
		var picked []*stallPlan
		if m.primary {
			for _, ns := range namedStalls {
				if ns.program == programDefs[w.prog].id && wi == firstWave(w.prog) {
					picked = append(picked, m.stallByName(ns.name))
				}
			}
		}
		n := max(1, int(math.Round(float64(w.n)*scale)))
		if m.primary && w.prog == progSmartstore && wi == firstWave(w.prog) {
			n = len(picked)
		}
		st.reset(purposeEnroll, uint64(m.idx), uint64(wi))
		for len(picked) < n {
			var cands []*stallPlan
			var weights []float64
			for _, s := range m.stalls {
				if s.enrolled[w.prog] != noDay || s.opened != -noDay || s.closed != noDay || slices.Contains(picked, s) {
					continue
				}
				wt := enrolWeights[w.prog][s.cat]
				if w.prog == progTraining && (s.enrolled[progSmartstore] < day || s.enrolled[progJangbogi] < day) {
					wt *= 2
				}
				cands = append(cands, s)
				weights = append(weights, wt)
			}
			if len(cands) == 0 {
				break
			}
			picked = append(picked, cands[st.pick(weights)])
		}
		for _, s := range picked {
			s.enrolled[w.prog] = day
			m.enrollments = append(m.enrollments, enrollment{w.prog, s, day})
		}
	}
	slices.SortFunc(m.enrollments, func(a, b enrollment) int {
		if a.prog != b.prog {
			return int(a.prog) - int(b.prog)
		}
		if a.day != b.day {
			return a.day - b.day
		}
		return a.stall.idx - b.stall.idx
	})
}

func firstWave(p program) int {
	for i, w := range waves {
		if w.prog == p {
			return i
		}
	}
	return -1
}

func (m *marketPlan) stallByName(name string) *stallPlan {
	for _, s := range m.stalls {
		if s.name == name {
			return s
		}
	}
	panic("demo: no stall " + name)
}

// addStores gives every stall on an online programme its store with 2–5
// products from its theme's catalog, and picks the smartstore sheet layouts.
func (m *marketPlan) addStores(p *plan) {
	st := newStream(p.seed)
	rank := 0
	for _, s := range m.stalls {
		for ch, prog := range []program{progSmartstore, progJangbogi} {
			if s.enrolled[prog] == noDay {
				continue
			}
			st.reset(purposeParams, uint64(m.idx), uint64(s.idx), 100+uint64(ch))
			cat := catalogs[s.theme]
			k := min(len(cat), 2+st.IntN(4))
			perm := st.Perm(len(cat))[:k]
			slices.Sort(perm)
			store := &storePlan{channel: ch}
			if ch == chSmartstore {
				store.name = strings.TrimSpace(s.name + " " + storeThemeWords[s.theme])
				store.layout = layoutFor(rank)
				rank++
			} else {
				store.name = m.def.name + " " + s.name
			}
			for j, ci := range perm {
				pk := uint64((m.idx*1000+s.idx)*2+ch)*5 + uint64(j)
				price := cat[ci].price
				if ch == chJangbogi {
					price = roundTo(float64(price)*0.8, 500) // smaller packs for local delivery
				}
				store.products = append(store.products, productPlan{
					id:    productID(p.seed, pk),
					name:  fmt.Sprintf("[%s] %s", s.name, cat[ci].name),
					price: price,
				})
			}
			s.stores[ch] = store
		}
	}
}

// productID is the 10-digit 상품번호 of key k (market, stall, channel, product).
func productID(seed uint64, k uint64) string {
	return "4" + digits(permute(k, 1e9, key(seed, purposeIDs, 2)), 9)
}

func roundTo(x float64, unit int64) int64 { return int64(math.Round(x/float64(unit))) * unit }

// config renders the plan as market.yaml.
func (p *plan) config() *market.Config {
	c := &market.Config{Version: 1}
	for _, m := range p.markets {
		mk := market.Market{
			ID: m.def.id, Name: m.def.name, District: m.def.district,
			BaselineYear: 2019,
			Grades:       market.Grades{Green: 1.00, Yellow: 0.80},
		}
		for _, a := range alleyDefs {
			mk.Alleys = append(mk.Alleys, market.Alley{ID: a.id, Name: a.name})
		}
		for _, s := range m.stalls {
			ms := market.Stall{
				ID: s.id, Name: s.name, Alley: alleyDefs[s.alley].id, Category: s.cat.String(),
				CardMerchantNo: s.merchant,
			}
			if s.opened != -noDay {
				ms.OpenedOn = mdate(s.opened)
			}
			if s.closed != noDay {
				ms.ClosedOn = mdate(s.closed)
			}
			for ch, store := range s.stores {
				if store == nil {
					continue
				}
				ids := make([]string, len(store.products))
				for i, pr := range store.products {
					ids[i] = pr.id
				}
				ms.Stores = append(ms.Stores, market.Store{
					Channel: []string{"smartstore", "jangbogi"}[ch], Name: store.name, ProductIDs: ids,
				})
			}
			mk.Stalls = append(mk.Stalls, ms)
		}
		for pi, pd := range programDefs {
			start := supportStart
			if w := firstWave(program(pi)); w >= 0 && waves[w].day.Before(start) {
				start = waves[w].day
			}
			mk.Programs = append(mk.Programs, market.Program{
				ID: pd.id, Name: pd.name, Channel: pd.channel,
				Start: market.Date{Time: start}, End: market.Date{Time: supportEnd},
				Exclude: m.exclusions(program(pi)),
			})
		}
		for _, e := range m.enrollments {
			mk.Enrollments = append(mk.Enrollments, market.Enrollment{
				Program: programDefs[e.prog].id, Stall: e.stall.id, EnrolledOn: mdate(e.day),
			})
		}
		for _, s := range m.sensors {
			mk.Sensors = append(mk.Sensors, market.Sensor{ID: s.id, Alley: alleyDefs[s.alley].id, Gate: s.gate})
		}
		if m.primary {
			mk.Budget = market.Budget{
				TotalKRW: 1_000_000_000,
				Start:    market.Date{Time: supportStart}, End: market.Date{Time: supportEnd},
			}
			for _, cd := range componentDefs {
				mk.Budget.Components = append(mk.Budget.Components, market.Component{ID: cd.id, Name: cd.name, PlanKRW: cd.plan})
			}
		}
		c.Markets = append(c.Markets, mk)
	}
	return c
}

func mdate(day int) market.Date { return market.Date{Time: dateOf(day)} }

// exclusions are the stalls the programme office cannot bring into a
// programme: 장보기 delivers within 2–3 km on a motorbike, which hot 국밥
// does not survive; and, in the first market, the first stall outside the
// online programmes declined Smart Store at its consultation.
func (m *marketPlan) exclusions(p program) []market.Exclusion {
	switch p {
	case progJangbogi:
		return []market.Exclusion{{Category: catGukbap.String(), Reason: "뜨거운 국물 음식은 배달 중 품질을 지키기 어려움"}}
	case progSmartstore:
		if !m.primary {
			return nil
		}
		for _, s := range m.stalls {
			if s.enrolled[progSmartstore] == noDay && s.enrolled[progJangbogi] == noDay && s.closed == noDay {
				return []market.Exclusion{{Stall: s.id, Reason: "입점 상담에서 참여를 원하지 않음"}}
			}
		}
	}
	return nil
}
