// Package ingest loads market exports into the warehouse: Smart Store
// order and settlement exports, card-terminal and POS payment lists,
// people-counter and S-DoT footfall files, the spend ledger and the
// live-commerce list, and any other export a column-mapping profile
// (profiles/*.yaml, see Profile) describes. FORMATS.md lists the layouts.
//
// It reads CSV (UTF-8 or CP949) and xlsx (also password-protected) files,
// recognises each by its header row, reads only the columns it needs (so
// personal data such as buyer names, phone numbers and addresses is never
// read, and buyer IDs become keyed hashes) and validates every row. Files
// are parsed on every core ahead of loading and turned into Arrow records;
// consecutive files of one source load as a batch in one transaction:
// their facts merged set-wise (load.go), their rejects, the stalls and
// days they cover, the days the metric tables must rebuild
// (metrics_pending) and their ledger lines (ingest_files) commit together
// or not at all. Every row read is accounted for as loaded, duplicate or
// rejected; rows of a city-wide public file about other places are counted
// apart (ingest_ignored). Re-running is safe: a file already in the ledger
// (by SHA-256) is skipped, one at a path whose size and modification time
// are those it was loaded with is not even read again, and a line already
// loaded from an overlapping export is merged on its natural key, the
// newest export setting its status, whether the files load one by one or in
// one batch.
package ingest

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"sijang/internal/market"
)

//go:embed sql/*.sql
var sqlFS embed.FS

// query returns an embedded statement by file name (without .sql).
func query(name string) string {
	b, err := sqlFS.ReadFile("sql/" + name + ".sql")
	if err != nil {
		panic("ingest: no embedded query " + name) // a programming error, caught by TestQueriesBind
	}
	return string(b)
}

// Options are the settings of one ingest run.
type Options struct {
	Config    *market.Config
	BuyerKey  []byte     // HMAC key for buyer IDs (see BuyerKey)
	Passwords []string   // for encrypted workbooks, tried in order
	Profiles  []*Profile // the workspace's column-mapping profiles (see LoadProfiles), tried before the built-in layouts
	Now       time.Time  // rows dated after it are rejected; zero → time.Now()
	// Root is the workspace: the ledger records the paths of files under it
	// relative to it, so that a file is the same one however the workspace
	// was named (-w . or -w /abs/dir) and after the workspace moves. ""
	// records paths as given.
	Root string
}

// Result is the accounting of one file: Read = Loaded + Duplicate + Rejected.
type Result struct {
	Path      string
	SHA256    string
	Source    string
	Read      int
	Loaded    int
	Duplicate int
	Rejected  int
	Updated   int  // duplicates whose newer export changed the status
	Skipped   bool // the same file was loaded before: nothing changed
	Rejects   []*RowError
	// Ignored counts the rows of a city-wide public file (S-DoT) about
	// sensors that are not in market.yaml. They are not the workspace's
	// data and are not in Read; the ledger keeps their number in ingest_ignored.
	Ignored int
}

// maxRejectShare refuses a file when more than this share of its rows is bad.
const maxRejectShare = 0.5

// Files expands paths (directories are walked, hidden files skipped) into a
// sorted list of regular files.
func Files(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		err := filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if strings.HasPrefix(d.Name(), ".") && path != p {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() {
				out = append(out, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Strings(out)
	return out, nil
}

// File loads one export. An error means nothing of the file was stored.
func File(ctx context.Context, db *sql.DB, path string, opt Options) (Result, error) {
	l, err := NewLoader(ctx, db, opt)
	if err != nil {
		return Result{Path: path}, err
	}
	var res Result
	var ferr error
	err = l.Run(ctx, []string{path}, func(r Result, err error) { res, ferr = r, err })
	if err != nil {
		return res, err
	}
	return res, ferr
}

// Batches: a batch holds files of one source, at most batchMaxRows rows or
// batchMaxFiles files. While a batch is smaller than batchMinRows and
// batchMinFiles it waits for the next file to be parsed; beyond that it
// takes only the files parsed already, so that loading never waits for
// parsing it could overlap with.
const (
	batchMaxRows  = 1 << 20
	batchMaxFiles = 512
	batchMinRows  = 1 << 16
	batchMinFiles = 64
	// readAheadBytes bounds the bytes of the files parsed but not yet
	// loaded (their records are in memory; a card export takes about 1.6
	// times its size); the file loading waits for is always admitted. At
	// size M, 128 MiB keeps the loading fed at 1.5 GB peak (256 MiB: the
	// same speed, 2.0–2.3 GB; 64 MiB: 15% slower).
	readAheadBytes = 128 << 20
)

// Run loads files in the given order. Files are parsed on every core ahead
// of loading and loaded in batches of one source, each batch in one
// transaction. done is called for every file, in order, once its batch is
// committed (or the file was refused, or was loaded before). Run goes on
// after a refused file; it returns an error only when it could not go on
// (the context ended, the warehouse failed).
func (l *Loader) Run(ctx context.Context, files []string, done func(Result, error)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ahead := newReadAhead(ctx, l, files)
	defer ahead.stop()
	for i := 0; i < len(files); {
		first, err := ahead.wait(i)
		if err != nil {
			return err
		}
		b := []*Prepared{first}
		rows := first.rows()
		for i+len(b) < len(files) && len(b) < batchMaxFiles && rows < batchMaxRows {
			var next *Prepared
			if rows < batchMinRows && len(b) < batchMinFiles {
				if next, err = ahead.wait(i + len(b)); err != nil {
					return err
				}
			} else if next = ahead.ready(i + len(b)); next == nil {
				break
			}
			if next.loadable() && first.loadable() && next.src != first.src {
				break
			}
			if next.loadable() && !first.loadable() {
				break // a batch of files with nothing to load, then the next source's
			}
			b = append(b, next)
			rows += next.rows()
		}
		if err := l.load(ctx, b); err != nil {
			return err
		}
		for _, f := range b {
			done(f.res, f.err)
		}
		ahead.loaded(b)
		i += len(b)
	}
	return nil
}

// load loads one batch. When the batch fails as a whole, each of its files
// is tried alone, so that one file's failure names that file and the
// others still load; only a failure of the warehouse itself stops the run.
func (l *Loader) load(ctx context.Context, files []*Prepared) error {
	live := l.toLoad(files)
	if len(live) == 0 {
		return nil
	}
	err := l.loadBatch(ctx, live)
	if err == nil || len(live) == 1 {
		if err != nil {
			live[0].err = fmt.Errorf("ingest %s: %w", live[0].res.Path, err)
		}
		return ctx.Err()
	}
	for _, f := range live {
		if err := l.loadBatch(ctx, []*Prepared{f}); err != nil {
			f.err = fmt.Errorf("ingest %s: %w", f.res.Path, err)
		}
	}
	return ctx.Err()
}

// toLoad returns the files with something to load, marking as loaded
// before those whose content the ledger got meanwhile or that repeat an
// earlier file of the batch.
func (l *Loader) toLoad(files []*Prepared) []*Prepared {
	l.mu.Lock()
	defer l.mu.Unlock()
	var live []*Prepared
	seen := map[string]*Prepared{}
	for _, f := range files {
		if !f.loadable() {
			continue
		}
		if line, ok := l.ledger[f.res.SHA256]; ok {
			f.skip(line)
			continue
		}
		if g := seen[f.res.SHA256]; g != nil {
			f.skip(ledgerLine{source: g.res.Source, read: g.res.Read})
			continue
		}
		seen[f.res.SHA256] = f
		live = append(live, f)
	}
	return live
}

// loadBatch writes files in one transaction and adds them to the ledger.
func (l *Loader) loadBatch(ctx context.Context, files []*Prepared) error {
	if err := newBatch(files).load(ctx, l.db); err != nil {
		return err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, f := range files {
		l.ledger[f.res.SHA256] = ledgerLine{source: f.res.Source, read: f.res.Read}
		l.byPath[f.ledgerPath] = stamp{size: f.size, modified: f.modified, sha: f.res.SHA256}
		f.release()
	}
	return nil
}

// readAhead parses files on every core ahead of the loading, in order,
// within the readAheadBytes budget.
type readAhead struct {
	files []string
	out   []chan *Prepared
	got   []*Prepared
	sizes []int64

	mu      sync.Mutex
	cond    *sync.Cond
	bytes   int64 // of files admitted and not yet loaded
	wanted  int   // the file the loading waits for: admitted whatever the budget
	stopped bool
	wg      sync.WaitGroup
}

func newReadAhead(ctx context.Context, l *Loader, files []string) *readAhead {
	a := &readAhead{files: files, out: make([]chan *Prepared, len(files)), got: make([]*Prepared, len(files)),
		sizes: make([]int64, len(files))}
	a.cond = sync.NewCond(&a.mu)
	for i, f := range files {
		a.out[i] = make(chan *Prepared, 1)
		if fi, err := os.Stat(f); err == nil {
			a.sizes[i] = fi.Size()
		}
	}
	work := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		a.wg.Add(1)
		go func() {
			defer a.wg.Done()
			for i := range work {
				a.out[i] <- l.Prepare(files[i], int32(i))
			}
		}()
	}
	go func() {
		defer close(work)
		for i := range files {
			a.mu.Lock()
			for !a.stopped && a.bytes > 0 && a.bytes+a.sizes[i] > readAheadBytes && i > a.wanted {
				a.cond.Wait()
			}
			stopped := a.stopped
			a.bytes += a.sizes[i]
			a.mu.Unlock()
			if stopped {
				return
			}
			select {
			case work <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	return a
}

// wait returns file i once parsed.
func (a *readAhead) wait(i int) (*Prepared, error) {
	if a.got[i] != nil {
		return a.got[i], nil
	}
	a.mu.Lock()
	a.wanted = max(a.wanted, i)
	a.cond.Broadcast()
	a.mu.Unlock()
	p, ok := <-a.out[i]
	if !ok {
		return nil, context.Canceled
	}
	a.got[i] = p
	return p, nil
}

// ready returns file i if it is parsed already, else nil.
func (a *readAhead) ready(i int) *Prepared {
	if a.got[i] != nil {
		return a.got[i]
	}
	select {
	case p := <-a.out[i]:
		a.got[i] = p
		return p
	default:
		return nil
	}
}

// loaded frees the budget of a loaded batch.
func (a *readAhead) loaded(files []*Prepared) {
	a.mu.Lock()
	for _, f := range files {
		a.bytes -= a.sizes[f.seq]
		a.got[f.seq] = nil
	}
	a.cond.Broadcast()
	a.mu.Unlock()
}

// stop ends the parsing and waits for the files being parsed.
func (a *readAhead) stop() {
	a.mu.Lock()
	a.stopped = true
	a.cond.Broadcast()
	a.mu.Unlock()
	a.wg.Wait()
}

// sample lists up to n of the set's keys, sorted.
func sample(set map[string]bool, n int) string {
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if len(keys) > n {
		return strings.Join(keys[:n], ", ") + fmt.Sprintf(" and %d more", len(keys)-n)
	}
	return strings.Join(keys, ", ")
}
