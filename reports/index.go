package reports

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
)

// tableMonths is how many of the latest months the wide alley tables show;
// twelve columns still fit an A4 page.
const tableMonths = 12

// tableWeeks is how many of the latest weeks the weekly recovery shows.
const tableWeeks = 26

var qMarketWeeks = mustQuery("market_weeks.sql")

// indexPage is the data of templates/index.html, the market at a glance.
// A nil section has no data and shows 자료 없음.
type indexPage struct {
	BaseYear int
	Summary  []string
	Market   *marketSection
	Weekly   *weeklySection
	Alleys   *alleySection
	Online   *marketSection
	Footfall *alleySection
	DayParts *dayPartSection
	Effects  []effectRow
	Impact   *impactSection
	Budget   *budgetSection
}

// weeklySection is the market's latest tableWeeks weeks against the
// baseline year.
type weeklySection struct {
	Chart chartBlock
	Rows  []weekRow
	Weeks int
}

type marketSection struct {
	Chart chartBlock
	Rows  []marketMonth
}

type alleySection struct {
	Chart  chartBlock
	Tables []panelTable // the latest tableMonths months
}

// panelTable is a panel shown as a table by the "panel" template.
type panelTable struct {
	ID      string
	Caption string
	Panel   panel
	Times   bool // values are ratios to the market (1.05배), not percentages
}

type effectRow struct {
	effect
	Outcome string // in words
	Reading string // what the interval allows one to say
}

// indexData gathers the 사업 현황 page of market m.
func indexData(ctx context.Context, db *sql.DB, m market) (any, error) {
	p := indexPage{BaseYear: m.BaselineYear}

	months, err := loadMarketRecovery(ctx, db, m.ID)
	if err != nil {
		return nil, err
	}
	if len(months) > 0 {
		chart, err := marketRecoveryChart(months, m.BaselineYear)
		if err != nil {
			return nil, err
		}
		p.Market = &marketSection{Chart: chart, Rows: months}
		if chart, err = onlineShareChart(months); err != nil {
			return nil, err
		}
		p.Online = &marketSection{Chart: chart, Rows: months}
	}
	if p.Summary = summary(months, m.BaselineYear); len(p.Summary) == 0 {
		p.Summary = []string{fmt.Sprintf("아직 %d년과 비교할 수 있는 달이 없습니다.", m.BaselineYear)}
	}

	weeks, err := queryRows(ctx, db, qMarketWeeks, []any{m.ID}, func(rows *sql.Rows) (weekRow, error) {
		var w weekRow
		err := rows.Scan(append([]any{&w.Week}, w.scanTargets()...)...)
		return w, err
	})
	if err != nil {
		return nil, err
	}
	if weeks = recentWeeks(weeks, tableWeeks); len(weeks) > 0 {
		chart, err := weeklyRecoveryChart(weeks, m.BaselineYear)
		if err != nil {
			return nil, err
		}
		p.Weekly = &weeklySection{Chart: chart, Rows: weeks, Weeks: tableWeeks}
	}

	alleys, err := loadAlleyMonths(ctx, db, qAlleyRecovery, m.ID)
	if err != nil {
		return nil, err
	}
	if len(alleys) > 0 {
		all := pivot(alleys)
		m.linkAlleys(all)
		chart, err := alleyRecoveryChart(all, m.BaselineYear)
		if err != nil {
			return nil, err
		}
		recent := all.last(tableMonths)
		p.Alleys = &alleySection{Chart: chart, Tables: []panelTable{
			{ID: chartAlleyRecovery + "_table", Panel: recent,
				Caption: fmt.Sprintf("골목별 매출 회복률, 최근 %d개월 (100%% = %d년 같은 시기)", tableMonths, m.BaselineYear)},
			{ID: "alley_relative_table", Panel: recent.relativeTo(months), Times: true,
				Caption: "시장 전체 대비 골목 회복률 (골목 회복률 ÷ 시장 회복률, 1.00배보다 크면 시장보다 잘 회복)"},
		}}
	}

	footfall, err := loadAlleyMonths(ctx, db, qFootfallRecovery, m.ID)
	if err != nil {
		return nil, err
	}
	if len(footfall) > 0 {
		all := pivot(footfall)
		m.linkAlleys(all)
		chart, err := footfallRecoveryChart(all, m.BaselineYear)
		if err != nil {
			return nil, err
		}
		recent := all.last(tableMonths)
		p.Footfall = &alleySection{Chart: chart, Tables: []panelTable{
			{ID: chartFootfallRecovery + "_table", Panel: recent,
				Caption: fmt.Sprintf("골목별 방문객 회복률, 최근 %d개월 (100%% = %d년 같은 시기)", tableMonths, m.BaselineYear)},
		}}
	}

	parts, err := loadDayParts(ctx, db, qMarketDayParts, m.ID)
	if err != nil {
		return nil, err
	}
	if p.DayParts, err = dayPartData(chartDayParts, parts,
		fmt.Sprintf("시장 전체 시간대별 방문객과 방문객 1인당 오프라인(카드) 매출, 최근 %d개월 (모든 센서가 세고 모든 점포의 자료가 있는 시간만 셈)", dayPartMonths),
		"시간대별 방문객 1인당 오프라인(카드) 매출 (원). 수치는 아래 표에 있습니다."); err != nil {
		return nil, err
	}

	effects, err := loadEffects(ctx, db, m.ID, "simple")
	if err != nil {
		return nil, err
	}
	for _, e := range effects {
		p.Effects = append(p.Effects, effectRow{effect: e, Outcome: outcomeName(e.Outcome), Reading: reading(e)})
	}

	impact, err := loadImpact(ctx, db, m)
	if err != nil {
		return nil, err
	}
	if p.Impact, err = impactData(impact); err != nil {
		return nil, err
	}
	if v := overallVerdict(impact); v != "" {
		p.Summary = append(p.Summary, v)
	}

	budget, err := loadBudget(ctx, db, m.ID)
	if err != nil {
		return nil, err
	}
	if p.Budget, err = budgetData(budget); err != nil {
		return nil, err
	}
	if p.Budget != nil {
		p.Summary = append(p.Summary, p.Budget.Summary())
	}
	return p, nil
}

// linkAlleys points each row of p at its alley's page.
func (m market) linkAlleys(p panel) {
	for i, r := range p.Rows {
		if slices.ContainsFunc(m.alleys, func(a alley) bool { return a.ID == r.ID }) {
			p.Rows[i].Href = m.href("alley", r.ID)
		}
	}
}

// summary says in plain words where the market stands in its latest
// comparable month.
func summary(months []marketMonth, baseYear int) []string {
	latest := -1
	for i, m := range months {
		if m.Recovery.Valid {
			latest = i
		}
	}
	if latest < 0 {
		return nil
	}
	m := months[latest]
	out := []string{fmt.Sprintf("%s 시장 매출은 %d년 같은 시기의 %s 수준입니다.",
		formatMonth(m.Month), baseYear, formatPercent(m.Recovery.V))}
	if share := m.OnlineShare(); share.Valid {
		out = append(out, fmt.Sprintf("이 달 매출 %s 가운데 온라인 판매는 %s(%s)입니다.",
			formatWon(m.Net.V), formatWon(m.Online.V), formatPercent(share.V)))
	}
	from := months[len(months)-1].Month.AddDate(0, -(tableMonths - 1), 0)
	compared, above := 0, 0
	for _, m := range months {
		if m.Recovery.Valid && !m.Month.Before(from) {
			compared++
			if m.Recovery.V >= 1 {
				above++
			}
		}
	}
	switch {
	case compared < 2:
	case above == 0 && compared == tableMonths:
		out = append(out, fmt.Sprintf("최근 %d개월 모두 %d년 수준에 못 미쳤습니다.", tableMonths, baseYear))
	case above == 0:
		out = append(out, fmt.Sprintf("최근 %d개월 가운데 비교할 수 있는 %d개월 모두 %d년 수준에 못 미쳤습니다.", tableMonths, compared, baseYear))
	case compared == tableMonths:
		out = append(out, fmt.Sprintf("최근 %d개월 가운데 %d개월은 %d년 수준 이상이었습니다.", tableMonths, above, baseYear))
	default:
		out = append(out, fmt.Sprintf("최근 %d개월 가운데 비교할 수 있는 %d개월 중 %d개월은 %d년 수준 이상이었습니다.", tableMonths, compared, above, baseYear))
	}
	return out
}

// outcomeName says in words what an outcome column of program_effects
// measures; an unknown one shows as it is.
func outcomeName(outcome string) string {
	switch outcome {
	case "total":
		return "매출(전체)"
	case "offline":
		return "오프라인 매출"
	case "online":
		return "온라인 매출"
	}
	return outcome
}

// reading says what the 95% interval of an effect allows one to conclude.
func reading(e effect) string {
	switch {
	case !e.Low.Valid || !e.High.Valid:
		return "신뢰구간을 계산하지 못했습니다"
	case e.Low.V > 0:
		return "늘었다고 볼 수 있습니다"
	case e.High.V < 0:
		return "줄었다고 볼 수 있습니다"
	}
	return "효과가 있다고 단정하기 어렵습니다"
}
