package ingest

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Reject kinds: stable codes stored in rejects.kind; the report words them in Korean.
const (
	KindBadDate          = "bad_date"
	KindFutureDate       = "future_date"
	KindBadAmount        = "bad_amount"
	KindBadNumber        = "bad_number"
	KindNegativeVisitors = "negative_visitors"
	KindMissing          = "missing_value"
	KindUnknownStall     = "unknown_stall"     // a stall id or name not in market.yaml
	KindUnknownMerchant  = "unknown_merchant"  // a 가맹점번호 no stall has as card_merchant_no
	KindUnknownProduct   = "unknown_product"   // a 상품번호 in no stall's store
	KindUnknownSensor    = "unknown_sensor"    // a counter not in market.yaml
	KindUnknownComponent = "unknown_component" // a 비목 not in the budget
	KindUnknownStatus    = "unknown_status"
	KindBadRow           = "bad_row"
)

// RowError is a problem with one cell of an input file. It prints as
// file:row:column: reason, the shape of csv.ParseError.
type RowError struct {
	File   string
	Row    int    // 1-based line (CSV) or sheet row (xlsx)
	Column string // header name; empty for a whole-row problem
	Kind   string
	Err    error
}

func (e *RowError) Error() string {
	return fmt.Sprintf("%s:%d:%s: %v", e.File, e.Row, e.Column, e.Err)
}

func (e *RowError) Unwrap() error { return e.Err }

var errEmpty = errors.New("empty")

// ParseAmount reads a won amount as written in Korean exports:
// "35000", "35,000", "35,000원", "-35,000", "₩35,000", "35000.0".
// Fractions of a won are refused.
func ParseAmount(s string) (int64, error) {
	if v, ok := plainAmount(s); ok {
		return v, nil
	}
	return parseAmountGeneral(s)
}

// plainAmount reads the amounts nearly every export writes, "35000",
// "35,000" and "-35,000", without allocating. It reports false for
// anything else, valid or not, which parseAmountGeneral reads.
func plainAmount(s string) (int64, bool) {
	neg := s != "" && s[0] == '-'
	if neg {
		s = s[1:]
	}
	var v int64
	n := 0 // digits read; 18 cannot overflow
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9' && n < 18:
			v, n = v*10+int64(c-'0'), n+1
		case c == ',':
		default:
			return 0, false
		}
	}
	if n == 0 {
		return 0, false
	}
	if neg {
		v = -v
	}
	return v, true
}

func parseAmountGeneral(s string) (int64, error) {
	t := strings.TrimSpace(s)
	t = strings.TrimSuffix(t, "원")
	t = strings.TrimPrefix(t, "₩")
	t = strings.TrimSpace(t)
	if t == "" {
		return 0, errEmpty
	}
	neg := false
	if strings.HasPrefix(t, "(") && strings.HasSuffix(t, ")") { // accounting negative
		neg, t = true, t[1:len(t)-1]
	}
	if strings.HasPrefix(t, "-") {
		neg, t = !neg, t[1:]
	} else if strings.HasPrefix(t, "+") {
		t = t[1:]
	}
	t = strings.ReplaceAll(t, ",", "")
	if t == "" {
		return 0, fmt.Errorf("%q is not an amount", s)
	}
	if whole, frac, ok := strings.Cut(t, "."); ok {
		if strings.Trim(frac, "0") != "" {
			return 0, fmt.Errorf("%q is not a whole number of won", s)
		}
		t = whole
	}
	for _, r := range t {
		if r < '0' || r > '9' {
			return 0, fmt.Errorf("%q is not an amount", s)
		}
	}
	v, err := strconv.ParseInt(t, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not an amount", s)
	}
	if neg {
		v = -v
	}
	return v, nil
}

// ParseCount reads a non-negative whole count such as "14", "1,204" or "14건".
func ParseCount(s string) (int64, error) {
	if v, ok := digitsValue(s); ok {
		return int64(v), nil // plain digits, as nearly every count is
	}
	return parseCountGeneral(s)
}

func parseCountGeneral(s string) (int64, error) {
	t := strings.TrimSpace(s)
	t = strings.TrimSuffix(t, "건")
	t = strings.TrimSuffix(t, "명")
	t = strings.ReplaceAll(strings.TrimSpace(t), ",", "")
	if t == "" {
		return 0, errEmpty
	}
	if whole, frac, ok := strings.Cut(t, "."); ok && strings.Trim(frac, "0") == "" {
		t = whole
	}
	v, err := strconv.ParseInt(t, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a count", s)
	}
	if v < 0 {
		return 0, fmt.Errorf("%q is negative", s)
	}
	return v, nil
}

// excelEpoch is day 0 of the 1900 date system as Excel counts it (with its
// 1900 leap-year bug folded in, valid for serials after 1900-03-01).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// ParseKoreanDate reads a date or date-time as found in Korean exports and
// returns it as wall-clock time (Asia/Seoul, stored without a zone):
// "2021-03-04", "2021.03.04", "2021/03/04", "20210304", "2021. 3. 4.",
// "2021년 3월 4일", any of those but the last followed by a time ("13:22",
// "13:22:11", "13:22:11.0", "1:02"), "2021-03-04T13:22:11+09:00", "2021-03-04_13:22:11",
// "202103041322", "20210304132211", or an Excel serial such as "44259.5569".
func ParseKoreanDate(s string) (time.Time, error) {
	if t, ok := isoDate(s); ok {
		return t, nil
	}
	return parseDateGeneral(s)
}

// isoDate reads the layouts nearly every export writes, "2021-03-04",
// "2021-03-04 13:22" and "2021-03-04 13:22:11" (also with . or / in the
// date, T or _ before the time), without allocating. It reports false for
// anything else, valid or not, which parseDateGeneral reads.
func isoDate(s string) (time.Time, bool) {
	if len(s) != 10 && len(s) != 16 && len(s) != 19 || !isDateSep(s[4]) || !isDateSep(s[7]) {
		return time.Time{}, false
	}
	y, ok1 := digitsValue(s[:4])
	m, ok2 := digitsValue(s[5:7])
	d, ok3 := digitsValue(s[8:10])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > daysIn(time.Month(m), y) {
		return time.Time{}, false
	}
	date := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if len(s) == 10 {
		return date, true
	}
	if s[10] != ' ' && s[10] != 'T' && s[10] != '_' {
		return time.Time{}, false
	}
	clock, ok := isoClock(s[11:])
	if !ok {
		return time.Time{}, false
	}
	return date.Add(clock), true
}

func isDateSep(c byte) bool { return c == '-' || c == '.' || c == '/' }

var monthDays = [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

// daysIn returns the number of days of month m (1 to 12) of year y.
func daysIn(m time.Month, y int) int {
	if m == time.February && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		return 29
	}
	return monthDays[m-1]
}

// digitsValue reads a non-empty string of ASCII digits (at most 18).
func digitsValue(s string) (int, bool) {
	if s == "" || len(s) > 18 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func parseDateGeneral(s string) (time.Time, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return time.Time{}, errEmpty
	}
	if isSerial(t) {
		f, err := strconv.ParseFloat(t, 64)
		if err != nil || f < 61 || f > 2958465 {
			return time.Time{}, fmt.Errorf("%q is not a date", s)
		}
		day := math.Floor(f)
		secs := math.Round((f - day) * 86400)
		return excelEpoch.AddDate(0, 0, int(day)).Add(time.Duration(secs) * time.Second), nil
	}
	if ts, err := time.Parse(time.RFC3339, t); err == nil {
		return kst(ts), nil
	}
	if n := len(t); (n == 12 || n == 14) && allDigits(t) {
		// YYYYMMDDHHMM (S-DoT before 2022) or YYYYMMDDHHMMSS (people counters).
		t = t[:8] + " " + t[8:10] + ":" + t[10:12] + ":" + (t[12:] + "00")[:2]
	}
	datePart, timePart := t, ""
	if i := strings.IndexAny(t, " T_"); i >= 0 && i >= 8 {
		datePart, timePart = strings.TrimSpace(t[:i]), strings.TrimSpace(t[i+1:])
	}
	y, m, d, err := splitDate(datePart)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a date", s)
	}
	date := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if date.Year() != y || int(date.Month()) != m || date.Day() != d {
		return time.Time{}, fmt.Errorf("%q is not a real date", s)
	}
	if timePart == "" {
		return date, nil
	}
	clock, err := ParseClock(timePart)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q: %w", s, err)
	}
	return date.Add(clock), nil
}

func allDigits(t string) bool {
	for _, r := range t {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func isSerial(t string) bool {
	dot := false
	for i, r := range t {
		switch {
		case r >= '0' && r <= '9':
		case r == '.' && !dot && i > 0:
			dot = true
		default:
			return false
		}
	}
	// Eight digits without a dot is yyyymmdd, not a serial.
	return dot || len(t) <= 7
}

var seoul = time.FixedZone("KST", 9*3600)

// kst returns t's wall clock in Asia/Seoul, as a zone-less time.
func kst(t time.Time) time.Time {
	w := t.In(seoul)
	return time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), w.Nanosecond(), time.UTC)
}

// koreanDate turns "2021년 3월 4일" into "2021-3-4".
var koreanDate = strings.NewReplacer("년", "-", "월", "-", "일", "", " ", "")

func splitDate(s string) (y, m, d int, err error) {
	s = strings.TrimSuffix(strings.TrimSpace(s), ".")
	if strings.HasSuffix(s, "일") {
		s = koreanDate.Replace(s)
	}
	var parts []string
	switch {
	case strings.ContainsAny(s, "-./"):
		parts = strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '.' || r == '/' || r == ' ' })
	case len(s) == 8:
		parts = []string{s[:4], s[4:6], s[6:]}
	default:
		return 0, 0, 0, errors.New("no date")
	}
	if len(parts) != 3 || len(parts[0]) != 4 {
		return 0, 0, 0, errors.New("no date")
	}
	nums := make([]int, 3)
	for i, p := range parts {
		if len(p) == 0 || len(p) > 4 {
			return 0, 0, 0, errors.New("no date")
		}
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return 0, 0, 0, errors.New("no date")
		}
		nums[i] = n
	}
	return nums[0], nums[1], nums[2], nil
}

// ParseClock reads a time of day: "13:22", "13:22:11", "13:22:11.0",
// "1:02", "132211", "13:22:11 " or "오후 1:22:11".
func ParseClock(s string) (time.Duration, error) {
	if d, ok := isoClock(s); ok {
		return d, nil
	}
	return parseClockGeneral(s)
}

// isoClock reads "13:22" and "13:22:11" (hours 00 to 23) without
// allocating. It reports false for anything else, valid or not, which
// parseClockGeneral reads.
func isoClock(s string) (time.Duration, bool) {
	switch {
	case len(s) == 5 && s[2] == ':':
	case len(s) == 8 && s[2] == ':' && s[5] == ':':
	default:
		return 0, false
	}
	h, ok1 := digitsValue(s[:2])
	m, ok2 := digitsValue(s[3:5])
	sec, ok3 := 0, true
	if len(s) == 8 {
		sec, ok3 = digitsValue(s[6:])
	}
	if !ok1 || !ok2 || !ok3 || h > 23 || m > 59 || sec > 59 {
		return 0, false
	}
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(sec)*time.Second, true
}

func parseClockGeneral(s string) (time.Duration, error) {
	t := strings.TrimSpace(s)
	pm, am := strings.HasPrefix(t, "오후"), strings.HasPrefix(t, "오전")
	if pm || am {
		t = strings.TrimSpace(t[len("오후"):])
	}
	if frac := strings.IndexByte(t, '.'); frac >= 0 {
		t = t[:frac]
	}
	var parts []string
	if strings.Contains(t, ":") {
		parts = strings.Split(t, ":")
	} else if n := len(t); n >= 3 && n <= 6 {
		t = strings.Repeat("0", 6-n) + t // HHMMSS that lost its leading zero
		parts = []string{t[:2], t[2:4], t[4:]}
	}
	if len(parts) < 2 || len(parts) > 3 {
		return 0, fmt.Errorf("%q is not a time", s)
	}
	var hms [3]int
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || len(p) > 2 {
			return 0, fmt.Errorf("%q is not a time", s)
		}
		hms[i] = n
	}
	if pm && hms[0] < 12 {
		hms[0] += 12
	} else if am && hms[0] == 12 {
		hms[0] = 0
	}
	if hms[0] > 24 || hms[1] > 59 || hms[2] > 59 || (hms[0] == 24 && (hms[1] > 0 || hms[2] > 0)) {
		return 0, fmt.Errorf("%q is not a time of day", s)
	}
	return time.Duration(hms[0])*time.Hour + time.Duration(hms[1])*time.Minute + time.Duration(hms[2])*time.Second, nil
}

// dayOf returns the calendar day of a wall-clock time.
func dayOf(t time.Time) time.Time {
	if t.Location() == time.UTC {
		return t.Truncate(24 * time.Hour) // days are whole multiples of 24h since the zero time
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// appendDay appends t's date as t.Format("20060102") writes it.
func appendDay(b []byte, t time.Time) []byte {
	y, m, d := t.Date()
	if y < 0 || y > 9999 {
		return t.AppendFormat(b, "20060102")
	}
	return append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10),
		byte('0'+m/10), byte('0'+m%10), byte('0'+d/10), byte('0'+d%10))
}

// appendStamp appends t's date and time as t.Format("20060102150405") writes it.
func appendStamp(b []byte, t time.Time) []byte {
	h, m, s := t.Clock()
	return append(appendDay(b, t), byte('0'+h/10), byte('0'+h%10), byte('0'+m/10), byte('0'+m%10), byte('0'+s/10), byte('0'+s%10))
}
