package reports

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"
	"time"

	"sijang/metrics"
)

var qImpactDetails = mustQuery("impact_details.sql")

// impactDetail is one programme's row of program_impact as the evaluation
// page shows it: the money, the checks on the comparison, what happened
// after the support ended, the caveats and the verdict.
type impactDetail struct {
	ProgramID   string
	Name        string
	ATT         sql.Null[float64] // effect on log sales behind the won figures (live: day 0)
	Low         sql.Null[float64]
	High        sql.Null[float64]
	Sales       sql.Null[int64] // the sales the effect applies to
	Incremental sql.Null[int64]
	IncLow      sql.Null[int64]
	IncHigh     sql.Null[int64]
	Spend       sql.Null[int64]
	Direct      sql.Null[int64] // its own budget components
	Shared      sql.Null[int64] // its share of the shared ones
	PerWon      sql.Null[float64]
	PerWonLow   sql.Null[float64]
	PerWonHigh  sql.Null[float64]
	PerDirect   sql.Null[float64] // incremental sales per won of direct spend
	PretrendP   sql.Null[float64] // of the placebo
	WaldP       sql.Null[float64]
	Sensitivity sql.Null[float64] // did's Sensitivity.Multiple
	Small       sql.Null[int64]   // cohorts of fewer than fewStalls stalls
	Dropped     sql.Null[string]
	Persistence sql.Null[string]
	PostMonths  sql.Null[int64]
	PersistATT  sql.Null[float64]
	PersistLow  sql.Null[float64]
	PersistHigh sql.Null[float64]
	Verdict     sql.Null[string]

	Placebo    *estimate           // program_effects' placebo on total sales; nil without one
	Components []budgetShare       // what the spend is made of
	live       bool                // the row of live commerce: a daily multiplier, no monthly checks
	ends       sql.Null[time.Time] // the last day of support (programs.ends_on)
}

func loadImpactDetails(ctx context.Context, db *sql.DB, marketID string) ([]impactDetail, error) {
	return queryRows(ctx, db, qImpactDetails, []any{marketID}, func(rows *sql.Rows) (impactDetail, error) {
		var d impactDetail
		err := rows.Scan(&d.ProgramID, &d.Name, &d.ATT, &d.Low, &d.High, &d.Sales, &d.Incremental, &d.IncLow, &d.IncHigh,
			&d.Spend, &d.Direct, &d.Shared, &d.PerWon, &d.PerWonLow, &d.PerWonHigh, &d.PerDirect,
			&d.PretrendP, &d.WaldP, &d.Sensitivity, &d.Small, &d.Dropped,
			&d.Persistence, &d.PostMonths, &d.PersistATT, &d.PersistLow, &d.PersistHigh, &d.Verdict)
		d.live = d.ProgramID == liveProgram
		return d, err
	})
}

// Live reports whether the row is live commerce's.
func (d impactDetail) Live() bool { return d.live }

// Effect writes the effect behind the won figures with its interval: a
// change in percent, or for live commerce the multiplier of the broadcast
// day.
func (d impactDetail) Effect() string {
	if !d.ATT.Valid {
		return noData
	}
	if d.live {
		s := formatTimes(math.Exp(d.ATT.V))
		if d.Low.Valid && d.High.Valid {
			s += " (95% 신뢰구간 " + shortRange(formatTimes(math.Exp(d.Low.V)), formatTimes(math.Exp(d.High.V))) + ")"
		}
		return s
	}
	s := nullEffect(d.ATT)
	if d.Low.Valid && d.High.Valid {
		s += " (95% 신뢰구간 " + nullEffect(d.Low) + " ~ " + nullEffect(d.High) + ")"
	}
	return s
}

// EffectLabel names the effect for the row of the table.
func (d impactDetail) EffectLabel() string {
	if d.live {
		return "방송 당일 스마트스토어 매출 배율"
	}
	return "추정 효과 (매출 전체)"
}

// SalesText writes the sales the effect applies to.
func (d impactDetail) SalesText() string {
	if !d.Sales.Valid {
		return noData
	}
	return formatWonApprox(d.Sales.V)
}

// IncrementalText writes the sales the programme added with their 95%
// interval.
func (d impactDetail) IncrementalText() string {
	r := impactRow{Incremental: d.Incremental, Low: d.IncLow, High: d.IncHigh}
	if !d.IncLow.Valid || !d.IncHigh.Valid {
		return r.Estimate()
	}
	return r.Estimate() + " (95% 구간 " + r.Interval() + ")"
}

// PerWonText writes sales per won spent with its interval.
func (d impactDetail) PerWonText() string {
	return impactRow{PerWon: d.PerWon, PerWonLow: d.PerWonLow, PerWonHigh: d.PerWonHigh}.PerWonText()
}

// PlaceboText says what the placebo found: the effect of a joining moved
// six months earlier, when the programme did not exist yet, so anything
// but about 0 means the comparison stalls were already moving differently.
func (d impactDetail) PlaceboText() string {
	if d.Placebo == nil || !d.Placebo.ATT.Valid {
		return "참여 시점을 앞당긴 가짜 효과는 추정하지 못했습니다."
	}
	p := d.Placebo
	s := "가짜 효과는 " + nullEffect(p.ATT)
	var parts []string
	if p.Low.Valid && p.High.Valid {
		parts = append(parts, "95% 신뢰구간 "+nullEffect(p.Low)+" ~ "+nullEffect(p.High))
	}
	if d.PretrendP.Valid {
		parts = append(parts, "p값 "+formatP(d.PretrendP.V))
	}
	if len(parts) > 0 {
		s += "(" + strings.Join(parts, ", ") + ")"
	}
	switch {
	case d.PretrendP.Valid && d.PretrendP.V < 0.05, !d.PretrendP.Valid && p.Low.Valid && p.High.Valid && (p.Low.V > 0 || p.High.V < 0):
		return s + "로 0과 뚜렷이 다릅니다. 참여 점포가 참여 전부터 비교 점포와 다른 흐름이었을 수 있어, 추정 효과를 조심해서 읽어야 합니다."
	case d.PretrendP.Valid || (p.Low.Valid && p.High.Valid):
		return s + "로 0과 구별되지 않습니다. 비교가 어긋났다는 징후는 없습니다."
	}
	return s + "입니다."
}

// SensitivityText says how much larger than the gaps already seen before
// joining a departure from parallel trends after joining would have to be
// to flip the sign of the effect: did's Sensitivity.Multiple, |simple ATT|
// over the largest |ATT(g,t)| before joining.
func (d impactDetail) SensitivityText() string {
	if !d.Sensitivity.Valid || math.IsNaN(d.Sensitivity.V) {
		return ""
	}
	m := formatTimes(d.Sensitivity.V)
	s := "참여 후 참여 점포와 비교 점포의 흐름이 참여와 상관없이 벌어졌다면, 그 벌어짐이 추정 효과에 섞입니다. "
	if d.Sensitivity.V < 1 {
		return s + "그 벌어짐이 참여 전 달별로 가장 컸던 차이의 " + m + "만 되어도 추정 효과의 방향(늘었다/줄었다)이 뒤집힙니다. " +
			"참여 전에 이미 그보다 큰 차이가 있었으므로, 이 추정은 두 집단의 흐름이 나란하다는 가정에 민감합니다."
	}
	return s + "추정 효과의 방향(늘었다/줄었다)이 뒤집히려면 그 벌어짐이 참여 전 달별로 가장 컸던 차이의 " + m + "는 되어야 합니다. " +
		"참여 전에 본 가장 큰 차이보다 더 크게 벌어져야 하므로, 그 가정이 조금 어긋나는 정도로는 방향이 바뀌지 않습니다."
}

// WaldNote reports did's Wald pre-test over every month before joining.
func (d impactDetail) WaldNote() string {
	if !d.WaldP.Valid || math.IsNaN(d.WaldP.V) {
		return ""
	}
	s := "참고: 참여 전 모든 달·참여 시기의 차이가 함께 0인지 보는 검정(Wald 사전 검정)의 p값은 " + formatP(d.WaldP.V) + "입니다"
	if d.WaldP.V < 0.05 {
		return s + ". 0.05보다 작아, 참여 전 흐름이 달랐을 수 있습니다."
	}
	return s + "."
}

// Checked reports whether the programme has any pre-trend check to show.
func (d impactDetail) Checked() bool {
	return d.Placebo != nil || d.PretrendP.Valid || d.Sensitivity.Valid || d.WaldP.Valid
}

// persistenceNames are program_impact.persistence in words.
var persistenceNames = map[string]string{
	"persisted": "지속됨",
	"faded":     "지속된다고 말할 수 없음",
	"reversed":  "방향이 바뀜",
	"no_data":   "아직 판단할 수 없음",
	"unknown":   "판단할 수 없음",
}

// PersistenceName is the persistence state in words.
func (d impactDetail) PersistenceName() string {
	if !d.Persistence.Valid {
		return noData
	}
	if s, ok := persistenceNames[d.Persistence.V]; ok {
		return s
	}
	return d.Persistence.V
}

// PersistenceText says whether the effect outlived the support period.
// The mean effect after support is shown only for the states that rest on
// it: metrics leaves it 0, not NULL, for the others.
func (d impactDetail) PersistenceText() string {
	end := "지원 종료"
	if d.ends.Valid {
		end += "(" + formatMonth(d.ends.V) + ")"
	}
	state := ""
	if d.Persistence.Valid {
		state = d.Persistence.V
	}
	after := ""
	if d.PostMonths.Valid && d.PersistATT.Valid {
		after = fmt.Sprintf("%s 뒤 %d개월의 평균 효과는 %s", end, d.PostMonths.V, nullEffect(d.PersistATT))
		if d.PersistLow.Valid && d.PersistHigh.Valid {
			after += "(보수적으로 넓게 잡은 95% 구간 " + nullEffect(d.PersistLow) + " ~ " + nullEffect(d.PersistHigh) + ")"
		}
	}
	switch {
	case state == "no_data":
		return end + " 뒤의 자료가 아직 없어, 효과가 지원이 끝난 뒤에도 이어지는지 판단할 수 없습니다."
	case state == "persisted" && after != "":
		return after + "로, 지원이 끝난 뒤에도 효과가 이어졌습니다."
	case state == "faded" && after != "":
		return after + "로, 구간이 0을 포함해 효과가 지원이 끝난 뒤에도 이어진다고 말할 수 없습니다."
	case state == "reversed" && after != "":
		return after + "로, 지원 기간과 반대 방향입니다."
	}
	return "사업 종료일이 없거나 효과를 추정하지 못해, 지원이 끝난 뒤에도 효과가 이어지는지 판단할 수 없습니다."
}

// Caveats lists what makes the estimate less certain than it looks.
func (d impactDetail) Caveats() []string {
	var notes []string
	if d.Small.Valid && d.Small.V > 0 {
		notes = append(notes, fmt.Sprintf("참여 점포가 %d곳 미만인 참여 시기 묶음이 %d개 있습니다. 그 묶음의 추정은 우연의 영향이 큽니다.", fewStalls, d.Small.V))
	}
	if d.Dropped.Valid && d.Dropped.V != "" {
		notes = append(notes, "분석에서 뺀 자료: "+d.Dropped.V+".")
	}
	return append(notes, "증가 매출은 매출 기준이며, 비용을 뺀 이익이 아닙니다.")
}

// formatP writes a p-value with two decimals, or "0.01 미만".
func formatP(p float64) string {
	if math.IsNaN(p) {
		return noData
	}
	if p < 0.01 {
		return "0.01 미만"
	}
	return fmt.Sprintf("%.2f", p)
}

// budgetShare is one budget component's part in a programme's spend.
type budgetShare struct {
	Name   string
	Spent  int64 // the whole component
	Share  int64 // the programme's part of it
	Direct bool  // the component pays for this programme alone
}

// budgetShares splits the spend ledger's components (budget, as loadBudget
// returns them) into what the programme spent on itself and its share of
// the shared components. The shares use
// program_impact's shared_krw, so they add up to its spend_krw.
func budgetShares(programID string, budget []budgetRow, shared sql.Null[int64]) []budgetShare {
	var sharedTotal int64
	for _, b := range budget {
		if _, ok := metrics.ComponentProgram[b.Component]; !ok {
			sharedTotal += b.Spent
		}
	}
	var own, split []budgetShare
	for _, b := range budget {
		if b.Spent == 0 {
			continue
		}
		p, direct := metrics.ComponentProgram[b.Component]
		switch {
		case direct && p == programID:
			own = append(own, budgetShare{Name: b.Name, Spent: b.Spent, Share: b.Spent, Direct: true})
		case !direct && shared.Valid && shared.V > 0 && sharedTotal > 0:
			share := int64(math.Round(float64(b.Spent) * float64(shared.V) / float64(sharedTotal)))
			split = append(split, budgetShare{Name: b.Name, Spent: b.Spent, Share: share})
		}
	}
	return append(own, split...) // its own components first
}
