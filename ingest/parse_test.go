package ingest

import (
	"strconv"
	"testing"
	"time"
)

func TestParseAmount(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"35000", 35000, true},
		{"35,000", 35000, true},
		{"35,000원", 35000, true},
		{" 1,234,567 원 ", 1234567, true},
		{"-35,000", -35000, true},
		{"(35,000)", -35000, true},
		{"₩5,400", 5400, true},
		{"35000.0", 35000, true},
		{"35000.5", 0, false},
		{"abc원", 0, false},
		{"", 0, false},
		{"1e5", 0, false},
		{"--5", 0, false},
		{"99999999999999999999", 0, false},
	} {
		got, err := ParseAmount(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseAmount(%q) = %d, %v; want %d, ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

func TestParseKoreanDate(t *testing.T) {
	d := func(y, m, dd, h, mi, s int) time.Time { return time.Date(y, time.Month(m), dd, h, mi, s, 0, time.UTC) }
	for _, tc := range []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2021-03-04", d(2021, 3, 4, 0, 0, 0), true},
		{"2021.03.04", d(2021, 3, 4, 0, 0, 0), true},
		{"2021/3/4", d(2021, 3, 4, 0, 0, 0), true},
		{"20210304", d(2021, 3, 4, 0, 0, 0), true},
		{"2021. 3. 4.", d(2021, 3, 4, 0, 0, 0), true},
		{"2021-03-04 13:22:11", d(2021, 3, 4, 13, 22, 11), true},
		{"2021.03.04 13:22", d(2021, 3, 4, 13, 22, 0), true},
		{"2024-06-03 0:01", d(2024, 6, 3, 0, 1, 0), true},
		{"2026-09-27 13:58:01.0", d(2026, 9, 27, 13, 58, 1), true},
		{"2025-04-21_13:40:00", d(2025, 4, 21, 13, 40, 0), true},
		{"202011051310", d(2020, 11, 5, 13, 10, 0), true},
		{"20221108091500", d(2022, 11, 8, 9, 15, 0), true},
		{"202011052510", time.Time{}, false},
		{"2023-01-16T17:14:51+09:00", d(2023, 1, 16, 17, 14, 51), true},
		{"2023-01-16T08:14:51Z", d(2023, 1, 16, 17, 14, 51), true},
		// Excel serials: 44259 is 2021-03-04; .5 is noon.
		{"44259", d(2021, 3, 4, 0, 0, 0), true},
		{"44259.5", d(2021, 3, 4, 12, 0, 0), true},
		{"2021-02-30", time.Time{}, false},
		{"2021-13-01", time.Time{}, false},
		{"2021-03-04 25:00", time.Time{}, false},
		{"어제", time.Time{}, false},
		{"", time.Time{}, false},
	} {
		got, err := ParseKoreanDate(tc.in)
		if (err == nil) != tc.ok || !got.Equal(tc.want) {
			t.Errorf("ParseKoreanDate(%q) = %v, %v; want %v, ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

func TestParseClock(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"13:22:11", 13*time.Hour + 22*time.Minute + 11*time.Second, true},
		{"13:22", 13*time.Hour + 22*time.Minute, true},
		{"132211", 13*time.Hour + 22*time.Minute + 11*time.Second, true},
		{"92211", 9*time.Hour + 22*time.Minute + 11*time.Second, true}, // lost its leading zero
		{"오후 1:22:11", 13*time.Hour + 22*time.Minute + 11*time.Second, true},
		{"24:00:00", 24 * time.Hour, true},
		{"24:01", 0, false},
		{"12:60", 0, false},
		{"x", 0, false},
	} {
		got, err := ParseClock(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseClock(%q) = %v, %v; want %v, ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"35,000원", "-1", "(5)", "1.0", "₩0", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseAmount(s)
		if err != nil {
			return
		}
		// Whatever parses must read back the same from its plain form.
		if w, err := ParseAmount(strconv.FormatInt(v, 10)); err != nil || w != v {
			t.Fatalf("ParseAmount(%q) = %d, but its plain form reads %d, %v", s, v, w, err)
		}
	})
}

func FuzzParseKoreanDate(f *testing.F) {
	for _, s := range []string{"2021-03-04 13:22:11", "44259.5", "20210304", "2021. 3. 4.", "2025-04-21_13:40:00", "202011051310", "20221108091500"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseKoreanDate(s)
		if err != nil {
			return
		}
		// A parsed date-time reads back the same from its ISO form.
		if w, err := ParseKoreanDate(v.Format("2006-01-02 15:04:05")); v.Year() >= 1000 && v.Year() <= 9999 && (err != nil || !w.Equal(v.Truncate(time.Second))) {
			t.Fatalf("ParseKoreanDate(%q) = %v, but its ISO form reads %v, %v", s, v, w, err)
		}
	})
}
