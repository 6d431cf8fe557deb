package metrics

import (
	"fmt"
	"math"
	"time"
)

// Match is a day paired with the baseline-year day it is compared with.
type Match struct {
	Day      time.Time
	Baseline time.Time
	Rule     string // "weekday", Seollal or Chuseok
	Offset   int    // days from the holiday's main day, inside a holiday window
}

// MatchDay pairs a day with its like-for-like day in the baseline year:
// inside a 설날 or 추석 window, the day at the same offset from the same
// holiday of the baseline year; otherwise the day on the same weekday a
// whole number of weeks away (about a year per year apart, kept inside the
// baseline year), stepping a further week away whenever that lands inside a
// baseline holiday window.
func MatchDay(day time.Time, baselineYear int) (Match, error) {
	day = time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
	if _, ok := holidays[day.Year()]; !ok {
		return Match{}, fmt.Errorf("no holiday dates for %d (table covers %d–%d)", day.Year(), FirstHolidayYear, LastHolidayYear)
	}
	base, ok := holidays[baselineYear]
	if !ok {
		return Match{}, fmt.Errorf("no holiday dates for baseline year %d", baselineYear)
	}
	if h, off, in := holidayWindow(day); in {
		for _, bh := range base {
			if bh.Name == h.Name {
				return Match{Day: day, Baseline: bh.Day.AddDate(0, 0, off), Rule: h.Name, Offset: off}, nil
			}
		}
	}
	target := day.AddDate(baselineYear-day.Year(), 0, 0)
	weeks := math.Round(float64(daysBetween(target, day)) / 7)
	b := day.AddDate(0, 0, -7*int(weeks))
	// Stay inside the baseline year (late December can round into January).
	for b.Year() > baselineYear {
		b = b.AddDate(0, 0, -7)
	}
	for b.Year() < baselineYear {
		b = b.AddDate(0, 0, 7)
	}
	step := -7
	if b.After(day) {
		step = 7
	}
	for i := 0; i < 10; i++ {
		if _, _, in := holidayWindow(b); !in {
			return Match{Day: day, Baseline: b, Rule: "weekday"}, nil
		}
		b = b.AddDate(0, 0, step)
	}
	return Match{}, fmt.Errorf("no ordinary baseline day for %s", day.Format(time.DateOnly))
}
