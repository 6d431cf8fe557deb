package browser_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"sijang/ingest"
	"sijang/internal/demo"
	"sijang/internal/market"
	"sijang/internal/warehouse"
	"sijang/metrics"
	"sijang/reports"
)

// scriptName is the name the test gives the first stall, so that its page
// shows whether names from the data can run as script.
const scriptName = "<script>alert(1)</script>"

// TestReportInBrowser renders a 40-stall demo market and opens one page of
// each kind in Chromium, offline, and prints it to PDF.
func TestReportInBrowser(t *testing.T) {
	chromium := findChromium(t)
	start := time.Now()
	dir := renderDemo(t)
	t.Logf("demo report rendered in %.1fs", time.Since(start).Seconds())

	artifacts := os.Getenv("SIJANG_ARTIFACTS")
	if artifacts == "" {
		artifacts = t.TempDir()
	} else if err := os.MkdirAll(artifacts, 0o755); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	allocCtx, cancel := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(chromium),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox, // tests run as root in CI containers
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true), // small /dev/shm in containers
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 1024),
	)
	defer cancel()
	browserCtx, cancel := chromedp.NewContext(allocCtx)
	defer cancel()
	if err := chromedp.Do(browserCtx); err != nil {
		t.Fatalf("start %s: %v", chromium, err)
	}

	// One page of each kind, in the browser and on paper. The stall page is
	// the one named scriptName.
	pages := []string{"index.html", "", "stall_S001.html", "evaluation.html", "shortlist.html", "quality.html", "methods.html"}
	alleys, err := filepath.Glob(filepath.Join(dir, "alley_*.html"))
	if err != nil || len(alleys) == 0 {
		t.Fatalf("the report has no alley page (%v)", err)
	}
	pages[1] = filepath.Base(alleys[0])
	for _, name := range pages {
		t.Run(strings.TrimSuffix(name, ".html"), func(t *testing.T) {
			checkPage(t, browserCtx, filepath.Join(dir, name), artifacts)
		})
	}
	t.Logf("%d pages checked in %.1fs in all; screenshot and PDFs in %s", len(pages), time.Since(start).Seconds(), artifacts)
}

// findChromium returns the browser to test with. Without one the test
// skips, unless the environment variable CI says it runs in CI.
func findChromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	if ci, _ := strconv.ParseBool(os.Getenv("CI")); ci {
		t.Fatal("no chromium on PATH, and CI is set: install it (apt-get install chromium fonts-noto-cjk, as .ci/run does)")
	}
	t.Skip("no chromium on PATH: the browser tests need it (apt-get install chromium fonts-noto-cjk); in CI they fail instead")
	return ""
}

// renderDemo generates a small demo market, runs ingest, compute, evaluate
// and report on it as `sijang run` does, and returns the report folder.
func renderDemo(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	ws := t.TempDir()
	_, err := demo.Generate(ctx, demo.Options{
		Dir:      ws,
		Stalls:   40,
		From:     time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC),
		To:       time.Date(2021, 6, 30, 0, 0, 0, 0, time.UTC),
		TxPerDay: 1, // fewer card rows load faster; the pages have the same shape
	})
	if err != nil {
		t.Fatal(err)
	}
	w, err := warehouse.Open(ctx, "") // in memory
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	cfg, err := market.Load(filepath.Join(ws, market.FileName))
	if err != nil {
		t.Fatal(err)
	}
	if err := ingest.SyncMarkets(ctx, w.DB, cfg); err != nil {
		t.Fatal(err)
	}
	files, err := ingest.Files([]string{filepath.Join(ws, "inbox")})
	if err != nil {
		t.Fatal(err)
	}
	opt := ingest.Options{Config: cfg, BuyerKey: bytes.Repeat([]byte{7}, 32)}
	for _, f := range files {
		if _, err := ingest.File(ctx, w.DB, f, opt); err != nil {
			t.Fatalf("ingest: %v", err)
		}
	}
	if err := metrics.Rebuild(ctx, w.DB, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := metrics.Evaluate(ctx, w.DB); err != nil {
		t.Fatal(err)
	}
	renameStall(t, w.DB, "S001", scriptName)
	dir := filepath.Join(ws, "report")
	if _, err := reports.Render(ctx, w.DB, dir, reports.Options{Version: "browser-test"}); err != nil {
		t.Fatal(err)
	}
	return dir
}

func renameStall(t *testing.T, db *sql.DB, id, name string) {
	t.Helper()
	res, err := db.Exec(`UPDATE stalls SET name = ? WHERE stall_id = ?`, name, id)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		t.Fatalf("the demo has no stall %s to rename", id)
	}
}

// pageEvents collects what a tab reports while it loads a page.
type pageEvents struct {
	mu       sync.Mutex
	errors   []string // console errors, uncaught exceptions, error log entries
	requests []string // every URL the page asked for
	dialogs  []string // alert, confirm, prompt
}

func (e *pageEvents) add(list *[]string, s string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	*list = append(*list, s)
}

func (e *pageEvents) listen(ev any) {
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			var args []string
			for _, a := range ev.Args {
				args = append(args, strings.Trim(string(a.Value), `"`)+a.Description)
			}
			e.add(&e.errors, "console."+string(ev.Type)+": "+strings.Join(args, " "))
		}
	case *runtime.EventExceptionThrown:
		msg := ev.ExceptionDetails.Text
		if ex := ev.ExceptionDetails.Exception; ex != nil {
			msg += " " + ex.Description
		}
		e.add(&e.errors, fmt.Sprintf("exception at %s:%d: %s", ev.ExceptionDetails.URL, ev.ExceptionDetails.LineNumber+1, msg))
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.EntryLevelError {
			e.add(&e.errors, fmt.Sprintf("log %s: %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL))
		}
	case *network.EventRequestWillBeSent:
		e.add(&e.requests, ev.Request.URL)
	case *fetch.EventRequestPaused:
		e.add(&e.requests, ev.Request.URL)
	case *page.EventJavascriptDialogOpening:
		e.add(&e.dialogs, string(ev.Type)+": "+ev.Message)
	}
}

// pageState is what the checks read from the loaded page.
type pageState struct {
	Title   string       `json:"title"`
	H1      string       `json:"h1"`
	Text    string       `json:"text"`
	Echarts string       `json:"echarts"`
	Charts  []chartState `json:"charts"`
}

type chartState struct {
	ID     string  `json:"id"`
	SVGs   int     `json:"svgs"`
	Shapes int     `json:"shapes"`
	Width  float64 `json:"width"`
}

const readPage = `(() => ({
  title: document.title,
  h1: (document.querySelector("h1") || {}).textContent || "",
  text: document.body.innerText,
  echarts: typeof echarts,
  charts: Array.from(document.querySelectorAll("figure.chart .item")).map(el => ({
    id: el.id,
    svgs: el.querySelectorAll("svg").length,
    shapes: el.querySelectorAll("svg path, svg rect, svg text").length,
    width: el.getBoundingClientRect().width,
  })),
}))()`

var hangul = regexp.MustCompile(`[가-힣]`)

// checkPage loads one page in a new tab with every request but file://
// refused, checks it and prints it to an A4 PDF.
func checkPage(t *testing.T, browserCtx context.Context, file string, artifacts string) {
	var events pageEvents
	ctx, cancel := chromedp.NewContext(browserCtx, chromedp.WithListener(events.listen))
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 30*time.Second)
	defer cancelTimeout()
	if err := chromedp.Do(ctx); err != nil { // open the tab
		t.Fatal(err)
	}

	// Refuse every request that would leave the machine; let file:// load.
	paused := chromedp.Events(ctx, fetch.RequestPaused)
	go func() {
		for ev, err := range paused {
			if err != nil {
				return
			}
			if strings.HasPrefix(ev.Request.URL, "file://") {
				chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
			} else {
				chromedp.Call(ctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonBlockedByClient})
			}
		}
	}()
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for _, err := range dialogs {
			if err != nil {
				return
			}
			chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	}()
	if _, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*"}}}); err != nil {
		t.Fatal(err)
	}

	u := (&url.URL{Scheme: "file", Path: filepath.ToSlash(file)}).String()
	if err := chromedp.Do(ctx, chromedp.Navigate(u)); err != nil {
		t.Fatalf("load %s: %v", u, err)
	}
	state, err := chromedp.Run(ctx, chromedp.Evaluate[pageState](readPage))
	if err != nil {
		t.Fatal(err)
	}
	html, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}

	if state.Echarts != "object" {
		t.Errorf("echarts did not load (typeof echarts = %q)", state.Echarts)
	}
	if want := strings.Count(string(html), `<div class="item" id="`); len(state.Charts) != want {
		t.Errorf("%d chart containers in the page, want %d", len(state.Charts), want)
	}
	for _, c := range state.Charts {
		if c.SVGs != 1 || c.Shapes < 5 || c.Width < 100 {
			t.Errorf("chart %s is not drawn: %d svg elements, %d shapes, %.0fpx wide", c.ID, c.SVGs, c.Shapes, c.Width)
		}
	}
	if !strings.HasPrefix(state.H1, "남광주시장") {
		t.Errorf("heading %q, want the market's Korean name first", state.H1)
	}
	if n := len(hangul.FindAllString(state.Text, -1)); n < 100 {
		t.Errorf("the page shows %d Hangul syllables, want Korean text", n)
	}
	if filepath.Base(file) == "stall_S001.html" {
		if !strings.Contains(state.H1, scriptName) || !strings.Contains(state.Title, scriptName) {
			t.Errorf("the stall named %s shows as %q (title %q), want its name as text", scriptName, state.H1, state.Title)
		}
	}

	printPage(t, ctx, file, artifacts)
	if filepath.Base(file) == "index.html" {
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		shot := filepath.Join(artifacts, "index.png")
		if err := os.WriteFile(shot, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot of index.html: %s", shot)
	}

	events.mu.Lock()
	defer events.mu.Unlock()
	for _, e := range events.errors {
		t.Errorf("browser error: %s", e)
	}
	for _, d := range events.dialogs {
		t.Errorf("the page opened a dialog: %s", d)
	}
	if len(events.requests) == 0 {
		t.Error("no request was seen: the request log does not work")
	}
	for _, r := range slices.Compact(slices.Sorted(slices.Values(events.requests))) {
		if !strings.HasPrefix(r, "file://") {
			t.Errorf("the page asked for %s; a report must not use the network", r)
		}
	}
}

var pdfPage = regexp.MustCompile(`/Type\s*/Page[^s]`)

// printPage prints the page on A4 and checks the PDF.
func printPage(t *testing.T, ctx context.Context, file, artifacts string) {
	t.Helper()
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	navShown, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("nav")).display`))
	if err != nil {
		t.Fatal(err)
	}
	if navShown != "none" {
		t.Errorf("the navigation prints (display %q): the print CSS is missing", navShown)
	}
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{}); err != nil {
		t.Fatal(err)
	}
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(
		chromedp.PDFPaper(chromedp.PaperSize{Width: 8.27, Height: 11.69}), // A4
		chromedp.PDFPrintBackground(),
	))
	if err != nil {
		t.Fatalf("print to PDF: %v", err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("the print is not a PDF: %.20q", pdf)
	}
	pages := len(pdfPage.FindAll(pdf, -1))
	if pages < 1 || len(pdf) <= 10<<10 {
		t.Errorf("the PDF has %d pages and %d bytes; want at least 1 page and more than 10 KB", pages, len(pdf))
	}
	out := filepath.Join(artifacts, strings.TrimSuffix(filepath.Base(file), ".html")+".pdf")
	if err := os.WriteFile(out, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %d A4 pages, %d KB: %s", filepath.Base(file), pages, len(pdf)>>10, out)
}
