package reports

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"math"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// The 입점 후보 page: per programme, the ranked candidates with intervals
// and reasons, the budget view, the effects by stall group behind the
// ranking, the backtest that says how far to trust it, the stalls left
// out, and a link to the workbook the page's figures come from.

// shortlistPageRows is how many candidates of a programme the page lists;
// the workbook holds them all.
const shortlistPageRows = 30

// shortlistChartRows is how many candidates the gain chart draws.
const shortlistChartRows = 15

// Chart id prefixes of the page; + the programme's chartKey.
const (
	chartShortlistGain = "shortlist_gain_"
	chartBacktest      = "shortlist_backtest_"
)

// shortlistPage is the data of templates/shortlist.html.
type shortlistPage struct {
	Workbook string // file name of the workbook beside the page; "" without candidates
	Programs []shortlistSection
}

// shortlistSection is one programme's part of the page.
type shortlistSection struct {
	Anchor, Name string
	GainID       string // the gain chart's id; its table is GainID_table
	BacktestID   string // the backtest chart's id; its table is BacktestID_table
	Total        int    // candidates in all
	Rows         []shortlistLine
	Budget       string // the budget view in a sentence
	Backtest     string // the backtest in a sentence
	GainChart    *chartBlock
	BacktestRows []backtestLine
	BacktestPlot *chartBlock
	Groups       []groupLine
	Excluded     []ShortlistExcluded
}

type shortlistLine struct {
	Rank                             int
	Href, Name, Alley, Category      string
	Gain, Interval, Effect, Sales    string
	Recovery, MarketRecovery, Budget string
	Reasons                          string
}

type backtestLine struct {
	Rank                                string
	Href, Name                          string
	Predicted, Realised, RealisedEffect string
}

type groupLine struct {
	Category, Alley               string
	Stalls                        int
	Raw, Weight, Effect, Interval string
}

// shortlistData gathers the 입점 후보 page of market m.
func shortlistData(ctx context.Context, db *sql.DB, m market) (any, error) {
	sl, err := readMarketShortlist(ctx, db, m)
	if err != nil {
		return nil, err
	}
	page := &shortlistPage{}
	if len(sl.Programs) > 0 {
		page.Workbook = shortlistWorkbookName(m)
	}
	for _, p := range sl.Programs {
		sec := shortlistSection{Anchor: "program_" + chartKey(p.Program), Name: p.ProgramName, Total: len(p.Rows),
			GainID: chartShortlistGain + chartKey(p.Program), BacktestID: chartBacktest + chartKey(p.Program),
			Budget: budgetSentence(p.Budget), Backtest: p.Backtest.Summary(), Excluded: p.Excluded}
		for i, r := range p.Rows {
			if i == shortlistPageRows {
				break
			}
			budget := ""
			if r.InBudget {
				budget = "예"
			}
			sec.Rows = append(sec.Rows, shortlistLine{
				Rank: r.Rank, Href: m.href("stall", r.Stall), Name: r.StallName, Alley: r.Alley, Category: r.Category,
				Gain: nullWon(r.GainKRW), Interval: nullWon(r.GainLowKRW) + " ~ " + nullWon(r.GainHighKRW),
				Effect: nullEffect(r.Effect), Sales: nullWon(r.SalesKRW),
				Recovery: nullPercent(r.Recovery), MarketRecovery: nullPercent(r.MarketRecovery), Budget: budget, Reasons: r.Reasons,
			})
		}
		if len(p.Rows) > 0 {
			c, err := shortlistGainChart(sec.GainID, p.Rows)
			if err != nil {
				return nil, err
			}
			sec.GainChart = &c
		}
		for _, b := range p.Backtest.Stalls {
			rank := ""
			if b.PredictedRank.Valid {
				rank = fmt.Sprint(b.PredictedRank.V)
			}
			sec.BacktestRows = append(sec.BacktestRows, backtestLine{
				Rank: rank, Href: m.href("stall", b.Stall), Name: b.StallName,
				Predicted: nullWon(b.PredictedKRW), Realised: nullWon(b.RealisedKRW), RealisedEffect: nullEffect(b.RealisedEffect),
			})
		}
		if len(p.Backtest.Stalls) > 0 {
			c, err := backtestChart(sec.BacktestID, p.Backtest.Stalls)
			if err != nil {
				return nil, err
			}
			sec.BacktestPlot = &c
		}
		for _, g := range p.Groups {
			sec.Groups = append(sec.Groups, groupLine{
				Category: g.Category, Alley: g.AlleyName, Stalls: g.Stalls,
				Raw: nullEffect(g.Raw), Weight: nullPercent(g.Weight), Effect: nullEffect(g.Effect),
				Interval: nullEffect(g.Low) + " ~ " + nullEffect(g.High),
			})
		}
		page.Programs = append(page.Programs, sec)
	}
	return page, nil
}

// readMarketShortlist reads every programme's shortlist of market m.
func readMarketShortlist(ctx context.Context, db *sql.DB, m market) (*Shortlist, error) {
	all, err := ReadShortlist(ctx, db, "", 0)
	if err != nil {
		return nil, err
	}
	out := &Shortlist{}
	for _, p := range all.Programs {
		if p.Market == m.ID {
			out.Programs = append(out.Programs, p)
		}
	}
	return out, nil
}

// shortlistWorkbookName is the file name of market m's shortlist workbook.
func shortlistWorkbookName(m market) string { return "shortlist" + m.suffix + ".xlsx" }

// shortlistWorkbook renders market m's shortlist workbook; nil when the
// market has no shortlist.
func shortlistWorkbook(ctx context.Context, db *sql.DB, m market) ([]byte, error) {
	sl, err := readMarketShortlist(ctx, db, m)
	if err != nil || len(sl.Programs) == 0 {
		return nil, err
	}
	var buf bytes.Buffer
	if err := sl.WriteXLSX(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// budgetSentence says what the budget left buys.
func budgetSentence(b ShortlistBudget) string {
	if b.Note != "" {
		return b.Note
	}
	source := map[string]string{"ledger": "사업비 집행내역의 점포당 비용", "market.yaml": "market.yaml에 정한 점포당 비용"}[b.CostSource]
	return fmt.Sprintf("남은 예산 %s, %s %s으로 %d곳을 더 입점시킬 수 있습니다. 위에서부터 %d곳을 고르면 12개월 기대 증가 매출은 %s(95%% 구간 %s ~ %s)입니다.",
		nullWon(b.LeftKRW), source, nullWon(b.CostKRW), b.Stalls, b.Stalls, nullWon(b.GainKRW), nullWon(b.GainLowKRW), nullWon(b.GainHighKRW))
}

// shortlistGainChart draws the first candidates' expected gains in 만원
// with their 95% intervals, largest at the top.
func shortlistGainChart(id string, rows []ShortlistRow) (chartBlock, error) {
	rows = rows[:min(len(rows), shortlistChartRows)]
	bars := make([]intervalBar, len(rows))
	for i, r := range rows {
		bars[i] = intervalBar{Name: fmt.Sprintf("%d. %s", r.Rank, r.StallName),
			Value: manwonValueOf(r.GainKRW), Low: manwonValueOf(r.GainLowKRW), High: manwonValueOf(r.GainHighKRW)}
	}
	return intervalBarChart(id, unitManwon, "기대 증가 매출", bars,
		fmt.Sprintf("상위 %d곳의 12개월 기대 증가 매출 (막대: 추정치, 가로선: 95%% 구간, 만원). 전체 목록은 아래 표와 엑셀 파일에 있습니다.", len(rows)))
}

// manwonValueOf is an amount in whole 만원, or "-" for a gap.
func manwonValueOf(v sql.Null[int64]) any {
	if !v.Valid {
		return "-"
	}
	return math.Round(float64(v.V) / 1e4)
}

// backtestChart draws the backtest wave's stalls: predicted gain across,
// realised gain up, in 만원.
func backtestChart(id string, stalls []BacktestStall) (chartBlock, error) {
	var data []opts.ScatterData
	for _, s := range stalls {
		if !s.PredictedKRW.Valid || !s.RealisedKRW.Valid {
			continue
		}
		data = append(data, opts.ScatterData{
			Name:  s.StallName,
			Value: []any{manwonValueOf(s.PredictedKRW), manwonValueOf(s.RealisedKRW)},
		})
	}
	c := charts.NewScatter()
	c.SetGlobalOptions(commonOptions(id, false, unitManwon)...)
	c.SetGlobalOptions(
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: "예측(만원)", NameLocation: "middle", NameGap: 28}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: "실제(만원)"}),
	)
	c.AddSeries("참여 점포", data)
	return snippet(c, id, "검증한 참여 차수 점포들: 참여 전에 예측한 증가 매출(가로)과 실제 증가 매출(세로), 만원. 점들이 왼쪽 아래에서 오른쪽 위로 늘어설수록 순위가 맞은 것입니다.")
}
