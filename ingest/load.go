package ingest

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"sort"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/duckdb/duckdb-go/v2"

	"sijang/internal/warehouse"
)

// testHookAfterMerge, when set by a test, runs between the merge and the
// ledger line, to show that a failure there leaves nothing behind.
var testHookAfterMerge func() error

// load writes one parsed file in a single transaction on a single
// connection: incoming tables, merges, rejects, coverage and the ledger
// line. Any error rolls all of it back.
type load struct {
	db       *sql.DB
	p        *parser
	src      *Source
	res      *Result
	asOf     time.Time
	from, to time.Time

	conn     *sql.Conn
	releases []func()
}

func (l *load) run(ctx context.Context) error {
	return warehouse.Tx(ctx, l.db, func(conn *sql.Conn) error {
		l.conn = conn
		defer func() {
			for _, r := range l.releases {
				r()
			}
			l.dropIncoming()
		}()
		if err := l.merge(ctx); err != nil {
			return err
		}
		if testHookAfterMerge != nil {
			if err := testHookAfterMerge(); err != nil {
				return err
			}
		}
		if len(l.p.rejects) > 0 {
			if err := l.stage(ctx, "incoming_rejects", rejectsBatch(l.p.rejects)); err != nil {
				return err
			}
			if err := l.exec(ctx, "rejects_insert", l.res.SHA256); err != nil {
				return err
			}
		}
		stalls := make([][2]string, 0, len(l.p.stalls))
		for k := range l.p.stalls {
			stalls = append(stalls, k)
		}
		sort.Slice(stalls, func(i, j int) bool { return stalls[i][0]+"|"+stalls[i][1] < stalls[j][0]+"|"+stalls[j][1] })
		if err := l.stage(ctx, "incoming_file_stalls", fileStallsBatch(stalls)); err != nil {
			return err
		}
		if err := l.exec(ctx, "file_stalls_insert", l.res.SHA256, l.src.Name); err != nil {
			return err
		}
		r := l.res
		if r.Ignored > 0 {
			why := fmt.Sprintf("rows about %d sensors not in market.yaml", len(l.p.ignoredIDs))
			if err := l.exec(ctx, "ingest_ignored_insert", r.SHA256, r.Ignored, why); err != nil {
				return err
			}
		}
		if r.Loaded+r.Duplicate+r.Rejected != r.Read {
			// Cannot happen unless a merge statement miscounts: fail loudly, store nothing.
			return fmt.Errorf("accounting does not add up: read %d ≠ loaded %d + duplicate %d + rejected %d",
				r.Read, r.Loaded, r.Duplicate, r.Rejected)
		}
		var marketID any
		if len(l.p.stalls) > 0 || l.p.dir.single != "" {
			marketID = l.marketID()
		}
		if err := l.exec(ctx, "ingest_files_insert", r.SHA256, r.Path, r.Source, marketID, r.Read, r.Loaded,
			r.Duplicate, r.Rejected, r.Updated, nullDate(l.from), nullDate(l.to), l.asOf, time.Now().UTC()); err != nil {
			return err
		}
		return nil
	})
}

// merge stages the file's records and merges them into the fact table,
// counting new rows, duplicates already in the warehouse and updates.
func (l *load) merge(ctx context.Context) error {
	p, sha := l.p, l.res.SHA256
	var inserted int64
	var err error
	switch l.src.Table {
	case "sales":
		if err := l.stage(ctx, "incoming_sales", salesBatch(l.src.Name, p.sales)); err != nil {
			return err
		}
		span := []any{sha, l.asOf, l.src.Name, p.minDay, p.maxDay}
		updated, err := l.count(ctx, "sales_update", span...)
		if err != nil {
			return err
		}
		if inserted, err = l.count(ctx, "sales_insert", span...); err != nil {
			return err
		}
		if l.src == smartstoreSource {
			if err := l.exec(ctx, "settlements_resolve"); err != nil {
				return err
			}
		}
		var newCancels int64
		if l.src.cancels {
			// Also with no cancellation in this file: its approvals may have one waiting.
			if err := l.stage(ctx, "incoming_cancels", cancelsBatch(l.src.Name, p.cancels)); err != nil {
				return err
			}
			if newCancels, err = l.count(ctx, "cancels_insert", sha); err != nil {
				return err
			}
			if err := l.exec(ctx, "cancels_apply"); err != nil {
				return err
			}
		}
		l.res.Updated = int(updated)
		l.res.Loaded = int(inserted + newCancels)
		l.res.Duplicate = p.duplicates + (len(p.sales) - int(inserted)) + (len(p.cancels) - int(newCancels))
		return nil
	case "settlements":
		var updated int64
		err = l.stage(ctx, "incoming_settlements", settlementsBatch(p.settlements))
		if err == nil {
			updated, err = l.count(ctx, "settlements_update", sha, l.asOf)
		}
		if err == nil {
			inserted, err = l.count(ctx, "settlements_insert", sha, l.asOf)
		}
		l.res.Updated = int(updated)
	case "footfall":
		err = l.stage(ctx, "incoming_footfall", footfallBatch(p.footfall))
		if err == nil {
			inserted, err = l.count(ctx, "footfall_insert", sha)
		}
	case "spend":
		err = l.stage(ctx, "incoming_spend", spendBatch(p.spend))
		if err == nil {
			inserted, err = l.count(ctx, "spend_insert", sha)
		}
	case "events":
		err = l.stage(ctx, "incoming_events", eventsBatch(p.events))
		if err == nil {
			inserted, err = l.count(ctx, "events_insert", sha)
		}
	default:
		return fmt.Errorf("source %s: unknown table %s", l.src.Name, l.src.Table)
	}
	if err != nil {
		return err
	}
	l.res.Loaded = int(inserted)
	l.res.Duplicate = p.duplicates + p.records() - int(inserted)
	return nil
}

// stage registers a record batch as an Arrow view and materialises it as a
// temporary table, so that several statements can read it.
func (l *load) stage(ctx context.Context, name string, rec arrow.RecordBatch) error {
	defer rec.Release()
	reader, err := array.NewRecordReader(rec.Schema(), []arrow.RecordBatch{rec})
	if err != nil {
		return err
	}
	view := "arrow_" + name
	err = l.conn.Raw(func(dc any) error {
		a, err := duckdb.NewArrowFromConn(dc.(driver.Conn))
		if err != nil {
			return err
		}
		release, err := a.RegisterView(reader, view)
		if err != nil {
			return err
		}
		l.releases = append(l.releases, func() { release(); reader.Release() })
		return nil
	})
	if err != nil {
		return fmt.Errorf("stage %s: %w", name, err)
	}
	if _, err := l.conn.ExecContext(ctx, fmt.Sprintf(`CREATE OR REPLACE TEMP TABLE %s AS SELECT * FROM %s`, name, view)); err != nil {
		return fmt.Errorf("stage %s: %w", name, err)
	}
	return nil
}

func (l *load) dropIncoming() {
	for _, t := range []string{"incoming_sales", "incoming_cancels", "incoming_footfall", "incoming_spend",
		"incoming_events", "incoming_settlements", "incoming_rejects", "incoming_file_stalls"} {
		l.conn.ExecContext(context.Background(), "DROP TABLE IF EXISTS "+t)
		l.conn.ExecContext(context.Background(), "DROP VIEW IF EXISTS arrow_"+t)
	}
}

func (l *load) exec(ctx context.Context, name string, args ...any) error {
	_, err := l.count(ctx, name, args...)
	return err
}

func (l *load) count(ctx context.Context, name string, args ...any) (int64, error) {
	r, err := l.conn.ExecContext(ctx, query(name), args...)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", name, err)
	}
	return r.RowsAffected()
}

func (l *load) marketID() string {
	for k := range l.p.stalls {
		return k[0]
	}
	return l.p.dir.single
}

func nullDate(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}
