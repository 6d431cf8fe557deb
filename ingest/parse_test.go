package ingest

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
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

// The quick paths (isoDate, isoClock, plainAmount, a count of plain
// digits, trimSpace, cleanID's digits, dayOf's truncation and the key
// stamps) must give exactly what the general code gives, errors included.
func checkQuickPaths(t *testing.T, s string) {
	t.Helper()
	errText := func(err error) string {
		if err == nil {
			return "<nil>"
		}
		return err.Error()
	}
	d, err := ParseKoreanDate(s)
	wd, werr := parseDateGeneral(s)
	if d != wd || errText(err) != errText(werr) {
		t.Fatalf("ParseKoreanDate(%q) = %v, %v; the general path reads %v, %v", s, d, err, wd, werr)
	}
	c, err := ParseClock(s)
	wc, werr := parseClockGeneral(s)
	if c != wc || errText(err) != errText(werr) {
		t.Fatalf("ParseClock(%q) = %v, %v; the general path reads %v, %v", s, c, err, wc, werr)
	}
	a, err := ParseAmount(s)
	wa, werr := parseAmountGeneral(s)
	if a != wa || errText(err) != errText(werr) {
		t.Fatalf("ParseAmount(%q) = %v, %v; the general path reads %v, %v", s, a, err, wa, werr)
	}
	n, err := ParseCount(s)
	wn, werr := parseCountGeneral(s)
	if n != wn || errText(err) != errText(werr) {
		t.Fatalf("ParseCount(%q) = %v, %v; the general path reads %v, %v", s, n, err, wn, werr)
	}
	if got, want := trimSpace(s), strings.TrimSpace(s); got != want {
		t.Fatalf("trimSpace(%q) = %q; want %q", s, got, want)
	}
	if got, want := cleanID(s), cleanIDGeneral(s); got != want {
		t.Fatalf("cleanID(%q) = %q; want %q", s, got, want)
	}
	if got, want := validUTF8([]byte(s)), validUTF8General([]byte(s)); got != want {
		t.Fatalf("validUTF8(%q) = %v; want %v", s, got, want)
	}
}

// validUTF8General is validUTF8 as first written, validating twice.
func validUTF8General(sample []byte) bool {
	for i := 0; i < utf8.UTFMax && len(sample) > 0 && !utf8.Valid(sample); i++ {
		sample = sample[:len(sample)-1]
	}
	return len(sample) > 0 && utf8.Valid(sample)
}

// cleanIDGeneral is cleanID without its shortcut for plain digits.
func cleanIDGeneral(s string) string {
	s = strings.TrimSpace(s)
	if strings.ContainsAny(s, "eE") {
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return strconv.FormatFloat(f, 'f', 0, 64)
		}
	}
	if whole, frac, ok := strings.Cut(s, "."); ok && strings.Trim(frac, "0") == "" && whole != "" {
		return whole
	}
	return s
}

// quickSeeds are the common layouts and their near misses.
var quickSeeds = []string{
	"2021-03-04", "2021-03-04 13:22:11", "2021-03-04 13:22", "2021.03.04", "2021/3/4", "2021-03-04T13:22:11",
	"2025-04-21_13:40:00", "2024-02-29", "2023-02-29", "2000-02-29", "1900-02-29", "0000-02-29", "9999-12-31 23:59:59",
	"2021-03-04 24:00:00", "2021-03-04 24:00", "2021-03-04 23:60", "2021-00-04", "2021-03-00", "2021-03-32",
	"2021-03-04 1:02", "2021-03-04  13:22", "2021-03-04 13:22:11.0", "2023-01-16T17:14:51+09:00", "20210304",
	"13:22:11", "13:22", "24:00", "09:05:07", "9:05", "132211", "오후 1:22:11", "+1:+2", "-0:00",
	"35000", "35,000", "-35,000", "35,000원", "₩35,000", "(35,000)", "35000.0", "+35", "-", ",", "-,5", "5,",
	"999999999999999999", "9999999999999999999", "-999999999999999999", "0000000000000000000001", "1e5", "1E5",
	"하나카드", " 하나카드 ", "가\xea\x80", "가\xf0\x9f\x98", "\xf0\x9f\x98\x80\x80\x80\x80", "\x80\x80\x80\x80\x80", "하나카드\u3000", "\u00a0승인", "승인\u2028", "\xed\xa0\x80", "\xea", "a\xea\x80", "\xea\x80\x80",
	"1708217693", " 1708217693", "123.0", "2.022040521691281E15", "", " ", "0", "00",
}

func TestQuickPaths(t *testing.T) {
	pieces := []string{"0", "1", "2", "9", "3", "-", ".", "/", " ", ":", "T", "_", ",", "원", "₩", "+", "(", ")",
		"e", "오후", "승", "\u3000", "\u00a0", "\t", "\xed", "\xea\x80", "\x80", "Z", "+09:00"}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, seed := range quickSeeds {
		checkQuickPaths(t, seed)
		for range 2000 {
			b := []byte(seed)
			for range 1 + rng.IntN(3) {
				piece := pieces[rng.IntN(len(pieces))]
				at := 0
				if len(b) > 0 {
					at = rng.IntN(len(b))
				}
				switch rng.IntN(3) {
				case 0: // replace a byte
					if len(b) > 0 {
						b = append(b[:at:at], append([]byte(piece), b[at+1:]...)...)
					}
				case 1: // insert
					b = append(b[:at:at], append([]byte(piece), b[at:]...)...)
				case 2: // delete
					if len(b) > 0 {
						b = append(b[:at:at], b[at+1:]...)
					}
				}
			}
			checkQuickPaths(t, string(b))
		}
	}
}

func FuzzQuickPaths(f *testing.F) {
	for _, s := range quickSeeds {
		f.Add(s)
	}
	f.Fuzz(checkQuickPaths)
}

// dayOf and the key stamps agree with the time package on any time.
func TestDayOfAndStamps(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	locs := []*time.Location{time.UTC, seoul, time.FixedZone("UTC", 0), time.FixedZone("west", -5*3600)}
	for i := range 100000 {
		// Seconds from before year 0 to after year 10000, and ones near the ends of days.
		sec := rng.Int64N(330_000_000_000) - 62_300_000_000
		if i%2 == 0 {
			sec = sec/86400*86400 + int64(rng.IntN(3)) - 1
		}
		tm := time.Unix(sec, int64(rng.IntN(3))*int64(rng.IntN(1_000_000_000))).In(locs[rng.IntN(len(locs))])
		if got, want := dayOf(tm), time.Date(tm.Year(), tm.Month(), tm.Day(), 0, 0, 0, 0, time.UTC); got != want {
			t.Fatalf("dayOf(%v) = %v; want %v", tm, got, want)
		}
		if got, want := string(appendDay(nil, tm)), tm.Format("20060102"); got != want {
			t.Fatalf("appendDay(%v) = %s; want %s", tm, got, want)
		}
		if got, want := string(appendStamp(nil, tm)), tm.Format("20060102150405"); got != want {
			t.Fatalf("appendStamp(%v) = %s; want %s", tm, got, want)
		}
	}
}
