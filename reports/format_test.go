package reports

import (
	"database/sql"
	"math"
	"testing"
	"time"
)

func TestFormatWon(t *testing.T) {
	tests := []struct {
		in   int64
		want string
	}{
		{0, "0원"},
		{5400, "5,400원"},
		{999_999, "999,999원"},
		{1_000_000, "100만원"},
		{81_200_000, "8,120만원"},
		{94_100_000, "9,410만원"},
		{99_995_000, "1억원"}, // rounds up to 10,000만원
		{100_000_000, "1억원"},
		{123_456_789, "1억 2,346만원"},
		{123_400_000, "1억 2,340만원"},
		{1_234_500_000_000, "12,345억원"},
		{-5400, "-5,400원"},
		{-123_456_789, "-1억 2,346만원"},
		{math.MinInt64, "-92,233,720,368억 5,478만원"},
	}
	for _, tt := range tests {
		if got := formatWon(tt.in); got != tt.want {
			t.Errorf("formatWon(%d) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFormatPercent(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{0.8734, "87.3%"},
		{0.941, "94.1%"},
		{1, "100.0%"},
		{1.23456789, "123.5%"},
		{0, "0.0%"},
		{-0.0004, "0.0%"}, // no "-0.0%"
		{-0.032, "-3.2%"},
		{math.NaN(), "자료 부족"},
		{math.Inf(1), "자료 부족"},
	}
	for _, tt := range tests {
		if got := formatPercent(tt.in); got != tt.want {
			t.Errorf("formatPercent(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFormatChange(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{0.123, "+12.3%"},
		{-0.032, "-3.2%"},
		{0, "0.0%"},
		{0.0004, "0.0%"},
		{math.Expm1(0.1), "+10.5%"},
	}
	for _, tt := range tests {
		if got := formatChange(tt.in); got != tt.want {
			t.Errorf("formatChange(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFormatTimes(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{1.0512, "1.05배"},
		{0.9, "0.90배"},
		{1, "1.00배"},
		{math.Inf(1), "자료 부족"},
	}
	for _, tt := range tests {
		if got := formatTimes(tt.in); got != tt.want {
			t.Errorf("formatTimes(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFormatDates(t *testing.T) {
	d := time.Date(2021, 9, 13, 0, 0, 0, 0, time.UTC)
	if got, want := formatDay(d), "2021.09.13"; got != want {
		t.Errorf("formatDay = %q, want %q", got, want)
	}
	if got, want := formatMonth(d), "2021년 9월"; got != want {
		t.Errorf("formatMonth = %q, want %q", got, want)
	}
	if got, want := formatMonth(time.Date(2022, 12, 1, 0, 0, 0, 0, time.UTC)), "2022년 12월"; got != want {
		t.Errorf("formatMonth = %q, want %q", got, want)
	}
	if got, want := formatMonthShort(d), "2021.09"; got != want {
		t.Errorf("formatMonthShort = %q, want %q", got, want)
	}
	// 05:03 UTC is 14:03 in Korea.
	if got, want := formatStamp(time.Date(2026, 11, 25, 5, 3, 59, 0, time.UTC)), "2026.11.25 14:03"; got != want {
		t.Errorf("formatStamp = %q, want %q", got, want)
	}
}

func TestNullFormats(t *testing.T) {
	if got := nullWon(sql.Null[int64]{}); got != "자료 부족" {
		t.Errorf("nullWon(NULL) = %q", got)
	}
	if got := nullPercent(sql.Null[float64]{}); got != "자료 부족" {
		t.Errorf("nullPercent(NULL) = %q", got)
	}
	if got := nullTimes(sql.Null[float64]{}); got != "자료 부족" {
		t.Errorf("nullTimes(NULL) = %q", got)
	}
	if got := nullEffect(sql.Null[float64]{V: 0.18, Valid: true}); got != "+19.7%" {
		t.Errorf("nullEffect(0.18) = %q, want +19.7%%", got)
	}
	if got := nullDay(sql.Null[time.Time]{}); got != "자료 없음" {
		t.Errorf("nullDay(NULL) = %q", got)
	}
}

func TestFormatPerWon(t *testing.T) {
	for in, want := range map[float64]string{
		4.7268: "4.7원", 12.56: "12.6원", 0.06495: "0.06원", -0.0714: "-0.07원", 0.5: "0.50원",
		-0.001: "0.00원", 0: "0.00원", 1: "1.0원", math.NaN(): "자료 부족",
	} {
		if got := formatPerWon(in); got != want {
			t.Errorf("formatPerWon(%v) = %q, want %q", in, got, want)
		}
	}
}

func TestFormatWonApprox(t *testing.T) {
	for in, want := range map[int64]string{
		4_352_450_781:  "43.5억원",
		2_994_142_303:  "29.9억원",
		100_000_000:    "1.0억원",
		99_960_000:     "9,996만원",
		15_946_728:     "1,595만원",
		8_200:          "8,200원",
		-5_000_000:     "-500만원",
		-1_234_000_000: "-12.3억원",
	} {
		if got := formatWonApprox(in); got != want {
			t.Errorf("formatWonApprox(%d) = %q, want %q", in, got, want)
		}
	}
}

func TestShortRange(t *testing.T) {
	for _, tt := range [][3]string{
		{"26.1억원", "33.7억원", "26.1 ~ 33.7억원"},
		{"1,337만원", "1,817만원", "1,337 ~ 1,817만원"},
		{"7.5원", "9.7원", "7.5 ~ 9.7원"},
		{"0.90배", "1.65배", "0.90 ~ 1.65배"},
		{"9,996만원", "1.2억원", "9,996만원 ~ 1.2억원"},
		{"1억 2,000만원", "1억 3,000만원", "1억 2,000만원 ~ 1억 3,000만원"}, // 만원 ends both, but 억 is in them
		{"500,000원", "3억원", "500,000원 ~ 3억원"},
		{"자료 부족", "자료 부족", "자료 부족 ~ 자료 부족"},
	} {
		if got := shortRange(tt[0], tt[1]); got != tt[2] {
			t.Errorf("shortRange(%q, %q) = %q, want %q", tt[0], tt[1], got, tt[2])
		}
	}
}

func TestComparedSpan(t *testing.T) {
	day := func(y, m, d int) sql.Null[time.Time] {
		return sql.Null[time.Time]{V: time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), Valid: true}
	}
	str := func(s string) sql.Null[string] { return sql.Null[string]{V: s, Valid: true} }
	n := func(v int64) sql.Null[int64] { return sql.Null[int64]{V: v, Valid: true} }
	tests := []struct {
		c    compared
		want string
	}{
		{compared{From: day(2019, 9, 10), To: day(2019, 9, 16), Rule: str("chuseok"), HolidayDays: n(7), OffsetFrom: n(-3), OffsetTo: n(3)},
			"2019.09.10 – 09.16 (추석 −3…+3일 맞춤)"},
		{compared{From: day(2019, 1, 28), To: day(2019, 2, 3), Rule: str("seollal"), HolidayDays: n(1), OffsetFrom: n(-10), OffsetTo: n(-10)},
			"2019.01.28 – 02.03 (설날 −10일 맞춤)"},
		{compared{From: day(2019, 12, 30), To: day(2020, 1, 26), Rule: str("weekday"), HolidayDays: n(0)},
			"2019.12.30 – 2020.01.26"},
		{compared{From: day(2019, 2, 1), To: day(2019, 2, 28), Rule: str("seollal"), HolidayDays: n(8), OffsetFrom: n(0), OffsetTo: n(3)},
			"2019.02.01 – 02.28 (설날 0…+3일 맞춤)"},
		{compared{Rule: str("chuseok"), HolidayDays: n(7), OffsetFrom: n(-3), OffsetTo: n(3)}, ""}, // no days compared
	}
	for _, tt := range tests {
		if got := tt.c.Span(); got != tt.want {
			t.Errorf("Span() = %q, want %q", got, tt.want)
		}
	}
}

func TestComparisonReason(t *testing.T) {
	str := func(s string) sql.Null[string] { return sql.Null[string]{V: s, Valid: true} }
	three := sql.Null[int64]{V: 3, Valid: true}
	for _, tt := range []struct {
		reason, against, want string
	}{
		{"missing_days", againstBaseline, "자료 없는 날 3일"},
		{"missing_baseline", againstPriorYear, "전년 자료 없음"},
		{"no_baseline_sales", againstBaseline, "기준년도 매출 없음"},
		{"no_matched_days", againstPriorYear, "견줄 수 있는 전년 자료 없음"},
		{"something_new", againstBaseline, "something_new"},
	} {
		if got := comparisonReason(str(tt.reason), three, tt.against); got != tt.want {
			t.Errorf("comparisonReason(%s, %s) = %q, want %q", tt.reason, tt.against, got, tt.want)
		}
	}
	if got := comparisonReason(sql.Null[string]{}, three, againstBaseline); got != "" {
		t.Errorf("comparisonReason(NULL) = %q, want \"\"", got)
	}
}

func TestNiceCeil(t *testing.T) {
	for in, want := range map[float64]float64{33.7: 35, 14: 15, 10: 10, 0.18: 0.2, 0.05: 0.05, 4.2: 4.5, 0: 0, -1: 0} {
		if got := niceCeil(in); got != want {
			t.Errorf("niceCeil(%v) = %v, want %v", in, got, want)
		}
	}
}
