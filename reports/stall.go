package reports

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"
)

var (
	qStallSales    = mustQuery("stall_sales.sql")
	qStallRecovery = mustQuery("stall_recovery.sql")
	qStallPrograms = mustQuery("stall_programs.sql")
	qStallEvents   = mustQuery("stall_events.sql")
	qStallKPI      = mustQuery("stall_kpi.sql")
)

// kpiMonths is how many of a stall's latest months its KPI table shows.
const kpiMonths = 12

// salesChannels are the channels of table sales in the order the stall
// pages show them, with their names in Korean. A channel not listed shows
// under its own name, after these.
var salesChannels = []struct{ ID, Name string }{
	{"offline", "오프라인(카드)"},
	{"smartstore", "스마트스토어"},
	{"jangbogi", "동네시장 장보기"},
	{"live", "라이브커머스"},
	{"other", "기타"},
}

// stallSale is one row of stall_month.
type stallSale struct {
	StallID string
	Month   time.Time
	Channel string
	Net     int64
}

// stallMonth is one row of stall_recovery, with what stall_comparison
// adds: how the baseline days were aligned to a holiday, and the month
// against the year before.
type stallMonth struct {
	StallID     string
	Month       time.Time
	Net         sql.Null[int64]
	Baseline    sql.Null[int64]
	Recovery    sql.Null[float64]
	From, To    sql.Null[time.Time] // the baseline days compared with
	Reason      sql.Null[string]
	MissingDays sql.Null[int64]
	Relative    sql.Null[float64] // Recovery ÷ the alley's

	Rule                              sql.Null[string] // of the baseline comparison
	HolidayDays, OffsetFrom, OffsetTo sql.Null[int64]
	PriorYear                         sql.Null[float64] // recovery against the year before
	PriorReason                       sql.Null[string]  // why PriorYear is NULL

	Grade grade // of Recovery
}

// Period says which baseline days the month was compared with and how
// they were aligned to 설날 or 추석.
func (s stallMonth) Period() string {
	return compared{From: s.From, To: s.To, Rule: s.Rule, HolidayDays: s.HolidayDays, OffsetFrom: s.OffsetFrom, OffsetTo: s.OffsetTo}.Span()
}

// Note says why the month has no recovery and, when it is for a reason of
// the year before, why it has none against that year; "" when it has both.
func (s stallMonth) Note() string {
	b := recoveryReason(s.Reason, s.MissingDays)
	p := comparisonReason(s.PriorReason, s.MissingDays, againstPriorYear)
	switch {
	case p == "" || p == b:
		return b
	case b == "":
		return p
	}
	return b + " · " + p
}

// stallKPI is one month of stall_kpi: what Smart Store's statistics show a
// seller, over all the stall's channels.
type stallKPI struct {
	StallID      string
	Month        time.Time
	Net          int64
	Orders       int64
	AOV          sql.Null[int64] // average order value, 객단가
	Online       int64
	OnlineShare  sql.Null[float64] // NULL when a day of the month lacks data
	Buyers       int64
	RepeatBuyers int64
	RepeatRate   sql.Null[float64]
	MissingDays  int64
}

// stallProgram is one program a stall joined.
type stallProgram struct {
	StallID  string
	ID       string
	Name     string
	Enrolled time.Time
	Starts   sql.Null[time.Time]
	Ends     sql.Null[time.Time]
	Href     string // the program on the evaluation page
}

// stallEvent is one event of a stall, such as a live-commerce broadcast.
type stallEvent struct {
	StallID string
	Day     time.Time
	Kind    string
	Title   sql.Null[string]
}

// KindName says the kind of event in Korean.
func (e stallEvent) KindName() string {
	if e.Kind == "live" {
		return "라이브커머스 방송"
	}
	return e.Kind
}

// stallPage is the data of templates/stall.html. A nil section has no data.
type stallPage struct {
	Stall     stallRow
	AlleyName string
	AlleyHref string
	BaseYear  int
	Legend    string
	Sales     *stallSales
	Recovery  *stallRecovery
	KPIs      []stallKPI // the latest kpiMonths months
	KPIMonths int
	Programs  []stallProgram
	Events    []stallEvent
}

type stallSales struct {
	Chart    chartBlock
	Channels []string // column names
	Rows     []salesRow
}

// salesRow is one month of a stall's sales: one value per channel, and
// their total; NULL throughout when the month has no row at all.
type salesRow struct {
	Month  time.Time
	Values []sql.Null[int64]
	Total  sql.Null[int64]
}

type stallRecovery struct {
	Chart chartBlock
	Rows  []stallMonth
}

// stallPages gathers one page per stall of market m.
func stallPages(ctx context.Context, db *sql.DB, m market) ([]instance, error) {
	stalls, err := loadStalls(ctx, db, m)
	if err != nil {
		return nil, err
	}
	sales, err := queryRows(ctx, db, qStallSales, []any{m.ID}, func(rows *sql.Rows) (stallSale, error) {
		var s stallSale
		err := rows.Scan(&s.StallID, &s.Month, &s.Channel, &s.Net)
		return s, err
	})
	if err != nil {
		return nil, err
	}
	months, err := loadStallMonths(ctx, db, m)
	if err != nil {
		return nil, err
	}
	kpis, err := queryRows(ctx, db, qStallKPI, []any{m.ID}, func(rows *sql.Rows) (stallKPI, error) {
		var k stallKPI
		err := rows.Scan(&k.StallID, &k.Month, &k.Net, &k.Orders, &k.AOV, &k.Online, &k.OnlineShare,
			&k.Buyers, &k.RepeatBuyers, &k.RepeatRate, &k.MissingDays)
		return k, err
	})
	if err != nil {
		return nil, err
	}
	programs, err := queryRows(ctx, db, qStallPrograms, []any{m.ID}, func(rows *sql.Rows) (stallProgram, error) {
		var p stallProgram
		err := rows.Scan(&p.StallID, &p.ID, &p.Name, &p.Enrolled, &p.Starts, &p.Ends)
		p.Href = m.href("evaluation", "") + "#" + programAnchor(p.ID)
		return p, err
	})
	if err != nil {
		return nil, err
	}
	events, err := queryRows(ctx, db, qStallEvents, []any{m.ID}, func(rows *sql.Rows) (stallEvent, error) {
		var e stallEvent
		err := rows.Scan(&e.StallID, &e.Day, &e.Kind, &e.Title)
		return e, err
	})
	if err != nil {
		return nil, err
	}
	salesOf := groupBy(sales, func(s stallSale) string { return s.StallID })
	monthsOf := groupBy(months, func(s stallMonth) string { return s.StallID })
	programsOf := groupBy(programs, func(p stallProgram) string { return p.StallID })
	eventsOf := groupBy(events, func(e stallEvent) string { return e.StallID })
	kpisOf := groupBy(kpis, func(k stallKPI) string { return k.StallID })
	alleyName := map[string]string{}
	for _, a := range m.alleys {
		alleyName[a.ID] = a.Name
	}

	var out []instance
	for _, s := range stalls {
		p := stallPage{
			Stall:     s,
			AlleyName: alleyName[s.AlleyID],
			AlleyHref: m.href("alley", s.AlleyID),
			BaseYear:  m.BaselineYear,
			Legend: fmt.Sprintf("초록 = 기준의 %s 이상, 노랑 = %s 이상, 빨강 = %s 미만",
				formatPercent(m.GradeGreen), formatPercent(m.GradeYellow), formatPercent(m.GradeYellow)),
			KPIMonths: kpiMonths,
			KPIs:      recentMonths(kpisOf[s.ID], func(k stallKPI) time.Time { return k.Month }, kpiMonths),
			Programs:  programsOf[s.ID],
			Events:    eventsOf[s.ID],
		}
		if p.Sales, err = stallSalesData(salesOf[s.ID], p.Programs); err != nil {
			return nil, fmt.Errorf("stall %s: %w", s.ID, err)
		}
		if rows := monthsOf[s.ID]; len(rows) > 0 {
			ms, values := spread(rows, func(r stallMonth) time.Time { return r.Month }, func(r stallMonth) sql.Null[float64] { return r.Recovery })
			chart, err := recoveryLine(chartStallRecovery, "회복률", ms, values, m.BaselineYear,
				fmt.Sprintf("월별 매출 회복률 (100%% = %d년 같은 시기 매출, 음영은 코로나19 기간). 비교한 기준 기간과 수치는 아래 표에 있습니다.", m.BaselineYear))
			if err != nil {
				return nil, fmt.Errorf("stall %s: %w", s.ID, err)
			}
			p.Recovery = &stallRecovery{Chart: chart, Rows: rows}
		}
		out = append(out, instance{
			key:   s.ID,
			title: s.Name,
			crumbs: []link{
				{Href: m.href("index", ""), Label: "사업 현황"},
				{Href: p.AlleyHref, Label: cmp.Or(p.AlleyName, s.AlleyID)},
			},
			data: p,
		})
	}
	return out, nil
}

func loadStallMonths(ctx context.Context, db *sql.DB, m market) ([]stallMonth, error) {
	return queryRows(ctx, db, qStallRecovery, []any{m.ID}, func(rows *sql.Rows) (stallMonth, error) {
		var s stallMonth
		err := rows.Scan(&s.StallID, &s.Month, &s.Net, &s.Baseline, &s.Recovery, &s.From, &s.To, &s.Reason, &s.MissingDays,
			&s.Relative, &s.Rule, &s.HolidayDays, &s.OffsetFrom, &s.OffsetTo, &s.PriorYear, &s.PriorReason)
		s.Grade = gradeOf(s.Recovery, m.GradeGreen, m.GradeYellow)
		return s, err
	})
}

// stallSalesData lays out a stall's sales by month and channel, over every
// month from its first to its last; nil when it sold nothing.
func stallSalesData(sales []stallSale, programs []stallProgram) (*stallSales, error) {
	if len(sales) == 0 {
		return nil, nil
	}
	var channels []string
	for _, c := range salesChannels {
		if slices.ContainsFunc(sales, func(s stallSale) bool { return s.Channel == c.ID }) {
			channels = append(channels, c.ID)
		}
	}
	for _, s := range sales {
		if !slices.Contains(channels, s.Channel) {
			channels = append(channels, s.Channel)
		}
	}
	months := monthSpan(sales[0].Month, sales[len(sales)-1].Month)
	row := make(map[string]int, len(months))
	rows := make([]salesRow, len(months))
	for i, month := range months {
		row[dayKey(month)] = i
		rows[i] = salesRow{Month: month, Values: make([]sql.Null[int64], len(channels))}
	}
	for _, s := range sales {
		r := &rows[row[dayKey(s.Month)]]
		if !r.Total.Valid { // the month has a row: a channel without one sold nothing
			r.Total.Valid = true
			for j := range r.Values {
				r.Values[j].Valid = true
			}
		}
		r.Values[slices.Index(channels, s.Channel)].V += s.Net
		r.Total.V += s.Net
	}

	series := make([]salesSeries, len(channels))
	names := make([]string, len(channels))
	for j, c := range channels {
		names[j] = channelName(c)
		series[j] = salesSeries{Name: names[j], Values: make([]sql.Null[int64], len(rows))}
		for i, r := range rows {
			series[j].Values[i] = r.Values[j]
		}
	}
	var marks []monthMark
	for _, p := range programs {
		marks = append(marks, monthMark{Month: p.Enrolled, Label: p.Name})
	}
	chart, err := stallSalesChart(months, series, marks)
	if err != nil {
		return nil, err
	}
	return &stallSales{Chart: chart, Channels: names, Rows: rows}, nil
}

// channelName says a sales channel in Korean.
func channelName(id string) string {
	for _, c := range salesChannels {
		if c.ID == id {
			return c.Name
		}
	}
	return id
}
