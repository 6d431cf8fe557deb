package reports

import (
	"database/sql"
	"fmt"
	"html/template"
	"math"
	"regexp"
	"strings"
	"time"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/render"
)

// Chart IDs. They become element ids and JavaScript identifiers, so they
// are fixed ASCII names: the same data renders the same page.
const (
	chartMarketRecovery   = "market_recovery"
	chartAlleyRecovery    = "alley_recovery"
	chartOnlineShare      = "online_share"
	chartFootfallRecovery = "footfall_recovery"
)

var chartIDPattern = regexp.MustCompile(`^[A-Za-z0-9_]+$`)

// chartHeight fits two charts with their captions on one A4 page.
const chartHeight = "320px"

// The COVID-19 period shaded on recovery charts: from the first outbreak in
// Korea (2020년 2월) to the end of social distancing (2022년 4월).
var (
	covidFrom = time.Date(2020, 2, 1, 0, 0, 0, 0, time.UTC)
	covidTo   = time.Date(2022, 4, 1, 0, 0, 0, 0, time.UTC)
)

// inCovid reports whether month falls in the COVID-19 period.
func inCovid(month time.Time) bool {
	k := dayKey(month)
	return k >= dayKey(covidFrom) && k <= dayKey(covidTo)
}

// percentValue is what the tooltip shows next to a value in percent. It
// must not contain "<": see hardenScript.
const percentValue = `function (v) { return (v === null || v === undefined || v === '-') ? '자료 부족' : v + '%'; }`

// chartBlock is a rendered chart, ready for the "chart" template.
type chartBlock struct {
	ID      string
	Caption string
	Element template.HTML // go-echarts' container div
	Script  template.HTML // go-echarts' initialisation script
}

// marketRecoveryChart draws the market's recovery by month against the
// baseline year, with the COVID-19 period shaded.
func marketRecoveryChart(rows []marketMonth, baseYear int) (chartBlock, error) {
	months, values := monthly(rows, func(m marketMonth) sql.Null[float64] { return m.Recovery })
	c := newLine(chartMarketRecovery, months, false)
	c.AddSeries("시장 회복률", percentData(values), lineSeries, baselineLine(baseYear), covidArea(months))
	return snippet(c, chartMarketRecovery,
		fmt.Sprintf("월별 시장 매출 회복률 (100%% = %d년 같은 시기 매출, 음영은 코로나19 기간). 수치는 아래 표에 있습니다.", baseYear))
}

// alleyRecoveryChart draws one sales recovery line per alley.
func alleyRecoveryChart(p panel, baseYear int) (chartBlock, error) {
	return alleyLines(chartAlleyRecovery, p, baseYear,
		fmt.Sprintf("골목별 월 매출 회복률 (100%% = %d년 같은 시기 매출). 최근 12개월 수치는 아래 표에 있습니다.", baseYear))
}

// footfallRecoveryChart draws one visitor recovery line per alley.
func footfallRecoveryChart(p panel, baseYear int) (chartBlock, error) {
	return alleyLines(chartFootfallRecovery, p, baseYear,
		fmt.Sprintf("골목별 월 방문객 회복률 (100%% = %d년 같은 시기 방문객). 최근 12개월 수치는 아래 표에 있습니다.", baseYear))
}

// alleyLines draws a panel as one line per alley, with a legend.
func alleyLines(id string, p panel, baseYear int, caption string) (chartBlock, error) {
	c := newLine(id, p.Months, true)
	for i, r := range p.Rows {
		extra := []charts.SeriesOpts{lineSeries}
		if i == 0 {
			extra = append(extra, baselineLine(baseYear))
		}
		c.AddSeries(r.Name, percentData(r.Values), extra...)
	}
	return snippet(c, id, caption)
}

// onlineShareChart draws the share of sales made online, by month.
func onlineShareChart(rows []marketMonth) (chartBlock, error) {
	months, values := monthly(rows, marketMonth.OnlineShare)
	data := make([]opts.BarData, len(values))
	for i, v := range values {
		data[i] = opts.BarData{Value: percentValueOf(v)}
	}
	c := charts.NewBar()
	c.SetGlobalOptions(commonOptions(chartOnlineShare, false)...)
	c.SetXAxis(monthLabels(months))
	c.AddSeries("온라인 비중", data)
	return snippet(c, chartOnlineShare, "월별 매출 가운데 온라인 판매(스마트스토어·동네시장 장보기·라이브커머스)의 비중. 수치는 아래 표에 있습니다.")
}

// newLine starts a line chart over months with the options all our line
// charts share.
func newLine(id string, months []time.Time, legend bool) *charts.Line {
	c := charts.NewLine()
	c.SetGlobalOptions(commonOptions(id, legend)...)
	c.SetXAxis(monthLabels(months))
	return c
}

// lineSeries is how every line is drawn: a month without data is a gap,
// never joined across and never a zero.
var lineSeries = charts.WithLineChartOpts(opts.LineChart{ConnectNulls: opts.Bool(false), SymbolSize: 5})

// commonOptions sets what every chart shares: a stable id, the SVG
// renderer, no remote assets, no animation (a page printed while drawing
// would print half a chart), percent on the value axis. A legend, below
// the plot, is for charts with several series.
func commonOptions(id string, legend bool) []charts.GlobalOpts {
	bottom := "8"
	if legend {
		bottom = "40"
	}
	return []charts.GlobalOpts{
		charts.WithInitializationOpts(opts.Initialization{
			ChartID:    id,
			Renderer:   "svg",
			Width:      "100%",
			Height:     chartHeight,
			Theme:      "white", // built in: needs no theme script
			AssetsHost: "assets/",
		}),
		// ECharts comes from our own assets/echarts.min.js, never go-echarts' host.
		func(bc *charts.BaseConfiguration) { bc.ClearPresetAssets() },
		charts.WithAnimation(false),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(legend), Bottom: "0"}),
		charts.WithTooltipOpts(opts.Tooltip{
			Show:           opts.Bool(true),
			Trigger:        "axis",
			ValueFormatter: opts.FuncOpts(percentValue),
		}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "16", Top: "24", Bottom: bottom, ContainLabel: opts.Bool(true)}),
		charts.WithYAxisOpts(opts.YAxis{
			Type:      "value",
			AxisLabel: &opts.AxisLabel{Formatter: "{value}%"},
		}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category"}),
	}
}

// baselineLine marks 100%, the baseline year's level.
func baselineLine(baseYear int) charts.SeriesOpts {
	label := fmt.Sprintf("기준(%d년)", baseYear)
	return charts.WithSeriesOpts(func(s *charts.SingleSeries) {
		s.MarkLines = &opts.MarkLines{
			Data: []interface{}{opts.MarkLineNameYAxisItem{Name: label, YAxis: 100}},
			MarkLineStyle: opts.MarkLineStyle{
				Symbol:    []string{"none", "none"},
				Label:     &opts.Label{Show: opts.Bool(true), Position: "insideEndTop", Formatter: label},
				LineStyle: &opts.LineStyle{Color: "#555555", Type: "dashed", Width: 1},
			},
		}
	})
}

// covidArea shades the COVID-19 months that fall on the axis.
func covidArea(months []time.Time) charts.SeriesOpts {
	var from, to string
	for _, m := range months {
		if inCovid(m) {
			if from == "" {
				from = formatMonthShort(m)
			}
			to = formatMonthShort(m)
		}
	}
	return charts.WithSeriesOpts(func(s *charts.SingleSeries) {
		if from == "" {
			return
		}
		s.MarkAreas = &opts.MarkAreas{
			Data: []interface{}{[]opts.MarkAreaData{{Name: "코로나19 기간", XAxis: from}, {XAxis: to}}},
			MarkAreaStyle: opts.MarkAreaStyle{
				Label:     &opts.Label{Show: opts.Bool(true), Position: "insideTop", Color: "#555555"},
				ItemStyle: &opts.ItemStyle{Color: "rgba(120, 120, 120, 0.12)"},
			},
		}
	})
}

func monthLabels(months []time.Time) []string {
	labels := make([]string, len(months))
	for i, m := range months {
		labels[i] = formatMonthShort(m)
	}
	return labels
}

// percentData turns ratios into line points in percent; NULL becomes "-",
// which ECharts draws as a gap.
func percentData(values []sql.Null[float64]) []opts.LineData {
	data := make([]opts.LineData, len(values))
	for i, v := range values {
		data[i] = opts.LineData{Value: percentValueOf(v)}
	}
	return data
}

// percentValueOf is a ratio in percent rounded as the tables show it, or
// "-" for a gap.
func percentValueOf(v sql.Null[float64]) any {
	if !v.Valid || math.IsNaN(v.V) || math.IsInf(v.V, 0) {
		return "-"
	}
	return round1(v.V * 100)
}

// snippet renders a chart into a block for our templates.
func snippet(c render.Renderer, id, caption string) (chartBlock, error) {
	if !chartIDPattern.MatchString(id) {
		return chartBlock{}, fmt.Errorf("chart id %q: want [A-Za-z0-9_]+", id)
	}
	s := c.RenderSnippet()
	script, err := hardenScript(s.Script)
	if err != nil {
		return chartBlock{}, fmt.Errorf("chart %s: %w", id, err)
	}
	return chartBlock{
		ID:      id,
		Caption: caption,
		Element: template.HTML(s.Element),
		Script:  template.HTML(script),
	}, nil
}

// go-echarts writes the option JSON into the script without HTML escaping,
// so a name such as "</script><script>…" from the data would end the
// script early. Every "<" between the tags is inside a JSON string (our
// JavaScript functions contain none), where \u003c means the same thing.
const (
	scriptOpen  = `<script type="text/javascript">`
	scriptClose = `</script>`
)

func hardenScript(script string) (string, error) {
	s := strings.TrimSpace(script)
	if !strings.HasPrefix(s, scriptOpen) || !strings.HasSuffix(s, scriptClose) {
		return "", fmt.Errorf("unexpected go-echarts script %.40q", s)
	}
	body := s[len(scriptOpen) : len(s)-len(scriptClose)]
	return scriptOpen + strings.ReplaceAll(body, "<", `\u003c`) + scriptClose, nil
}
