package metrics

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"math"
	"strings"
	"testing"

	"github.com/duckdb/duckdb-go/v2"

	"sijang/internal/demo"
)

// seedPlanted loads a demo market's planted monthly sales into the tables
// Evaluate reads (stalls, programs, enrollments, spend, stall_month,
// stall_recovery), as compute would leave them, without the exports.
func seedPlanted(t *testing.T, db *sql.DB, pl *demo.Planted) {
	t.Helper()
	ctx := context.Background()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`INSERT INTO markets (market_id, name, district, baseline_year, grade_green, grade_yellow) VALUES ('namgwangju', '남광주시장', NULL, 2019, 1.0, 0.8)`)
	for _, s := range pl.Stalls {
		if s.Market != "namgwangju" {
			continue
		}
		var opened, closed any
		if !s.OpenedOn.IsZero() {
			opened = s.OpenedOn
		}
		if !s.ClosedOn.IsZero() {
			closed = s.ClosedOn
		}
		exec(`INSERT INTO stalls VALUES ('namgwangju', ?, ?, ?, ?, ?, ?)`, s.Stall, s.Stall, s.Alley, s.Category, opened, closed)
		for p, d := range s.EnrolledOn {
			exec(`INSERT INTO enrollments VALUES ('namgwangju', ?, ?, ?)`, p, s.Stall, d)
		}
	}
	for _, p := range [][2]string{{"smartstore", "스마트스토어 입점"}, {"jangbogi", "동네시장 장보기"}, {"training", "스마트 플랫폼 교육"}} {
		exec(`INSERT INTO programs (market_id, program_id, name, channel, starts_on, ends_on) VALUES ('namgwangju', ?, ?, NULL, DATE '2020-11-01', DATE '2022-06-30')`, p[0], p[1])
	}
	for i, c := range []struct {
		component string
		krw       int64
	}{{"platform", 237_500_000}, {"delivery", 135_000_000}, {"training", 88_000_000}, {"promotion", 156_400_000}} {
		exec(`INSERT INTO spend VALUES ('namgwangju', ?, DATE '2022-01-01', ?, DATE '2022-01-10', NULL, NULL, ?, 'f')`, c.component, c.krw, string(rune('a'+i)))
	}
	// stall_month through a table of its interface columns (DESIGN.md), so
	// columns other stages add do not matter here.
	exec(`CREATE TABLE planted_month (market_id VARCHAR, stall_id VARCHAR, month DATE, channel VARCHAR, net_krw BIGINT, orders BIGINT)`)
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		a, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), "", "planted_month")
		if err != nil {
			return err
		}
		for _, m := range pl.Months {
			if m.Market != "namgwangju" {
				continue
			}
			if err := a.AppendRow(m.Market, m.Stall, m.Month, "offline", int64(math.Round(m.OfflineKRW)), int64(m.TradingDays)); err != nil {
				return err
			}
			if err := a.AppendRow(m.Market, m.Stall, m.Month, "smartstore", int64(math.Round(m.OnlineKRW)), int64(m.TradingDays)); err != nil {
				return err
			}
		}
		return a.Close()
	})
	if err != nil {
		t.Fatal(err)
	}
	exec(`INSERT INTO stall_month (market_id, stall_id, month, channel, net_krw, orders) SELECT * FROM planted_month`)
	exec(`DROP TABLE planted_month`)
	exec(`INSERT INTO stall_recovery (market_id, stall_id, month, net_krw, missing_days)
		SELECT market_id, stall_id, month, sum(net_krw), 0 FROM stall_month GROUP BY ALL`)
}

// plantedWarehouse is a warehouse holding a demo market's planted sales
// through 2022 (seedPlanted), and the planted panel.
func plantedWarehouse(t *testing.T, seed int64) (*sql.DB, *demo.Planted) {
	t.Helper()
	pl, err := demo.PlantedPanel(context.Background(), demo.Options{Seed: seed, To: day("2022-12-31")})
	if err != nil {
		t.Fatal(err)
	}
	db := openTest(t)
	seedPlanted(t, db, pl)
	return db, pl
}

// Evaluate on a demo market: the tables are filled, the estimates cover
// the planted effects, the verdicts name the programmes, and re-running
// replaces rather than appends.
func TestEvaluateDemoMarket(t *testing.T) {
	if testing.Short() {
		t.Skip("evaluates a 150-stall market")
	}
	ctx := context.Background()
	db, _ := plantedWarehouse(t, 3)
	ev, err := Evaluate(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	planted := map[string]float64{"smartstore": 0.226, "jangbogi": 0.127, "training": 0.05} // mean τ, about
	for _, imp := range ev.Impacts {
		if imp.Program == "all" {
			if !strings.HasPrefix(imp.Verdict, "사업 전체") || imp.Spend.Total() != 616_900_000 {
				t.Errorf("overall: spend %v, verdict %q", imp.Spend.Total(), imp.Verdict)
			}
			continue
		}
		want, ok := planted[imp.Program]
		if !ok {
			t.Errorf("unexpected programme %q", imp.Program)
			continue
		}
		if math.Abs(imp.Effect.ATT-want) > 0.04 {
			t.Errorf("%s: ATT %.3f, planted about %.3f", imp.Program, imp.Effect.ATT, want)
		}
		if !(imp.Incremental.Low < imp.Incremental.KRW && imp.Incremental.KRW < imp.Incremental.High) {
			t.Errorf("%s: incremental %+v not inside its interval", imp.Program, imp.Incremental)
		}
		if imp.Persistence.State != "persisted" || imp.Persistence.Months != 6 {
			t.Errorf("%s: support ends 2022-06 and data run to 2022-12, persistence %+v", imp.Program, imp.Persistence)
		}
		if !strings.Contains(imp.Verdict, "지원 종료(2022년 6월) 뒤 6개월 동안에도 효과가") {
			t.Errorf("%s verdict does not say the effect persisted: %q", imp.Program, imp.Verdict)
		}
		if math.IsNaN(imp.PreTrendP) || math.IsNaN(imp.Sensitivity) {
			t.Errorf("%s: placebo p %v, sensitivity %v", imp.Program, imp.PreTrendP, imp.Sensitivity)
		}
	}
	if len(ev.Spillover) != 3 {
		t.Errorf("%d spillover rows, want 3", len(ev.Spillover))
	}
	for _, s := range ev.Spillover {
		if math.IsNaN(s.ATT) || !(s.CILow <= 0 && 0 <= s.CIHigh) {
			t.Logf("%s spillover %.4f [%.4f, %.4f] (no spillover is planted): %s", s.Program, s.ATT, s.CILow, s.CIHigh, s.Note)
		}
	}

	counts := func() map[string]int {
		out := map[string]int{}
		for _, q := range []string{
			"SELECT estimand, count(*) FROM program_effects GROUP BY ALL",
			"SELECT 'impact', count(*) FROM program_impact",
			"SELECT 'spillover', count(*) FROM spillover",
			"SELECT 'live', count(*) FROM live_effects",
		} {
			rows, err := db.Query(q)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var k string
				var n int
				if err := rows.Scan(&k, &n); err != nil {
					t.Fatal(err)
				}
				out[k] = n
			}
			rows.Close()
		}
		return out
	}
	first := counts()
	for _, k := range []string{"simple", "att_gt", "dynamic", "group", "calendar", "placebo"} {
		if first[k] == 0 {
			t.Errorf("program_effects has no %s rows", k)
		}
	}
	if first["impact"] != 4 || first["spillover"] != 3 || first["live"] != 0 {
		t.Errorf("rows %v; want 4 program_impact (3 programmes and all), 3 spillover, no live_effects (no broadcasts)", first)
	}
	var verdict string
	if err := db.QueryRow(`SELECT verdict FROM program_impact WHERE program_id = 'smartstore'`).Scan(&verdict); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(verdict, "스마트스토어 입점: ") {
		t.Errorf("smartstore verdict %q", verdict)
	}
	if _, err := Evaluate(ctx, db); err != nil {
		t.Fatal(err)
	}
	if again := counts(); len(again) != len(first) || again["att_gt"] != first["att_gt"] || again["impact"] != first["impact"] {
		t.Errorf("re-running changed the row counts: %v, then %v", first, again)
	}
}

// An empty warehouse evaluates to nothing, without error.
func TestEvaluateEmpty(t *testing.T) {
	ev, err := Evaluate(context.Background(), openTest(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(ev.Estimates)+len(ev.Impacts)+len(ev.Live)+len(ev.Spillover) != 0 {
		t.Errorf("empty warehouse gave %+v", ev)
	}
}
