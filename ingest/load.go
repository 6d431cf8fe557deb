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

// testHookAfterMerge, when set by a test, runs between the merges and the
// ledger lines, to show that a failure there leaves nothing behind.
var testHookAfterMerge func() error

// batch loads files of one source in a single transaction: their facts
// merged set-wise into the fact table, their rejects, coverage, the days
// the metric tables must rebuild and their ledger lines. Any error rolls
// all of it back. The files' rows are staged as temporary tables before
// the transaction (they hold nothing of the warehouse, and DuckDB scans a
// committed table in parallel but a table of an open transaction not).
type batch struct {
	files   []*Prepared // loadable, in load order
	src     *Source
	first   time.Time // the first and last day of the batch's rows
	last    time.Time
	netFrom time.Time // the first day of an approval its cancellations may net (zero: any)
	markets []string  // the markets it has rows for

	conn    *sql.Conn
	arrow   *duckdb.Arrow
	objects [][2]string          // temporary tables and views made, to drop: {"TABLE", name}, {"VIEW", name}
	views   []func()             // releases of registered Arrow views
	counts  []counted            // per file, in the order of files
	pending map[string]time.Time // per market, the first day whose facts the batch changed
}

// counted is what the merges found of one file's rows.
type counted struct{ loaded, updated, newCancels int }

func newBatch(files []*Prepared) *batch {
	b := &batch{files: files, src: files[0].src, counts: make([]counted, len(files)), pending: map[string]time.Time{}}
	markets := map[string]bool{}
	undated := false
	for _, f := range files {
		if !f.first.IsZero() && (b.first.IsZero() || f.first.Before(b.first)) {
			b.first = f.first
		}
		if f.last.After(b.last) {
			b.last = f.last
		}
		if !f.netFrom.IsZero() && (b.netFrom.IsZero() || f.netFrom.Before(b.netFrom)) {
			b.netFrom = f.netFrom
		}
		undated = undated || f.someCancelUndated
		for m := range f.touched {
			markets[m] = true
		}
	}
	if b.first.Before(b.netFrom) || b.netFrom.IsZero() {
		b.netFrom = b.first
	}
	if undated {
		b.netFrom = time.Time{}
	}
	for m := range markets {
		b.markets = append(b.markets, m)
	}
	sort.Strings(b.markets)
	return b
}

// load writes the batch and fills in its files' results.
func (b *batch) load(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	b.conn = conn
	defer b.cleanUp()
	err = conn.Raw(func(dc any) error {
		b.arrow, err = duckdb.NewArrowFromConn(dc.(driver.Conn))
		return err
	})
	if err != nil {
		return err
	}
	contended, err := b.contended(ctx)
	if err != nil {
		return err
	}
	if err := b.stage(ctx); err != nil {
		return err
	}
	return warehouse.InTx(ctx, conn, func() error {
		if err := b.merge(ctx, contended); err != nil {
			return err
		}
		if testHookAfterMerge != nil {
			if err := testHookAfterMerge(); err != nil {
				return err
			}
		}
		return b.record(ctx)
	})
}

// contended reports whether the batch's facts may meet facts stored
// already or each other: two of its files cover a common day, or the
// warehouse holds facts of its source and markets in its days. The small
// tables always take the contended path.
func (b *batch) contended(ctx context.Context) (bool, error) {
	if b.overlapping() {
		return true, nil
	}
	var n int64
	var err error
	switch b.src.Table {
	case "sales":
		n, err = b.count(ctx, "sales_span", b.src.Name, b.first, b.last, b.markets)
	case "footfall":
		n, err = b.count(ctx, "footfall_span", b.first, b.last.Add(24*time.Hour-time.Microsecond), b.markets)
	default:
		return true, nil
	}
	return n > 0, err
}

// stage makes the temporary tables the merges read: incoming_files and
// incoming_<table> (and incoming_cancels for sales). They are tables
// rather than views of the Arrow records: several statements read them,
// and DuckDB plans joins by their row counts, which a view cannot tell.
func (b *batch) stage(ctx context.Context) error {
	if err := b.table(ctx, "incoming_files", filesSchema, []arrow.RecordBatch{filesBatch(b.files)}); err != nil {
		return err
	}
	var facts, cancels []arrow.RecordBatch
	for _, f := range b.files {
		if f.facts != nil {
			facts = append(facts, f.facts)
		}
		if f.cancels != nil {
			cancels = append(cancels, f.cancels)
		}
	}
	if err := b.table(ctx, "incoming_"+b.src.Table, incomingSchema[b.src.Table], facts); err != nil {
		return err
	}
	if b.src.Table == "sales" {
		// Empty for a source without cancellations: the statements read it all the same.
		return b.table(ctx, "incoming_cancels", cancelsSchema, cancels)
	}
	return nil
}

var incomingSchema = map[string]*arrow.Schema{
	"sales": salesSchema, "footfall": footfallSchema, "settlements": settlementsSchema,
	"spend": spendSchema, "events": eventsSchema,
}

// table materialises record batches as a temporary table.
func (b *batch) table(ctx context.Context, name string, s *arrow.Schema, recs []arrow.RecordBatch) error {
	if err := b.view(name, s, recs); err != nil {
		return err
	}
	if _, err := b.conn.ExecContext(ctx, fmt.Sprintf(`CREATE TEMP TABLE %s AS SELECT * FROM arrow_%s`, name, name)); err != nil {
		return fmt.Errorf("stage %s: %w", name, err)
	}
	b.created("TABLE", name)
	return nil
}

// view registers record batches as the Arrow view arrow_<name>, which can
// be read once.
func (b *batch) view(name string, s *arrow.Schema, recs []arrow.RecordBatch) error {
	for _, r := range recs {
		r.Retain() // the reader releases its records; the files keep theirs
	}
	reader, err := array.NewRecordReader(s, recs)
	if err != nil {
		return fmt.Errorf("stage %s: %w", name, err)
	}
	release, err := b.arrow.RegisterView(reader, "arrow_"+name)
	if err != nil {
		reader.Release()
		return fmt.Errorf("stage %s: %w", name, err)
	}
	b.created("VIEW", "arrow_"+name) // dropped before its stream is released
	b.views = append(b.views, func() { release(); reader.Release() })
	return nil
}

// cleanUp drops what the batch made on its connection, then releases the
// Arrow streams (a view left behind would point at a released stream).
func (b *batch) cleanUp() {
	ctx := context.Background()
	for _, o := range b.objects {
		b.conn.ExecContext(ctx, "DROP "+o[0]+" IF EXISTS "+o[1])
	}
	for _, release := range b.views {
		release()
	}
}

// created notes a temporary table or view made on the batch's connection
// (before or in the transaction), for cleanUp: a pooled connection keeps
// them otherwise.
func (b *batch) created(kind, name string) { b.objects = append(b.objects, [2]string{kind, name}) }

// merge writes the batch's facts and counts, per file, what it loaded.
func (b *batch) merge(ctx context.Context, contended bool) error {
	switch b.src.Table {
	case "sales":
		return b.mergeSales(ctx, contended)
	case "footfall":
		return b.mergeFootfall(ctx, contended)
	case "settlements":
		return b.mergeSettlements(ctx)
	case "spend", "events":
		if err := b.create(ctx, "TABLE", "batch_new", b.src.Table+"_new"); err != nil {
			return err
		}
		if err := b.countNew(ctx); err != nil {
			return err
		}
		return b.exec(ctx, b.src.Table+"_insert")
	}
	return fmt.Errorf("source %s: unknown table %s", b.src.Name, b.src.Table)
}

// mergeSales inserts the batch's new lines and lets a newer export set the
// status of lines already there. Lines nothing contends with (not stored
// yet, in one file of the batch) go straight in; the others are ordered by
// export (sales_occurrences). Cancellations are recorded first, so that
// the batch's lines are inserted net of them; approvals stored before the
// batch are netted after (cancels_apply): an update of the lines the
// transaction just inserted would make DuckDB write them twice.
func (b *batch) mergeSales(ctx context.Context, contended bool) error {
	src := b.src.Name
	if err := b.recordCancels(ctx); err != nil {
		return err
	}
	if contended {
		if err := b.create(ctx, "TABLE", "batch_stored", "sales_stored", src, b.first, b.last); err != nil {
			return err
		}
		if err := b.create(ctx, "TABLE", "batch_repeated", "sales_repeated", b.overlapping()); err != nil {
			return err
		}
		if err := b.create(ctx, "TABLE", "batch_occurrences", "sales_occurrences", src); err != nil {
			return err
		}
		if err := b.exec(ctx, "sales_insert_contended", src); err != nil {
			return err
		}
		if err := b.exec(ctx, "sales_update", src, b.first, b.last); err != nil {
			return err
		}
	} else if err := b.create(ctx, "TABLE", "batch_occurrences", "sales_uncontended"); err != nil {
		return err
	}
	if err := b.exec(ctx, "sales_insert", src); err != nil {
		return err
	}
	if err := b.salesCounts(ctx); err != nil {
		return err
	}
	if b.src == smartstoreSource {
		if err := b.exec(ctx, "settlements_resolve", src, b.first, b.last); err != nil {
			return err
		}
	}
	if !b.src.cancels {
		return nil
	}
	return b.applyCancels(ctx, contended)
}

// recordCancels stores the batch's new cancellations and sums, per
// approval it may load or cancel, what is cancelled (batch_cancelled).
func (b *batch) recordCancels(ctx context.Context) error {
	if !b.src.cancels {
		return b.create(ctx, "TABLE", "batch_cancelled", "cancels_none")
	}
	if err := b.create(ctx, "TABLE", "batch_new", "cancels_new"); err != nil {
		return err
	}
	news, err := b.perFile(ctx, "batch_new_counts")
	if err != nil {
		return err
	}
	for i := range b.counts {
		b.counts[i].newCancels = news[b.files[i].seq]
	}
	if err := b.exec(ctx, "cancels_insert", b.src.Name); err != nil {
		return err
	}
	return b.create(ctx, "TABLE", "batch_cancelled", "cancels_sum", b.src.Name, b.first)
}

// applyCancels nets the batch's cancellations out of approvals stored
// before the batch, and notes the days of those it changed for the metric
// tables. An uncontended batch has no stored line in its own days, so
// those approvals are before them.
func (b *batch) applyCancels(ctx context.Context, contended bool) error {
	from, to := b.netFrom, b.last // netFrom zero: some approval's day is unknown
	if !contended {
		to = b.first.AddDate(0, 0, -1)
	}
	if to.Before(from) {
		return nil
	}
	rows, err := b.conn.QueryContext(ctx, query("cancels_apply"), b.src.Name, from, to, b.shas())
	if err != nil {
		return fmt.Errorf("cancels_apply: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var market string
		var day time.Time
		if err := rows.Scan(&market, &day); err != nil {
			return fmt.Errorf("cancels_apply: %w", err)
		}
		b.touch(market, day)
	}
	return rows.Err()
}

// touch notes that a market's facts changed from a day on.
func (b *batch) touch(market string, day time.Time) {
	if d, ok := b.pending[market]; !ok || day.Before(d) {
		b.pending[market] = day
	}
}

// salesCounts: a file loads its lines nothing contended with, and of the
// contended ones those it holds first.
func (b *batch) salesCounts(ctx context.Context) error {
	rows, err := b.conn.QueryContext(ctx, query("sales_counts"))
	if err != nil {
		return fmt.Errorf("sales_counts: %w", err)
	}
	defer rows.Close()
	contended := map[int32]counted{}
	occurrences := map[int32]int{}
	for rows.Next() {
		var seq int32
		var n, first, changed int
		if err := rows.Scan(&seq, &n, &first, &changed); err != nil {
			return fmt.Errorf("sales_counts: %w", err)
		}
		occurrences[seq] = n
		contended[seq] = counted{loaded: first, updated: changed}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sales_counts: %w", err)
	}
	for i, f := range b.files {
		c := contended[f.seq]
		b.counts[i].loaded = f.nFacts - occurrences[f.seq] + c.loaded
		b.counts[i].updated = c.updated
	}
	return nil
}

// overlapping reports whether two files of the batch cover a common day,
// so that they may hold the same lines.
func (b *batch) overlapping() bool {
	for i, f := range b.files {
		for _, g := range b.files[:i] {
			if !f.first.IsZero() && !g.first.IsZero() && !f.first.After(g.last) && !g.first.After(f.last) {
				return true
			}
		}
	}
	return false
}

// mergeFootfall inserts the readings not yet stored, each once.
func (b *batch) mergeFootfall(ctx context.Context, contended bool) error {
	from, to := b.first, b.last.Add(24*time.Hour-time.Microsecond)
	if !contended {
		// Nothing can repeat: every reading is new.
		if err := b.create(ctx, "VIEW", "batch_new", "footfall_all"); err != nil {
			return err
		}
		for i, f := range b.files {
			b.counts[i].loaded = f.nFacts
		}
	} else {
		if err := b.create(ctx, "TABLE", "batch_new", "footfall_new", from, to); err != nil {
			return err
		}
		if err := b.countNew(ctx); err != nil {
			return err
		}
	}
	return b.exec(ctx, "footfall_insert")
}

// shas lists the SHA-256s of the batch's files.
func (b *batch) shas() []string {
	out := make([]string, len(b.files))
	for i, f := range b.files {
		out[i] = f.res.SHA256
	}
	return out
}

// mergeSettlements merges file by file: settlement exports are few and
// small, and a newer one updates lines as the old per-file statements did.
func (b *batch) mergeSettlements(ctx context.Context) error {
	for i, f := range b.files {
		updated, err := b.rowsAffected(ctx, "settlements_update", f.seq)
		if err != nil {
			return err
		}
		inserted, err := b.rowsAffected(ctx, "settlements_insert", f.seq)
		if err != nil {
			return err
		}
		b.counts[i] = counted{loaded: int(inserted), updated: int(updated)}
	}
	return nil
}

// countNew counts, per file, the rows of batch_new: what it loads.
func (b *batch) countNew(ctx context.Context) error {
	news, err := b.perFile(ctx, "batch_new_counts")
	if err != nil {
		return err
	}
	for i, f := range b.files {
		b.counts[i].loaded = news[f.seq]
	}
	return nil
}

// perFile runs a query of (file_seq, count) rows.
func (b *batch) perFile(ctx context.Context, name string) (map[int32]int, error) {
	rows, err := b.conn.QueryContext(ctx, query(name))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	defer rows.Close()
	out := map[int32]int{}
	for rows.Next() {
		var seq int32
		var n int
		if err := rows.Scan(&seq, &n); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out[seq] = n
	}
	return out, rows.Err()
}

// record writes the rejects, coverage, ignored rows, pending days and
// ledger lines of the batch, after checking that every row is accounted for.
func (b *batch) record(ctx context.Context) error {
	var rejects, stalls []arrow.RecordBatch
	for i, f := range b.files {
		r, c := &f.res, b.counts[i]
		r.Loaded = c.loaded + c.newCancels
		r.Updated = c.updated
		r.Duplicate = f.duplicates + (f.nFacts - c.loaded) + (f.nCancels - c.newCancels)
		if r.Loaded+r.Duplicate+r.Rejected != r.Read {
			// Cannot happen unless a merge statement miscounts: fail loudly, store nothing.
			return fmt.Errorf("%s: accounting does not add up: read %d ≠ loaded %d + duplicate %d + rejected %d",
				r.Path, r.Read, r.Loaded, r.Duplicate, r.Rejected)
		}
		if f.rejects != nil {
			rejects = append(rejects, f.rejects)
		}
		if f.stalls != nil {
			stalls = append(stalls, f.stalls)
		}
		if r.Ignored > 0 {
			why := fmt.Sprintf("rows about %d sensors not in market.yaml", f.ignoredSensors)
			if err := b.exec(ctx, "ingest_ignored_insert", r.SHA256, r.Ignored, why); err != nil {
				return err
			}
		}
	}
	if len(rejects) > 0 {
		if err := b.view("rejects", rejectsSchema, rejects); err != nil {
			return err
		}
		if err := b.exec(ctx, "rejects_insert"); err != nil {
			return err
		}
	}
	if len(stalls) > 0 {
		if err := b.view("file_stalls", fileStallsSchema, stalls); err != nil {
			return err
		}
		if err := b.exec(ctx, "file_stalls_insert", b.src.Name); err != nil {
			return err
		}
	}
	for _, f := range b.files {
		for m, day := range f.touched {
			b.touch(m, day)
		}
	}
	for m, day := range b.pending {
		if err := b.exec(ctx, "metrics_pending_insert", m, day); err != nil {
			return err
		}
	}
	if err := b.view("ledger", ledgerSchema, []arrow.RecordBatch{ledgerBatch(b.files, time.Now().UTC())}); err != nil {
		return err
	}
	return b.exec(ctx, "ingest_files_insert")
}

// create runs an embedded CREATE TEMP statement and notes what it made.
func (b *batch) create(ctx context.Context, kind, name, q string, args ...any) error {
	if err := b.exec(ctx, q, args...); err != nil {
		return err
	}
	b.created(kind, name)
	return nil
}

func (b *batch) exec(ctx context.Context, name string, args ...any) error {
	_, err := b.rowsAffected(ctx, name, args...)
	return err
}

func (b *batch) rowsAffected(ctx context.Context, name string, args ...any) (int64, error) {
	r, err := b.conn.ExecContext(ctx, query(name), args...)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", name, err)
	}
	return r.RowsAffected()
}

// count runs an embedded query of one count.
func (b *batch) count(ctx context.Context, name string, args ...any) (int64, error) {
	var n int64
	if err := b.conn.QueryRowContext(ctx, query(name), args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("%s: %w", name, err)
	}
	return n, nil
}
