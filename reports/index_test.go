package reports

import (
	"database/sql"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestSummary(t *testing.T) {
	month := func(y, m int) time.Time { return time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC) }
	rec := func(v float64) sql.Null[float64] { return sql.Null[float64]{V: v, Valid: true} }
	won := func(v int64) sql.Null[int64] { return sql.Null[int64]{V: v, Valid: true} }
	var year []marketMonth
	for m := 1; m <= 12; m++ {
		year = append(year, marketMonth{Month: month(2022, m), Recovery: rec(0.9)})
	}
	tests := []struct {
		name   string
		months []marketMonth
		want   []string
	}{
		{"no data", nil, nil},
		{"no comparable month", []marketMonth{{Month: month(2022, 1)}}, nil},
		{"one month with online sales", []marketMonth{
			{Month: month(2022, 12), Net: won(94_100_000), Online: won(18_820_000), Recovery: rec(0.941)},
		}, []string{
			"2022년 12월 시장 매출은 2019년 같은 시기의 94.1% 수준입니다.",
			"이 달 매출 9,410만원 가운데 온라인 판매는 1,882만원(20.0%)입니다.",
		}},
		{"latest month not comparable", []marketMonth{
			{Month: month(2022, 10), Recovery: rec(1.2)},
			{Month: month(2022, 11), Recovery: rec(0.8)},
			{Month: month(2022, 12)},
		}, []string{
			"2022년 11월 시장 매출은 2019년 같은 시기의 80.0% 수준입니다.",
			"최근 12개월 가운데 비교할 수 있는 2개월 중 1개월은 2019년 수준 이상이었습니다.",
		}},
		{"a full year below", year, []string{
			"2022년 12월 시장 매출은 2019년 같은 시기의 90.0% 수준입니다.",
			"최근 12개월 모두 2019년 수준에 못 미쳤습니다.",
		}},
		{"older months do not count", append([]marketMonth{{Month: month(2020, 1), Recovery: rec(1.5)}}, year[10:]...), []string{
			"2022년 12월 시장 매출은 2019년 같은 시기의 90.0% 수준입니다.",
			"최근 12개월 가운데 비교할 수 있는 2개월 모두 2019년 수준에 못 미쳤습니다.",
		}},
	}
	for _, tt := range tests {
		if got := summary(tt.months, 2019); !slices.Equal(got, tt.want) {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, tt.want)
		}
	}
}

func TestPanel(t *testing.T) {
	month := func(y, m int) time.Time { return time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC) }
	rec := func(v float64) sql.Null[float64] { return sql.Null[float64]{V: v, Valid: true} }
	p := pivot([]alleyMonth{
		{AlleyID: "A1", Name: "생선골목", Month: month(2021, 11), Recovery: rec(0.5)},
		{AlleyID: "A1", Name: "생선골목", Month: month(2022, 12), Recovery: rec(0.9)},
		{AlleyID: "A2", Name: "채소골목", Month: month(2022, 2), Recovery: rec(1.1)},
	})
	if len(p.Months) != 14 || !p.Months[0].Equal(month(2021, 11)) || !p.Months[13].Equal(month(2022, 12)) {
		t.Fatalf("pivot months = %v, want 2021-11 through 2022-12", p.Months)
	}
	recent := p.last(12)
	if len(recent.Months) != 12 || !recent.Months[0].Equal(month(2022, 1)) {
		t.Fatalf("last(12) months = %v, want 2022-01 through 2022-12", recent.Months)
	}
	if got := recent.Rows[1].Values[1]; got != rec(1.1) {
		t.Errorf("채소골목 2022-02 = %v, want 1.1", got)
	}
	rel := recent.relativeTo([]marketMonth{{Month: month(2022, 12), Recovery: rec(0.75)}})
	if got := rel.Rows[0].Values[11]; got != rec(1.2) {
		t.Errorf("생선골목 2022-12 relative = %v, want 0.9/0.75 = 1.2", got)
	}
	if got := rel.Rows[1].Values[1]; got.Valid {
		t.Errorf("채소골목 2022-02 relative = %v, want NULL (no market figure)", got)
	}
}

// The figures below are worked out in testdata/fixture.sql.

func TestRenderImpactAndBudget(t *testing.T) {
	_, page := renderFixture(t)
	for _, want := range []string{
		// the verdict on the whole project and the budget at the top
		"<p>사업 전체: 2개 사업으로 늘어난 매출은 약 10.2억 원입니다.</p>\n<p>사업 예산 4억 8,000만원 가운데 3억 2,000만원(66.7%)을 집행했습니다(집행 내역 2021.03.15 – 2021.12.20).</p>\n</section>",
		// programmes by start then id, the whole project last
		`<tr><th scope="row"><a href="evaluation.html#program_live">라이브커머스</a></th><td>1,500만원</td><td>-500 ~ 3,500만원</td><td>7,000만원</td><td>0.21원 (-0.07 ~ 0.50원)</td><td class="text">단정할 수 없음</td></tr>`,
		`<tr><th scope="row"><a href="evaluation.html#program_smartstore">스마트스토어 입점 지원</a></th><td>10.0억원</td><td>6.0 ~ 14.0억원</td><td>2억 5,000만원</td><td>4.0원 (2.4 ~ 5.6원)</td><td class="text">늘었음</td></tr>`,
		`<tr class="total"><th scope="row">사업 전체</th><td>10.2억원</td><td>6.0 ~ 14.4억원</td><td>3억 2,000만원</td><td>3.2원 (1.9 ~ 4.5원)</td><td class="text">늘었음</td></tr>`,
		// the verdicts, escaped
		"<p>라이브커머스: 방송 &lt;b&gt;효과&lt;/b&gt;는 단정할 수 없습니다.</p>",
		// the chart: programmes only, in 억원, the intervals as lines from low to high
		`"data":[{"value":0.15},{"value":10}]`,
		`"markLine":{"data":[[{"coord":[-0.05,0]},{"coord":[0.35,0]}],[{"coord":[6,1]},{"coord":[14,1]}]]`,
		`"max":15`, `"min":-0.05`,
		// budget: plan against spend by component, a component spent without a plan, the total
		`<tr><th scope="row">플랫폼 입점 지원</th><td>3억원</td><td>2억원</td><td>66.7%</td><td>1억원</td></tr>`,
		`<tr><th scope="row">홍보</th><td>1억원</td><td>5,400만원</td><td>54.0%</td><td>4,600만원</td></tr>`,
		`<tr><th scope="row">라이브커머스</th><td>8,000만원</td><td>5,600만원</td><td>70.0%</td><td>2,400만원</td></tr>`,
		`<tr><th scope="row">office</th><td>계획 없음</td><td>1,000만원</td><td>–</td><td>–</td></tr>`,
		`<tr class="total"><th scope="row">합계</th><td>4억 8,000만원</td><td>3억 2,000만원</td><td>66.7%</td><td>1억 6,000만원</td></tr>`,
		`{"name":"계획","type":"bar","data":[{"value":3},{"value":1},{"value":0.8},{"value":"-"}]}`,
		`{"name":"집행","type":"bar","data":[{"value":2},{"value":0.54},{"value":0.56},{"value":0.1}]}`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("index.html lacks %s", want)
		}
	}
	if strings.Contains(page, `"value":10.15`) {
		t.Error("the impact chart draws the whole project beside the programmes")
	}
}

func TestRenderWeeklyAndDayParts(t *testing.T) {
	_, page := renderFixture(t)
	for _, want := range []string{
		// the latest 26 weeks: from 2022-07-04, so 2022-06-27 is left out
		`<tr><th scope="row">2022.09.05</th><td>6,000만원</td><td>5,000만원</td><td>120.0%</td><td class="text">2019.09.08 – 09.14 (추석 −5…&#43;1일 맞춤)</td><td class="text"></td></tr>`,
		`<tr><th scope="row">2022.12.19</th><td>3,000만원</td><td>2,400만원</td><td>125.0%</td><td class="text">2019.12.16 – 12.22</td><td class="text"></td></tr>`,
		`<td>자료 부족</td><td class="text"></td><td class="text">견줄 수 있는 기준년도 자료 없음</td></tr>`,
		// the chart keeps every week from 2022-09-05 to 2022-12-26, 17 in all
		`"data":[{"value":120}` + strings.Repeat(`,{"value":"-"}`, 14) + `,{"value":125},{"value":"-"}]`,
		// day parts in the order of the day, summed over the alleys
		`<th scope="colgroup" colspan="2">새벽·오전</th><th scope="colgroup" colspan="2">저녁</th>`,
		`<tr><th scope="row">2022년 11월</th><td>4,000</td><td>5,000원</td><td>자료 부족</td><td>자료 부족</td><td>50.0%</td></tr>`,
		`<tr><th scope="row">2022년 12월</th><td>6,000</td><td>5,500원</td><td>2,000</td><td>4,500원</td><td>96.8%</td></tr>`,
		`{"name":"새벽·오전","type":"line","connectNulls":false,"symbolSize":5,"data":[` + strings.Repeat(`{"value":"-"},`, 10) + `{"value":5000},{"value":5500}]`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("index.html lacks %s", want)
		}
	}
	if strings.Contains(page, "33.3%") {
		t.Error("index.html shows the week of 2022-06-27, older than the latest 26")
	}
	if strings.Contains(page, "300.0%") {
		t.Error("index.html shows a prior-year week as a baseline week")
	}
}

func TestBudgetSummary(t *testing.T) {
	won := func(v int64) sql.Null[int64] { return sql.Null[int64]{V: v, Valid: true} }
	day := func(m, d int) sql.Null[time.Time] {
		return sql.Null[time.Time]{V: time.Date(2022, time.Month(m), d, 0, 0, 0, 0, time.UTC), Valid: true}
	}
	tests := []struct {
		name string
		rows []budgetRow
		want string
	}{
		// 9억 2,080만원 of 10억원 = 92.08% → 92.1%
		{"plan and spend", []budgetRow{
			{Component: "platform", Plan: won(600_000_000), Spent: 580_000_000, First: day(3, 2), Last: day(11, 30)},
			{Component: "office", Plan: won(400_000_000), Spent: 340_800_000, First: day(1, 10), Last: day(12, 1)},
		}, "사업 예산 10억원 가운데 9억 2,080만원(92.1%)을 집행했습니다(집행 내역 2022.01.10 – 2022.12.01)."},
		{"nothing spent", []budgetRow{{Component: "platform", Plan: won(300_000_000)}},
			"사업 예산 3억원 가운데 아직 집행 내역이 없습니다."},
		{"no plan", []budgetRow{{Component: "office", Spent: 5_000_000, First: day(5, 1), Last: day(5, 1)}},
			"집행한 금액은 500만원입니다(집행 내역 2022.05.01). 예산 계획이 없어 집행률은 계산하지 않았습니다."},
	}
	for _, tt := range tests {
		s, err := budgetData(tt.rows)
		if err != nil {
			t.Fatal(err)
		}
		if got := s.Summary(); got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, tt.want)
		}
	}
	if s, _ := budgetData(nil); s != nil {
		t.Error("no budget rows make a budget section")
	}
}
