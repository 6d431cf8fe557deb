package demo

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// The programme office's own files: the spend ledger of the 10억 원 budget
// and the list of live-commerce broadcasts. Both exist for the first market
// only; the other markets have no project.

// Live-commerce multipliers on the featured stalls' smartstore sales.
var liveMults = []float64{3, 1.5, 1.5} // broadcast day, the next two days

// planBroadcasts schedules one broadcast a month in 2021–2022 on a Tuesday
// to Thursday between the 8th and the 25th, featuring one or two stalls that
// joined smartstore at least two weeks before and are open that day. The
// schedule and titles use a calendar of the support period (and the month
// after it, for holiday titles), not of the generated period, so they are
// the same whatever the period.
func (p *plan) planBroadcasts(m *marketPlan) error {
	cal, err := newCalendar(dayOf(supportStart), dayOf(supportEnd)+30)
	if err != nil {
		return err
	}
	st := newStream(p.seed)
	for mk := monthKey(dayOf(supportStart)); mk <= monthKey(dayOf(supportEnd)); mk++ {
		st.reset(purposeLive, uint64(m.idx), uint64(mk))
		var days []int
		for d := monthStart(mk) + 7; d < monthStart(mk)+25; d++ {
			if wd := weekday(d); wd >= time.Tuesday && wd <= time.Thursday && !cal.isClosed(d) {
				days = append(days, d)
			}
		}
		if len(days) == 0 {
			continue
		}
		d := days[st.IntN(len(days))]
		var cands []*stallPlan
		for _, s := range m.stalls {
			if s.enrolled[progSmartstore] <= d-14 && s.dayOff != weekday(d) && d >= s.opened && d < s.closed {
				cands = append(cands, s)
			}
		}
		if len(cands) == 0 {
			continue
		}
		n := 1
		if len(cands) > 1 && st.Float64() < 0.4 {
			n = 2
		}
		b := broadcast{day: d}
		for _, i := range st.Perm(len(cands))[:n] {
			b.stalls = append(b.stalls, cands[i])
		}
		slices.SortFunc(b.stalls, func(x, y *stallPlan) int { return x.idx - y.idx })
		b.title = broadcastTitle(st, m, b, cal)
		for _, s := range b.stalls {
			for k, mult := range liveMults {
				s.live = append(s.live, liveDay{day: d + k, mult: mult})
			}
		}
		m.broadcasts = append(m.broadcasts, b)
	}
	return nil
}

func broadcastTitle(st *stream, m *marketPlan, b broadcast, cal *calendar) string {
	names := make([]string, len(b.stalls))
	for i, s := range b.stalls {
		names[i] = s.name
	}
	who := strings.Join(names, "·")
	item := b.stalls[0].stores[chSmartstore].products[0].name
	item = item[strings.Index(item, "] ")+2:]
	for _, h := range cal.holidays {
		if gap := dayOf(h.day) - b.day; gap > 0 && gap <= 30 {
			if h.name == "설날" {
				return fmt.Sprintf("설 대목 특집 라이브: %s %s", who, item)
			}
			return fmt.Sprintf("추석 선물 특집 라이브: %s %s", who, item)
		}
	}
	templates := []string{
		"[%s 라이브] %s %s 특가전",
		"%s 새벽장 라이브: %s %s",
		"%s 사장님이 직접 소개합니다: %s %s",
	}
	return fmt.Sprintf(templates[st.IntN(len(templates))], m.def.name, who, item)
}

// eventsJob writes the live-commerce list: one row per broadcast and stall.
func (p *plan) eventsJob(m *marketPlan) job {
	return func(ctx context.Context) (*jobResult, error) {
		rel := "inbox/program/라이브커머스_방송목록.csv"
		c, err := p.createCSV(rel, utf8BOM, false)
		if err != nil {
			return nil, err
		}
		rows := 0
		err = c.write("방송일자", "점포", "구분", "방송제목")
		for _, b := range m.broadcasts {
			if b.day < p.from || b.day > p.to {
				continue
			}
			for _, s := range b.stalls {
				if err == nil {
					err = c.write(dayLabel(b.day), s.name, "라이브커머스", b.title)
					rows++
				}
			}
		}
		if err != nil {
			c.abort()
			return nil, fmt.Errorf("events %s: %w", rel, err)
		}
		fr, err := c.close(kindEvents, rows)
		if err != nil {
			return nil, err
		}
		return &jobResult{files: []fileRecord{fr}}, nil
	}
}

// spendTotal is what a budget component spent inside the period.
type spendTotal struct {
	component string
	krw       int64
}

// spendJob writes the ledger: monthly payments by component over the support
// period, each component spending its planned rate of its plan (about 92% of
// the budget in all), in 10,000-won units.
func (p *plan) spendJob(m *marketPlan) job {
	return func(ctx context.Context) (*jobResult, error) {
		rel := "inbox/program/사업비_집행내역.csv"
		c, err := p.createCSV(rel, utf8BOM, false)
		if err != nil {
			return nil, err
		}
		header := []string{"집행일자", "비목", "세목", "집행금액", "적요"}
		if len(p.markets) > 1 {
			header = append(header, "시장")
		}
		res := &jobResult{}
		err = c.write(header...)
		rows := 0
		for _, r := range p.spendRows(m) {
			if r.day < p.from || r.day > p.to || err != nil {
				continue
			}
			rec := []string{dayLabel(r.day), r.comp.name, r.item, won(r.krw), r.memo}
			if len(p.markets) > 1 {
				rec = append(rec, m.def.id)
			}
			err = c.write(rec...)
			rows++
			i := slices.IndexFunc(res.spend, func(t spendTotal) bool { return t.component == r.comp.id })
			if i < 0 {
				res.spend = append(res.spend, spendTotal{component: r.comp.id})
				i = len(res.spend) - 1
			}
			res.spend[i].krw += r.krw
		}
		if err != nil {
			c.abort()
			return nil, fmt.Errorf("spend %s: %w", rel, err)
		}
		fr, err := c.close(kindSpend, rows)
		if err != nil {
			return nil, err
		}
		res.files = append(res.files, fr)
		return res, nil
	}
}

type spendRow struct {
	day  int
	ci   int // index into componentDefs
	comp *componentDef
	item string
	krw  int64
	memo string
}

// spendRows plans the whole ledger, sorted by date then component.
func (p *plan) spendRows(m *marketPlan) []spendRow {
	first, last := monthKey(dayOf(supportStart)), monthKey(dayOf(supportEnd))
	nm := last - first + 1
	st := newStream(p.seed)
	var rows []spendRow
	for ci := range componentDefs {
		cd := &componentDefs[ci]
		st.reset(purposeSpend, uint64(m.idx), uint64(ci))
		units := int64(math.Round(float64(cd.plan) * cd.rate / 10_000))
		weights := make([]float64, nm)
		for i := range weights {
			weights[i] = spendWeight(cd.id, first+i, m) * st.between(0.8, 1.2)
		}
		for i, u := range largestRemainder(units, weights) {
			mk := first + i
			if u == 0 {
				continue
			}
			parts := min(int(u), 1+st.IntN(len(cd.items)))
			split := make([]float64, parts)
			for j := range split {
				split[j] = st.between(0.5, 1.5)
			}
			for j, pu := range largestRemainder(u, split) {
				item := cd.items[(j+i)%len(cd.items)]
				day := monthStart(mk) + 4 + st.IntN(22)
				for weekday(day) == time.Saturday || weekday(day) == time.Sunday {
					day++
				}
				rows = append(rows, spendRow{
					day: day, ci: ci, comp: cd, item: item, krw: pu * 10_000,
					memo: fmt.Sprintf("%d년 %d월 %s (%s)", mk/12, mk%12+1, item, m.def.name),
				})
			}
		}
	}
	slices.SortStableFunc(rows, func(a, b spendRow) int {
		if a.day != b.day {
			return a.day - b.day
		}
		return a.ci - b.ci
	})
	return rows
}

// spendWeight shapes a component's spending over the months.
func spendWeight(component string, mk int, m *marketPlan) float64 {
	i := mk - monthKey(dayOf(supportStart)) // 0..23
	month := mk%12 + 1
	switch component {
	case "platform":
		for _, w := range waves {
			if w.prog == progSmartstore && monthKey(dayOf(w.day)) == mk {
				return 3
			}
		}
		return 1
	case "delivery":
		return 0.5 + float64(i)/24
	case "live":
		for _, b := range m.broadcasts {
			if monthKey(b.day) == mk {
				return 1
			}
		}
		return 0.3
	case "training":
		for _, w := range waves {
			if w.prog == progTraining {
				switch monthKey(dayOf(w.day)) {
				case mk:
					return 4
				case mk - 1:
					return 2
				}
			}
		}
		return 0.2
	case "promotion":
		if month == 1 || month == 2 || month == 8 || month == 9 {
			return 2.5
		}
		return 1
	}
	return 1
}

// largestRemainder splits total whole units in proportion to weights.
func largestRemainder(total int64, weights []float64) []int64 {
	var sum float64
	for _, w := range weights {
		sum += w
	}
	out := make([]int64, len(weights))
	rem := make([]float64, len(weights))
	left := total
	for i, w := range weights {
		x := float64(total) * w / sum
		out[i] = int64(x)
		rem[i] = x - float64(out[i])
		left -= out[i]
	}
	for ; left > 0; left-- {
		best := 0
		for i := range rem {
			if rem[i] > rem[best] {
				best = i
			}
		}
		out[best]++
		rem[best] = -1
	}
	return out
}
