// Package reports renders sijang's HTML report from the warehouse: for each
// market, a page in Korean for district officials that shows whether the
// market is recovering against its baseline year, alley by alley, how much
// it sells online and what the programs did.
//
// Render reads the market tables and the derived tables that `sijang
// compute` and `sijang evaluate` build (market_recovery, alley_recovery,
// footfall_recovery, program_effects) and writes a self-contained site:
//
//	dir/index.html            the first market's 사업 현황 page
//	dir/index_<market>.html   every other market's
//	dir/assets/echarts.min.js ECharts, with its LICENSE and NOTICE
//
// Pages work offline and print on A4: every chart is an ECharts SVG drawn by
// the one vendored script, and every chart's numbers are in an HTML table
// beside it. Render builds every page before writing any and replaces each
// file whole, so re-running is safe and overwrites the previous report.
//
// A page is a template under templates/ plus a data function registered in
// pages; the navigation lists them.
package reports

import (
	"context"
	"database/sql"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed assets
var assetFS embed.FS

// ErrNoMarket means the warehouse has no market to report on, or not the
// one asked for.
var ErrNoMarket = errors.New("no such market")

// Options tune one rendering.
type Options struct {
	Version  string    // sijang's version, stamped on every page
	Now      time.Time // generation time stamped on every page; zero means time.Now()
	MarketID string    // "" renders every market in table markets, index.html for the first
}

// page is one kind of page, rendered once per market.
type page struct {
	name  string // template file templates/<name>.html and output file <name>.html
	title string // heading and navigation label
	data  func(ctx context.Context, db *sql.DB, m market) (any, error)
}

// pages lists the pages in navigation order. Adding one takes a template
// and a data function.
var pages = []page{
	{name: "index", title: "사업 현황", data: indexData},
}

// layout is what templates/base.html renders around every page.
type layout struct {
	Title     string
	Market    market
	Cutoff    sql.Null[time.Time]
	Generated string
	Version   string
	Nav       []link // this market's pages
	Markets   []link // every market's first page, when there are several
	Page      any    // the page's own data, for its "content" template
}

type link struct {
	Href    string
	Label   string
	Current bool
}

// Render writes the report for opt.MarketID (or every market) into dir and
// returns the path of dir/index.html.
func Render(ctx context.Context, db *sql.DB, dir string, opt Options) (index string, err error) {
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	markets, err := loadMarkets(ctx, db)
	if err != nil {
		return "", fmt.Errorf("report: %w", err)
	}
	if opt.MarketID != "" {
		markets = filterMarket(markets, opt.MarketID)
		if len(markets) == 0 {
			return "", fmt.Errorf("report: market %q: %w", opt.MarketID, ErrNoMarket)
		}
	}
	if len(markets) == 0 {
		return "", fmt.Errorf("report: table markets is empty: %w", ErrNoMarket)
	}

	suffixes, err := marketSuffixes(markets)
	if err != nil {
		return "", fmt.Errorf("report: %w", err)
	}
	var marketLinks []link
	if len(markets) > 1 {
		for i, m := range markets {
			marketLinks = append(marketLinks, link{Href: pages[0].name + suffixes[i] + ".html", Label: m.Name})
		}
	}

	files := map[string][]byte{}
	var order []string
	for i, m := range markets {
		cutoff, err := loadDataCutoff(ctx, db, m.ID)
		if err != nil {
			return "", fmt.Errorf("report %s: %w", m.ID, err)
		}
		for _, p := range pages {
			file := p.name + suffixes[i] + ".html"
			l := layout{
				Title:     p.title,
				Market:    m,
				Cutoff:    cutoff,
				Generated: formatStamp(now),
				Version:   opt.Version,
				Markets:   current(marketLinks, pages[0].name+suffixes[i]+".html"),
			}
			for _, q := range pages {
				l.Nav = append(l.Nav, link{Href: q.name + suffixes[i] + ".html", Label: q.title, Current: q.name == p.name})
			}
			if l.Page, err = p.data(ctx, db, m); err != nil {
				return "", fmt.Errorf("report %s %s: %w", m.ID, file, err)
			}
			b, err := execute(p.name, l)
			if err != nil {
				return "", fmt.Errorf("report %s %s: %w", m.ID, file, err)
			}
			files[file] = b
			order = append(order, file)
		}
	}

	if err := writeAssets(filepath.Join(dir, "assets")); err != nil {
		return "", fmt.Errorf("report %s: %w", dir, err)
	}
	for _, file := range order {
		if err := writeFile(filepath.Join(dir, file), files[file]); err != nil {
			return "", fmt.Errorf("report %s: %w", dir, err)
		}
	}
	return filepath.Join(dir, pages[0].name+".html"), nil
}

func filterMarket(markets []market, id string) []market {
	for _, m := range markets {
		if m.ID == id {
			return []market{m}
		}
	}
	return nil
}

func current(links []link, href string) []link {
	out := make([]link, len(links))
	for i, l := range links {
		l.Current = l.Href == href
		out[i] = l
	}
	return out
}

var safeFileName = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// marketSuffixes names each market's files: nothing for the first market,
// so its page is index.html, then "_" and the market id (hex-encoded when
// the id is not a plain file name).
func marketSuffixes(markets []market) ([]string, error) {
	suffixes := make([]string, len(markets))
	seen := map[string]string{"": markets[0].ID}
	for i, m := range markets[1:] {
		s := "_" + m.ID
		if !safeFileName.MatchString(m.ID) {
			s = "_x" + hex.EncodeToString([]byte(m.ID))
		}
		if other, ok := seen[s]; ok {
			return nil, fmt.Errorf("markets %q and %q would share the file name index%s.html", other, m.ID, s)
		}
		seen[s] = m.ID
		suffixes[i+1] = s
	}
	return suffixes, nil
}

var templateFuncs = template.FuncMap{
	"won":        nullWon,
	"pct":        nullPercent,
	"times":      nullTimes,
	"effect":     nullEffect,
	"day":        nullDay,
	"month":      formatMonth,
	"monthShort": formatMonthShort,
	"covid":      inCovid,
}

// execute renders page name inside the base layout.
func execute(name string, l layout) ([]byte, error) {
	t, err := template.New("base.html").Funcs(templateFuncs).ParseFS(templateFS,
		"templates/base.html", "templates/parts.html", "templates/"+name+".html")
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	if err := t.ExecuteTemplate(&b, "base", l); err != nil {
		return nil, err
	}
	return []byte(b.String()), nil
}

// writeAssets writes the embedded assets (ECharts and its licence files)
// under dir.
func writeAssets(dir string) error {
	return fs.WalkDir(assetFS, "assets", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := assetFS.ReadFile(path)
		if err != nil {
			return err
		}
		rel := strings.TrimPrefix(path, "assets/")
		return writeFile(filepath.Join(dir, filepath.FromSlash(rel)), b)
	})
}

// writeFile replaces path whole: a reader sees the old file or the new one,
// never half of one.
func writeFile(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-"+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename, a no-op
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
