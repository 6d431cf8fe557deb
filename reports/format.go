package reports

import (
	"database/sql"
	"math"
	"strconv"
	"strings"
	"time"
)

// The words a reader sees when a figure is missing.
const (
	noData   = "자료 부족" // a month that cannot be compared
	noneText = "자료 없음" // a section whose table is empty
)

// kst is Korea Standard Time. Korea keeps no daylight saving time, so a
// fixed zone is exact and needs no tzdata on the machine.
var kst = time.FixedZone("KST", 9*60*60)

// formatWon writes an amount of won the way a Korean report does: exact
// below 100만원 (5,400원), rounded to 만원 above (8,120만원, 1억 2,346만원,
// 3억원).
func formatWon(v int64) string {
	sign := ""
	abs := uint64(v)
	if v < 0 {
		sign = "-"
		abs = uint64(-(v + 1)) + 1 // safe for math.MinInt64
	}
	if abs < 1_000_000 {
		return sign + groupDigits(abs) + "원"
	}
	man := (abs + 5_000) / 10_000 // rounded half up to 만원
	eok, rest := man/10_000, man%10_000
	switch {
	case eok == 0:
		return sign + groupDigits(rest) + "만원"
	case rest == 0:
		return sign + groupDigits(eok) + "억원"
	default:
		return sign + groupDigits(eok) + "억 " + groupDigits(rest) + "만원"
	}
}

// groupDigits writes n with a comma every three digits: 1,234,567.
func groupDigits(n uint64) string {
	s := strconv.FormatUint(n, 10)
	if len(s) <= 3 {
		return s
	}
	var b strings.Builder
	first := len(s) % 3
	if first == 0 {
		first = 3
	}
	b.WriteString(s[:first])
	for i := first; i < len(s); i += 3 {
		b.WriteByte(',')
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

// formatPercent writes a ratio as a percentage with one decimal:
// 0.8734 → 87.3%.
func formatPercent(r float64) string {
	if math.IsNaN(r) || math.IsInf(r, 0) {
		return noData
	}
	return strconv.FormatFloat(round1(r*100), 'f', 1, 64) + "%"
}

// formatChange writes a relative change with its sign: 0.123 → +12.3%,
// -0.032 → -3.2%, 0 → 0.0%.
func formatChange(r float64) string {
	s := formatPercent(r)
	if r > 0 && round1(r*100) > 0 {
		return "+" + s
	}
	return s
}

// formatTimes writes a ratio of two ratios: 1.0512 → 1.05배.
func formatTimes(r float64) string {
	if math.IsNaN(r) || math.IsInf(r, 0) {
		return noData
	}
	v := math.Round(r*100) / 100
	if v == 0 {
		v = 0 // no "-0.00"
	}
	return strconv.FormatFloat(v, 'f', 2, 64) + "배"
}

// round1 rounds to one decimal, half away from zero, and never returns -0.
func round1(v float64) float64 {
	v = math.Round(v*10) / 10
	if v == 0 {
		return 0
	}
	return v
}

// formatDay writes a date as 2021.09.13.
func formatDay(t time.Time) string { return t.Format("2006.01.02") }

// formatMonth writes a month in words: 2021년 9월.
func formatMonth(t time.Time) string { return t.Format("2006년 1월") }

// formatMonthShort writes a month for axes and wide tables: 2021.09.
func formatMonthShort(t time.Time) string { return t.Format("2006.01") }

// formatStamp writes a moment in Korean time to the minute: 2026.11.25 14:03.
func formatStamp(t time.Time) string { return t.In(kst).Format("2006.01.02 15:04") }

// The nullable forms the templates use: a NULL shows as 자료 부족.

func nullWon(v sql.Null[int64]) string {
	if !v.Valid {
		return noData
	}
	return formatWon(v.V)
}

func nullPercent(v sql.Null[float64]) string {
	if !v.Valid {
		return noData
	}
	return formatPercent(v.V)
}

func nullTimes(v sql.Null[float64]) string {
	if !v.Valid {
		return noData
	}
	return formatTimes(v.V)
}

// nullEffect writes an effect estimated on the log scale as the relative
// change it means: exp(0.1) - 1 → +10.5%.
func nullEffect(v sql.Null[float64]) string {
	if !v.Valid {
		return noData
	}
	return formatChange(math.Expm1(v.V))
}

func nullDay(v sql.Null[time.Time]) string {
	if !v.Valid {
		return noneText
	}
	return formatDay(v.V)
}

// koreanWeekdays are the one-letter weekday names, Sunday first.
var koreanWeekdays = [...]string{"일", "월", "화", "수", "목", "금", "토"}

// formatDayWeekday writes a date with its weekday: 2019.09.13(금).
func formatDayWeekday(t time.Time) string {
	return formatDay(t) + "(" + koreanWeekdays[t.Weekday()] + ")"
}

// formatCount writes a count with thousands separators: 12,345.
func formatCount(n int64) string {
	if n < 0 {
		return "-" + groupDigits(uint64(-(n+1))+1)
	}
	return groupDigits(uint64(n))
}

// formatSignedWon writes a change in won with its sign: +693만원, -55,505원.
func formatSignedWon(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return noData
	}
	w := int64(math.Round(v))
	if w > 0 {
		return "+" + formatWon(w)
	}
	return formatWon(w)
}

// baselinePeriod writes the first and last baseline days a period was
// compared with, the year once when they share it: 2019.09.09 – 10.06,
// 2019.12.30 – 2020.01.26.
func baselinePeriod(from, to sql.Null[time.Time]) string {
	if !from.Valid || !to.Valid {
		return ""
	}
	if from.V.Year() == to.V.Year() {
		return formatDay(from.V) + " – " + to.V.Format("01.02")
	}
	return formatDay(from.V) + " – " + formatDay(to.V)
}

// recoveryReason says in words why a stall's month has no recovery, from
// stall_recovery.reason; "" when it has one.
func recoveryReason(reason sql.Null[string], missingDays sql.Null[int64]) string {
	return comparisonReason(reason, missingDays, againstBaseline)
}

// grade is a traffic light for a recovery: Class names the CSS colour and
// Label says it in words, so that it reads the same printed in black.
type grade struct {
	Class string
	Label string
}

// gradeOf grades a recovery against a market's thresholds: green at or
// above green, yellow at or above yellow, red below, grey without a figure.
func gradeOf(r sql.Null[float64], green, yellow float64) grade {
	switch {
	case !r.Valid || math.IsNaN(r.V):
		return grade{"gray", noData}
	case r.V >= green:
		return grade{"green", "초록"}
	case r.V >= yellow:
		return grade{"yellow", "노랑"}
	}
	return grade{"red", "빨강"}
}

// nullSignedWon writes a change in won with its sign; NULL shows as 자료 부족.
func nullSignedWon(v sql.Null[float64]) string {
	if !v.Valid {
		return noData
	}
	return formatSignedWon(v.V)
}

func nullCount(v sql.Null[int64]) string {
	if !v.Valid {
		return noData
	}
	return formatCount(v.V)
}

// formatPerWon writes sales per won spent: 4.7원; with two decimals below
// 1, where one would say too little: 0.06원.
func formatPerWon(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return noData
	}
	prec := 1
	if math.Abs(x) < 1 {
		prec = 2
	}
	s := strconv.FormatFloat(x, 'f', prec, 64)
	if strings.Trim(s, "-0.") == "" {
		s = strings.TrimPrefix(s, "-") // no "-0.00"
	}
	return s + "원"
}

func nullPerWon(v sql.Null[float64]) string {
	if !v.Valid {
		return noData
	}
	return formatPerWon(v.V)
}

// nullWonRounded writes an amount of won that need not be whole, such as
// sales per visitor, rounded to the won.
func nullWonRounded(v sql.Null[float64]) string {
	if !v.Valid || math.IsNaN(v.V) || math.IsInf(v.V, 0) {
		return noData
	}
	return formatWon(int64(math.Round(v.V)))
}

// formatWonApprox writes an estimate in won to the precision it deserves:
// from 1억원 on in 억원 with one decimal (29.9억원), below that as formatWon
// does (1,595만원).
func formatWonApprox(v int64) string {
	abs := math.Abs(float64(v))
	if abs < 1e8 {
		return formatWon(v)
	}
	sign := ""
	if v < 0 {
		sign = "-"
	}
	return sign + strconv.FormatFloat(math.Round(abs/1e7)/10, 'f', 1, 64) + "억원"
}
