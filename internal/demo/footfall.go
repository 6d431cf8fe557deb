package demo

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
)

// People-counter exports: one UTF-8 CSV per market and month with an hourly
// row per sensor for the open hours 05:00–22:00. Visitors follow the alley's
// day parts, the weekday, the COVID multiplier and the holiday surges; on
// closed market days only a trickle passes. A few sensor-hours and one
// whole sensor-day a year are missing (no row), as truth.json lists.

var footfallHeader = []string{"장비ID", "설치위치", "측정일시", "입장", "퇴장"}

const (
	footfallFirstHour = 5
	footfallHours     = 18 // 05:00 .. 22:00
	deadHoursPerYear  = 4  // sensor-hours without a row, per market and year
)

// footfallBase is the daily entries at one gate of an alley on an ordinary
// pre-COVID weekday.
var footfallBase = [numCategories]float64{2_600, 1_500, 1_300, 1_200, 1_100, 900}

// footfallProfile shares a day's visitors over the open hours by alley:
// 수산 busy in the early morning, 국밥 at lunch and in the evening.
var footfallProfile = func() [numCategories][footfallHours]float64 {
	raw := [numCategories][footfallHours]float64{
		catSeafood: {6, 9, 10, 10, 9, 8, 7, 6, 5, 5, 5, 5, 5, 4, 3, 2, 1, 0.5},
		catGukbap:  {1, 2, 3, 3, 4, 6, 10, 10, 6, 4, 4, 5, 8, 10, 9, 7, 4, 2},
		catBanchan: {1, 2, 4, 6, 8, 9, 9, 8, 7, 7, 8, 9, 8, 6, 4, 2, 1, 0.5},
		catFruit:   {2, 3, 5, 7, 8, 9, 9, 8, 8, 8, 8, 8, 7, 5, 3, 2, 1, 0.5},
		catMeat:    {1, 2, 3, 5, 7, 8, 9, 8, 8, 8, 9, 10, 9, 7, 4, 2, 1, 0.5},
		catTteok:   {3, 5, 8, 9, 9, 8, 8, 7, 6, 6, 7, 8, 7, 5, 3, 2, 1, 0.5},
	}
	for c := range raw {
		var sum float64
		for _, x := range raw[c] {
			sum += x
		}
		for h := range raw[c] {
			raw[c][h] /= sum
		}
	}
	return raw
}()

// footfallWeekday is the market-wide weekday factor, Sunday first.
var footfallWeekday = [7]float64{1.10, 0.90, 0.90, 0.95, 0.95, 1.05, 1.25}

// footfallPeak is the holiday-eve surge of visitors by alley category.
var footfallPeak = [numCategories]float64{2.2, 1.4, 1.6, 1.6, 1.7, 1.6}

// closedTrickle scales visitors on days the market is closed.
const closedTrickle = 0.06

// deadHour is a sensor-hour without a row.
type deadHour struct {
	sensor int
	day    int
	hour   int // -1: the whole day
}

// planDeadSensors picks the missing sensor-hours and sensor-days:
// deadHoursPerYear sensor-hours and one sensor-day in each calendar year,
// drawn over the whole year from the year's own stream and kept where they
// fall inside the period. A month's gaps thus do not depend on how long the
// period is.
func (p *plan) planDeadSensors(m *marketPlan) {
	st := newStream(p.seed)
	var dead []deadHour
	for y := dateOf(p.from).Year(); y <= dateOf(p.to).Year(); y++ {
		st.reset(purposeDead, uint64(m.idx), uint64(y))
		first := dayOf(ymd(y, 1, 1))
		days := dayOf(ymd(y+1, 1, 1)) - first
		var year []deadHour
		for len(year) < deadHoursPerYear {
			h := deadHour{sensor: st.IntN(len(m.sensors)), day: first + st.IntN(days), hour: footfallFirstHour + st.IntN(footfallHours)}
			if !slices.Contains(year, h) {
				year = append(year, h)
			}
		}
		// The dead day avoids the dead hours, so each missing hour is listed once.
		for {
			h := deadHour{sensor: st.IntN(len(m.sensors)), day: first + st.IntN(days), hour: -1}
			if !slices.ContainsFunc(year, func(x deadHour) bool { return x.sensor == h.sensor && x.day == h.day }) {
				year = append(year, h)
				break
			}
		}
		for _, h := range year {
			if h.day >= p.from && h.day <= p.to {
				dead = append(dead, h)
			}
		}
	}
	slices.SortFunc(dead, func(a, b deadHour) int {
		if a.day != b.day {
			return a.day - b.day
		}
		if a.hour != b.hour {
			return a.hour - b.hour
		}
		return a.sensor - b.sensor
	})
	m.dead = dead
}

func (m *marketPlan) isDead(sensor, day, hour int) bool {
	for _, d := range m.dead {
		if d.sensor == sensor && d.day == day && (d.hour == hour || d.hour == -1) {
			return true
		}
	}
	return false
}

// footfallJob writes market m's people-counter export for month mk.
func (p *plan) footfallJob(m *marketPlan, mk int) job {
	return func(ctx context.Context) (*jobResult, error) {
		rel := fmt.Sprintf("inbox/footfall/%s/%s.csv", m.def.id, monthLabel(mk))
		c, err := p.createCSV(rel, utf8Plain, false)
		if err != nil {
			return nil, err
		}
		res, err := p.writeFootfall(ctx, c, m, mk)
		if err != nil {
			c.abort()
			return nil, fmt.Errorf("footfall %s: %w", rel, err)
		}
		return res, nil
	}
}

func (p *plan) writeFootfall(ctx context.Context, c *csvFile, m *marketPlan, mk int) (*jobResult, error) {
	res := &jobResult{}
	first, last := p.monthDays(mk)
	if err := c.write(footfallHeader...); err != nil {
		return nil, err
	}
	places := make([]string, len(m.sensors))
	for i, s := range m.sensors {
		places[i] = alleyDefs[s.alley].name + " " + s.gate
	}
	bad := p.malformedFor(kindFootfall, m.idx, -1, mk)
	st := newStream(p.seed)
	dayFactor := make([]float64, len(m.sensors))
	rows := 0
	for d := first; d <= last; d++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		wd := weekday(d)
		closed := p.cal.isClosed(d)
		for i, s := range m.sensors {
			cat := alleyDefs[s.alley].cat
			st.reset(purposeFootfall, uint64(m.idx), uint64(i), uint64(d))
			f := s.base * footfallWeekday[wd] * covid(monthKey(d)) * p.cal.surge(d, footfallPeak[cat]) * st.lognormal(0.1)
			if closed {
				f *= closedTrickle
			}
			dayFactor[i] = f
		}
		date := dayLabel(d)
		for h := 0; h < footfallHours; h++ {
			hour := footfallFirstHour + h
			ts := date + " " + clock(hour*3600)
			for i, s := range m.sensors {
				// Draw before the dead check so a dead hour changes nothing else.
				st.reset(purposeFootfall, uint64(m.idx), uint64(i), uint64(d), uint64(hour))
				lambda := dayFactor[i] * footfallProfile[alleyDefs[s.alley].cat][h]
				in := max(0, int(math.Round(lambda+math.Sqrt(lambda)*st.NormFloat64())))
				out := max(0, int(math.Round(float64(in)*st.between(0.9, 1.1))))
				if m.isDead(i, d, hour) {
					continue
				}
				if err := c.write(s.id, places[i], ts, strconv.Itoa(in), strconv.Itoa(out)); err != nil {
					return nil, err
				}
				rows++
			}
		}
		for _, b := range bad {
			if b.day != d {
				continue
			}
			rec := []string{m.sensors[0].id, places[0], date + " 03:00:00", "-5", "0"}
			if b.reason == reasonUnknownSensor {
				rec = []string{"G-UNKNOWN-9", "주차장 출입구", date + " 12:00:00", "35", "31"}
			}
			if err := c.write(rec...); err != nil {
				return nil, err
			}
			rows++
			res.malformed = append(res.malformed, b.record(c.rel, c.line))
		}
	}
	fr, err := c.close(kindFootfall, rows)
	if err != nil {
		return nil, err
	}
	res.files = append(res.files, fr)
	return res, nil
}
