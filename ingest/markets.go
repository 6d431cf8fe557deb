package ingest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/duckdb/duckdb-go/v2"
	"gopkg.in/yaml.v3"

	"sijang/internal/market"
	"sijang/internal/warehouse"
)

// SyncMarkets replaces the dimension tables (markets, alleys, stalls,
// programs, enrollments, sensors, budget_plan) with market.yaml's contents,
// in one transaction. A market whose entry changed, is new or is gone is
// marked for a whole rebuild of its metric tables (metrics_pending).
func SyncMarkets(ctx context.Context, db *sql.DB, cfg *market.Config) error {
	return warehouse.Tx(ctx, db, func(conn *sql.Conn) (err error) {
		changed, err := changedMarkets(ctx, conn, cfg)
		if err != nil {
			return fmt.Errorf("sync markets: %w", err)
		}
		for _, id := range changed {
			if _, err := conn.ExecContext(ctx, `INSERT INTO metrics_pending (market_id, from_day) VALUES (?, NULL)`, id); err != nil {
				return fmt.Errorf("sync markets: %w", err)
			}
		}
		tables := []string{"markets", "alleys", "stalls", "programs", "enrollments", "sensors", "budget_plan", "program_exclusions"}
		for _, t := range tables {
			if _, err := conn.ExecContext(ctx, "DELETE FROM "+t); err != nil {
				return fmt.Errorf("sync markets: %w", err)
			}
		}
		err = conn.Raw(func(dc any) error {
			for _, t := range tables {
				a, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), "", t)
				if err != nil {
					return err
				}
				for _, m := range cfg.Markets {
					for _, row := range dimensionRows(t, &m) {
						if err := a.AppendRow(row...); err != nil {
							a.Close()
							return fmt.Errorf("%s: %w", t, err)
						}
					}
				}
				if err := a.Close(); err != nil {
					return fmt.Errorf("%s: %w", t, err)
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("sync markets: %w", err)
		}
		return nil
	})
}

// changedMarkets lists the markets whose market.yaml entry differs from
// the one last synced (by configSHA256), new ones and ones no longer there.
func changedMarkets(ctx context.Context, conn *sql.Conn, cfg *market.Config) ([]string, error) {
	rows, err := conn.QueryContext(ctx, `SELECT market_id, coalesce(config_sha256, '') FROM markets`)
	if err != nil {
		return nil, err
	}
	old := map[string]string{}
	for rows.Next() {
		var id, sum string
		if err := rows.Scan(&id, &sum); err != nil {
			rows.Close()
			return nil, err
		}
		old[id] = sum
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var changed []string
	for i := range cfg.Markets {
		m := &cfg.Markets[i]
		if sum, ok := old[m.ID]; !ok || sum != configSHA256(m) {
			changed = append(changed, m.ID)
		}
		delete(old, m.ID)
	}
	for id := range old {
		changed = append(changed, id)
	}
	sort.Strings(changed)
	return changed, nil
}

// configSHA256 fingerprints a market's entry of market.yaml.
func configSHA256(m *market.Market) string {
	b, err := yaml.Marshal(m)
	if err != nil {
		return "" // never equal to a stored fingerprint: the market is rebuilt
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func dimensionRows(table string, m *market.Market) [][]driver.Value {
	var rows [][]driver.Value
	switch table {
	case "markets":
		rows = append(rows, []driver.Value{m.ID, m.Name, m.District, int32(m.BaselineYear), m.Grades.Green, m.Grades.Yellow, configSHA256(m)})
	case "alleys":
		for _, a := range m.Alleys {
			rows = append(rows, []driver.Value{m.ID, a.ID, a.Name})
		}
	case "stalls":
		for _, s := range m.Stalls {
			rows = append(rows, []driver.Value{m.ID, s.ID, s.Name, s.Alley, s.Category, optDate(s.OpenedOn), optDate(s.ClosedOn)})
		}
	case "programs":
		for _, p := range m.Programs {
			var cost driver.Value
			if p.OnboardingCostKRW > 0 {
				cost = p.OnboardingCostKRW
			}
			rows = append(rows, []driver.Value{m.ID, p.ID, p.Name, p.Channel, optDate(p.Start), optDate(p.End), cost})
		}
	case "program_exclusions":
		for _, p := range m.Programs {
			for _, x := range p.Exclude {
				rows = append(rows, []driver.Value{m.ID, p.ID, optString(x.Stall), optString(x.Category), optString(x.Alley), x.Reason})
			}
		}
	case "enrollments":
		for _, e := range m.Enrollments {
			rows = append(rows, []driver.Value{m.ID, e.Program, e.Stall, e.EnrolledOn.Time})
		}
	case "sensors":
		for _, s := range m.Sensors {
			rows = append(rows, []driver.Value{m.ID, s.ID, s.Alley, s.Gate})
		}
	case "budget_plan":
		for _, c := range m.Budget.Components {
			rows = append(rows, []driver.Value{m.ID, c.ID, c.Name, c.PlanKRW})
		}
	}
	return rows
}

func optString(s string) driver.Value {
	if s == "" {
		return nil
	}
	return s
}

func optDate(d market.Date) driver.Value {
	if d.IsZero() {
		return nil
	}
	return d.Time
}

// BuyerKeyEnv overrides the workspace's buyer-hash key (hex).
const BuyerKeyEnv = "SIJANG_BUYER_KEY"

// BuyerKey returns the workspace's secret for hashing buyer IDs: from the
// environment value if set, else from dir/.sijang/buyer.key, created with
// 32 random bytes on first use. It is kept outside the warehouse so that the
// warehouse alone cannot be used to test a guessed buyer ID.
func BuyerKey(dir, env string) ([]byte, error) {
	if env != "" {
		return hex.DecodeString(strings.TrimSpace(env))
	}
	path := filepath.Join(dir, ".sijang", "buyer.key")
	b, err := os.ReadFile(path)
	if err == nil {
		return hex.DecodeString(strings.TrimSpace(string(b)))
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	if err := os.WriteFile(path, []byte(hex.EncodeToString(key)+"\n"), 0o600); err != nil {
		return nil, err
	}
	return key, nil
}
