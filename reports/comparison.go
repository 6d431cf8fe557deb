package reports

import (
	"database/sql"
	"fmt"
	"strconv"
	"time"
)

// compared is one week or month against the days it was compared with: the
// columns that market_comparison, alley_comparison and stall_comparison
// share (see metrics/TABLES.md).
type compared struct {
	Net         sql.Null[int64]
	Baseline    sql.Null[int64]
	Recovery    sql.Null[float64]
	Reason      sql.Null[string]
	From, To    sql.Null[time.Time] // the first and last day compared with
	Rule        sql.Null[string]    // weekday, seollal, chuseok, calendar
	HolidayDays sql.Null[int64]     // days aligned holiday to holiday
	OffsetFrom  sql.Null[int64]     // their offsets from the holiday
	OffsetTo    sql.Null[int64]
}

// scanTargets are the destinations of the columns net_krw, baseline_krw,
// recovery, reason, baseline_from, baseline_to, rule, holiday_days,
// offset_from, offset_to, in that order.
func (c *compared) scanTargets() []any {
	return []any{&c.Net, &c.Baseline, &c.Recovery, &c.Reason, &c.From, &c.To,
		&c.Rule, &c.HolidayDays, &c.OffsetFrom, &c.OffsetTo}
}

// Span says which days the period was compared with and, around 설날 or
// 추석, how they were aligned: 2019.09.08 – 2019.09.14 대비 (추석 −5…+1일
// 맞춤).
func (c compared) Span() string {
	s := baselinePeriod(c.From, c.To)
	if a := holidayAlignment(c.Rule, c.HolidayDays, c.OffsetFrom, c.OffsetTo); a != "" && s != "" {
		s += " (" + a + ")"
	}
	return s
}

// holidayAlignment says which days of a period were matched holiday to
// holiday: 추석 −9…+3일 맞춤; "" when none was.
func holidayAlignment(rule sql.Null[string], days, from, to sql.Null[int64]) string {
	name := holidayName(rule.V)
	if !rule.Valid || name == "" || !days.Valid || days.V == 0 || !from.Valid || !to.Valid {
		return ""
	}
	if from.V == to.V {
		return fmt.Sprintf("%s %s일 맞춤", name, signedDays(from.V))
	}
	return fmt.Sprintf("%s %s…%s일 맞춤", name, signedDays(from.V), signedDays(to.V))
}

// holidayName names the holiday of a comparison rule; "" for a rule that
// is not a holiday.
func holidayName(rule string) string {
	switch rule {
	case "seollal":
		return "설날"
	case "chuseok":
		return "추석"
	}
	return ""
}

// signedDays writes an offset from a holiday with its sign: −3, 0, +2.
func signedDays(n int64) string {
	switch {
	case n < 0:
		return "−" + strconv.FormatInt(-n, 10)
	case n > 0:
		return "+" + strconv.FormatInt(n, 10)
	}
	return "0"
}

// The periods a comparison is made against, as comparisonReason words them.
const (
	againstBaseline  = "기준년도"
	againstPriorYear = "전년"
)

// comparisonReason says in words why a comparison has no recovery, from
// the reason column of a comparison table; against is what the period was
// compared with (againstBaseline or againstPriorYear). "" when there is a
// recovery.
func comparisonReason(reason sql.Null[string], missingDays sql.Null[int64], against string) string {
	if !reason.Valid {
		return ""
	}
	switch reason.V {
	case "missing_days":
		return fmt.Sprintf("자료 없는 날 %d일", missingDays.V)
	case "missing_source":
		return "일부 자료(채널) 누락"
	case "missing_baseline":
		return against + " 자료 없음"
	case "no_baseline_sales":
		return against + " 매출 없음"
	case "partial_period":
		return "기간 일부만 있음"
	case "no_matched_days":
		return "견줄 수 있는 " + against + " 자료 없음"
	}
	return reason.V
}

// weekRow is one week of the market against the baseline year.
type weekRow struct {
	Week time.Time // its Monday
	compared
}

// Note says why the week has no recovery; "" when it has one.
func (w weekRow) Note() string { return comparisonReason(w.Reason, sql.Null[int64]{}, againstBaseline) }

// recentWeeks keeps the rows, ordered by week, that fall in the n weeks
// ending with the latest.
func recentWeeks(rows []weekRow, n int) []weekRow {
	if len(rows) == 0 {
		return nil
	}
	week := func(w weekRow) time.Time { return w.Week }
	return since(rows, week, rows[len(rows)-1].Week.AddDate(0, 0, -7*(n-1)))
}

// weekSpan lists every week from first to last, both Mondays included, so
// that a chart's axis keeps time even where a week has no row.
func weekSpan(first, last time.Time) []time.Time {
	var weeks []time.Time
	for w := first; !w.After(last); w = w.AddDate(0, 0, 7) {
		weeks = append(weeks, w)
	}
	return weeks
}

// alleyComparison is one month of an alley against the baseline year and
// against the year before.
type alleyComparison struct {
	AlleyID   string
	Month     time.Time
	Baseline  compared
	PriorYear compared
	Grade     grade // of the baseline recovery
}

// Note says why either recovery is missing; "" when both are there.
func (a alleyComparison) Note() string {
	b := comparisonReason(a.Baseline.Reason, sql.Null[int64]{}, againstBaseline)
	p := comparisonReason(a.PriorYear.Reason, sql.Null[int64]{}, againstPriorYear)
	switch {
	case b == "":
		return p
	case p == "" || p == b:
		return b
	}
	return b + " · " + p
}

// recentMonths keeps the rows, ordered by month, that fall in the n
// calendar months ending with the latest.
func recentMonths[T any](rows []T, month func(T) time.Time, n int) []T {
	if len(rows) == 0 {
		return nil
	}
	return since(rows, month, month(rows[len(rows)-1]).AddDate(0, -(n-1), 0))
}

// since keeps the rows, ordered by time, from first on.
func since[T any](rows []T, at func(T) time.Time, first time.Time) []T {
	from := 0
	for from < len(rows) && at(rows[from]).Before(first) {
		from++
	}
	return rows[from:]
}
