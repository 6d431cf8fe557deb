// Package ingest loads market exports into the warehouse. It reads CSV
// (UTF-8 or CP949) and xlsx (also password-protected) files, recognises each
// by its header row, reads only the columns it needs (so personal data such
// as buyer names, phone numbers and addresses is never read, and buyer IDs
// become keyed hashes), validates every row, and loads a file atomically:
// its facts, its rejects and its ledger line commit together or not at all.
// Every row read is accounted for as loaded, duplicate or rejected.
// Re-running is safe: a file already in the ledger (by SHA-256) is skipped,
// and lines already loaded from an overlapping export are merged on their
// natural key, the newest export's status winning.
package ingest

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
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
	BuyerKey  []byte    // HMAC key for buyer IDs (see BuyerKey)
	Passwords []string  // for encrypted workbooks, tried in order
	Now       time.Time // rows dated after it are rejected; zero → time.Now()
}

// Result is the accounting of one file.
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
	p, err := Prepare(ctx, db, path, opt)
	if err != nil || p.Done() {
		return p.Result(), err
	}
	return p.Load(ctx, db)
}

// Prepared is an export read and checked, ready to load. Preparing the
// next file while the previous one loads keeps both cores busy.
type Prepared struct {
	res      Result
	p        *parser
	src      *Source
	asOf     time.Time
	from, to time.Time
}

// Result returns the accounting so far.
func (pr *Prepared) Result() Result {
	if pr == nil {
		return Result{}
	}
	return pr.res
}

// Done reports that there is nothing to load: the file was loaded before.
func (pr *Prepared) Done() bool { return pr.res.Skipped }

// Prepare hashes a file, skips it if the ledger has it, and parses and
// validates it. It only reads the warehouse.
func Prepare(ctx context.Context, db *sql.DB, path string, opt Options) (*Prepared, error) {
	pr := &Prepared{res: Result{Path: path}}
	res := &pr.res
	sum, err := fileSHA256(path)
	if err != nil {
		return pr, fmt.Errorf("ingest %s: %w", path, err)
	}
	res.SHA256 = sum
	if done, err := pr.loadedBefore(ctx, db); err != nil || done {
		return pr, err
	}
	p, src, t, err := parseFile(path, opt)
	if err != nil {
		return pr, fmt.Errorf("ingest %s: %w", path, err)
	}
	res.Source = src.Name
	res.Read = len(p.rejects) + p.duplicates + p.records()
	res.Rejects = p.rejects
	res.Rejected = len(p.rejects)
	if res.Read >= 5 && float64(res.Rejected) > maxRejectShare*float64(res.Read) {
		return pr, fmt.Errorf("ingest %s: refused: %d of %d rows are bad (first: %v); is this the right kind of file?",
			path, res.Rejected, res.Read, p.rejects[0])
	}
	pr.p, pr.src = p, src
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
	return pr, nil
}

// loadedBefore marks the result skipped when the ledger already has the file.
func (pr *Prepared) loadedBefore(ctx context.Context, db *sql.DB) (bool, error) {
	res := &pr.res
	err := db.QueryRowContext(ctx, `SELECT source, rows_read FROM ingest_files WHERE file_sha256 = ?`, res.SHA256).Scan(&res.Source, &res.Read)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("ingest %s: %w", res.Path, err)
	}
	res.Duplicate, res.Loaded, res.Rejected, res.Skipped = res.Read, 0, 0, true
	return true, nil
}

// Load writes a prepared file in one transaction. A file with the same
// content loaded meanwhile (a copy under another name) is skipped.
func (pr *Prepared) Load(ctx context.Context, db *sql.DB) (Result, error) {
	if done, err := pr.loadedBefore(ctx, db); err != nil || done {
		return pr.res, err
	}
	l := &load{db: db, p: pr.p, src: pr.src, res: &pr.res, asOf: pr.asOf, from: pr.from, to: pr.to}
	if err := l.run(ctx); err != nil {
		return pr.res, fmt.Errorf("ingest %s: %w", pr.res.Path, err)
	}
	return pr.res, nil
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

// parseFile reads a whole export into records and rejects.
func parseFile(path string, opt Options) (*parser, *Source, *table, error) {
	var src *Source
	sniff := func(row []string) bool { src = Sniff(row); return src != nil }
	t, err := openTable(path, opt.Passwords, sniff)
	if err != nil {
		return nil, nil, nil, err
	}
	defer t.close()
	now := opt.Now
	if now.IsZero() {
		now = kst(time.Now())
	}
	maxKRW := opt.Config.Ingest.MaxAmountKRW
	if maxKRW == 0 {
		maxKRW = 100_000_000
	}
	p := &parser{
		file: path, dir: newDirectory(opt.Config), now: now, buyerKey: opt.BuyerKey, maxKRW: maxKRW,
		seen: map[string]bool{}, stalls: map[[2]string]bool{},
	}
	h := newHeader(t.header)
	for {
		row, line, err := t.next()
		if err == io.EOF {
			break
		}
		var rerr *RowError
		if errors.As(err, &rerr) {
			rerr.File = path
			p.rejects = append(p.rejects, rerr)
			continue
		}
		if err != nil {
			return nil, nil, nil, fmt.Errorf("row %d: %w", line, err)
		}
		if blank(row) {
			continue
		}
		if rerr := src.parse(p, h, row, line); rerr != nil {
			p.rejects = append(p.rejects, rerr)
		}
	}
	return p, src, t, nil
}

func blank(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// records counts the rows that produced a record.
func (p *parser) records() int {
	return len(p.sales) + len(p.cancels) + len(p.footfall) + len(p.spend) + len(p.events)
}
