package metrics

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"time"
)

//go:embed holidays.csv
var holidaysCSV string

// Holiday names as stored in baseline_days.rule.
const (
	Seollal = "seollal" // 설날
	Chuseok = "chuseok" // 추석
)

// The holiday window spans the whole holiday trade: the days of heavy
// buying before the main day and the closed days (and substitute holiday)
// after it.
const (
	WindowBefore = 10
	WindowAfter  = 3
)

// Holiday is the main day of one 설날 or 추석.
type Holiday struct {
	Name string // Seollal or Chuseok
	Day  time.Time
}

// FirstHolidayYear and LastHolidayYear bound the embedded table.
var FirstHolidayYear, LastHolidayYear int

var holidays = map[int][2]Holiday{} // year → {설날, 추석}

func init() {
	r := csv.NewReader(strings.NewReader(holidaysCSV))
	r.Comment = '#'
	rows, err := r.ReadAll()
	if err != nil {
		panic(fmt.Sprintf("metrics: holidays.csv: %v", err))
	}
	for _, row := range rows[1:] {
		y, err1 := strconv.Atoi(row[0])
		s, err2 := time.Parse(time.DateOnly, row[1])
		c, err3 := time.Parse(time.DateOnly, row[2])
		if err1 != nil || err2 != nil || err3 != nil {
			panic(fmt.Sprintf("metrics: holidays.csv: bad row %v", row))
		}
		holidays[y] = [2]Holiday{{Seollal, s}, {Chuseok, c}}
		if FirstHolidayYear == 0 || y < FirstHolidayYear {
			FirstHolidayYear = y
		}
		if y > LastHolidayYear {
			LastHolidayYear = y
		}
	}
}

// Holidays returns the 설날 and 추석 main days of a year, and false when the
// year is outside the table.
func Holidays(year int) ([2]Holiday, bool) {
	h, ok := holidays[year]
	return h, ok
}

// holidayWindow returns the holiday whose window holds day, with the day's
// offset from the main day.
func holidayWindow(day time.Time) (Holiday, int, bool) {
	hs, ok := holidays[day.Year()]
	if !ok {
		return Holiday{}, 0, false
	}
	for _, h := range hs {
		off := daysBetween(h.Day, day)
		if off >= -WindowBefore && off <= WindowAfter {
			return h, off, true
		}
	}
	return Holiday{}, 0, false
}

func daysBetween(a, b time.Time) int {
	return int(b.Sub(a).Hours() / 24)
}
