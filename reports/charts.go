package reports

import (
	"database/sql"
	"encoding/hex"
	"fmt"
	"html/template"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/render"
	"github.com/go-echarts/go-echarts/v2/types"
)

// Chart IDs. They become element ids and JavaScript identifiers, so they
// are fixed ASCII names: the same data renders the same page.
const (
	chartMarketRecovery   = "market_recovery"
	chartAlleyRecovery    = "alley_recovery"
	chartOnlineShare      = "online_share"
	chartFootfallRecovery = "footfall_recovery"
	chartAlleyVsMarket    = "alley_vs_market"
	chartAlleyFootfall    = "alley_footfall"
	chartStallSales       = "stall_sales"
	chartStallRecovery    = "stall_recovery"
	chartEventStudy       = "event_study_" // + the program's chartKey
	chartMarketWeekly     = "market_weekly"
	chartDayParts         = "market_day_parts"
	chartProgramImpact    = "program_impact"
	chartBudget           = "budget_execution"
	chartAlleyDayParts    = "alley_day_parts"
	chartLiveEffects      = "live_effects"
)

var chartIDPattern = regexp.MustCompile(`^[A-Za-z0-9_]+$`)

// chartKey is an id from the data as part of a chart id: the id itself
// when it is [A-Za-z0-9_]+, else "x" and its bytes in hex.
func chartKey(id string) string {
	if chartIDPattern.MatchString(id) {
		return id
	}
	return "x" + hex.EncodeToString([]byte(id))
}

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

// A value axis counts percent, won (small amounts such as sales per
// visitor), 만원 (10,000 won) or 억원 (100,000,000 won), so that axis labels
// stay short; the tables give exact amounts.
const (
	unitPercent = "%"
	unitWon     = "원"
	unitManwon  = "만원"
	unitEok     = "억원"
	unitTimes   = "배"
)

// percentValue, wonValue, manwonValue and eokValue are what the tooltip
// shows next to a value. They must not contain "<": see hardenScript.
const (
	percentValue = `function (v) { return (v === null || v === undefined || v === '-') ? '자료 부족' : v + '%'; }`
	wonValue     = `function (v) { return (v === null || v === undefined || v === '-') ? '자료 부족' : v + '원'; }`
	manwonValue  = `function (v) { return (v === null || v === undefined || v === '-') ? '자료 부족' : v + '만원'; }`
	eokValue     = `function (v) { return (v === null || v === undefined || v === '-') ? '자료 부족' : v + '억원'; }`
	timesValue   = `function (v) { return (v === null || v === undefined || v === '-') ? '자료 부족' : v + '배'; }`
)

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
	return recoveryLine(chartMarketRecovery, "시장 회복률", months, values, baseYear,
		fmt.Sprintf("월별 시장 매출 회복률 (100%% = %d년 같은 시기 매출, 음영은 코로나19 기간). 수치는 아래 표에 있습니다.", baseYear))
}

// recoveryLine draws one recovery line by month against the baseline
// year, with the COVID-19 period shaded.
func recoveryLine(id, name string, months []time.Time, values []sql.Null[float64], baseYear int, caption string) (chartBlock, error) {
	c := newLine(id, months, false)
	c.AddSeries(name, percentData(values), lineSeries, baselineLine(baseYear), covidArea(months, formatMonthShort))
	return snippet(c, id, caption)
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
	c.SetGlobalOptions(commonOptions(chartOnlineShare, false, unitPercent)...)
	c.SetXAxis(monthLabels(months))
	c.AddSeries("온라인 비중", data)
	return snippet(c, chartOnlineShare, "월별 매출 가운데 온라인 판매(스마트스토어·동네시장 장보기·라이브커머스)의 비중. 수치는 아래 표에 있습니다.")
}

// salesSeries is one channel's monthly sales in won, for stallSalesChart.
type salesSeries struct {
	Name   string
	Values []sql.Null[int64]
}

// monthMark is a labelled month on a chart's time axis: the month a stall
// joined a program.
type monthMark struct {
	Month time.Time
	Label string
}

// stallSalesChart draws a stall's monthly sales as bars stacked by channel,
// in 만원, with a vertical line at each month the stall joined a program.
func stallSalesChart(months []time.Time, series []salesSeries, marks []monthMark) (chartBlock, error) {
	c := charts.NewBar()
	c.SetGlobalOptions(commonOptions(chartStallSales, true, unitManwon)...)
	c.SetXAxis(monthLabels(months))
	for i, s := range series {
		data := make([]opts.BarData, len(s.Values))
		for j, v := range s.Values {
			data[j] = opts.BarData{Value: "-"}
			if v.Valid {
				data[j] = opts.BarData{Value: round1(float64(v.V) / 10_000)}
			}
		}
		extra := []charts.SeriesOpts{charts.WithBarChartOpts(opts.BarChart{Stack: "sales"})}
		if i == 0 && len(marks) > 0 {
			extra = append(extra, joinLines(marks))
		}
		c.AddSeries(s.Name, data, extra...)
	}
	return snippet(c, chartStallSales, "월별 매출 (판매 경로별로 쌓은 막대, 만원). 세로선은 사업에 참여한 달입니다. 정확한 금액은 아래 표에 있습니다.")
}

// joinLines draws a vertical line, labelled with the program, at each month
// a stall joined one.
func joinLines(marks []monthMark) charts.SeriesOpts {
	return charts.WithSeriesOpts(func(s *charts.SingleSeries) {
		data := make([]interface{}, len(marks))
		for i, m := range marks {
			data[i] = opts.MarkLineNameXAxisItem{Name: m.Label, XAxis: formatMonthShort(m.Month)}
		}
		s.MarkLines = &opts.MarkLines{
			Data: data,
			MarkLineStyle: opts.MarkLineStyle{
				Symbol:    []string{"none", "none"},
				Label:     &opts.Label{Show: opts.Bool(true), Position: "insideEndTop", Formatter: "{b}"},
				LineStyle: &opts.LineStyle{Color: "#555555", Type: "dashed", Width: 1},
			},
		}
	})
}

// eventPoint is one event time of an event study, on the log scale of
// program_effects.
type eventPoint struct {
	EventTime int // months since the stall joined; 0 is the month it joined
	ATT       sql.Null[float64]
	Low       sql.Null[float64]
	High      sql.Null[float64]
}

// eventTooltip shows an event time's effect with its interval; the band is
// drawn as a lower bound (series 0) plus its width (series 1). It must not
// contain "<": see hardenScript.
const eventTooltip = `function (ps) {
  var lo = ps[0].value, w = ps[1].value, att = ps[2].value;
  var head = '참여 후 ' + ps[0].axisValueLabel + '개월: ';
  if (att === '-' || att === undefined || lo === '-' || w === '-') { return head + '자료 부족'; }
  return head + att + '% (95% 신뢰구간 ' + lo + '% ~ ' + Math.round((lo + w) * 10) / 10 + '%)';
}`

// stackAll makes ECharts add the band's width to its lower bound whatever
// their signs (its default stacks only values of the same sign), which
// go-echarts has no option for.
const stackAll = `%MY_ECHARTS%.setOption({series: [{stackStrategy: 'all'}, {stackStrategy: 'all'}]});`

// eventStudyChart draws an event study: the effect by months since joining
// as exp(ATT) - 1 in percent, its 95% interval as a band, the months before
// joining shaded.
func eventStudyChart(id string, points []eventPoint) (chartBlock, error) {
	labels := make([]string, len(points))
	low := make([]opts.LineData, len(points))
	width := make([]opts.LineData, len(points))
	att := make([]opts.LineData, len(points))
	firstPre, lastPre := "", ""
	for i, p := range points {
		labels[i] = eventLabel(p.EventTime)
		if p.EventTime < 0 {
			if firstPre == "" {
				firstPre = labels[i]
			}
			lastPre = labels[i]
		}
		att[i] = opts.LineData{Value: changeValueOf(p.ATT)}
		low[i], width[i] = opts.LineData{Value: "-"}, opts.LineData{Value: "-"}
		lo, hi := changeValueOf(p.Low), changeValueOf(p.High)
		if l, ok := lo.(float64); ok {
			if h, ok := hi.(float64); ok {
				low[i], width[i] = opts.LineData{Value: l}, opts.LineData{Value: round1(h - l)}
			}
		}
	}
	c := charts.NewLine()
	c.SetGlobalOptions(commonOptions(id, true, unitPercent)...)
	c.SetGlobalOptions(
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Name: "참여 후 개월", NameLocation: "middle", NameGap: 28}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0", Data: []string{"추정 효과", "95% 신뢰구간"}}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis", Formatter: opts.FuncOpts(eventTooltip)}),
		gridBottom("64"), // room for the axis name above the legend
	)
	c.SetXAxis(labels)
	addBand(c, low, width)
	c.AddSeries("추정 효과", att,
		lineSeries,
		charts.WithItemStyleOpts(opts.ItemStyle{Color: "#1f4e8c"}),
		referenceLines("효과 없음", 0, "참여", eventLabel(0)),
		preArea("참여 전", firstPre, lastPre))
	c.AddJSFuncStrs(types.FuncStr(stackAll))
	return snippet(c, id, "참여 전후 달별 추정 효과 (선: 추정치, 띠: 95% 신뢰구간, 음영: 참여 전). 수치는 아래 표에 있습니다.")
}

// referenceLines marks no effect, a horizontal line at y, and the start of
// the treatment, a vertical line at the category x: the month of joining,
// the day of a broadcast.
func referenceLines(yName string, y float64, xName, x string) charts.SeriesOpts {
	return charts.WithSeriesOpts(func(s *charts.SingleSeries) {
		s.MarkLines = &opts.MarkLines{
			Data: []interface{}{
				opts.MarkLineNameYAxisItem{Name: yName, YAxis: y},
				opts.MarkLineNameXAxisItem{Name: xName, XAxis: x},
			},
			MarkLineStyle: opts.MarkLineStyle{
				Symbol:    []string{"none", "none"},
				Label:     &opts.Label{Show: opts.Bool(true), Position: "insideEndTop", Formatter: "{b}"},
				LineStyle: &opts.LineStyle{Color: "#555555", Type: "dashed", Width: 1},
			},
		}
	})
}

// preArea shades the categories from first to last, before the treatment,
// labelled name.
func preArea(name, first, last string) charts.SeriesOpts {
	return charts.WithSeriesOpts(func(s *charts.SingleSeries) {
		if first == "" {
			return
		}
		s.MarkAreas = &opts.MarkAreas{
			Data: []interface{}{[]opts.MarkAreaData{{Name: name, XAxis: first}, {XAxis: last}}},
			MarkAreaStyle: opts.MarkAreaStyle{
				Label:     &opts.Label{Show: opts.Bool(true), Position: "insideTop", Color: "#555555"},
				ItemStyle: &opts.ItemStyle{Color: "rgba(120, 120, 120, 0.12)"},
			},
		}
	})
}

// eventLabel writes an event time with its sign: -3, 0, +3.
func eventLabel(e int) string {
	if e > 0 {
		return "+" + strconv.Itoa(e)
	}
	return strconv.Itoa(e)
}

// changeValueOf is an effect on the log scale as the percent change it
// means, exp(v) - 1, rounded as the tables show it, or "-" for a gap.
func changeValueOf(v sql.Null[float64]) any {
	if !v.Valid || math.IsNaN(v.V) || math.IsInf(v.V, 0) {
		return "-"
	}
	return round1(math.Expm1(v.V) * 100)
}

// liveTooltip shows a day's multiplier with its interval, drawn as in
// eventTooltip. It must not contain "<": see hardenScript.
const liveTooltip = `function (ps) {
  var lo = ps[0].value, w = ps[1].value, m = ps[2].value;
  var head = ps[0].axisValueLabel + ': ';
  if (m === '-' || m === undefined || lo === '-' || w === '-') { return head + '자료 부족'; }
  return head + m + '배 (95% 신뢰구간 ' + lo + ' ~ ' + Math.round((lo + w) * 100) / 100 + '배)';
}`

// liveChart draws the live-commerce study: the featured stalls' Smart
// Store sales against a usual day, by day from the broadcast, with its 95%
// interval as a band and the days before the broadcast shaded.
func liveChart(rows []liveRow) (chartBlock, error) {
	labels := make([]string, len(rows))
	low := make([]opts.LineData, len(rows))
	width := make([]opts.LineData, len(rows))
	mult := make([]opts.LineData, len(rows))
	firstPre, lastPre, broadcast := "", "", ""
	for i, r := range rows {
		labels[i] = r.Day()
		switch {
		case r.Offset < 0 && firstPre == "":
			firstPre, lastPre = labels[i], labels[i]
		case r.Offset < 0:
			lastPre = labels[i]
		case r.Offset == 0:
			broadcast = labels[i]
		}
		mult[i] = opts.LineData{Value: timesValueOf(r.ATT)}
		low[i], width[i] = opts.LineData{Value: "-"}, opts.LineData{Value: "-"}
		if l, ok := timesValueOf(r.Low).(float64); ok {
			if h, ok := timesValueOf(r.High).(float64); ok {
				low[i], width[i] = opts.LineData{Value: l}, opts.LineData{Value: round2(h - l)}
			}
		}
	}
	c := charts.NewLine()
	c.SetGlobalOptions(commonOptions(chartLiveEffects, true, unitTimes)...)
	c.SetGlobalOptions(
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0", Data: []string{"평소 대비 배율", "95% 신뢰구간"}}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis", Formatter: opts.FuncOpts(liveTooltip)}),
	)
	c.SetXAxis(labels)
	addBand(c, low, width)
	c.AddSeries("평소 대비 배율", mult,
		lineSeries,
		charts.WithItemStyleOpts(opts.ItemStyle{Color: "#1f4e8c"}),
		referenceLines("평소(1배)", 1, "방송", broadcast),
		preArea("방송 전", firstPre, lastPre))
	c.AddJSFuncStrs(types.FuncStr(stackAll))
	return snippet(c, chartLiveEffects, "방송일 전후 출연 점포의 스마트스토어 매출이 평소의 몇 배였는지 (선: 추정치, 띠: 95% 신뢰구간, 음영: 방송 전으로 1배 근처여야 하는 기간). 수치는 아래 표에 있습니다.")
}

// timesValueOf is an effect on the log scale as the multiplier it means,
// exp(v), rounded as the tables show it, or "-" for a gap.
func timesValueOf(v sql.Null[float64]) any {
	if !v.Valid || math.IsNaN(v.V) || math.IsInf(v.V, 0) {
		return "-"
	}
	return round2(math.Exp(v.V))
}

// round2 rounds to two decimals and never returns -0.
func round2(v float64) float64 {
	v = math.Round(v*100) / 100
	if v == 0 {
		return 0
	}
	return v
}

// newLine starts a line chart over months with the options all our line
// charts share.
func newLine(id string, months []time.Time, legend bool) *charts.Line {
	c := charts.NewLine()
	c.SetGlobalOptions(commonOptions(id, legend, unitPercent)...)
	c.SetXAxis(monthLabels(months))
	return c
}

// lineSeries is how every line is drawn: a month without data is a gap,
// never joined across and never a zero.
var lineSeries = charts.WithLineChartOpts(opts.LineChart{ConnectNulls: opts.Bool(false), SymbolSize: 5})

// commonOptions sets what every chart shares: a stable id, the SVG
// renderer, no remote assets, no animation (a page printed while drawing
// would print half a chart), the unit (unitPercent or unitManwon) on the
// value axis. A legend, below the plot, is for charts with several series.
func commonOptions(id string, legend bool, unit string) []charts.GlobalOpts {
	bottom := "8"
	if legend {
		bottom = "40"
	}
	formatter := percentValue
	switch unit {
	case unitWon:
		formatter = wonValue
	case unitManwon:
		formatter = manwonValue
	case unitEok:
		formatter = eokValue
	case unitTimes:
		formatter = timesValue
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
			ValueFormatter: opts.FuncOpts(formatter),
		}),
		gridBottom(bottom),
		charts.WithYAxisOpts(opts.YAxis{
			Type:      "value",
			AxisLabel: &opts.AxisLabel{Formatter: types.FuncStr("{value}" + unit)},
		}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category"}),
	}
}

// gridBottom sets the one plot area, leaving bottom pixels below it for the
// axis labels and the legend.
func gridBottom(bottom string) charts.GlobalOpts {
	return func(bc *charts.BaseConfiguration) {
		bc.GridList = []opts.Grid{{Left: "8", Right: "16", Top: "24", Bottom: bottom, ContainLabel: opts.Bool(true)}}
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

// covidArea shades the months or weeks on the axis that fall in the
// COVID-19 period (a week by the month it starts in); label writes them as
// the axis does.
func covidArea(axis []time.Time, label func(time.Time) string) charts.SeriesOpts {
	var from, to string
	for _, t := range axis {
		if inCovid(time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)) {
			if from == "" {
				from = label(t)
			}
			to = label(t)
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

// addBand draws a 95% interval as a shaded band: an invisible line at the
// lower end and, stacked on it, the band's width; the chart must also add
// stackAll. The series are named 하한 and 95% 신뢰구간.
func addBand(c *charts.Line, low, width []opts.LineData) {
	hidden := opts.LineStyle{Opacity: opts.Float(0)}
	c.AddSeries("하한", low,
		charts.WithLineChartOpts(opts.LineChart{Stack: "ci", ShowSymbol: opts.Bool(false), ConnectNulls: opts.Bool(false)}),
		charts.WithLineStyleOpts(hidden))
	c.AddSeries("95% 신뢰구간", width,
		charts.WithLineChartOpts(opts.LineChart{Stack: "ci", ShowSymbol: opts.Bool(false), ConnectNulls: opts.Bool(false)}),
		charts.WithLineStyleOpts(hidden),
		charts.WithAreaStyleOpts(opts.AreaStyle{Color: "rgba(31, 78, 140, 0.2)"}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: "rgba(31, 78, 140, 0.35)"}))
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

// weeklyRecoveryChart draws the market's recovery by week against the
// baseline year, every week from the first row to the last; rows are
// ordered by week.
func weeklyRecoveryChart(rows []weekRow, baseYear int) (chartBlock, error) {
	weeks := weekSpan(rows[0].Week, rows[len(rows)-1].Week)
	byWeek := make(map[string]sql.Null[float64], len(rows))
	for _, r := range rows {
		byWeek[dayKey(r.Week)] = r.Recovery
	}
	values := make([]sql.Null[float64], len(weeks))
	labels := make([]string, len(weeks))
	for i, w := range weeks {
		values[i], labels[i] = byWeek[dayKey(w)], formatDay(w)
	}
	c := charts.NewLine()
	c.SetGlobalOptions(commonOptions(chartMarketWeekly, false, unitPercent)...)
	c.SetXAxis(labels)
	c.AddSeries("주간 회복률", percentData(values), lineSeries, baselineLine(baseYear), covidArea(weeks, formatDay))
	return snippet(c, chartMarketWeekly, fmt.Sprintf(
		"주별 시장 매출 회복률 (100%% = %d년 같은 시기 매출, 가로축은 주가 시작하는 월요일). 수치는 아래 표에 있습니다.", baseYear))
}

// markEnd is one end of a line drawn with markLine, at a category's index
// and a value.
type markEnd struct {
	Coord [2]any `json:"coord"`
}

// sideways lays a bar chart on its side (call XYReversal too): the
// categories down the left, the first at the top, so that long names stay
// readable; the values, in unit, along the bottom.
func sideways(unit string) []charts.GlobalOpts {
	return []charts.GlobalOpts{
		charts.WithXAxisOpts(opts.XAxis{
			Type:      "value",
			AxisLabel: &opts.AxisLabel{Formatter: types.FuncStr("{value}" + unit)},
		}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true)}),
		func(bc *charts.BaseConfiguration) { // room for the last value label, centred on the plot's end
			for i := range bc.GridList {
				bc.GridList[i].Right = "40"
			}
		},
	}
}

// programImpactChart draws each programme's incremental sales in 억원 as a
// bar, with its 95% interval as a line through its end.
func programImpactChart(rows []impactRow) (chartBlock, error) {
	bars := make([]intervalBar, len(rows))
	for i, r := range rows {
		bars[i] = intervalBar{Name: r.Name, Value: eokValueOf(r.Incremental), Low: eokValueOf(r.Low), High: eokValueOf(r.High)}
	}
	return intervalBarChart(chartProgramImpact, unitEok, "증가 매출", bars,
		"사업별로 참여 점포에서 늘어난 매출 (막대: 추정치, 가로선: 95% 구간, 억원). 사업 전체 합계와 정확한 금액은 아래 표에 있습니다.")
}

// intervalBar is one bar of intervalBarChart: its value and the ends of
// its interval, each a number in the chart's unit or "-" for a gap.
type intervalBar struct {
	Name             string
	Value, Low, High any
}

// intervalBarChart draws sideways bars, the first at the top, each with its
// 95% interval as a line through its end; the value axis reaches the ends
// of the intervals, which ECharts leaves out of its extent.
func intervalBarChart(id, unit, series string, bars []intervalBar, caption string) (chartBlock, error) {
	names := make([]string, len(bars))
	data := make([]opts.BarData, len(bars))
	var intervals []interface{}
	var lo, hi float64
	for i, b := range bars {
		for _, v := range []any{b.Value, b.Low, b.High} {
			if f, ok := v.(float64); ok {
				lo, hi = min(lo, f), max(hi, f)
			}
		}
		names[i] = b.Name
		data[i] = opts.BarData{Value: b.Value}
		_, lowOK := b.Low.(float64)
		_, highOK := b.High.(float64)
		if lowOK && highOK {
			intervals = append(intervals, [2]markEnd{{[2]any{b.Low, i}}, {[2]any{b.High, i}}})
		}
	}
	c := charts.NewBar()
	c.SetGlobalOptions(commonOptions(id, false, unit)...)
	c.SetGlobalOptions(sideways(unit)...)
	if hi > 0 {
		c.XAxisList[0].Max = niceCeil(hi)
	}
	if lo < 0 {
		c.XAxisList[0].Min = -niceCeil(-lo)
	}
	c.XYReversal()
	c.SetXAxis(names)
	c.AddSeries(series, data, charts.WithSeriesOpts(func(s *charts.SingleSeries) {
		if len(intervals) == 0 {
			return
		}
		s.MarkLines = &opts.MarkLines{
			Data: intervals,
			MarkLineStyle: opts.MarkLineStyle{
				Symbol:    []string{"none", "none"},
				Label:     &opts.Label{Show: opts.Bool(false)},
				LineStyle: &opts.LineStyle{Color: "#1a1a1a", Type: "solid", Width: 2},
			},
		}
	}))
	return snippet(c, id, caption)
}

// budgetChart draws each budget component's plan beside what was spent,
// in 억원.
func budgetChart(rows []budgetRow) (chartBlock, error) {
	names := make([]string, len(rows))
	plan := make([]opts.BarData, len(rows))
	spent := make([]opts.BarData, len(rows))
	for i, r := range rows {
		names[i] = r.Name
		plan[i] = opts.BarData{Value: eokValueOf(r.Plan)}
		spent[i] = opts.BarData{Value: eokValueOf(sql.Null[int64]{V: r.Spent, Valid: true})}
	}
	c := charts.NewBar()
	c.SetGlobalOptions(commonOptions(chartBudget, true, unitEok)...)
	c.SetGlobalOptions(sideways(unitEok)...)
	c.XYReversal()
	c.SetXAxis(names)
	c.AddSeries("계획", plan)
	c.AddSeries("집행", spent)
	return snippet(c, chartBudget, "비목별 예산 계획과 집행액 (억원). 정확한 금액과 집행률은 아래 표에 있습니다.")
}

// dayPartChart draws offline sales per visitor by month, one line per day
// part, in won.
func dayPartChart(id string, t *dayPartTable, caption string) (chartBlock, error) {
	months := make([]time.Time, len(t.Rows))
	for i, r := range t.Rows {
		months[i] = r.Month
	}
	c := charts.NewLine()
	c.SetGlobalOptions(commonOptions(id, true, unitWon)...)
	c.SetXAxis(monthLabels(months))
	for j, name := range t.Parts {
		data := make([]opts.LineData, len(t.Rows))
		for i, r := range t.Rows {
			data[i] = opts.LineData{Value: "-"}
			if v := r.Cells[j].PerVisitor; v.Valid && !math.IsNaN(v.V) && !math.IsInf(v.V, 0) {
				data[i] = opts.LineData{Value: math.Round(v.V)}
			}
		}
		c.AddSeries(name, data, lineSeries)
	}
	return snippet(c, id, caption)
}

// niceCeil rounds a positive axis end up to a multiple of half its order of
// magnitude (33.7 → 35, 0.18 → 0.2), so that the ticks stay round; 0
// stays 0.
func niceCeil(v float64) float64 {
	if v <= 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	step := math.Pow(10, math.Floor(math.Log10(v))) / 2
	return math.Round(math.Ceil(v/step-1e-9)*step*1e6) / 1e6 // 0.05/0.005 is 10.000000000000002
}

// eokValueOf is an amount in 억원 rounded to two decimals, or "-" for a
// gap.
func eokValueOf(v sql.Null[int64]) any {
	if !v.Valid {
		return "-"
	}
	r := math.Round(float64(v.V)/1e6) / 100
	if r == 0 {
		return 0.0
	}
	return r
}
