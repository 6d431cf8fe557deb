package reports

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

var (
	qStalls          = mustQuery("stalls.sql")
	qAlleyComparison = mustQuery("alley_comparison.sql")
	qAnchorStalls    = mustQuery("anchor_stalls.sql")
)

// comparisonMonths is how many of the latest months an alley's comparison
// table shows.
const comparisonMonths = 24

// stallRow is one stall with its grade in the market's latest comparable
// month.
type stallRow struct {
	ID       string
	Name     string
	AlleyID  string
	Category sql.Null[string]
	Opened   sql.Null[time.Time]
	Closed   sql.Null[time.Time]

	Month       sql.Null[time.Time] // the market's latest comparable month
	HasRow      bool                // the stall has a row in stall_recovery that month
	Recovery    sql.Null[float64]
	Reason      sql.Null[string]
	MissingDays sql.Null[int64]

	Href  string // the stall's page
	Grade grade
}

// Note says why a stall has no grade; "" when it has one.
func (s stallRow) Note() string {
	if !s.Month.Valid || s.Recovery.Valid {
		return ""
	}
	if !s.HasRow {
		return "그달 자료 없음"
	}
	return recoveryReason(s.Reason, s.MissingDays)
}

func loadStalls(ctx context.Context, db *sql.DB, m market) ([]stallRow, error) {
	return queryRows(ctx, db, qStalls, []any{m.ID, m.ID}, func(rows *sql.Rows) (stallRow, error) {
		var s stallRow
		err := rows.Scan(&s.ID, &s.Name, &s.AlleyID, &s.Category, &s.Opened, &s.Closed,
			&s.Month, &s.HasRow, &s.Recovery, &s.Reason, &s.MissingDays)
		s.Href = m.href("stall", s.ID)
		s.Grade = gradeOf(s.Recovery, m.GradeGreen, m.GradeYellow)
		return s, err
	})
}

// alleyPage is the data of templates/alley.html: one alley against the
// market, its stalls and its visitors. A nil section has no data.
type alleyPage struct {
	Name             string
	BaseYear         int
	Summary          []string
	Recovery         *alleyRecovery
	Stalls           []stallRow
	GradeMonth       sql.Null[time.Time]
	Legend           string // what the grades mean
	Footfall         *alleyFootfall
	Comparisons      []alleyComparison // the latest comparisonMonths months
	ComparisonMonths int
	Anchors          *anchorSection
	DayParts         *dayPartSection
}

// anchorRow is one anchor stall (핵 점포) of an alley in one month: one of
// the stalls, largest share first, that carry the first half of the
// alley's change in sales against the baseline.
type anchorRow struct {
	AlleyID     string
	Month       time.Time
	StallID     string
	Name        string
	Net         int64 // over the days matched on both sides
	Baseline    int64
	Change      int64 // Net - Baseline
	Share       sql.Null[float64]
	Rank        int64
	AlleyChange int64 // the whole alley's change
	AlleyStalls int64 // the stalls it is shared between
	Href        string
}

// anchorSection is an alley's anchor stalls in its latest month.
type anchorSection struct {
	BaseYear    int
	Month       time.Time
	Rows        []anchorRow
	AlleyChange int64
	Stalls      int64
}

// Summary says how much the anchor stalls carry of the alley's change.
func (a anchorSection) Summary() string {
	moved := "늘었고"
	if a.AlleyChange < 0 {
		moved = "줄었고"
	}
	var share float64
	for _, r := range a.Rows {
		share += r.Share.V
	}
	s := fmt.Sprintf("%s 이 골목 매출은 %d년 같은 시기보다 %s %s(견준 점포 %d곳), 그 변화의 %s를 핵 점포 %d곳이 차지합니다.",
		formatMonth(a.Month), a.BaseYear, formatWon(absInt(a.AlleyChange)), moved, a.Stalls, formatPercent(share), len(a.Rows))
	if round1(share*100) > 100 {
		s += " 나머지 점포는 합쳐서 반대 방향으로 움직여, 핵 점포의 몫이 100%를 넘습니다."
	}
	return s
}

func absInt(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// alleyInputs are the rows of one alley that its page shows.
type alleyInputs struct {
	sales, visits []alleyMonth
	stalls        []stallRow
	comparisons   []alleyComparison
	anchors       []anchorRow
	dayParts      []dayPart
}

type alleyRecovery struct {
	Chart chartBlock
	Rows  []alleyVsMarket
}

// alleyVsMarket is one month of an alley beside the market.
type alleyVsMarket struct {
	Month    time.Time
	Net      sql.Null[int64]
	Baseline sql.Null[int64]
	Recovery sql.Null[float64]
	Market   sql.Null[float64]
	Relative sql.Null[float64] // Recovery / Market
}

type alleyFootfall struct {
	Chart chartBlock
	Rows  []alleyMonth
}

// alleyPages gathers one page per alley of market m.
func alleyPages(ctx context.Context, db *sql.DB, m market) ([]instance, error) {
	marketMonths, err := loadMarketRecovery(ctx, db, m.ID)
	if err != nil {
		return nil, err
	}
	sales, err := loadAlleyMonths(ctx, db, qAlleyRecovery, m.ID)
	if err != nil {
		return nil, err
	}
	visits, err := loadAlleyMonths(ctx, db, qFootfallRecovery, m.ID)
	if err != nil {
		return nil, err
	}
	stalls, err := loadStalls(ctx, db, m)
	if err != nil {
		return nil, err
	}
	comparisons, err := queryRows(ctx, db, qAlleyComparison, []any{m.ID}, func(rows *sql.Rows) (alleyComparison, error) {
		var c alleyComparison
		err := rows.Scan(append(append([]any{&c.AlleyID, &c.Month}, c.Baseline.scanTargets()...), c.PriorYear.scanTargets()...)...)
		c.Grade = gradeOf(c.Baseline.Recovery, m.GradeGreen, m.GradeYellow)
		return c, err
	})
	if err != nil {
		return nil, err
	}
	anchors, err := queryRows(ctx, db, qAnchorStalls, []any{m.ID, m.ID}, func(rows *sql.Rows) (anchorRow, error) {
		var r anchorRow
		err := rows.Scan(&r.AlleyID, &r.Month, &r.StallID, &r.Name, &r.Net, &r.Baseline, &r.Change, &r.Share, &r.Rank,
			&r.AlleyChange, &r.AlleyStalls)
		r.Href = m.href("stall", r.StallID)
		return r, err
	})
	if err != nil {
		return nil, err
	}
	parts, err := loadDayParts(ctx, db, qAlleyDayParts, m.ID)
	if err != nil {
		return nil, err
	}
	byAlley := func(a alleyMonth) string { return a.AlleyID }
	salesOf, visitsOf := groupBy(sales, byAlley), groupBy(visits, byAlley)
	stallsOf := groupBy(stalls, func(s stallRow) string { return s.AlleyID })
	comparisonsOf := groupBy(comparisons, func(c alleyComparison) string { return c.AlleyID })
	anchorsOf := groupBy(anchors, func(r anchorRow) string { return r.AlleyID })
	partsOf := groupBy(parts, func(d dayPart) string { return d.AlleyID })

	var out []instance
	for _, a := range m.alleys {
		p, err := alleyData(m, a, marketMonths, alleyInputs{
			sales: salesOf[a.ID], visits: visitsOf[a.ID], stalls: stallsOf[a.ID],
			comparisons: comparisonsOf[a.ID], anchors: anchorsOf[a.ID], dayParts: partsOf[a.ID],
		})
		if err != nil {
			return nil, fmt.Errorf("alley %s: %w", a.ID, err)
		}
		out = append(out, instance{
			key:    a.ID,
			title:  a.Name,
			crumbs: []link{{Href: m.href("index", ""), Label: "사업 현황"}},
			data:   p,
		})
	}
	return out, nil
}

func alleyData(m market, a alley, marketMonths []marketMonth, in alleyInputs) (alleyPage, error) {
	sales, visits, stalls := in.sales, in.visits, in.stalls
	p := alleyPage{
		Name:     a.Name,
		BaseYear: m.BaselineYear,
		Stalls:   stalls,
		Legend: fmt.Sprintf("등급: 초록 = 기준의 %s 이상, 노랑 = %s 이상, 빨강 = %s 미만, 자료 부족 = 그달 회복률을 계산할 수 없음.",
			formatPercent(m.GradeGreen), formatPercent(m.GradeYellow), formatPercent(m.GradeYellow)),
	}
	if len(stalls) > 0 {
		p.GradeMonth = stalls[0].Month
	}

	if len(sales) > 0 {
		marketOf := make(map[string]sql.Null[float64], len(marketMonths))
		for _, mm := range marketMonths {
			marketOf[dayKey(mm.Month)] = mm.Recovery
		}
		salesOf := make(map[string]alleyMonth, len(sales))
		for _, s := range sales {
			salesOf[dayKey(s.Month)] = s
		}
		months := monthSpan(sales[0].Month, sales[len(sales)-1].Month)
		chartPanel := panel{Months: months, Rows: []panelRow{
			{Name: a.Name, Values: make([]sql.Null[float64], len(months))},
			{Name: "시장 전체", Values: make([]sql.Null[float64], len(months))},
		}}
		rows := make([]alleyVsMarket, len(months))
		for i, month := range months {
			s, mk := salesOf[dayKey(month)], marketOf[dayKey(month)]
			r := alleyVsMarket{Month: month, Net: s.Value, Baseline: s.Baseline, Recovery: s.Recovery, Market: mk}
			if r.Recovery.Valid && mk.Valid && mk.V != 0 {
				r.Relative = sql.Null[float64]{V: r.Recovery.V / mk.V, Valid: true}
			}
			rows[i] = r
			chartPanel.Rows[0].Values[i], chartPanel.Rows[1].Values[i] = r.Recovery, mk
		}
		chart, err := alleyLines(chartAlleyVsMarket, chartPanel, m.BaselineYear,
			fmt.Sprintf("이 골목과 시장 전체의 월 매출 회복률 (100%% = %d년 같은 시기 매출). 수치는 아래 표에 있습니다.", m.BaselineYear))
		if err != nil {
			return p, err
		}
		p.Recovery = &alleyRecovery{Chart: chart, Rows: rows}
		p.Summary = alleySummary(a.Name, rows, m.BaselineYear)
	}
	if s := gradeSummary(stalls); s != "" {
		p.Summary = append(p.Summary, s)
	}

	if len(visits) > 0 {
		months, values := spread(visits, func(v alleyMonth) time.Time { return v.Month }, func(v alleyMonth) sql.Null[float64] { return v.Recovery })
		chart, err := recoveryLine(chartAlleyFootfall, "방문객 회복률", months, values, m.BaselineYear,
			fmt.Sprintf("%s의 월 방문객 회복률 (100%% = %d년 같은 시기 방문객, 음영은 코로나19 기간). 수치는 아래 표에 있습니다.", a.Name, m.BaselineYear))
		if err != nil {
			return p, err
		}
		p.Footfall = &alleyFootfall{Chart: chart, Rows: visits}
	}

	p.ComparisonMonths = comparisonMonths
	p.Comparisons = recentMonths(in.comparisons, func(c alleyComparison) time.Time { return c.Month }, comparisonMonths)
	if len(in.anchors) > 0 {
		r := in.anchors[0]
		p.Anchors = &anchorSection{BaseYear: m.BaselineYear, Month: r.Month, Rows: in.anchors, AlleyChange: r.AlleyChange, Stalls: r.AlleyStalls}
	}
	var err error
	if p.DayParts, err = dayPartData(chartAlleyDayParts, in.dayParts,
		fmt.Sprintf("%s의 시간대별 방문객과 방문객 1인당 오프라인(카드) 매출, 최근 %d개월 (골목의 모든 센서가 세고 모든 점포의 자료가 있는 시간만 셈)", a.Name, dayPartMonths),
		"시간대별 방문객 1인당 오프라인(카드) 매출 (원). 수치는 아래 표에 있습니다."); err != nil {
		return p, err
	}
	return p, nil
}

// alleySummary says where the alley stands in its latest comparable month,
// beside the market.
func alleySummary(name string, rows []alleyVsMarket, baseYear int) []string {
	for i := len(rows) - 1; i >= 0; i-- {
		r := rows[i]
		if !r.Recovery.Valid {
			continue
		}
		s := fmt.Sprintf("%s %s 매출은 %d년 같은 시기의 %s 수준입니다.", formatMonth(r.Month), name, baseYear, formatPercent(r.Recovery.V))
		if r.Relative.Valid {
			s = fmt.Sprintf("%s %s 매출은 %d년 같은 시기의 %s 수준으로, 시장 전체(%s)의 %s입니다.",
				formatMonth(r.Month), name, baseYear, formatPercent(r.Recovery.V), formatPercent(r.Market.V), formatTimes(r.Relative.V))
		}
		return []string{s}
	}
	return nil
}

// gradeSummary counts the stalls of each grade.
func gradeSummary(stalls []stallRow) string {
	if len(stalls) == 0 || !stalls[0].Month.Valid {
		return ""
	}
	n := map[string]int{}
	for _, s := range stalls {
		n[s.Grade.Class]++
	}
	return fmt.Sprintf("%s 점포 %d곳 가운데 초록 %d곳, 노랑 %d곳, 빨강 %d곳, 자료 부족 %d곳입니다.",
		formatMonth(stalls[0].Month.V), len(stalls), n["green"], n["yellow"], n["red"], n["gray"])
}
