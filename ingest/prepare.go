package ingest

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
)

// A Loader loads exports into one warehouse. Prepare may run on several
// goroutines at once; batches load one at a time (Run does both).
type Loader struct {
	db   *sql.DB
	opt  Options
	root string // opt.Root made absolute; "" when not set

	mu     sync.Mutex
	ledger map[string]ledgerLine // the files loaded, by SHA-256: read at the start, kept up to date
	byPath map[string]stamp      // the path, size and modification time each was loaded from
}

type ledgerLine struct {
	source string
	read   int
}

// stamp identifies a file on disk without reading it: a file at a path
// whose size and modification time are those it had when loaded is taken
// to be the content loaded then (as git's index does), so a run over an
// inbox of years of exports reads only the new ones.
type stamp struct {
	size     int64
	modified time.Time // to the microsecond, as the ledger keeps it
	sha      string
}

func stampOf(fi os.FileInfo) stamp {
	return stamp{size: fi.Size(), modified: fi.ModTime().UTC().Truncate(time.Microsecond)}
}

// NewLoader reads the warehouse's ledger of loaded files.
func NewLoader(ctx context.Context, db *sql.DB, opt Options) (*Loader, error) {
	l := &Loader{db: db, opt: opt, ledger: map[string]ledgerLine{}, byPath: map[string]stamp{}}
	if opt.Root != "" {
		root, err := filepath.Abs(opt.Root)
		if err != nil {
			return nil, fmt.Errorf("ingest: %w", err)
		}
		l.root = root
	}
	rows, err := db.QueryContext(ctx, `SELECT file_sha256, source, rows_read, path, size_bytes, modified_at FROM ingest_files`)
	if err != nil {
		return nil, fmt.Errorf("ingest: read the ledger: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var sha, path string
		var line ledgerLine
		var size sql.NullInt64
		var modified sql.NullTime
		if err := rows.Scan(&sha, &line.source, &line.read, &path, &size, &modified); err != nil {
			return nil, fmt.Errorf("ingest: read the ledger: %w", err)
		}
		l.ledger[sha] = line
		if size.Valid && modified.Valid {
			l.byPath[path] = stamp{size: size.Int64, modified: modified.Time.UTC(), sha: sha}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("ingest: read the ledger: %w", err)
	}
	return l, nil
}

// loaded reports whether a file with this content is in the ledger.
func (l *Loader) loaded(sha string) (ledgerLine, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	line, ok := l.ledger[sha]
	return line, ok
}

// ledgerPath is the path the ledger records for a file: relative to the
// workspace when the file is in it, else absolute; as given without a
// workspace (Options.Root).
func (l *Loader) ledgerPath(path string) string {
	if l.root == "" {
		return path
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return path
	}
	rel, err := filepath.Rel(l.root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return abs
	}
	return rel
}

// unchanged returns the content a file had when it was loaded from the same
// path, if its size and modification time are still those.
func (l *Loader) unchanged(path string, st stamp) (sha string, line ledgerLine, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	was, ok := l.byPath[path]
	if !ok || was.size != st.size || !was.modified.Equal(st.modified) {
		return "", ledgerLine{}, false
	}
	line, ok = l.ledger[was.sha]
	return was.sha, line, ok
}

// Prepared is one export read, checked and turned into Arrow records: what
// a batch needs to load it, and its accounting so far.
type Prepared struct {
	res Result
	err error // the file was refused (nothing of it loads)
	seq int32 // its place in the load order
	// ledgerPath is the path the ledger records (Loader.ledgerPath).
	ledgerPath string
	size       int64     // its bytes, for the read-ahead budget and the ledger
	modified   time.Time // its modification time, for the ledger

	src      *Source
	asOf     time.Time // when the export was taken: the newest export's values win
	from, to time.Time // the days it covers (its declared period, else its rows' days)
	first    time.Time // the first and last day of its rows
	last     time.Time
	netFrom  time.Time // the first day of an approval its cancellations net (zero: none)
	// someCancelUndated: a cancellation whose approval's day is unknown (a
	// POS refund of a receipt from another export): it may net any day.
	someCancelUndated bool
	market            string // the ledger's market_id (any market it has rows for), "" when none

	facts, cancels, rejects, stalls arrow.RecordBatch // nil when the file has none
	nFacts, nCancels                int               // rows of facts and cancels
	duplicates                      int               // lines repeated inside the file
	ignoredSensors                  int               // sensors of a public file outside the workspace
	// touched holds, per market, the first day of what the file brings that
	// the metric tables read: sales, footfall, a sales export's coverage.
	touched map[string]time.Time
}

// Result returns the file's accounting.
func (pr *Prepared) Result() Result { return pr.res }

// rows is how many fact rows the file brings to a batch.
func (pr *Prepared) rows() int { return pr.nFacts + pr.nCancels }

// loadable reports whether the file has something to load.
func (pr *Prepared) loadable() bool { return pr.err == nil && !pr.res.Skipped }

// release frees the file's Arrow records.
func (pr *Prepared) release() {
	for _, r := range []arrow.RecordBatch{pr.facts, pr.cancels, pr.rejects, pr.stalls} {
		if r != nil {
			r.Release()
		}
	}
	pr.facts, pr.cancels, pr.rejects, pr.stalls = nil, nil, nil, nil
}

// Prepare hashes a file, skips it if the ledger has it, parses and checks
// it and builds its Arrow records. It does not touch the warehouse.
func (l *Loader) Prepare(path string, seq int32) *Prepared {
	pr := &Prepared{res: Result{Path: path}, seq: seq, ledgerPath: l.ledgerPath(path)}
	if err := pr.prepare(l, path); err != nil {
		pr.err = fmt.Errorf("ingest %s: %w", path, err)
	}
	return pr
}

func (pr *Prepared) prepare(l *Loader, path string) error {
	res := &pr.res
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	st := stampOf(fi)
	pr.size, pr.modified = st.size, st.modified
	if sha, line, ok := l.unchanged(pr.ledgerPath, st); ok {
		res.SHA256 = sha
		pr.skip(line)
		return nil
	}
	if res.SHA256, err = fileSHA256(path); err != nil {
		return err
	}
	if line, ok := l.loaded(res.SHA256); ok {
		pr.skip(line)
		return nil
	}
	p, src, t, err := parseFile(path, l.opt)
	if err != nil {
		return err
	}
	pr.src = src
	res.Source = src.Name
	res.Read = len(p.rejects) + p.duplicates + p.records()
	res.Rejects = p.rejects
	res.Rejected = len(p.rejects)
	res.Ignored = p.ignored
	if res.Read >= 5 && float64(res.Rejected) > maxRejectShare*float64(res.Read) {
		return fmt.Errorf("refused: %d of %d rows are bad (first: %v); is this the right kind of file?",
			res.Rejected, res.Read, p.rejects[0])
	}
	if res.Read == 0 && p.ignored > 0 {
		return fmt.Errorf("refused: none of its %d rows is about a sensor of market.yaml (its sensors: %s); list the market's sensors in market.yaml with their 시리얼 as id",
			p.ignored, sample(p.ignoredIDs, 5))
	}
	var declared bool
	if pr.from, pr.to, declared = declaredPeriod(t.preamble); !declared {
		pr.from, pr.to = p.minDay, p.maxDay
	}
	pr.asOf = t.modified
	if pr.asOf.IsZero() {
		pr.asOf = p.maxTime
		if end := pr.to.Add(24*time.Hour - time.Second); declared && end.After(pr.asOf) {
			pr.asOf = end
		}
	}
	pr.duplicates = p.duplicates
	pr.ignoredSensors = len(p.ignoredIDs)
	pr.build(p)
	return nil
}

// skip marks a file whose content is loaded already: all its rows are duplicates.
func (pr *Prepared) skip(line ledgerLine) {
	r := &pr.res
	r.Source, r.Read = line.source, line.read
	r.Duplicate, r.Loaded, r.Rejected, r.Updated, r.Skipped = line.read, 0, 0, 0, true
	r.Rejects, r.Ignored = nil, 0
	pr.release()
}

// build turns the parser's records into Arrow records and notes, per
// market, the first day the file's rows touch.
func (pr *Prepared) build(p *parser) {
	pr.first, pr.last = p.minDay, p.maxDay
	pr.touched = map[string]time.Time{}
	touch := func(market string, day time.Time) {
		if market == "" || day.IsZero() {
			return
		}
		if d, ok := pr.touched[market]; !ok || day.Before(d) {
			pr.touched[market] = day
		}
	}
	switch pr.src.Table {
	case "sales":
		pr.facts, pr.nFacts = salesBatch(pr.seq, p.sales), len(p.sales)
		for i := range p.sales {
			touch(p.sales[i].market, p.sales[i].saleDate)
		}
		if pr.src.cancels {
			pr.cancels, pr.nCancels = cancelsBatch(pr.seq, p.cancels), len(p.cancels)
		}
		// The days the cancellations net are found when they are applied (cancels_apply).
		for i := range p.cancels {
			day := p.cancels[i].approvedOn
			switch {
			case day.IsZero():
				pr.someCancelUndated = true
			case pr.netFrom.IsZero() || day.Before(pr.netFrom):
				pr.netFrom = dayOf(day)
			}
		}
	case "footfall":
		pr.facts, pr.nFacts = footfallBatch(pr.seq, p.footfall), len(p.footfall)
		for i := range p.footfall {
			touch(p.footfall[i].market, dayOf(p.footfall[i].ts))
		}
	case "settlements":
		pr.facts, pr.nFacts = settlementsBatch(pr.seq, p.settlements), len(p.settlements)
	case "spend":
		pr.facts, pr.nFacts = spendBatch(pr.seq, p.spend), len(p.spend)
	case "events":
		pr.facts, pr.nFacts = eventsBatch(pr.seq, p.events), len(p.events)
	}
	if len(p.rejects) > 0 {
		pr.rejects = rejectsBatch(pr.seq, p.rejects)
	}
	stalls := make([][2]string, 0, len(p.stalls))
	for k := range p.stalls {
		stalls = append(stalls, k)
		if pr.src.Table == "sales" {
			// The period of a sales export counts as covered for its stalls (stall_coverage).
			touch(k[0], pr.from)
		}
	}
	sort.Slice(stalls, func(i, j int) bool {
		if stalls[i][0] != stalls[j][0] {
			return stalls[i][0] < stalls[j][0]
		}
		return stalls[i][1] < stalls[j][1]
	})
	if len(stalls) > 0 {
		pr.stalls = fileStallsBatch(pr.seq, stalls)
		pr.market = stalls[0][0]
	} else {
		pr.market = p.dir.single
	}
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
