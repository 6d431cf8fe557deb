package reports

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"sijang/internal/warehouse"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// generated is the fixed generation time of the test renders: 14:03 in Korea.
var generated = time.Date(2026, 11, 25, 14, 3, 0, 0, kst)

// openWarehouse opens an empty in-memory warehouse and runs the given
// testdata SQL files in it.
func openWarehouse(t *testing.T, files ...string) *sql.DB {
	t.Helper()
	ctx := context.Background()
	w, err := warehouse.Open(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join("testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.DB.ExecContext(ctx, string(b)); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	return w.DB
}

// renderFixture renders testdata/fixture.sql and returns the output folder
// and index.html.
func renderFixture(t *testing.T) (dir, page string) {
	t.Helper()
	db := openWarehouse(t, "fixture.sql")
	dir = t.TempDir()
	index, err := Render(context.Background(), db, dir, Options{Version: "v0.1.0-test", Now: generated})
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "index.html"); index != want {
		t.Errorf("Render returned %q, want %q", index, want)
	}
	b, err := os.ReadFile(index)
	if err != nil {
		t.Fatal(err)
	}
	return dir, string(b)
}

func TestRenderWritesSite(t *testing.T) {
	dir, _ := renderFixture(t)
	for _, f := range []string{"index.html", "assets/echarts.min.js", "assets/LICENSE", "assets/NOTICE", "assets/licenses/LICENSE-d3"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	written, err := os.ReadFile(filepath.Join(dir, "assets/echarts.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	embedded, _ := assetFS.ReadFile("assets/echarts.min.js")
	if !bytes.Equal(written, embedded) {
		t.Error("assets/echarts.min.js differs from the embedded copy")
	}
}

func TestRenderScripts(t *testing.T) {
	_, page := renderFixture(t)
	if n := strings.Count(page, `<script src="assets/echarts.min.js"></script>`); n != 1 {
		t.Errorf("echarts script tag appears %d times, want 1", n)
	}
	if n := strings.Count(page, "src="); n != 1 {
		t.Errorf("page has %d src= attributes, want only the echarts one", n)
	}
	// Every chart initialises itself once, with the SVG renderer.
	for _, id := range indexCharts {
		if n := strings.Count(page, "let goecharts_"+id+" = echarts.init("); n != 1 {
			t.Errorf("chart %s initialised %d times, want 1", id, n)
		}
	}
	if n, svg := strings.Count(page, "echarts.init("), strings.Count(page, `renderer: "svg"`); n != svg {
		t.Errorf("%d charts, %d with the SVG renderer", n, svg)
	}
}

// indexCharts are the charts of the fixture's index.html.
var indexCharts = []string{chartMarketRecovery, chartMarketWeekly, chartAlleyRecovery, chartOnlineShare,
	chartFootfallRecovery, chartDayParts, chartProgramImpact, chartBudget}

func TestRenderChartsHaveTables(t *testing.T) {
	_, page := renderFixture(t)
	for _, id := range indexCharts {
		if !strings.Contains(page, `id="`+id+`"`) {
			t.Errorf("chart container %s missing", id)
		}
		if !strings.Contains(page, `<table class="wide" id="`+id+`_table">`) && !strings.Contains(page, `<table id="`+id+`_table">`) {
			t.Errorf("chart %s has no table %s_table", id, id)
		}
	}
	// Every container on the page is one of ours: no stray chart without a table.
	for _, m := range regexp.MustCompile(`<div class="item" id="([^"]+)"`).FindAllStringSubmatch(page, -1) {
		if !strings.Contains(page, `id="`+m[1]+`_table"`) {
			t.Errorf("chart %s has no table", m[1])
		}
	}
}

func TestRenderFigures(t *testing.T) {
	_, page := renderFixture(t)
	// The arithmetic is in testdata/fixture.sql.
	for _, want := range []string{
		// header
		"<h1>남광주시장 사업 현황</h1>",
		"광주광역시 동구 · 자료 기준일 2022.12.30 · 작성 2026.11.25 14:03 · sijang v0.1.0-test",
		// summary
		"2022년 12월 시장 매출은 2019년 같은 시기의 94.1% 수준입니다.",
		"이 달 매출 9,410만원 가운데 온라인 판매는 1,882만원(20.0%)입니다.",
		"최근 12개월 가운데 비교할 수 있는 2개월 중 1개월은 2019년 수준 이상이었습니다.",
		// market table
		`<tr class="covid"><th scope="row">2020년 3월</th><td>6,100만원</td><td>1억원</td><td>61.0%</td><td class="text">코로나19 기간</td></tr>`,
		`<th scope="row">2022년 10월</th><td>1억 2,346만원</td><td>1억원</td><td>123.5%</td>`,
		`<th scope="row">2022년 11월</th><td>5,000만원</td><td>자료 부족</td><td>자료 부족</td>`,
		`<th scope="row">2022년 12월</th><td>9,410만원</td><td>1억원</td><td>94.1%</td>`,
		// alley tables: the 12 calendar months 2022.01–2022.12, so 2020.03 is
		// left out and months without a row show 자료 부족
		`<thead><tr><th scope="col">골목</th><th scope="col">2022.<wbr>01</th>`,
		`<th scope="col">2022.<wbr>11</th><th scope="col">2022.<wbr>12</th></tr></thead>`,
		`<tr><th scope="row"><a href="alley_A1.html">생선골목</a></th>` + strings.Repeat("<td>자료 부족</td>", 9) + `<td>130.0%</td><td>자료 부족</td><td>84.7%</td></tr>`,
		`<tr><th scope="row"><a href="alley_A1.html">생선골목</a></th>` + strings.Repeat("<td>자료 부족</td>", 9) + `<td>1.05배</td><td>자료 부족</td><td>0.90배</td></tr>`,
		`<td>자료 부족</td><td>103.5%</td></tr>`,
		`<td>자료 부족</td><td>1.10배</td></tr>`,
		// online share
		`<th scope="row">2022년 10월</th><td>1억 2,346만원</td><td>1,235만원</td><td>10.0%</td>`,
		`<th scope="row">2022년 12월</th><td>9,410만원</td><td>1,882만원</td><td>20.0%</td>`,
		// footfall
		`<tr><th scope="row"><a href="alley_A1.html">생선골목</a></th><td>80.0%</td></tr>`,
		// program effects: the simple estimand only (html/template writes + as &#43;)
		`<th scope="row">스마트스토어 입점 지원</th><td class="text">매출(전체)</td><td>&#43;10.5%</td><td>&#43;2.0% ~ &#43;19.7%</td><td class="text">늘었다고 볼 수 있습니다</td>`,
		// chart options: the baseline line, the COVID shading, a NULL month as a gap
		`"name":"기준(2019년)","yAxis":100`,
		`[{"name":"코로나19 기간","xAxis":"2020.03"},{"xAxis":"2022.04"}]`,
		`{"value":123.5},{"value":"-"},{"value":94.1}`,
		// footer
		"같은 요일(설·추석 무렵은 명절로부터 같은 날)",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if strings.Contains(page, "+64.9%") {
		t.Error("page shows the att_gt effect (+64.9%); want the simple estimand only")
	}
}

func TestRenderEscapesNames(t *testing.T) {
	_, page := renderFixture(t)
	if strings.Contains(page, "<script>alert(1)") {
		t.Error(`an alley named "<script>alert(1)</script>" is in the page as a tag`)
	}
	if !strings.Contains(page, `<th scope="row"><a href="alley_A2.html">&lt;script&gt;alert(1)&lt;/script&gt;</a></th>`) {
		t.Error("the alley name is not in its table as escaped text")
	}
	if !strings.Contains(page, `"name":"\u003cscript>alert(1)\u003c/script>"`) {
		t.Error("the alley name is not in the chart options as a JSON string")
	}
	// Outside the tags themselves, no script body may contain "<".
	for _, body := range regexp.MustCompile(`(?s)<script[^>]*>(.*?)</script>`).FindAllStringSubmatch(page, -1) {
		if strings.Contains(body[1], "<") {
			t.Errorf("a script contains %q", "<")
		}
	}
}

func TestRenderIsOffline(t *testing.T) {
	dir, _ := renderFixture(t)
	vendored := map[string]bool{"assets/echarts.min.js": true, "assets/LICENSE": true, "assets/NOTICE": true, "assets/licenses/LICENSE-d3": true}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if vendored[filepath.ToSlash(rel)] {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, bad := range []string{"http://", "https://", "cdn", "//go-echarts"} {
			if bytes.Contains(bytes.ToLower(b), []byte(bad)) {
				t.Errorf("%s contains %q", rel, bad)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestRenderPrintCSS(t *testing.T) {
	_, page := renderFixture(t)
	for _, want := range []string{
		"@page { size: A4 portrait; margin: 12mm; }",
		"figure.chart { margin: 8px 0 12px; break-inside: avoid;",
		"nav { display: none; }",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

// TestRenderEmpty renders a market that has no derived tables yet: every
// section says 자료 없음 and no chart is drawn.
func TestRenderEmpty(t *testing.T) {
	db := openWarehouse(t)
	if _, err := db.Exec(`INSERT INTO markets (market_id, name, district, baseline_year, grade_green, grade_yellow) VALUES ('m1', '빈시장', NULL, 2019, 0.95, 0.8)`); err != nil {
		t.Fatal(err)
	}
	index, err := Render(context.Background(), db, t.TempDir(), Options{Now: generated})
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(index)
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	if n := strings.Count(page, "자료 없음: "); n != 9 {
		t.Errorf("%d sections say 자료 없음, want 9", n)
	}
	if strings.Contains(page, "echarts.init(") {
		t.Error("an empty market draws a chart")
	}
	for _, want := range []string{"자료 기준일 자료 없음", "아직 2019년과 비교할 수 있는 달이 없습니다."} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

func TestRenderNoMarket(t *testing.T) {
	db := openWarehouse(t)
	_, err := Render(context.Background(), db, t.TempDir(), Options{})
	if !errors.Is(err, ErrNoMarket) {
		t.Errorf("Render on an empty warehouse: %v, want ErrNoMarket", err)
	}
	db = openWarehouse(t, "fixture.sql")
	_, err = Render(context.Background(), db, t.TempDir(), Options{MarketID: "nowhere"})
	if !errors.Is(err, ErrNoMarket) {
		t.Errorf("Render of an unknown market: %v, want ErrNoMarket", err)
	}
}

func TestRenderSeveralMarkets(t *testing.T) {
	db := openWarehouse(t, "fixture.sql")
	if _, err := db.Exec(`INSERT INTO markets (market_id, name, district, baseline_year, grade_green, grade_yellow) VALUES ('yangdong', '양동시장', '광주광역시 서구', 2019, 0.95, 0.8), ('대인', '대인시장', NULL, 2019, 0.95, 0.8)`); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := Render(context.Background(), db, dir, Options{Now: generated}); err != nil {
		t.Fatal(err)
	}
	// Markets in market_id order; the first is index.html.
	for file, title := range map[string]string{
		"index.html":               "<h1>남광주시장 사업 현황</h1>",
		"index_yangdong.html":      "<h1>양동시장 사업 현황</h1>",
		"index_xeb8c80ec9db8.html": "<h1>대인시장 사업 현황</h1>",
	} {
		b, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Error(err)
			continue
		}
		if !strings.Contains(string(b), title) {
			t.Errorf("%s lacks %s", file, title)
		}
		if !strings.Contains(string(b), `<a href="index_yangdong.html"`) {
			t.Errorf("%s does not link the other markets", file)
		}
	}

	// One market only: its page is index.html.
	dir = t.TempDir()
	if _, err := Render(context.Background(), db, dir, Options{MarketID: "yangdong", Now: generated}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "<h1>양동시장 사업 현황</h1>") || strings.Contains(string(b), `class="markets"`) {
		t.Error("a single-market render is not that market's index.html alone")
	}
}

// TestRenderOverwrites renders twice into one folder: the second run
// replaces the first and leaves no temporary files.
func TestRenderOverwrites(t *testing.T) {
	db := openWarehouse(t, "fixture.sql")
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	var pages [2][]byte
	for i := range pages {
		index, err := Render(context.Background(), db, dir, Options{Version: "v", Now: generated})
		if err != nil {
			t.Fatal(err)
		}
		if pages[i], err = os.ReadFile(index); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(pages[0], pages[1]) {
		t.Error("two renders of the same data differ")
	}
	tmp, _ := filepath.Glob(filepath.Join(dir, "*", ".tmp-*"))
	top, _ := filepath.Glob(filepath.Join(dir, ".tmp-*"))
	if len(tmp)+len(top) > 0 {
		t.Errorf("temporary files left behind: %v %v", top, tmp)
	}
}

// goldenPages are the pages of the fixture compared with
// testdata/<page>.golden.html: one of every kind, and the stall whose name
// is a script tag.
var goldenPages = []string{"index", "alley_A1", "stall_S1", "stall_S2", "evaluation", "shortlist", "quality", "methods"}

// TestGolden compares the fixture's pages with their golden files. Review
// a golden file by hand whenever it changes.
func TestGolden(t *testing.T) {
	dir, _ := renderFixture(t)
	for _, name := range goldenPages {
		b, err := os.ReadFile(filepath.Join(dir, name+".html"))
		if err != nil {
			t.Fatal(err)
		}
		page := string(b)
		golden := filepath.Join("testdata", name+".golden.html")
		if *update {
			if err := os.WriteFile(golden, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (create it with: go test -tags=duckdb_arrow ./reports/ -run TestGolden -update)", err)
		}
		if page != string(want) {
			t.Errorf("%s.html differs from %s at byte %d; if the change is intended, run\n\tgo test -tags=duckdb_arrow ./reports/ -run TestGolden -update\nand review the diff", name, golden, firstDiff(page, string(want)))
		}
	}
}

func firstDiff(a, b string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// TestQueriesExplain plans every embedded query against an empty warehouse,
// so a misspelt column fails here and not in front of the district office.
func TestQueriesExplain(t *testing.T) {
	db := openWarehouse(t)
	names, err := fs.Glob(sqlFS, "sql/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	if len(names) == 0 {
		t.Fatal("no embedded queries")
	}
	header := regexp.MustCompile(`^-- Returns .+\n-- Grain: .+\n-- Inputs: .+\n[^-]`)
	for _, name := range names {
		b, _ := sqlFS.ReadFile(name)
		q := string(b)
		if !header.MatchString(q) {
			t.Errorf("%s: want a three-line header (-- Returns / -- Grain: / -- Inputs:)", name)
		}
		args := make([]any, strings.Count(q, "?")) // NULL binds to any type
		rows, err := db.Query("EXPLAIN "+q, args...)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		rows.Close()
	}
}

// TestEchartsChecksum checks the embedded ECharts against the SHA-256
// recorded in assets/README.md.
func TestEchartsChecksum(t *testing.T) {
	readme, err := assetFS.ReadFile("assets/README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`SHA-256 \(echarts\.min\.js\): ([0-9a-f]{64})`).FindSubmatch(readme)
	if m == nil {
		t.Fatal("assets/README.md records no SHA-256 for echarts.min.js")
	}
	js, err := assetFS.ReadFile("assets/echarts.min.js")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(js)
	if got := hex.EncodeToString(sum[:]); got != string(m[1]) {
		t.Errorf("echarts.min.js SHA-256 = %s, README records %s", got, m[1])
	}
	if !bytes.Contains(js[:2000], []byte("Licensed to the Apache Software Foundation")) && !bytes.Contains(js, []byte("echarts")) {
		t.Error("echarts.min.js does not look like ECharts")
	}
}

func TestChartIDs(t *testing.T) {
	for _, id := range []string{chartMarketRecovery, chartAlleyRecovery, chartOnlineShare, chartFootfallRecovery,
		chartAlleyVsMarket, chartAlleyFootfall, chartStallSales, chartStallRecovery, chartMarketWeekly,
		chartDayParts, chartProgramImpact, chartBudget, chartAlleyDayParts, chartLiveEffects,
		chartEventStudy + chartKey("smartstore"), chartEventStudy + chartKey("스마트스토어 2기")} {
		if !chartIDPattern.MatchString(id) {
			t.Errorf("chart id %q is not [A-Za-z0-9_]+", id)
		}
	}
	for name, js := range map[string]string{"percentValue": percentValue, "wonValue": wonValue, "manwonValue": manwonValue,
		"eokValue": eokValue, "timesValue": timesValue, "eventTooltip": eventTooltip, "liveTooltip": liveTooltip, "stackAll": stackAll} {
		if strings.Contains(js, "<") {
			t.Errorf(`%s contains "<", which hardenScript would break`, name)
		}
	}
}
