package demo

import (
	"fmt"
	"time"
)

// holiday is a 설날 or 추석 main day. The market is closed on the main day
// and the day after; trade surges over the surgeDays days before it.
type holiday struct {
	name string // 설날 or 추석
	day  time.Time
}

// surgeDays is how many days before a holiday's main day trade rises.
const surgeDays = 10

// lunarHolidays lists the 설날 and 추석 main days from
// shared/formats/README.md §5 (python-holidays KR snapshot). The metrics
// package holds the canonical table; this copy only drives the simulation.
var lunarHolidays = [...]struct {
	year               int
	seollal, chuseok   time.Month
	seollalD, chuseokD int
}{
	{2017, time.January, time.October, 28, 4},
	{2018, time.February, time.September, 16, 24},
	{2019, time.February, time.September, 5, 13},
	{2020, time.January, time.October, 25, 1},
	{2021, time.February, time.September, 12, 21},
	{2022, time.February, time.September, 1, 10},
	{2023, time.January, time.September, 22, 29},
	{2024, time.February, time.September, 10, 17},
	{2025, time.January, time.October, 29, 6},
	{2026, time.February, time.September, 17, 25},
	{2027, time.February, time.September, 7, 15},
	{2028, time.January, time.October, 27, 3},
	{2029, time.February, time.September, 13, 22},
	{2030, time.February, time.September, 3, 12},
}

// holidaysOfYear returns the year's 설날 and 추석, or an error when the
// table does not cover the year.
func holidaysOfYear(year int) ([2]holiday, error) {
	for _, h := range lunarHolidays {
		if h.year == year {
			return [2]holiday{
				{"설날", time.Date(year, h.seollal, h.seollalD, 0, 0, 0, 0, time.UTC)},
				{"추석", time.Date(year, h.chuseok, h.chuseokD, 0, 0, 0, 0, time.UTC)},
			}, nil
		}
	}
	return [2]holiday{}, fmt.Errorf("no 설날/추석 dates for %d (table covers %d–%d)",
		year, lunarHolidays[0].year, lunarHolidays[len(lunarHolidays)-1].year)
}

// calendar holds, for every day of the simulated range plus a margin, whether
// the market is closed and how many days before a holiday it is.
type calendar struct {
	first    int    // epoch day of index 0
	closed   []bool // market closed (holiday main day or the day after)
	before   []int8 // 1..surgeDays: days before a holiday's main day; 0 otherwise
	holidays []holiday
}

// newCalendar builds the calendar for the epoch days from..to.
func newCalendar(from, to int) (*calendar, error) {
	c := &calendar{first: from, closed: make([]bool, to-from+1), before: make([]int8, to-from+1)}
	// A holiday early next year can reach back into this range.
	last := dateOf(to).Year()
	for y := dateOf(from).Year(); y <= last+1; y++ {
		hs, err := holidaysOfYear(y)
		if err != nil && y <= last {
			return nil, err
		}
		for _, h := range hs {
			main := dayOf(h.day)
			if main-surgeDays > to || main+1 < from {
				continue
			}
			c.holidays = append(c.holidays, h)
			for d := main; d <= main+1; d++ {
				if i := d - from; i >= 0 && i < len(c.closed) {
					c.closed[i] = true
				}
			}
			for k := 1; k <= surgeDays; k++ {
				if i := main - k - from; i >= 0 && i < len(c.before) {
					c.before[i] = int8(k)
				}
			}
		}
	}
	return c, nil
}

// isClosed reports whether the whole market is closed on day d.
func (c *calendar) isClosed(d int) bool {
	i := d - c.first
	return i >= 0 && i < len(c.closed) && c.closed[i]
}

// daysBefore returns 1..surgeDays when d lies that many days before a
// holiday's main day, else 0.
func (c *calendar) daysBefore(d int) int {
	i := d - c.first
	if i < 0 || i >= len(c.before) {
		return 0
	}
	return int(c.before[i])
}

// surge is the multiplier on day d for a stall whose eve-of-holiday peak is
// peak: 1 outside the window, rising quadratically to peak on the eve.
func (c *calendar) surge(d int, peak float64) float64 {
	k := c.daysBefore(d)
	if k == 0 {
		return 1
	}
	x := float64(surgeDays+1-k) / surgeDays
	return 1 + (peak-1)*x*x
}

// epoch-day helpers: day numbers count days since 1970-01-01 in the market's
// wall-clock calendar (times are kept as UTC values holding KST wall time).

func dayOf(t time.Time) int {
	y, m, d := t.Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

func dateOf(day int) time.Time { return time.Unix(int64(day)*86400, 0).UTC() }

// weekday of an epoch day (1970-01-01 was a Thursday).
func weekday(day int) time.Weekday { return time.Weekday((day%7 + 7 + 4) % 7) }

// civil converts an epoch day (≥ 0) to year, month and day of month
// (Howard Hinnant's days-from-civil inverse); faster than time for the
// millions of rows written.
func civil(day int) (y, m, d int) {
	z := day + 719_468
	era := z / 146_097
	doe := z - era*146_097
	yoe := (doe - doe/1460 + doe/36_524 - doe/146_096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	y, d = yoe+era*400, doy-(153*mp+2)/5+1
	if mp < 10 {
		m = mp + 3
	} else {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

// monthKey is year*12 + month-1, a dense month number.
func monthKey(day int) int {
	y, m, _ := civil(day)
	return y*12 + m - 1
}

func monthStart(mk int) int {
	return dayOf(time.Date(mk/12, time.Month(mk%12+1), 1, 0, 0, 0, 0, time.UTC))
}

func monthLabel(mk int) string { return fmt.Sprintf("%04d-%02d", mk/12, mk%12+1) }

// dayLabel formats an epoch day as 2006-01-02.
func dayLabel(day int) string {
	y, m, d := civil(day)
	return digits(uint64(y), 4) + "-" + digits(uint64(m), 2) + "-" + digits(uint64(d), 2)
}
