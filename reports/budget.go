package reports

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

var qBudget = mustQuery("budget.sql")

// budgetRow is one budget component (비목): its plan from market.yaml and
// what the spend ledger records against it.
type budgetRow struct {
	Component string
	Name      string
	Plan      sql.Null[int64] // NULL for a component spent without a plan
	Spent     int64
	First     sql.Null[time.Time] // the first and last day spent
	Last      sql.Null[time.Time]
}

// Rate is the share of the plan spent; NULL without a plan.
func (b budgetRow) Rate() sql.Null[float64] {
	if !b.Plan.Valid || b.Plan.V <= 0 {
		return sql.Null[float64]{}
	}
	return sql.Null[float64]{V: float64(b.Spent) / float64(b.Plan.V), Valid: true}
}

// Left is what remains of the plan; NULL without a plan.
func (b budgetRow) Left() sql.Null[int64] {
	if !b.Plan.Valid {
		return sql.Null[int64]{}
	}
	return sql.Null[int64]{V: b.Plan.V - b.Spent, Valid: true}
}

// budgetSection is the 예산 집행 section of the index.
type budgetSection struct {
	Chart  chartBlock
	Rows   []budgetRow
	Total  budgetRow // every component; its plan is NULL when no component has one
	Period string    // the first to the last day spent, "" without spending
}

func loadBudget(ctx context.Context, db *sql.DB, marketID string) ([]budgetRow, error) {
	return queryRows(ctx, db, qBudget, []any{marketID, marketID}, func(rows *sql.Rows) (budgetRow, error) {
		var b budgetRow
		err := rows.Scan(&b.Component, &b.Name, &b.Plan, &b.Spent, &b.First, &b.Last)
		return b, err
	})
}

// budgetData adds up the components; nil when there is neither a plan nor
// any spending.
func budgetData(rows []budgetRow) (*budgetSection, error) {
	if len(rows) == 0 {
		return nil, nil
	}
	s := &budgetSection{Rows: rows, Total: budgetRow{Name: "합계"}}
	for _, r := range rows {
		if r.Plan.Valid {
			s.Total.Plan.V += r.Plan.V
			s.Total.Plan.Valid = true
		}
		s.Total.Spent += r.Spent
		if r.First.Valid && (!s.Total.First.Valid || r.First.V.Before(s.Total.First.V)) {
			s.Total.First = r.First
		}
		if r.Last.Valid && (!s.Total.Last.Valid || r.Last.V.After(s.Total.Last.V)) {
			s.Total.Last = r.Last
		}
	}
	switch first, last := s.Total.First, s.Total.Last; {
	case first.Valid && last.Valid && first.V.Equal(last.V):
		s.Period = formatDay(first.V)
	case first.Valid && last.Valid:
		s.Period = formatDay(first.V) + " – " + formatDay(last.V)
	}
	var err error
	if s.Chart, err = budgetChart(rows); err != nil {
		return nil, err
	}
	return s, nil
}

// Summary says in one sentence how much of the budget has been spent.
func (s *budgetSection) Summary() string {
	t := s.Total
	period := ""
	if s.Period != "" {
		period = "(집행 내역 " + s.Period + ")"
	}
	switch {
	case !t.Rate().Valid && t.Spent == 0:
		return "예산 계획도 집행 내역도 아직 없습니다."
	case !t.Rate().Valid:
		return fmt.Sprintf("집행한 금액은 %s입니다%s. 예산 계획이 없어 집행률은 계산하지 않았습니다.", formatWon(t.Spent), period)
	case t.Spent == 0:
		return fmt.Sprintf("사업 예산 %s 가운데 아직 집행 내역이 없습니다.", formatWon(t.Plan.V))
	}
	return fmt.Sprintf("사업 예산 %s 가운데 %s(%s)을 집행했습니다%s.", formatWon(t.Plan.V), formatWon(t.Spent), formatPercent(t.Rate().V), period)
}
