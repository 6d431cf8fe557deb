// Package demo writes a seeded demo workspace for sijang: a market.yaml
// describing 남광주시장 (and optionally smaller copies of other Gwangju
// markets), realistic exports in inbox/ (card approvals in CP949, Smart Store
// order workbooks, 동네시장 장보기 order CSVs, people-counter CSVs, the
// project's spend ledger and live-commerce list) and truth.json, which
// states every planted effect so the pipeline's estimates can be checked.
//
// The same Options give byte-identical files: every random number comes
// from a PCG stream derived from the seed and what it is for (market, stall,
// day), nothing depends on the clock, map order or scheduling. Generate
// overwrites the files it writes and leaves other files in the directory
// alone, so re-running it is safe. Big files are streamed.
package demo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"sijang/internal/market"
)

// Options says what to generate. Zero fields take their defaults.
type Options struct {
	Dir      string    // workspace dir to write into (created; other files in it are left alone)
	Seed     int64     // default 1
	Stalls   int       // stalls in the first market, default 150 (20–999)
	Markets  int       // default 1; extra markets are smaller copies of other Gwangju markets (at most 7 in all)
	From, To time.Time // default 2019-01-01 .. 2022-12-31 (calendar days; 2017–2030)
	TxPerDay float64   // mean card transactions per open stall-day, default 5
}

// Summary counts what Generate wrote.
type Summary struct {
	Files        int   // files written, market.yaml and truth.json included
	SalesLines   int   // unique sales lines: card approvals and online order lines (malformed rows excluded)
	Bytes        int64 // bytes written
	Markets      int
	Stalls       int // stalls over all markets
	CardRows     int // data rows of the card exports (approvals and cancellations)
	OrderRows    int // data rows of the smartstore and jangbogi exports (a smartstore line appears in two exports)
	FootfallRows int
	Malformed    int // deliberately malformed rows, listed in truth.json
}

// Generate writes the demo workspace described by opt.
func Generate(ctx context.Context, opt Options) (Summary, error) {
	opt, err := opt.withDefaults()
	if err != nil {
		return Summary{}, fmt.Errorf("demo: %w", err)
	}
	if err := os.MkdirAll(opt.Dir, 0o755); err != nil {
		return Summary{}, fmt.Errorf("demo: %w", err)
	}
	p, err := newPlan(opt)
	if err != nil {
		return Summary{}, fmt.Errorf("demo: %w", err)
	}
	results, err := runJobs(ctx, p.jobs(), runtime.GOMAXPROCS(0))
	if err != nil {
		return Summary{}, fmt.Errorf("demo: %w", err)
	}
	cfgPath := filepath.Join(opt.Dir, market.FileName)
	if err := p.config().Write(cfgPath); err != nil {
		return Summary{}, fmt.Errorf("demo: write %s: %w", market.FileName, err)
	}
	t := p.truth(results)
	b, err := json.MarshalIndent(t, "", "  ")
	if err != nil {
		return Summary{}, fmt.Errorf("demo: truth: %w", err)
	}
	if err := os.WriteFile(filepath.Join(opt.Dir, truthFile), append(b, '\n'), 0o644); err != nil {
		return Summary{}, fmt.Errorf("demo: write %s: %w", truthFile, err)
	}
	return p.summary(t, cfgPath, len(b)+1)
}

func (opt Options) withDefaults() (Options, error) {
	if opt.Dir == "" {
		return opt, errors.New("no directory given")
	}
	if opt.Seed == 0 {
		opt.Seed = 1
	}
	if opt.Stalls == 0 {
		opt.Stalls = 150
	}
	if opt.Markets == 0 {
		opt.Markets = 1
	}
	if opt.From.IsZero() {
		opt.From = ymd(2019, 1, 1)
	}
	if opt.To.IsZero() {
		opt.To = ymd(2022, 12, 31)
	}
	if opt.TxPerDay == 0 {
		opt.TxPerDay = 5
	}
	switch {
	case opt.Stalls < 20 || opt.Stalls > 999:
		return opt, fmt.Errorf("stalls %d: want 20–999", opt.Stalls)
	case opt.Markets < 1 || opt.Markets > len(marketDefs):
		return opt, fmt.Errorf("markets %d: want 1–%d", opt.Markets, len(marketDefs))
	case opt.TxPerDay < 0.1 || opt.TxPerDay > 1000:
		return opt, fmt.Errorf("transactions per day %g: want 0.1–1000", opt.TxPerDay)
	case dayOf(opt.To) < dayOf(opt.From):
		return opt, fmt.Errorf("period %s..%s is empty", opt.From.Format(time.DateOnly), opt.To.Format(time.DateOnly))
	}
	return opt, nil
}

// plan is everything decided before any file is written.
type plan struct {
	opt      Options
	seed     uint64
	from, to int // epoch days, inclusive
	cal      *calendar
	markets  []*marketPlan
	bad      []*malformedSpec
	people   [][]person // fake buyers by market and number
}

func newPlan(opt Options) (*plan, error) {
	p := &plan{opt: opt, seed: uint64(opt.Seed), from: dayOf(opt.From), to: dayOf(opt.To)}
	var err error
	if p.cal, err = newCalendar(p.from, p.to); err != nil {
		return nil, err
	}
	p.makePeople()
	used := map[string]bool{}
	for i := range opt.Markets {
		m := p.buildMarket(i, used)
		if m.primary {
			if err := p.planBroadcasts(m); err != nil {
				return nil, err
			}
		}
		p.planDeadSensors(m)
		p.markets = append(p.markets, m)
	}
	p.planMalformed()
	return p, nil
}

// months lists the month keys the period touches.
func (p *plan) months() []int {
	var ms []int
	for mk := monthKey(p.from); mk <= monthKey(p.to); mk++ {
		ms = append(ms, mk)
	}
	return ms
}

// monthDays returns the first and last day of month mk inside the period.
func (p *plan) monthDays(mk int) (first, last int) {
	return max(monthStart(mk), p.from), min(monthStart(mk+1)-1, p.to)
}

// salesChannel is the channel of a sales line.
type salesChannel int

const (
	scOffline salesChannel = iota
	scSmartstore
	scJangbogi
	numSalesChannels
)

var salesChannelNames = [numSalesChannels]string{"offline", "smartstore", "jangbogi"}

// salesCell is the realized net sales of one stall, month and channel as
// the exports carry them.
type salesCell struct {
	market, stall, month int
	channel              salesChannel
	net                  int64
	lines, cancelled     int // unique lines; lines that net to zero
}

// jobResult is what one job wrote and counted.
type jobResult struct {
	files     []fileRecord
	malformed []malformedRecord
	sales     []salesCell
	planted   *plantedMarket
	spend     []spendTotal
}

type job func(ctx context.Context) (*jobResult, error)

// jobs lists the work; each job writes its own files.
func (p *plan) jobs() []job {
	var js []job
	for _, m := range p.markets {
		for _, s := range m.stalls {
			if s.stores[chSmartstore] != nil && s.enrolled[progSmartstore] <= p.to {
				js = append(js, p.smartstoreJob(m, s))
			}
		}
	}
	for _, m := range p.markets {
		for _, mk := range p.months() {
			js = append(js, p.cardJob(m, mk))
		}
	}
	for _, m := range p.markets {
		for _, s := range m.stalls {
			if s.stores[chJangbogi] != nil && s.enrolled[progJangbogi] <= p.to {
				js = append(js, p.jangbogiJob(m, s))
			}
		}
		for _, mk := range p.months() {
			js = append(js, p.footfallJob(m, mk))
		}
		js = append(js, p.plantedJob(m))
		if m.primary {
			js = append(js, p.spendJob(m), p.eventsJob(m))
		}
	}
	return js
}

// runJobs runs the jobs on n workers and returns their results in job order.
func runJobs(ctx context.Context, jobs []job, n int) ([]*jobResult, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	results := make([]*jobResult, len(jobs))
	next := make(chan int)
	var (
		wg       sync.WaitGroup
		once     sync.Once
		firstErr error
	)
	for range max(1, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				r, err := jobs[i](ctx)
				if err != nil {
					once.Do(func() { firstErr = err; cancel() })
					continue
				}
				results[i] = r
			}
		}()
	}
feed:
	for i := range jobs {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return results, nil
}

func (p *plan) summary(t *truth, cfgPath string, truthBytes int) (Summary, error) {
	fi, err := os.Stat(cfgPath)
	if err != nil {
		return Summary{}, fmt.Errorf("demo: %w", err)
	}
	s := Summary{Files: len(t.Files) + 2, Bytes: fi.Size() + int64(truthBytes), Markets: len(p.markets), Malformed: len(t.Malformed)}
	for _, m := range p.markets {
		s.Stalls += len(m.stalls)
	}
	for _, f := range t.Files {
		s.Bytes += f.Bytes
		switch f.Kind {
		case kindCard:
			s.CardRows += f.Rows
		case kindSmartstore:
			s.OrderRows += f.Rows
		case kindFootfall:
			s.FootfallRows += f.Rows
		}
	}
	for _, n := range t.SalesLines {
		s.SalesLines += n.Lines
	}
	return s, nil
}
