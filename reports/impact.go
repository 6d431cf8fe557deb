package reports

import (
	"context"
	"database/sql"
	"strings"
)

var qProgramImpact = mustQuery("program_impact.sql")

// overallProgram is the program_id of program_impact's row for the whole
// project.
const overallProgram = "all"

// impactRow is one row of program_impact: what a programme added to its
// stalls' sales, in won with its 95% interval, what it cost and the
// verdict metrics wrote on it.
type impactRow struct {
	ProgramID   string
	Name        string
	Known       bool // table programs has it, so the evaluation page has its section
	Incremental sql.Null[int64]
	Low         sql.Null[int64]
	High        sql.Null[int64]
	Spend       sql.Null[int64] // its own budget components and its share of the shared ones
	PerWon      sql.Null[float64]
	PerWonLow   sql.Null[float64]
	PerWonHigh  sql.Null[float64]
	Verdict     sql.Null[string]

	Href string // its section on the evaluation page; "" for the whole project
}

// Overall reports whether the row sums every programme.
func (r impactRow) Overall() bool { return r.ProgramID == overallProgram }

// Estimate writes the incremental sales to the precision an estimate
// deserves: 29.9억원.
func (r impactRow) Estimate() string {
	if !r.Incremental.Valid {
		return noData
	}
	return formatWonApprox(r.Incremental.V)
}

// Interval writes the 95% interval of the incremental sales.
func (r impactRow) Interval() string {
	if !r.Low.Valid || !r.High.Valid {
		return noData
	}
	return shortRange(formatWonApprox(r.Low.V), formatWonApprox(r.High.V))
}

// shortRange writes a range whose ends share their unit with the unit
// once: 8.4 ~ 11.7억원, 7.5 ~ 9.7원, 0.90 ~ 1.65배; 1,337만원 ~ 2.1억원
// otherwise.
func shortRange(low, high string) string {
	for _, unit := range []string{"억원", "만원", "원", "배"} {
		l, lok := strings.CutSuffix(low, unit)
		h, hok := strings.CutSuffix(high, unit)
		if lok && hok && !strings.ContainsAny(l+h, "억만") {
			return l + " ~ " + h + unit
		}
		if lok || hok {
			break
		}
	}
	return low + " ~ " + high
}

// PerWonText writes sales per won spent with its interval: 4.7원 (4.0 ~
// 5.5원).
func (r impactRow) PerWonText() string {
	if !r.PerWon.Valid {
		return noData
	}
	s := formatPerWon(r.PerWon.V)
	if r.PerWonLow.Valid && r.PerWonHigh.Valid {
		s += " (" + shortRange(formatPerWon(r.PerWonLow.V), formatPerWon(r.PerWonHigh.V)) + ")"
	}
	return s
}

// Reading says in a few words what the interval allows one to conclude
// about the incremental sales; the verdicts below the table say more.
func (r impactRow) Reading() string {
	switch {
	case !r.Incremental.Valid:
		return "추정하지 못함"
	case !r.Low.Valid || !r.High.Valid:
		return "구간을 계산하지 못함"
	case r.Low.V > 0:
		return "늘었음"
	case r.High.V < 0:
		return "줄었음"
	}
	return "단정할 수 없음"
}

// impactSection is the 사업별 증가 매출 section of the index: a chart of the
// programmes, a table with the whole project last, and the verdicts.
type impactSection struct {
	Chart    *chartBlock // nil when no programme has a figure to draw
	Rows     []impactRow
	Verdicts []string // each programme's, then the whole project's
}

func loadImpact(ctx context.Context, db *sql.DB, m market) ([]impactRow, error) {
	return queryRows(ctx, db, qProgramImpact, []any{m.ID}, func(rows *sql.Rows) (impactRow, error) {
		var r impactRow
		err := rows.Scan(&r.ProgramID, &r.Name, &r.Known, &r.Incremental, &r.Low, &r.High,
			&r.Spend, &r.PerWon, &r.PerWonLow, &r.PerWonHigh, &r.Verdict)
		if r.Known && !r.Overall() {
			r.Href = m.href("evaluation", "") + "#" + programAnchor(r.ProgramID)
		}
		return r, err
	})
}

// impactData builds the section from program_impact's rows; nil without
// rows.
func impactData(rows []impactRow) (*impactSection, error) {
	if len(rows) == 0 {
		return nil, nil
	}
	s := &impactSection{Rows: rows}
	var programmes []impactRow
	for _, r := range rows {
		if !r.Overall() {
			programmes = append(programmes, r)
		}
		if r.Verdict.Valid && r.Verdict.V != "" {
			s.Verdicts = append(s.Verdicts, r.Verdict.V)
		}
	}
	if len(programmes) > 0 {
		chart, err := programImpactChart(programmes)
		if err != nil {
			return nil, err
		}
		s.Chart = &chart
	}
	return s, nil
}

// overallVerdict is the verdict of the whole project's row; "" without one.
func overallVerdict(rows []impactRow) string {
	for _, r := range rows {
		if r.Overall() && r.Verdict.Valid {
			return r.Verdict.V
		}
	}
	return ""
}
