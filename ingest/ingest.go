// Package ingest loads market exports into the warehouse: Smart Store
// order and settlement exports, card-terminal and POS payment lists,
// people-counter and S-DoT footfall files, the spend ledger and the
// live-commerce list, and any other export a column-mapping profile
// (profiles/*.yaml, see Profile) describes. FORMATS.md lists the layouts.
//
// It reads CSV (UTF-8 or CP949) and xlsx (also password-protected) files,
// recognises each by its header row, reads only the columns it needs (so
// personal data such as buyer names, phone numbers and addresses is never
// read, and buyer IDs become keyed hashes), validates every row, and loads
// a file atomically through Arrow batches: its facts, its rejects and its
// ledger line (ingest_files) commit together or not at all. Every row read
// is accounted for as loaded, duplicate or rejected; rows of a city-wide
// public file about other places are counted apart (ingest_ignored).
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
	BuyerKey  []byte     // HMAC key for buyer IDs (see BuyerKey)
	Passwords []string   // for encrypted workbooks, tried in order
	Profiles  []*Profile // the workspace's column-mapping profiles (see LoadProfiles), tried before the built-in layouts
	Now       time.Time  // rows dated after it are rejected; zero → time.Now()
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
	res.Ignored = p.ignored
	if res.Read >= 5 && float64(res.Rejected) > maxRejectShare*float64(res.Read) {
		return pr, fmt.Errorf("ingest %s: refused: %d of %d rows are bad (first: %v); is this the right kind of file?",
			path, res.Rejected, res.Read, p.rejects[0])
	}
	if res.Read == 0 && p.ignored > 0 {
		return pr, fmt.Errorf("ingest %s: refused: none of its %d rows is about a sensor of market.yaml (its sensors: %s); list the market's sensors in market.yaml with their 시리얼 as id",
			path, p.ignored, sample(p.ignoredIDs, 5))
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
	match := func(row []string) bool { src = sniff(opt.Profiles, row); return src != nil }
	t, err := openTable(path, opt.Passwords, "", match)
	if err != nil {
		return nil, nil, nil, err
	}
	if src.encoding != "" && t.ascii && !strings.HasPrefix(t.encoding, src.encoding) {
		// The profile says what detection on the first 64 KiB (plain ASCII) could not know.
		t.close()
		if t, err = openTable(path, opt.Passwords, src.encoding, match); err != nil {
			return nil, nil, nil, err
		}
	}
	defer t.close()
	p := newParser(path, opt, t.preamble)
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
		if t.encoding != "xlsx" && !src.ragged && !fieldsFit(row, t.header) {
			p.rejects = append(p.rejects, p.reject(line, "", KindBadRow,
				"%d fields where the header has %d: an amount such as 12,000 without quotes, or a value left out, shifts the columns", len(row), len(t.header)))
			continue
		}
		if rerr := src.parse(p, h, row, line); rerr != nil {
			p.rejects = append(p.rejects, rerr)
		}
	}
	return p, src, t, nil
}

// newParser starts the parse of one file.
func newParser(path string, opt Options, preamble [][]string) *parser {
	now := opt.Now
	if now.IsZero() {
		now = kst(time.Now())
	}
	maxKRW := opt.Config.Ingest.MaxAmountKRW
	if maxKRW == 0 {
		maxKRW = 100_000_000
	}
	return &parser{
		file: path, dir: newDirectory(opt.Config), now: now, buyerKey: opt.BuyerKey, maxKRW: maxKRW,
		preamble: preamble, seen: map[string]bool{}, stalls: map[[2]string]bool{}, ignoredIDs: map[string]bool{},
	}
}

// fieldsFit reports whether a CSV row lines up with its header: as many
// fields, or more that are all empty (a trailing comma).
func fieldsFit(row, header []string) bool {
	if len(row) > len(header) {
		return blank(row[len(header):])
	}
	return len(row) == len(header)
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
	return len(p.sales) + len(p.cancels) + len(p.footfall) + len(p.spend) + len(p.events) + len(p.settlements)
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
