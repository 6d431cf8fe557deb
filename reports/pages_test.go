package reports

import (
	"context"
	"database/sql"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// readPage reads one rendered page.
func readPage(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// htmlFiles lists the pages of a rendered site.
func htmlFiles(t *testing.T, dir string) []string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.html"))
	if err != nil {
		t.Fatal(err)
	}
	for i, n := range names {
		names[i] = filepath.Base(n)
	}
	return names
}

func TestRenderWritesEveryPage(t *testing.T) {
	dir, _ := renderFixture(t)
	want := []string{
		"alley_A1.html", "alley_A2.html", "evaluation.html", "index.html", "methods.html",
		"quality.html", "shortlist.html", "stall_S1.html", "stall_S2.html",
	}
	if got := htmlFiles(t, dir); !slices.Equal(got, want) {
		t.Errorf("pages = %v, want %v", got, want)
	}
}

// The figures below are worked out in testdata/fixture.sql.

func TestRenderAlleyPage(t *testing.T) {
	dir, _ := renderFixture(t)
	page := readPage(t, dir, "alley_A1.html")
	for _, want := range []string{
		"<title>남광주시장 생선골목</title>",
		`<p class="crumbs"><a href="index.html">사업 현황</a></p>`,
		"<h1>남광주시장 생선골목</h1>",
		`<li><a href="alley_A1.html" aria-current="page">생선골목</a></li>`,
		"2022년 12월 생선골목 매출은 2019년 같은 시기의 84.7% 수준으로, 시장 전체(94.1%)의 0.90배입니다.",
		"2022년 12월 점포 1곳 가운데 초록 0곳, 노랑 1곳, 빨강 0곳, 자료 부족 0곳입니다.",
		`<th scope="row">2022년 10월</th><td>7,800만원</td><td>6,000만원</td><td>130.0%</td><td>123.5%</td><td>1.05배</td>`,
		"<caption>점포별 2022년 12월 매출 회복률과 등급</caption>",
		`<tr><th scope="row"><a href="stall_S1.html">영광굴비</a></th><td class="text">fish</td><td>90.0%</td><td class="text"><span class="grade yellow">노랑</span></td>`,
		`<th scope="row">2022년 12월</th><td>8,000</td><td>10,000</td><td>80.0%</td>`,
		`{"name":"생선골목","type":"line"`,
		`{"name":"시장 전체","type":"line"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("alley_A1.html lacks %s", want)
		}
	}
	// An alley without stalls' grades or visitors says so.
	page = readPage(t, dir, "alley_A2.html")
	for _, want := range []string{
		`<span class="grade gray">자료 부족</span></td><td class="text">기준년도 자료 없음</td>`,
		"자료 없음: 이 골목의 방문객 계수 자료가 아직 없습니다.",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("alley_A2.html lacks %s", want)
		}
	}
}

func TestRenderStallPage(t *testing.T) {
	dir, _ := renderFixture(t)
	page := readPage(t, dir, "stall_S1.html")
	for _, want := range []string{
		`<p class="crumbs"><a href="index.html">사업 현황</a> › <a href="alley_A1.html">생선골목</a></p>`,
		"<h1>남광주시장 영광굴비</h1>",
		`<dt>2022년 12월 등급</dt><dd><span class="grade yellow">노랑</span> 90.0%`,
		// sales by channel: a month without rows is 자료 부족, a channel without a row that month 0원
		`<thead><tr><th scope="col">월</th><th scope="col">오프라인(카드)</th><th scope="col">스마트스토어</th><th scope="col">합계</th></tr></thead>`,
		`<th scope="row">2022년 10월</th><td>250만원</td><td>500,000원</td><td>300만원</td>`,
		`<th scope="row">2022년 11월</th><td>자료 부족</td><td>자료 부족</td><td>자료 부족</td>`,
		`<th scope="row">2022년 12월</th><td>180만원</td><td>0원</td><td>180만원</td>`,
		`"stack":"sales","data":[{"value":200},{"value":250},{"value":"-"},{"value":180}]`,
		`"markLine":{"data":[{"name":"스마트스토어 입점 지원","xAxis":"2022.10"}]`,
		// recovery with its grade, against the alley and the prior year, the
		// baseline days and their alignment to 추석, and the reason for a NULL
		`<th scope="row">2022년 9월</th><td>200만원</td><td>250만원</td><td>80.0%</td><td class="text"><span class="grade yellow">노랑</span></td><td>자료 부족</td><td>125.0%</td><td class="text">2019.09.09 – 10.06 (추석 −9…&#43;3일 맞춤)</td><td class="text"></td></tr>`,
		`<td>125.0%</td><td class="text"><span class="grade green">초록</span></td><td>자료 부족</td><td>자료 부족</td><td class="text">2019.10.07 – 11.03</td><td class="text">전년 자료 없음</td>`,
		`<td>자료 부족</td><td class="text">2019.11.04 – 12.01</td><td class="text">자료 없는 날 3일</td>`,
		`<td>90.0%</td><td class="text"><span class="grade yellow">노랑</span></td><td>1.06배</td><td>75.0%</td><td class="text">2019.12.02 – 12.29</td>`,
		// Smart Store KPIs of the last 12 months: 2021-06 is left out
		`<caption>최근 12개월의 주문 수,`,
		`<tr><th scope="row">2022년 10월</th><td>300만원</td><td>60</td><td>50,000원</td><td>16.7%</td><td>8</td><td>25.0%</td><td class="text"></td></tr>`,
		`<tr><th scope="row">2022년 11월</th><td>150만원</td><td>30</td><td>50,000원</td><td>자료 부족</td><td>0</td><td>–</td><td class="text">자료 없는 날 3일</td></tr>`,
		`<a href="evaluation.html#program_smartstore">스마트스토어 입점 지원</a></th><td>2022.10.05</td>`,
		`<td class="text">라이브커머스 방송</td><td class="text">굴비 &lt;b&gt;특가&lt;/b&gt; 라이브</td>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("stall_S1.html lacks %s", want)
		}
	}
	if strings.Contains(page, "<td>999</td>") {
		t.Error("stall_S1.html shows the KPIs of 2021-06, older than the last 12 months")
	}
	page = readPage(t, dir, "stall_S2.html")
	for _, want := range []string{
		"자료 없음: 이 점포의 주문 통계가 아직 계산되지 않았습니다.",
		`<td class="text">기준년도 매출 없음</td>`,
		`<td class="text">기준년도 자료 없음</td>`,
		"참여한 사업이 없습니다.",
		"이 점포가 나온 방송이 없습니다.",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("stall_S2.html lacks %s", want)
		}
	}
}

// TestRenderStallNameEscaped renders the stall named
// <script>alert(1)</script>: its name is text everywhere it appears.
func TestRenderStallNameEscaped(t *testing.T) {
	dir, _ := renderFixture(t)
	name := "&lt;script&gt;alert(1)&lt;/script&gt;"
	page := readPage(t, dir, "stall_S2.html")
	for _, want := range []string{
		"<title>남광주시장 " + name + "</title>",
		"<h1>남광주시장 " + name + "</h1>",
		`<a href="alley_A2.html">` + name + "</a>",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("stall_S2.html lacks %s", want)
		}
	}
	for _, f := range htmlFiles(t, dir) {
		page := readPage(t, dir, f)
		if strings.Contains(page, "<script>alert(1)") || strings.Contains(page, "<b>특가") {
			t.Errorf("%s has a name from the data as markup", f)
		}
		// Outside the tags themselves, no script body may contain "<".
		for _, body := range regexp.MustCompile(`(?s)<script[^>]*>(.*?)</script>`).FindAllStringSubmatch(page, -1) {
			if strings.Contains(body[1], "<") {
				t.Errorf("%s: a script contains %q", f, "<")
			}
		}
	}
	if page := readPage(t, dir, "quality.html"); !strings.Contains(page, `<a href="stall_S2.html">`+name+"</a>") {
		t.Error("quality.html does not list the stall by its escaped name")
	}
}

func TestRenderEvaluationPage(t *testing.T) {
	dir, _ := renderFixture(t)
	page := readPage(t, dir, "evaluation.html")
	for _, want := range []string{
		`<section id="program_smartstore">`,
		"매출(전체): 참여 점포는 참여하지 않았을 경우보다 약 10.5% 많았던 것으로 추정됩니다.",
		"오프라인 매출: 참여 점포는 참여하지 않았을 경우보다 약 4.9% 적었던 것으로 추정됩니다. 다만 95% 신뢰구간(-11.3% ~ &#43;2.0%)이 0을 포함하므로 효과가 있다고 단정할 수 없습니다.",
		"점포당 한 달에 약 123만원 많았던",
		`<th scope="row">온라인 매출 (점포당 월 금액)</th><td>&#43;123만원</td><td>&#43;234,567원 ~ &#43;223만원</td>`,
		// total before offline before online
		"<tbody>\n<tr><th scope=\"row\">매출(전체)</th>",
		// the event study: exp(att) - 1, the band as lower bound plus width
		`<tr><th scope="row">-2</th><td>&#43;1.0%</td><td>-2.0% ~ &#43;4.1%</td><td class="text">참여 전</td></tr>`,
		`<tr><th scope="row">&#43;1</th><td>&#43;22.1%</td><td>&#43;10.5% ~ &#43;35.0%</td><td class="text">참여 후</td></tr>`,
		`"name":"하한","type":"line","stack":"ci"`,
		`"data":[{"value":6.1},{"value":7.9},{"value":17.7},{"value":24.5}]`,
		`{"name":"참여 전","xAxis":"-2"},{"xAxis":"-1"}`,
		"setOption({series: [{stackStrategy: 'all'}, {stackStrategy: 'all'}]});",
		"참여 전 2개월 모두 95% 신뢰구간이 0%를 포함합니다.",
		// cohorts and their caveats
		`<th scope="row">2022년 10월</th><td>1곳</td><td>&#43;12.7%</td><td>&#43;1.0% ~ &#43;25.9%</td><td class="text">점포가 1곳뿐이라 우연의 영향이 큽니다 · 참여 후 3개월만 관찰했습니다</td>`,
		// the verdict, escaped, at the top of each programme's section
		"<p class=\"verdict\">스마트스토어 입점 지원: 참여 점포의 월 매출이 늘었습니다.</p>",
		"<p class=\"verdict\">라이브커머스: 방송 &lt;b&gt;효과&lt;/b&gt;는 단정할 수 없습니다.</p>",
		// incremental sales and what they cost
		`<tr><th scope="row">추정 효과 (매출 전체)</th><td>&#43;10.5% (95% 신뢰구간 &#43;6.2% ~ &#43;15.0%)</td></tr>`,
		`<tr><th scope="row">적용 매출 (참여 후 참여 점포의 매출)</th><td>110.0억원</td></tr>`,
		`<tr><th scope="row">증가 매출</th><td>10.0억원 (95% 구간 6.0 ~ 14.0억원)</td></tr>`,
		`<tr><th scope="row">투입 예산</th><td>2억 5,000만원</td></tr>`,
		`<tr><th scope="row">그중 직접비</th><td>2억원</td></tr>`,
		`<tr><th scope="row">그중 공통비 배분</th><td>5,000만원</td></tr>`,
		`<tr><th scope="row">1원당 매출</th><td>4.0원 (2.4 ~ 5.6원)</td></tr>`,
		`<tr><th scope="row">직접비 기준 1원당 매출</th><td>5.0원</td></tr>`,
		// by budget component: its own in full, the shared ones in proportion to direct spend
		`<tr><th scope="row">플랫폼 입점 지원</th><td>2억원</td><td>2억원</td><td class="text">이 사업 직접비</td></tr>`,
		`<tr><th scope="row">홍보</th><td>5,400만원</td><td>4,219만원</td><td class="text">공통비 배분</td></tr>`,
		`<tr><th scope="row">office</th><td>1,000만원</td><td>781만원</td><td class="text">공통비 배분</td></tr>`,
		`<tr class="total"><th scope="row">합계</th><td></td><td>2억 5,000만원</td><td></td></tr>`,
		// the pre-trend check
		"가짜 효과는 &#43;2.0%(95% 신뢰구간 -3.0% ~ &#43;7.3%, p값 0.41)로 0과 구별되지 않습니다.",
		"참여 전 달별로 가장 컸던 차이의 0.80배만 되어도 추정 효과의 방향(늘었다/줄었다)이 뒤집힙니다.",
		"이 추정은 두 집단의 흐름이 나란하다는 가정에 민감합니다.",
		"(Wald 사전 검정)의 p값은 0.03입니다. 0.05보다 작아, 참여 전 흐름이 달랐을 수 있습니다.",
		// persistence and caveats
		"<p><strong>지속됨</strong>: 지원 종료 뒤 3개월의 평균 효과는 &#43;8.3%(보수적으로 넓게 잡은 95% 구간 &#43;1.0% ~ &#43;16.2%)로, 지원이 끝난 뒤에도 효과가 이어졌습니다.</p>",
		"<li>참여 점포가 5곳 미만인 참여 시기 묶음이 1개 있습니다. 그 묶음의 추정은 우연의 영향이 큽니다.</li>",
		"<li>분석에서 뺀 자료: 개점·폐점한 달의 점포-월 4개 제외.</li>",
		// live commerce: the daily multipliers, a missing day as a gap
		`<section id="program_live">`,
		`<tr><th scope="row">3일 전</th><td>1.05배</td><td>0.86 ~ 1.28배</td><td>4건 (2곳)</td><td></td><td class="text">방송 전: 1배와 구별되지 않음</td></tr>`,
		`<tr><th scope="row">2일 전</th><td>자료 부족</td><td>자료 부족</td><td></td><td></td><td class="text">추정하지 못함</td></tr>`,
		`<tr><th scope="row">1일 전</th><td>1.35배</td><td>1.05 ~ 1.73배</td><td>5건 (3곳)</td><td></td><td class="text">방송 전인데 1배와 달라 주의</td></tr>`,
		`<tr><th scope="row">방송일</th><td>1.22배</td><td>0.90 ~ 1.65배</td><td>5건 (3곳)</td><td>163만원 (-946,538원 ~ 354만원)</td><td class="text">단정할 수 없음</td></tr>`,
		`<tr><th scope="row">1일 뒤</th><td>1.11배</td><td>1.02 ~ 1.20배</td><td>5건 (3곳)</td><td>570,975원 (118,808 ~ 988,379원)</td><td class="text">늘었음</td></tr>`,
		`"data":[{"value":1.05},{"value":"-"},{"value":1.35},{"value":1.22},{"value":1.11}]`,
		`"data":[{"value":0.42},{"value":"-"},{"value":0.68},{"value":0.75},{"value":0.18}]`,
		`[{"name":"방송 전","xAxis":"3일 전"},{"xAxis":"1일 전"}]`,
		// live commerce's money and budget
		`<tr><th scope="row">방송 당일 스마트스토어 매출 배율</th><td>1.22배 (95% 신뢰구간 0.90 ~ 1.65배)</td></tr>`,
		`<tr><th scope="row">직접비 기준 1원당 매출</th><td>0.27원</td></tr>`,
		`<tr><th scope="row">라이브커머스</th><td>5,600만원</td><td>5,600만원</td><td class="text">이 사업 직접비</td></tr>`,
		`<tr><th scope="row">홍보</th><td>5,400만원</td><td>1,181만원</td><td class="text">공통비 배분</td></tr>`,
		`<tr><th scope="row">office</th><td>1,000만원</td><td>219만원</td><td class="text">공통비 배분</td></tr>`,
		// spillover, the alleys by name and escaped
		`<tr><th scope="row">스마트스토어 입점 지원</th><td>&#43;1.0%</td><td>-2.0% ~ &#43;4.1%</td><td class="text">구간이 0을 포함: 파급의 징후 없음</td><td class="text">생선골목 (3곳)</td><td class="text">&lt;script&gt;alert(1)&lt;/script&gt; (4곳)</td></tr>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("evaluation.html lacks %s", want)
		}
	}
	if strings.Contains(page, "64.9%") {
		t.Error("evaluation.html shows the att_gt row")
	}
	// Live commerce has no persistence or monthly pre-trend check, and the
	// placebo is not a month of the event study.
	live := page[strings.Index(page, `<section id="program_live">`):strings.Index(page, `<section id="program_smartstore">`)]
	for _, bad := range []string{"지원 종료 후 지속", "사전 추세 점검", "참여 점포 0곳"} {
		if strings.Contains(live, bad) {
			t.Errorf("the live-commerce section shows %s", bad)
		}
	}
	if strings.Contains(page, `<th scope="row">-6</th>`) {
		t.Error("the placebo shows as a month of the event study")
	}
}

func TestSpilloverReading(t *testing.T) {
	v := func(x float64) sql.Null[float64] { return sql.Null[float64]{V: x, Valid: true} }
	none := sql.Null[float64]{}
	for _, tt := range []struct {
		att, low, high sql.Null[float64]
		want           string
	}{
		{v(0.01), v(-0.02), v(0.04), "구간이 0을 포함: 파급의 징후 없음"},
		{v(0.05), v(0.01), v(0.09), "주변 미참여 점포 매출도 늘었음 (좋은 파급일 수 있음)"},
		{v(-0.05), v(-0.09), v(-0.01), "주변 미참여 점포 매출이 줄었음 (손님을 빼앗겼을 수 있음)"},
		{v(0.01), none, none, "구간을 계산하지 못함"},
		{none, none, none, "추정하지 못함"},
	} {
		if got := spilloverReading(tt.att, tt.low, tt.high); got != tt.want {
			t.Errorf("spilloverReading(%v, %v, %v) = %q, want %q", tt.att, tt.low, tt.high, got, tt.want)
		}
	}
}

// TestRenderShortlistPage checks the 입점 후보 page against the figures
// worked out in testdata/fixture.sql, and the workbook it links.
func TestRenderShortlistPage(t *testing.T) {
	dir, _ := renderFixture(t)
	page := readPage(t, dir, "shortlist.html")
	for _, want := range []string{
		`<a href="shortlist.xlsx">엑셀 파일(입점 후보)</a>`,
		`<section id="program_smartstore">`,
		"<p>남은 예산 700만원, 사업비 집행내역의 점포당 비용 500만원으로 1곳을 더 입점시킬 수 있습니다. 위에서부터 1곳을 고르면 12개월 기대 증가 매출은 341만원(95% 구간 200만원 ~ 490만원)입니다.</p>",
		`<tr><td>1</td><th scope="row"><a href="stall_S2.html">&lt;script&gt;alert(1)&lt;/script&gt;</a></th><td class="text">&lt;script&gt;alert(1)&lt;/script&gt;</td><td class="text">banchan</td><td>341만원</td><td>197만원 ~ 499만원</td><td>&#43;28.4%</td><td>1,200만원</td><td>82.0% (94.1%)</td><td class="text">예</td><td class="text">같은 품목·골목 &lt;b&gt;참여&lt;/b&gt; 점포 2곳.</td></tr>`,
		`<tr><th scope="row">banchan</th><td class="text">&lt;script&gt;alert(1)&lt;/script&gt;</td><td>2곳</td><td>&#43;35.0%</td><td>80.0%</td><td>&#43;29.7%</td><td>&#43;19.7% ~ &#43;40.5%</td></tr>`,
		"2022년 10월 참여 3곳을 그 전 자료만으로 순위를 매겨 보니, 참여 후 2개월 실제 증가 매출과의 순위 상관이 0.50, 상위 3분의 1이 증가 매출의 60.0%를 차지했습니다(무작위로 고르면 33.3%). 순위는 대략적인 참고용입니다.",
		`<tr><td>1</td><th scope="row"><a href="stall_S1.html">영광굴비</a></th><td>100만원</td><td>500,000원</td><td>&#43;10.5%</td></tr>`,
		`<tr><th scope="row">S3</th><td class="text">입점 상담에서 참여를 원하지 않음</td></tr>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("shortlist.html lacks %s", want)
		}
	}
	book, err := excelize.OpenFile(filepath.Join(dir, "shortlist.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	if v, err := book.GetCellValue("스마트스토어 입점 지원", "D2"); err != nil || v != "<script>alert(1)</script>" {
		t.Errorf("workbook D2 = %q (%v), want the stall's name as text", v, err)
	}
}

func TestRenderQualityPage(t *testing.T) {
	dir, _ := renderFixture(t)
	page := readPage(t, dir, "quality.html")
	for _, want := range []string{
		"<p>불러온 파일 2개, 거부된 행 1개.</p>",
		`<tr><th scope="row">카드 매출</th><td>1</td><td>10</td><td>8</td><td>1</td><td>1</td></tr>`,
		`<tr><td class="path">inbox/smartstore/주문_20230102.xlsx</td><td class="text">온라인 주문</td><td>5</td><td>3</td><td>2</td><td>0</td><td class="text">2022.12.28 – 2022.12.30</td></tr>`,
		`<tr><th scope="row">금액 오류</th><td>1</td></tr>`,
		`<tr><td class="path">inbox/card/2022-12.csv</td><td>7</td><td class="text">승인금액</td><td class="text">금액 오류</td>`,
		`<td></td><td></td><td class="gap">3</td><td></td><td>3일</td></tr>`,
		`<th scope="row">G1<br><small>생선골목 1번 출입구</small></th>`,
		`<td>1</td><td>2</td><td>3</td></tr>`,
		`<td class="gap">없음</td><td>0</td></tr>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("quality.html lacks %s", want)
		}
	}
}

func TestRejectKindNames(t *testing.T) {
	for kind, want := range map[string]string{
		"bad_date": "날짜 오류", "future_date": "미래 날짜", "bad_amount": "금액 오류", "bad_number": "숫자 오류",
		"missing_value": "값 없음", "unknown_stall": "등록되지 않은 점포", "unknown_sensor": "등록되지 않은 센서",
		"unknown_status": "알 수 없는 주문상태", "bad_row": "형식 오류", "something_new": "something_new",
	} {
		if got := rejectKindName(kind); got != want {
			t.Errorf("rejectKindName(%q) = %q, want %q", kind, got, want)
		}
	}
}

func TestRenderMethodsPage(t *testing.T) {
	dir, _ := renderFixture(t)
	page := readPage(t, dir, "methods.html")
	for _, want := range []string{
		"명절 10일 전부터 3일 후까지",
		// every year from the baseline year to the last sale, 2019–2022
		`<th scope="row">2019년 (기준)</th><td>2019.02.05(화)</td><td>2019.01.26 – 2019.02.08</td><td>2019.09.13(금)</td><td>2019.09.03 – 2019.09.16</td>`,
		`<th scope="row">2020년</th>`,
		`<th scope="row">2022년</th><td>2022.02.01(화)</td>`,
		// 2022's 추석 (09.10) is matched to 2019's (09.13)
		`<tr><th scope="row">2022.09.10(토)</th><td>2019.09.13(금)</td><td class="text">추석 당일 ↔ 기준년도 추석 당일</td></tr>`,
		`<td class="text">같은 요일 (명절 기간은 건너뜀)</td>`,
		"95.0% 이상",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("methods.html lacks %s", want)
		}
	}
}

// TestRenderLinks follows every link of every page: each names a page of
// the site, and an anchor names an id on it.
func TestRenderLinks(t *testing.T) {
	dir, _ := renderFixture(t)
	ids := map[string]bool{}
	pages := map[string]string{}
	for _, f := range htmlFiles(t, dir) {
		pages[f] = readPage(t, dir, f)
		for _, m := range regexp.MustCompile(`\bid="([^"]+)"`).FindAllStringSubmatch(pages[f], -1) {
			ids[f+"#"+m[1]] = true
		}
	}
	for f, page := range pages {
		for _, nav := range []string{`href="index.html"`, `href="evaluation.html"`, `href="quality.html"`, `href="methods.html"`, `href="shortlist.html"`, `href="alley_A1.html"`} {
			if !strings.Contains(page, nav) {
				t.Errorf("%s does not link %s", f, nav)
			}
		}
		for _, m := range regexp.MustCompile(`href="([^"]*)"`).FindAllStringSubmatch(page, -1) {
			target, anchor, _ := strings.Cut(m[1], "#")
			if _, ok := pages[target]; !ok {
				if _, err := os.Stat(filepath.Join(dir, target)); err != nil || !strings.HasSuffix(target, ".xlsx") {
					t.Errorf("%s links %q, which is not a page or a workbook of the site", f, m[1])
				}
				continue
			}
			if anchor != "" && !ids[target+"#"+anchor] {
				t.Errorf("%s links %q, which has no id %q", f, m[1], anchor)
			}
		}
	}
}

// TestRenderEveryChartHasTable checks every page: each chart is drawn once
// with the SVG renderer, and its numbers are in the table <chart id>_table.
func TestRenderEveryChartHasTable(t *testing.T) {
	dir, _ := renderFixture(t)
	charts := 0
	for _, f := range htmlFiles(t, dir) {
		page := readPage(t, dir, f)
		if n := strings.Count(page, `<script src="assets/echarts.min.js"></script>`); n != 1 {
			t.Errorf("%s loads echarts %d times, want 1", f, n)
		}
		for _, m := range regexp.MustCompile(`<div class="item" id="([^"]+)"`).FindAllStringSubmatch(page, -1) {
			charts++
			id := m[1]
			if !chartIDPattern.MatchString(id) {
				t.Errorf("%s: chart id %q is not [A-Za-z0-9_]+", f, id)
			}
			if !strings.Contains(page, `id="`+id+`_table"`) {
				t.Errorf("%s: chart %s has no table %s_table", f, id, id)
			}
			if n := strings.Count(page, "let goecharts_"+id+" = echarts.init("); n != 1 {
				t.Errorf("%s: chart %s initialised %d times, want 1", f, id, n)
			}
		}
		if n, svg := strings.Count(page, "echarts.init("), strings.Count(page, `renderer: "svg"`); n != svg {
			t.Errorf("%s: %d charts, %d with the SVG renderer", f, n, svg)
		}
	}
	// index 8, alley_A1 3, alley_A2 2 (no visitor recovery, but day parts),
	// stall_S1 2, stall_S2 2, evaluation 2 (event study, live commerce),
	// shortlist 2 (gains, backtest)
	if charts != 21 {
		t.Errorf("%d charts in the site, want 21", charts)
	}
}

// TestRenderEmptyPages renders a market with nothing but its row: every
// page renders and says there is nothing yet.
func TestRenderEmptyPages(t *testing.T) {
	db := openWarehouse(t)
	if _, err := db.Exec(`INSERT INTO markets (market_id, name, district, baseline_year, grade_green, grade_yellow) VALUES ('m1', '빈시장', NULL, 2019, 0.95, 0.8)`); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := Render(context.Background(), db, dir, Options{Now: generated}); err != nil {
		t.Fatal(err)
	}
	for file, want := range map[string]string{
		"evaluation.html": "자료 없음: 등록된 사업이 없습니다.",
		"quality.html":    "자료 없음: 아직 불러온 파일이 없습니다.",
		"methods.html":    `<th scope="row">2019년 (기준)</th>`,
	} {
		if page := readPage(t, dir, file); !strings.Contains(page, want) {
			t.Errorf("%s lacks %s", file, want)
		}
	}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if strings.HasPrefix(d.Name(), "alley_") || strings.HasPrefix(d.Name(), "stall_") {
			t.Errorf("an empty market has the page %s", d.Name())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestChanceLimit(t *testing.T) {
	// P(X >= k) for X ~ Binomial(n, 0.05), the sum over j >= k of
	// C(n, j) 0.05^j 0.95^(n-j):
	//   n = 1:  P(X >= 1) = 0.05 (not below 0.05), P(X >= 2) = 0 → 2
	//   n = 20: P(X >= 3) = 0.0755, P(X >= 4) = 0.0159 → 4
	//   n = 26: P(X >= 3) = 0.1386, P(X >= 4) = 0.0387 → 4
	//   n = 60: P(X >= 6) = 0.0787, P(X >= 7) = 0.0297 → 7
	for n, want := range map[int]int{1: 2, 20: 4, 26: 4, 60: 7} {
		if got := chanceLimit(n); got != want {
			t.Errorf("chanceLimit(%d) = %d, want %d", n, got, want)
		}
	}
}

// The figures below are worked out in testdata/fixture.sql.

func TestRenderAlleyComparisons(t *testing.T) {
	dir, _ := renderFixture(t)
	page := readPage(t, dir, "alley_A1.html")
	for _, want := range []string{
		// the latest 24 months against the baseline and the prior year, with the days compared
		"<caption>최근 24개월의 골목 매출 회복률",
		`<tr><th scope="row">2022년 9월</th><td>125.0%</td><td class="text"><span class="grade green">초록</span></td><td class="text">2019.08.28 – 09.27 (추석 −9…&#43;3일 맞춤)</td><td>110.0%</td><td class="text">2021.09.04 – 10.01 (추석 −9…&#43;3일 맞춤)</td><td class="text"></td></tr>`,
		`<tr><th scope="row">2022년 10월</th><td>130.0%</td><td class="text"><span class="grade green">초록</span></td><td class="text">2019.09.28 – 10.28</td><td>자료 부족</td><td class="text"></td><td class="text">견줄 수 있는 전년 자료 없음</td></tr>`,
		`<tr><th scope="row">2022년 12월</th><td>84.7%</td><td class="text"><span class="grade yellow">노랑</span></td><td class="text">2019.11.28 – 12.28</td><td>120.0%</td>`,
		// its anchor stalls in its latest month
		"<p>2022년 12월 이 골목 매출은 2019년 같은 시기보다 200,000원 줄었고(견준 점포 2곳), 그 변화의 100.0%를 핵 점포 1곳이 차지합니다.</p>",
		`<tr><td>1</td><th scope="row"><a href="stall_S1.html">영광굴비</a></th><td>180만원</td><td>200만원</td><td>-200,000원</td><td>100.0%</td></tr>`,
		// day parts of this alley alone
		`<tr><th scope="row">2022년 12월</th><td>5,000</td><td>6,000원</td><td>2,000</td><td>4,500원</td><td>95.2%</td></tr>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("alley_A1.html lacks %s", want)
		}
	}
	for _, bad := range []string{"44.4%", ">S3<", "500,000원"} {
		if strings.Contains(page, bad) {
			t.Errorf("alley_A1.html shows %s: an old month or a stall that is no anchor", bad)
		}
	}
	page = readPage(t, dir, "alley_A2.html")
	for _, want := range []string{
		`<td>자료 부족</td><td class="text"><span class="grade gray">자료 부족</span></td><td class="text">2019.11.28 – 12.28</td><td>자료 부족</td><td class="text"></td><td class="text">기준년도 매출 없음</td>`,
		"자료 없음: 이 골목의 핵 점포가 아직 계산되지 않았습니다.",
		`<tr><th scope="row">2022년 12월</th><td>1,000</td><td>3,000원</td><td>100.0%</td></tr>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("alley_A2.html lacks %s", want)
		}
	}
}

// TestRenderUniqueIDs checks that no id is used twice on a page: a chart
// whose id a section also has is drawn into the section.
func TestRenderUniqueIDs(t *testing.T) {
	dir, _ := renderFixture(t)
	for _, f := range htmlFiles(t, dir) {
		seen := map[string]bool{}
		for _, m := range regexp.MustCompile(`\bid="([^"]+)"`).FindAllStringSubmatch(readPage(t, dir, f), -1) {
			if seen[m[1]] {
				t.Errorf("%s: id %q is used twice", f, m[1])
			}
			seen[m[1]] = true
		}
	}
}

func TestAnchorSummary(t *testing.T) {
	month := time.Date(2022, 12, 1, 0, 0, 0, 0, time.UTC)
	share := func(v float64) sql.Null[float64] { return sql.Null[float64]{V: v, Valid: true} }
	// 2,910,000 of the alley's 2,500,000: 116.4%, the others fell by 410,000 together.
	a := anchorSection{BaseYear: 2019, Month: month, AlleyChange: 2_500_000, Stalls: 23,
		Rows: []anchorRow{{Change: 2_910_000, Share: share(2_910_000.0 / 2_500_000)}}}
	want := "2022년 12월 이 골목 매출은 2019년 같은 시기보다 250만원 늘었고(견준 점포 23곳), 그 변화의 116.4%를 핵 점포 1곳이 차지합니다. " +
		"나머지 점포는 합쳐서 반대 방향으로 움직여, 핵 점포의 몫이 100%를 넘습니다."
	if got := a.Summary(); got != want {
		t.Errorf("Summary() =\n %q\nwant\n %q", got, want)
	}
	// Two stalls carry 0.3 + 0.25 of a fall of 1,000,000원.
	a = anchorSection{BaseYear: 2019, Month: month, AlleyChange: -1_000_000, Stalls: 5,
		Rows: []anchorRow{{Share: share(0.3)}, {Share: share(0.25)}}}
	want = "2022년 12월 이 골목 매출은 2019년 같은 시기보다 100만원 줄었고(견준 점포 5곳), 그 변화의 55.0%를 핵 점포 2곳이 차지합니다."
	if got := a.Summary(); got != want {
		t.Errorf("Summary() =\n %q\nwant\n %q", got, want)
	}
}
