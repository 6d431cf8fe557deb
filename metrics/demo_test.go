package metrics_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sijang/ingest"
	"sijang/internal/demo"
	"sijang/internal/market"
	"sijang/internal/warehouse"
	"sijang/metrics"
)

// covidTolerance bounds how far the like-for-like recovery of the stalls
// that never joined a programme may stray from the planted COVID multiplier
// in any month. Their sales are B × covid[month] × lognormal noise (σ 0.2 a
// stall-day, mean 1) against the baseline days' B × noise, so a month's
// pooled recovery is covid[month] times a ratio of two noisy sums over 16
// stalls × about 25 open days; with the stalls' unequal sizes its standard
// deviation is about 1.5%. With seed 1 the largest gap is 0.028 (June 2020).
const covidTolerance = 0.05

// demoTruth is the part of truth.json the test checks against.
type demoTruth struct {
	CovidMultiplier map[string]float64 `json:"covid_multiplier"`
	Markets         []struct {
		ID      string `json:"id"`
		Monthly []struct {
			Month  string           `json:"month"`
			NetKRW map[string]int64 `json:"net_krw"`
		} `json:"monthly"`
		Footfall struct {
			DeadHours      []deadHour `json:"dead_hours"`
			DeadSensorDays []deadHour `json:"dead_sensor_days"`
		} `json:"footfall"`
	} `json:"markets"`
}

type deadHour struct {
	Sensor string `json:"sensor"`
	At     string `json:"at"`
}

// TestDemoAgainstTruth generates a small demo market (40 stalls,
// 2019-01..2021-06), loads its exports, rebuilds the derived tables and
// checks them where the generator knows the answer.
func TestDemoAgainstTruth(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and loads a demo market")
	}
	ctx := context.Background()
	dir := t.TempDir()
	// Two card payments a stall-day instead of five: the planted sales are
	// the same (payments sum to them), the exports smaller.
	_, err := demo.Generate(ctx, demo.Options{Dir: dir, Stalls: 40, TxPerDay: 2,
		From: time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2021, 6, 30, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	db := loadDemo(t, dir)
	if err := metrics.Rebuild(ctx, db, nil); err != nil {
		t.Fatal(err)
	}
	var truth demoTruth
	b, err := os.ReadFile(filepath.Join(dir, "truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &truth); err != nil {
		t.Fatal(err)
	}
	if len(truth.Markets) != 1 {
		t.Fatalf("%d markets in truth.json; want 1", len(truth.Markets))
	}
	tm := truth.Markets[0]

	t.Run("net sales by month and channel", func(t *testing.T) {
		// The exports net to truth's monthly net_krw after cancellations,
		// returns and each order line's latest status: to the won.
		got := map[string]int64{}
		rows := query(t, db, `SELECT strftime(period_start, '%Y-%m'), channel, net_krw FROM market_sales WHERE period = 'month'`)
		for _, r := range rows {
			got[r[0].(string)+" "+r[1].(string)] = r[2].(int64)
		}
		for _, m := range tm.Monthly {
			for _, ch := range []string{"offline", "smartstore", "jangbogi"} {
				if g, w := got[m.Month+" "+ch], m.NetKRW[ch]; g != w {
					t.Errorf("%s %s: market_sales net %d; truth %d", m.Month, ch, g, w)
				}
			}
		}
	})

	t.Run("recovery tracks the COVID multiplier", func(t *testing.T) {
		// Stalls never enrolled in a programme: their trade follows the
		// planted multiplier alone. Pooled like with like over their matched days.
		rows := query(t, db, `
			SELECT strftime(c.period_start, '%Y-%m'), sum(c.matched_net_krw) / sum(c.matched_baseline_krw), count(*) FILTER (WHERE c.matched_days > 0)
			FROM stall_comparison AS c
			WHERE c.period = 'month' AND c.comparison = 'baseline'
			  AND c.stall_id NOT IN (SELECT stall_id FROM enrollments)
			GROUP BY ALL ORDER BY 1`)
		if len(rows) != 30 {
			t.Fatalf("%d months of recovery; want 30 (2019-01..2021-06)", len(rows))
		}
		worst := 0.0
		var lines []string
		for _, r := range rows {
			month, rec, stalls := r[0].(string), r[1].(float64), r[2].(int64)
			want, ok := truth.CovidMultiplier[month]
			if !ok {
				t.Fatalf("truth.json has no COVID multiplier for %s", month)
			}
			worst = math.Max(worst, math.Abs(rec-want))
			lines = append(lines, fmt.Sprintf("%s %.3f (truth %.3f, %d stalls)", month, rec, want, stalls))
			if math.Abs(rec-want) > covidTolerance {
				t.Errorf("%s: recovery %.3f of %d never-enrolled stalls; planted multiplier %.3f (tolerance %.2f)", month, rec, stalls, want, covidTolerance)
			}
		}
		t.Logf("largest gap %.3f:\n%s", worst, strings.Join(lines, "\n"))
		// The shock is visible in the market's own curve too.
		var apr float64
		if err := db.QueryRow(`SELECT recovery FROM market_recovery WHERE month = DATE '2020-04-01'`).Scan(&apr); err != nil {
			t.Fatal(err)
		}
		if want := truth.CovidMultiplier["2020-04"]; math.Abs(apr-want) > 0.1 {
			t.Errorf("market recovery April 2020 %.3f; planted multiplier %.3f", apr, want)
		}
	})

	t.Run("dead sensor hours are missing", func(t *testing.T) {
		// Every open sensor-hour without a reading is one the generator left out.
		want := map[string]int64{}
		for _, d := range tm.Footfall.DeadHours {
			want[d.Sensor+" "+d.At[:10]]++
		}
		for _, d := range tm.Footfall.DeadSensorDays {
			want[d.Sensor+" "+d.At[:10]] += 18
		}
		got := map[string]int64{}
		for _, r := range query(t, db, `SELECT sensor_id, strftime(period_start, '%Y-%m-%d'), hours_expected - hours_read
			FROM footfall_sensor WHERE period = 'day' AND hours_read < hours_expected`) {
			got[r[0].(string)+" "+r[1].(string)] = int64(r[2].(int32))
		}
		if len(want) == 0 {
			t.Fatal("truth.json lists no dead sensor hours")
		}
		for k, w := range want {
			if got[k] != w {
				t.Errorf("%s: %d sensor-hours missing; truth %d", k, got[k], w)
			}
		}
		for k, g := range got {
			if want[k] == 0 {
				t.Errorf("%s: %d sensor-hours missing; truth lists none", k, g)
			}
		}
	})

	t.Run("anchor shares sum to one", func(t *testing.T) {
		rows := query(t, db, `SELECT alley_id, strftime(month, '%Y-%m'), sum(share) FROM anchor_stalls
			GROUP BY ALL HAVING sum(change_krw) <> 0 AND abs(sum(share) - 1) > 1e-9`)
		for _, r := range rows {
			t.Errorf("%s %s: shares sum to %v", r[0], r[1], r[2])
		}
	})
}

// loadDemo loads a demo workspace into an in-memory warehouse, as `sijang
// ingest` does.
func loadDemo(t *testing.T, dir string) *sql.DB {
	t.Helper()
	ctx := context.Background()
	cfg, err := market.Load(filepath.Join(dir, market.FileName))
	if err != nil {
		t.Fatal(err)
	}
	w, err := warehouse.Open(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	if err := ingest.SyncMarkets(ctx, w.DB, cfg); err != nil {
		t.Fatal(err)
	}
	key, err := ingest.BuyerKey(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	files, err := ingest.Files([]string{filepath.Join(dir, "inbox")})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if _, err := ingest.File(ctx, w.DB, f, ingest.Options{Config: cfg, BuyerKey: key}); err != nil {
			t.Fatal(err)
		}
	}
	return w.DB
}

func query(t *testing.T, db *sql.DB, q string, args ...any) [][]any {
	t.Helper()
	rows, err := db.Query(q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out [][]any
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		out = append(out, vals)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
