// Package reports renders sijang's HTML report from the warehouse: for each
// market, pages in Korean for district officials that show whether the
// market is recovering against its baseline year, alley by alley and stall
// by stall, how much it sells online, what the programs did, how the
// figures are made and how complete the data behind them is.
//
// Render reads the market tables (with budget_plan and the spend ledger),
// the ingest ledger (ingest_files, rejects) and the derived tables that
// `sijang compute` and `sijang evaluate` build (stall_month, *_recovery,
// *_comparison, stall_kpi, anchor_stalls, footfall_hour, alley_day_parts,
// program_effects, program_impact, live_effects, spillover) and writes a
// self-contained site:
//
//	dir/index.html             the first market's 사업 현황 page
//	dir/alley_<alley>.html     one page per alley
//	dir/stall_<stall>.html     one page per stall
//	dir/evaluation.html        평가: each program's estimated effects
//	dir/quality.html           데이터 품질: files, rejected rows, gaps
//	dir/methods.html           방법: how recovery and effects are computed
//	dir/assets/echarts.min.js  ECharts, with its LICENSE and NOTICE
//
// Every other market's pages end in "_" and the market's id
// (index_<market>.html, alley_<alley>_<market>.html, …). An id that is not
// a plain file name is written in hex.
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
	"cmp"
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

// page is one kind of page. A kind builds one instance per market (the
// 사업 현황 page) or one per alley or stall.
type page struct {
	name  string // template templates/<name>.html; output <name>.html or <name>_<key>.html
	title string // navigation label; "" keeps the kind out of the navigation
	build func(ctx context.Context, db *sql.DB, m market) ([]instance, error)
}

// instance is one page to write.
type instance struct {
	key    string // "" for a market's one page of its kind; else the alley's or stall's id
	title  string // heading after the market's name; "" means the kind's title
	crumbs []link // the pages above this one, shown above the heading
	data   any    // what the page's "content" template renders
}

// pages lists the kinds of page, index first, the navigation in this order.
// Adding one takes a template, a data function and its queries.
var pages = []page{
	{name: "index", title: "사업 현황", build: one(indexData)},
	{name: "alley", build: alleyPages},
	{name: "stall", build: stallPages},
	{name: "evaluation", title: "평가", build: one(evaluationData)},
	{name: "shortlist", title: "입점 후보", build: one(shortlistData)},
	{name: "quality", title: "데이터 품질", build: one(qualityData)},
	{name: "methods", title: "방법", build: one(methodsData)},
}

// one makes a kind with one page per market.
func one(data func(ctx context.Context, db *sql.DB, m market) (any, error)) func(context.Context, *sql.DB, market) ([]instance, error) {
	return func(ctx context.Context, db *sql.DB, m market) ([]instance, error) {
		d, err := data(ctx, db, m)
		if err != nil {
			return nil, err
		}
		return []instance{{data: d}}, nil
	}
}

// layout is what templates/base.html renders around every page.
type layout struct {
	Title     string
	Market    market
	Cutoff    sql.Null[time.Time]
	Generated string
	Version   string
	Nav       []link // this market's pages
	Alleys    []link // this market's alley pages
	Markets   []link // every market's first page, when there are several
	Crumbs    []link // the pages above this one
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
	for i := range markets {
		markets[i].suffix = suffixes[i]
	}
	var marketLinks []link
	if len(markets) > 1 {
		for _, m := range markets {
			marketLinks = append(marketLinks, link{Href: m.href(pages[0].name, ""), Label: m.Name})
		}
	}

	templates := map[string]*template.Template{}
	for _, p := range pages {
		if templates[p.name], err = parsePage(p.name); err != nil {
			return "", fmt.Errorf("report: template %s: %w", p.name, err)
		}
	}

	files := map[string][]byte{}
	var order []string
	for _, m := range markets {
		cutoff, err := loadDataCutoff(ctx, db, m.ID)
		if err != nil {
			return "", fmt.Errorf("report %s: %w", m.ID, err)
		}
		if m.alleys, err = loadAlleys(ctx, db, m.ID); err != nil {
			return "", fmt.Errorf("report %s: %w", m.ID, err)
		}
		for _, p := range pages {
			instances, err := p.build(ctx, db, m)
			if err != nil {
				return "", fmt.Errorf("report %s %s: %w", m.ID, m.href(p.name, ""), err)
			}
			for _, in := range instances {
				file := m.href(p.name, in.key)
				if _, dup := files[file]; dup {
					return "", fmt.Errorf("report %s: two pages would share the file name %s", m.ID, file)
				}
				l := layout{
					Title:     cmp.Or(in.title, p.title),
					Market:    m,
					Cutoff:    cutoff,
					Generated: formatStamp(now),
					Version:   opt.Version,
					Markets:   current(marketLinks, m.href(pages[0].name, "")),
					Crumbs:    in.crumbs,
					Page:      in.data,
				}
				for _, q := range pages {
					if q.title != "" {
						l.Nav = append(l.Nav, link{Href: m.href(q.name, ""), Label: q.title, Current: q.name == p.name})
					}
				}
				for _, a := range m.alleys {
					l.Alleys = append(l.Alleys, link{Href: m.href("alley", a.ID), Label: a.Name, Current: p.name == "alley" && in.key == a.ID})
				}
				var b strings.Builder
				if err := templates[p.name].ExecuteTemplate(&b, "base", l); err != nil {
					return "", fmt.Errorf("report %s %s: %w", m.ID, file, err)
				}
				files[file] = []byte(b.String())
				order = append(order, file)
			}
		}
		// The shortlist page links its workbook.
		wb, err := shortlistWorkbook(ctx, db, m)
		if err != nil {
			return "", fmt.Errorf("report %s %s: %w", m.ID, shortlistWorkbookName(m), err)
		}
		if wb != nil {
			files[shortlistWorkbookName(m)] = wb
			order = append(order, shortlistWorkbookName(m))
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

// href names the file of one page of market m: the kind's name, then "_"
// and the alley's or stall's id for a page per alley or stall, then the
// market's suffix.
func (m market) href(name, key string) string {
	if key != "" {
		name += "_" + fileKey(key)
	}
	return name + m.suffix + ".html"
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

// fileKey is an id as it appears in a file name: the id itself when it is a
// plain file name, else "x" and its bytes in hex.
func fileKey(id string) string {
	if safeFileName.MatchString(id) {
		return id
	}
	return "x" + hex.EncodeToString([]byte(id))
}

// marketSuffixes names each market's files: nothing for the first market,
// so its page is index.html, then "_" and the market id (see fileKey).
func marketSuffixes(markets []market) ([]string, error) {
	suffixes := make([]string, len(markets))
	seen := map[string]string{"": markets[0].ID}
	for i, m := range markets[1:] {
		s := "_" + fileKey(m.ID)
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
	"won64":      formatWon,
	"wonRound":   nullWonRounded,
	"signedWon":  func(v int64) string { return formatSignedWon(float64(v)) },
	"pct":        nullPercent,
	"times":      nullTimes,
	"effect":     nullEffect,
	"day":        nullDay,
	"date":       formatDay,
	"count":      nullCount,
	"count64":    formatCount,
	"month":      formatMonth,
	"monthShort": formatMonthShort,
	"covid":      inCovid,
	"eventTime":  eventLabel,
	"perWon":     nullPerWon,
	"gradeNamed": func(class, label string) grade { return grade{class, label} },
}

// parsePage parses page name's template with the base layout around it.
func parsePage(name string) (*template.Template, error) {
	return template.New("base.html").Funcs(templateFuncs).ParseFS(templateFS,
		"templates/base.html", "templates/parts.html", "templates/"+name+".html")
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
