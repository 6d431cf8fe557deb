package metrics

import (
	"fmt"
	"testing"
	"time"
)

func d(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestMatchDay(t *testing.T) {
	for _, tc := range []struct {
		day, want, rule string
		offset          int
	}{
		// An ordinary Wednesday: 52 weeks back is Wednesday 2019-03-06.
		{"2020-03-04", "2019-03-06", "weekday", 0},
		// Two years on: 104 weeks back.
		{"2021-03-03", "2019-03-06", "weekday", 0},
		// 추석 2020 is 10-01; 2020-09-28 is 추석−3 and pairs with 2019-09-10 (추석 2019 is 09-13).
		{"2020-09-28", "2019-09-10", Chuseok, -3},
		{"2020-10-04", "2019-09-16", Chuseok, 3},
		// 설날 2021 is 02-12; 2021-02-02 is 설날−10, the window's first day.
		{"2021-02-02", "2019-01-26", Seollal, -10},
		// An ordinary 2020-09-16 (Wednesday) lands 52 weeks back on 2019-09-18,
		// inside 2019's 추석 window (09-03..09-16)? No: 09-18 is outside, kept.
		{"2020-09-16", "2019-09-18", "weekday", 0},
		// 2020-09-11 (Friday) → 2019-09-13 is 추석 itself: step a week further, 2019-09-06 — still
		// inside the window (09-03..09-16) — and again, 2019-08-30.
		{"2020-09-11", "2019-08-30", "weekday", 0},
		// The baseline year maps to itself.
		{"2019-05-15", "2019-05-15", "weekday", 0},
	} {
		m, err := MatchDay(d(tc.day), 2019)
		if err != nil {
			t.Fatal(err)
		}
		if got := m.Baseline.Format(time.DateOnly); got != tc.want || m.Rule != tc.rule || m.Offset != tc.offset {
			t.Errorf("MatchDay(%s) = %s %s %+d; want %s %s %+d", tc.day, got, m.Rule, m.Offset, tc.want, tc.rule, tc.offset)
		}
		if m.Rule == "weekday" && m.Baseline.Weekday() != m.Day.Weekday() {
			t.Errorf("MatchDay(%s): weekday %s ≠ %s", tc.day, m.Baseline.Weekday(), m.Day.Weekday())
		}
	}
}

// No ordinary day is ever matched into a baseline holiday window, and every
// day of 2020–2022 has a match.
func TestMatchDayNeverIntoHolidayWindow(t *testing.T) {
	for day := d("2020-01-01"); day.Year() <= 2022; day = day.AddDate(0, 0, 1) {
		m, err := MatchDay(day, 2019)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, in := holidayWindow(m.Baseline); m.Rule == "weekday" && in {
			t.Errorf("%s matched into the holiday window at %s", day.Format(time.DateOnly), m.Baseline.Format(time.DateOnly))
		}
		if m.Baseline.Year() != 2019 {
			t.Errorf("%s matched outside the baseline year: %s", day.Format(time.DateOnly), m.Baseline.Format(time.DateOnly))
		}
	}
}

func ExampleMatchDay() {
	m, _ := MatchDay(time.Date(2020, 9, 28, 0, 0, 0, 0, time.UTC), 2019)
	fmt.Println(m.Baseline.Format(time.DateOnly), m.Rule, m.Offset)
	// Output: 2019-09-10 chuseok -3
}
