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
