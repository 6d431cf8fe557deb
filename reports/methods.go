package reports

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"sijang/metrics"
)

var qDataSpan = mustQuery("data_span.sql")

// methodsPage is the data of templates/methods.html: how the figures are
// made, with the holiday dates and example matches from the market's own
// years.
type methodsPage struct {
	BaseYear     int
	WindowBefore int
	WindowAfter  int
	Green        string
	Yellow       string
	CovidFrom    string
	CovidTo      string
	Holidays     []holidayRow
	Examples     []matchExample
}

// holidayRow is one year's 설날 and 추석 and the windows around them.
type holidayRow struct {
	Year     int
	Known    bool // the holiday table has the year
	Seollal  string
	SWindow  string
	Chuseok  string
	CWindow  string
	Baseline bool // the baseline year
}

// matchExample is one day matched to its baseline day.
type matchExample struct {
	Day      string
	Baseline string
	Rule     string
}

// methodsData gathers the 방법 page of market m.
func methodsData(ctx context.Context, db *sql.DB, m market) (any, error) {
	p := methodsPage{
		BaseYear:     m.BaselineYear,
		WindowBefore: metrics.WindowBefore,
		WindowAfter:  metrics.WindowAfter,
		Green:        formatPercent(m.GradeGreen),
		Yellow:       formatPercent(m.GradeYellow),
		CovidFrom:    formatMonth(covidFrom),
		CovidTo:      formatMonth(covidTo),
	}
	var first, last sql.Null[time.Time]
	if err := db.QueryRowContext(ctx, qDataSpan.text, m.ID).Scan(&first, &last); err != nil {
		return nil, fmt.Errorf("query %s: %w", qDataSpan.file, err)
	}
	from, to := m.BaselineYear, m.BaselineYear
	if first.Valid {
		from, to = min(from, first.V.Year()), max(to, last.V.Year())
	}
	for y := from; y <= to; y++ {
		p.Holidays = append(p.Holidays, holidayOf(y, m.BaselineYear))
	}
	if last.Valid {
		p.Examples = matchExamples(last.V, m.BaselineYear)
	}
	return p, nil
}

func holidayOf(year, baseYear int) holidayRow {
	r := holidayRow{Year: year, Baseline: year == baseYear}
	hs, ok := metrics.Holidays(year)
	if !ok {
		return r
	}
	r.Known = true
	window := func(d time.Time) string {
		return formatDay(d.AddDate(0, 0, -metrics.WindowBefore)) + " – " + formatDay(d.AddDate(0, 0, metrics.WindowAfter))
	}
	r.Seollal, r.SWindow = formatDayWeekday(hs[0].Day), window(hs[0].Day)
	r.Chuseok, r.CWindow = formatDayWeekday(hs[1].Day), window(hs[1].Day)
	return r
}

// matchExamples matches a few days of the latest year with data whose
// 추석 window has passed by last: days around both holidays and two
// ordinary days. None when that year is the baseline year or earlier.
func matchExamples(last time.Time, baseYear int) []matchExample {
	year := last.Year()
	if hs, ok := metrics.Holidays(year); !ok || last.Before(hs[1].Day.AddDate(0, 0, metrics.WindowAfter)) {
		year--
	}
	hs, ok := metrics.Holidays(year)
	if !ok || year <= baseYear {
		return nil
	}
	seollal, chuseok := hs[0].Day, hs[1].Day
	days := []time.Time{
		seollal.AddDate(0, 0, -3), seollal,
		time.Date(year, 6, 15, 0, 0, 0, 0, time.UTC),
		chuseok.AddDate(0, 0, -5), chuseok, chuseok.AddDate(0, 0, 2),
		time.Date(year, 11, 20, 0, 0, 0, 0, time.UTC),
	}
	var out []matchExample
	for _, d := range days {
		mt, err := metrics.MatchDay(d, baseYear)
		if err != nil {
			continue
		}
		out = append(out, matchExample{Day: formatDayWeekday(d), Baseline: formatDayWeekday(mt.Baseline), Rule: ruleName(mt)})
	}
	return out
}

// ruleName says in words why a day was matched to its baseline day.
func ruleName(mt metrics.Match) string {
	var name string
	switch mt.Rule {
	case metrics.Seollal:
		name = "설날"
	case metrics.Chuseok:
		name = "추석"
	default:
		return "같은 요일 (명절 기간은 건너뜀)"
	}
	switch {
	case mt.Offset < 0:
		return fmt.Sprintf("%s %d일 전 ↔ 기준년도 %s %d일 전", name, -mt.Offset, name, -mt.Offset)
	case mt.Offset > 0:
		return fmt.Sprintf("%s %d일 후 ↔ 기준년도 %s %d일 후", name, mt.Offset, name, mt.Offset)
	}
	return fmt.Sprintf("%s 당일 ↔ 기준년도 %s 당일", name, name)
}
