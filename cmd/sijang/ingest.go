package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"sijang/ingest"
)

func runIngest(ctx context.Context, e *env, args []string) error {
	fs, dir := newFlags(e, "ingest", "ingest [-w dir] [--json] [path ...]")
	asJSON := fs.Bool("json", false, "print the per-file accounting as JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	ws := workspace{*dir}
	return ws.withWarehouse(ctx, func(db *sql.DB) error {
		_, err := ingestAll(ctx, e, ws, db, fs.Args(), *asJSON)
		return err
	})
}

// fileLine is the JSON form of one file's accounting.
type fileLine struct {
	Path      string   `json:"path"`
	Source    string   `json:"source,omitempty"`
	Read      int      `json:"rows_read"`
	Loaded    int      `json:"rows_loaded"`
	Duplicate int      `json:"rows_duplicate"`
	Rejected  int      `json:"rows_rejected"`
	Updated   int      `json:"rows_updated"`
	Ignored   int      `json:"rows_ignored,omitempty"`
	Skipped   bool     `json:"already_loaded,omitempty"`
	Error     string   `json:"error,omitempty"`
	Rejects   []string `json:"rejects,omitempty"`
}

// maxRejectLines is how many rejects per file are printed; all are in the rejects table.
const maxRejectLines = 5

// ingestAll loads the given paths (default: the workspace inbox) and prints
// one line per file. It goes on after a refused file and fails at the end.
func ingestAll(ctx context.Context, e *env, ws workspace, db *sql.DB, paths []string, asJSON bool) ([]fileLine, error) {
	cfg, err := ws.config()
	if err != nil {
		return nil, err
	}
	if err := ingest.SyncMarkets(ctx, db, cfg); err != nil {
		return nil, err
	}
	key, err := ingest.BuyerKey(ws.path(""), e.getenv(envBuyerKey))
	if err != nil {
		return nil, fmt.Errorf("buyer key: %w", err)
	}
	profiles, err := ingest.LoadProfiles(ws.path(ingest.ProfileDir))
	if err != nil {
		return nil, err
	}
	opt := ingest.Options{Config: cfg, BuyerKey: key, Profiles: profiles, Root: ws.dir,
		Passwords: append(splitList(e.getenv(envPassword)), cfg.Ingest.XLSXPasswords...)}
	if len(paths) == 0 {
		paths = []string{ws.path("inbox")}
	}
	files, err := ingest.Files(paths)
	if err != nil {
		return nil, err
	}
	loader, err := ingest.NewLoader(ctx, db, opt)
	if err != nil {
		return nil, err
	}
	var lines []fileLine
	failed := 0
	// Lines are printed as each file finishes, so columns have fixed widths.
	const row = "%-10s %9v %9v %9v %9v  %-16s %s\n"
	if !asJSON {
		fmt.Fprintf(e.stdout, row, "source", "read", "loaded", "duplicate", "rejected", "", "file")
	}
	progress := !quiet(e.stderr) && !asJSON
	var totals fileLine
	start := time.Now()
	err = loader.Run(ctx, files, func(res ingest.Result, err error) {
		if progress {
			fmt.Fprint(e.stderr, "\r\033[K")
		}
		l := fileLine{Path: res.Path, Source: res.Source, Read: res.Read, Loaded: res.Loaded, Duplicate: res.Duplicate,
			Rejected: res.Rejected, Updated: res.Updated, Ignored: res.Ignored, Skipped: res.Skipped}
		for j, r := range res.Rejects {
			if j == maxRejectLines {
				l.Rejects = append(l.Rejects, fmt.Sprintf("… %d more in the rejects table", len(res.Rejects)-j))
				break
			}
			l.Rejects = append(l.Rejects, r.Error())
		}
		if err != nil {
			failed++
			l.Error = err.Error()
		}
		lines = append(lines, l)
		totals.Read += l.Read
		totals.Loaded += l.Loaded
		totals.Duplicate += l.Duplicate
		totals.Rejected += l.Rejected
		if asJSON {
			return
		}
		note := ""
		switch {
		case err != nil:
			note = "FAILED"
		case res.Skipped:
			note = "already loaded"
		case res.Updated > 0:
			note = fmt.Sprintf("%d updated", res.Updated)
		case res.Ignored > 0:
			note = fmt.Sprintf("%d other sensors", res.Ignored)
		}
		fmt.Fprintf(e.stdout, row, l.Source, l.Read, l.Loaded, l.Duplicate, l.Rejected, note, res.Path)
		printRejects(e.stderr, l, err)
		if progress && len(lines) < len(files) {
			fmt.Fprintf(e.stderr, "\r[%d/%d] %s", len(lines), len(files), files[len(lines)])
		}
	})
	if err != nil {
		return lines, err
	}
	if asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(lines); err != nil {
			return lines, err
		}
	} else {
		fmt.Fprintf(e.stdout, row, "total", totals.Read, totals.Loaded, totals.Duplicate, totals.Rejected, "",
			fmt.Sprintf("%d files in %.1fs", len(files), time.Since(start).Seconds()))
	}
	if failed > 0 {
		return lines, fmt.Errorf("%d of %d files were not loaded (see the messages above); the others were", failed, len(files))
	}
	return lines, nil
}

func printRejects(w io.Writer, l fileLine, err error) {
	if err != nil {
		fmt.Fprintln(w, "  error:", err)
	}
	for _, r := range l.Rejects {
		fmt.Fprintln(w, "  rejected:", r)
	}
}
