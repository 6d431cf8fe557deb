package metrics

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	"sijang/metrics/did"
)

// Outcomes evaluated per program: log(1 + monthly net sales) of all
// channels ("total") and of offline sales alone ("offline"), and online
// sales in won per month ("online_krw": most stalls sell nothing online
// before they join, so a log effect would be meaningless).
var Outcomes = []string{"total", "offline", "online_krw"}

// Estimate is one program's effect on one outcome.
type Estimate struct {
	Market, Program, Outcome string
	Result                   *did.Result
}

// Evaluate estimates every program's effect on each outcome with the
// staggered difference-in-differences of package did (not-yet-treated
// comparison stalls, varying base period) over stall-months whose every day
// has data, and replaces program_effects. Periods are months.
func Evaluate(ctx context.Context, db *sql.DB) ([]Estimate, error) {
	panels, err := readPanels(ctx, db)
	if err != nil {
		return nil, err
	}
	cohorts, err := readCohorts(ctx, db)
	if err != nil {
		return nil, err
	}
	var out []Estimate
	for _, key := range sortedKeys(cohorts) {
		m, program := key[0], key[1]
		p, ok := panels[m]
		if !ok {
			continue
		}
		for _, outcome := range Outcomes {
			panel := p.panel(outcome, cohorts[key])
			res, err := did.Estimate(panel, did.Options{Control: did.NotYetTreated, Base: did.Varying, Seed: 1})
			if err != nil {
				return nil, fmt.Errorf("evaluate %s/%s/%s: %w", m, program, outcome, err)
			}
			out = append(out, Estimate{Market: m, Program: program, Outcome: outcome, Result: res})
		}
	}
	return out, writeEffects(ctx, db, out)
}

// stallPanel holds a market's stall-months.
type stallPanel struct {
	unit  []string
	month []int
	krw   map[string][]float64
}

func (p *stallPanel) panel(outcome string, cohort map[string]int) did.Panel {
	pn := did.Panel{Unit: p.unit, Time: p.month, Outcome: make([]float64, len(p.unit)), Cohort: make([]int, len(p.unit)), TimeIsMonth: true}
	for i, v := range p.krw[outcome] {
		if outcome == "online_krw" {
			pn.Outcome[i] = v
		} else {
			pn.Outcome[i] = math.Log1p(math.Max(v, 0))
		}
		pn.Cohort[i] = cohort[p.unit[i]]
	}
	return pn
}

// monthIndex numbers months consecutively: year*12 + month - 1.
func monthIndex(t time.Time) int { return t.Year()*12 + int(t.Month()) - 1 }

// MonthOf turns a month index back into the first day of the month.
func MonthOf(i int) time.Time { return time.Date(i/12, time.Month(i%12+1), 1, 0, 0, 0, 0, time.UTC) }

func readPanels(ctx context.Context, db *sql.DB) (map[string]*stallPanel, error) {
	q, err := query("evaluation_panel")
	if err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("evaluation panel: %w", err)
	}
	defer rows.Close()
	panels := map[string]*stallPanel{}
	for rows.Next() {
		var m, stall string
		var month time.Time
		var total, offline, online int64
		if err := rows.Scan(&m, &stall, &month, &total, &offline, &online); err != nil {
			return nil, err
		}
		p := panels[m]
		if p == nil {
			p = &stallPanel{krw: map[string][]float64{}}
			panels[m] = p
		}
		p.unit = append(p.unit, stall)
		p.month = append(p.month, monthIndex(month))
		p.krw["total"] = append(p.krw["total"], float64(total))
		p.krw["offline"] = append(p.krw["offline"], float64(offline))
		p.krw["online_krw"] = append(p.krw["online_krw"], float64(online))
	}
	return panels, rows.Err()
}

func readCohorts(ctx context.Context, db *sql.DB) (map[[2]string]map[string]int, error) {
	q, err := query("evaluation_cohorts")
	if err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("evaluation cohorts: %w", err)
	}
	defer rows.Close()
	out := map[[2]string]map[string]int{}
	for rows.Next() {
		var m, program, stall string
		var first time.Time
		if err := rows.Scan(&m, &program, &stall, &first); err != nil {
			return nil, err
		}
		k := [2]string{m, program}
		if out[k] == nil {
			out[k] = map[string]int{}
		}
		out[k][stall] = monthIndex(first)
	}
	return out, rows.Err()
}

func sortedKeys(m map[[2]string]map[string]int) [][2]string {
	keys := make([][2]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i][0]+"|"+keys[i][1] < keys[j][0]+"|"+keys[j][1] })
	return keys
}

// yyyymm labels a month index as 202011 for program_effects.cohort.
func yyyymm(i int) int32 { t := MonthOf(i); return int32(t.Year()*100 + int(t.Month())) }

// writeEffects replaces program_effects with the estimates, in one transaction.
func writeEffects(ctx context.Context, db *sql.DB, ests []Estimate) (err error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return err
	}
	defer func() {
		if err != nil {
			conn.ExecContext(context.Background(), "ROLLBACK")
		}
	}()
	if _, err := conn.ExecContext(ctx, "DELETE FROM program_effects"); err != nil {
		return err
	}
	err = conn.Raw(func(dc any) error {
		a, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), "", "program_effects")
		if err != nil {
			return err
		}
		row := func(e Estimate, estimand string, cohort, eventTime any, eff did.Effect) error {
			return a.AppendRow(e.Market, e.Program, e.Outcome, estimand, cohort, eventTime, eff.ATT, eff.SE, eff.CILow, eff.CIHigh)
		}
		for _, e := range ests {
			r := e.Result
			if err := row(e, "simple", nil, nil, r.Simple); err != nil {
				a.Close()
				return err
			}
			for _, c := range r.Cells {
				if err := row(e, "att_gt", yyyymm(c.Group), int32(c.EventTime()), c.Effect); err != nil {
					a.Close()
					return err
				}
			}
			for _, ev := range r.Dynamic.Events {
				if err := row(e, "dynamic", nil, int32(ev.EventTime), ev.Effect); err != nil {
					a.Close()
					return err
				}
			}
			for _, g := range r.Group.Groups {
				if err := row(e, "group", yyyymm(g.Group), nil, g.Effect); err != nil {
					a.Close()
					return err
				}
			}
		}
		return a.Close()
	})
	if err != nil {
		return fmt.Errorf("program_effects: %w", err)
	}
	_, err = conn.ExecContext(ctx, "COMMIT")
	return err
}
