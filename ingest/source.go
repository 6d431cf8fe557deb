package ingest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"sijang/internal/market"
)

// ErrUnknownSource means no known export header was found in a file's first rows.
var ErrUnknownSource = errors.New("not a known export: no recognised header row in the first 15 rows (see ingest/FORMATS.md)")

// Source is one kind of export sijang recognises.
type Source struct {
	Name  string // smartstore, card, footfall, spend, events
	Table string // the fact table it loads: sales, footfall, spend, events
	// cancels says the export has cancellation rows that net out earlier lines.
	cancels bool
	// signature lists header groups that must all be present; a group is
	// satisfied by any one of its names.
	signature [][]string
	parse     func(p *parser, h header, row []string, line int) *RowError
}

// sources are tried in order; the first whose signature matches wins.
var sources = []*Source{smartstoreSource, cardSource, footfallSource, spendSource, eventsSource}

// Sniff returns the source whose signature the header row matches, or nil.
func Sniff(row []string) *Source {
	h := newHeader(row)
	for _, s := range sources {
		if h.matches(s.signature) {
			return s
		}
	}
	return nil
}

// header maps column names to their positions.
type header map[string]int

func newHeader(row []string) header {
	h := header{}
	for i, c := range row {
		c = strings.TrimSpace(c)
		if _, dup := h[c]; !dup && c != "" {
			h[c] = i
		}
	}
	return h
}

func (h header) matches(sig [][]string) bool {
	for _, group := range sig {
		if h.find(group...) < 0 {
			return false
		}
	}
	return len(sig) > 0
}

// find returns the position of the first of names present, or -1.
func (h header) find(names ...string) int {
	for _, n := range names {
		if i, ok := h[n]; ok {
			return i
		}
	}
	return -1
}

// name returns the header name used for the first of names present.
func (h header) name(names ...string) string {
	for _, n := range names {
		if _, ok := h[n]; ok {
			return n
		}
	}
	return names[0]
}

func cell(row []string, i int) string {
	if i < 0 || i >= len(row) {
		return ""
	}
	return strings.TrimSpace(row[i])
}

// Records produced by the parsers, one slice per target table.
type saleRec struct {
	market, stall, channel, orderKey, status, buyerKey string
	soldAt, saleDate                                   time.Time
	gross, net                                         int64
	qty                                                int32
}

type cancelRec struct {
	market, orderKey, cancelKey string
	amount                      int64
	at                          time.Time
}

type footfallRec struct {
	market, sensor, alley string
	ts                    time.Time
	visitors              int32
}

type spendRec struct {
	market, component, item, memo, lineKey string
	spentOn                                time.Time
	amount                                 int64
}

type eventRec struct {
	market, stall, kind, title string
	date                       time.Time
}

// parser holds the state of one file's parse: lookups, the records so far,
// the keys seen (for duplicates inside the file) and the accounting.
type parser struct {
	file     string
	dir      *directory
	now      time.Time // later dates are rejected
	buyerKey []byte
	maxKRW   int64

	sales    []saleRec
	cancels  []cancelRec
	footfall []footfallRec
	spend    []spendRec
	events   []eventRec

	seen       map[string]bool
	duplicates int
	rejects    []*RowError
	minDay     time.Time
	maxDay     time.Time
	maxTime    time.Time
	stalls     map[[2]string]bool // (market, stall) with rows in this file
}

func (p *parser) reject(line int, column, kind, format string, args ...any) *RowError {
	return &RowError{File: p.file, Row: line, Column: column, Kind: kind, Err: fmt.Errorf(format, args...)}
}

// firstSeen records a natural key and reports whether it is new in this file.
func (p *parser) firstSeen(key string) bool {
	if p.seen[key] {
		p.duplicates++
		return false
	}
	p.seen[key] = true
	return true
}

// observe widens the file's span of days and remembers its latest time.
func (p *parser) observe(market, stall string, at time.Time) {
	day := dayOf(at)
	if p.minDay.IsZero() || day.Before(p.minDay) {
		p.minDay = day
	}
	if day.After(p.maxDay) {
		p.maxDay = day
	}
	if at.After(p.maxTime) {
		p.maxTime = at
	}
	if stall != "" {
		p.stalls[[2]string{market, stall}] = true
	}
}

// date parses a date cell and applies the sanity rules shared by every source.
func (p *parser) date(h header, row []string, line int, names ...string) (time.Time, *RowError) {
	col := h.name(names...)
	v := cell(row, h.find(names...))
	t, err := ParseKoreanDate(v)
	if errors.Is(err, errEmpty) {
		return t, p.reject(line, col, KindMissing, "no date")
	}
	if err != nil {
		return t, p.reject(line, col, KindBadDate, "%v", err)
	}
	if t.Year() < 2000 {
		return t, p.reject(line, col, KindBadDate, "%q is before 2000", v)
	}
	if t.After(p.now) {
		return t, p.reject(line, col, KindFutureDate, "%q is in the future", v)
	}
	return t, nil
}

// amount parses an amount cell; negative amounts are allowed only when neg is true.
func (p *parser) amount(h header, row []string, line int, neg bool, names ...string) (int64, *RowError) {
	col := h.name(names...)
	v, err := ParseAmount(cell(row, h.find(names...)))
	if errors.Is(err, errEmpty) {
		return 0, p.reject(line, col, KindMissing, "no amount")
	}
	if err != nil {
		return 0, p.reject(line, col, KindBadAmount, "%v", err)
	}
	if v < 0 && !neg {
		return 0, p.reject(line, col, KindBadAmount, "negative amount %d", v)
	}
	if v > p.maxKRW || -v > p.maxKRW {
		return 0, p.reject(line, col, KindBadAmount, "amount %d won is above the limit of %d (ingest.max_amount_krw)", v, p.maxKRW)
	}
	return v, nil
}

// hashBuyer turns a buyer ID into the workspace's keyed hash; "" stays "".
func (p *parser) hashBuyer(id string) string {
	if id == "" {
		return ""
	}
	m := hmac.New(sha256.New, p.buyerKey)
	m.Write([]byte(id))
	return hex.EncodeToString(m.Sum(nil))[:32]
}

var periodRe = regexp.MustCompile(`(\d{4}[-./]\s?\d{1,2}[-./]\s?\d{1,2})\.?\s*[~∼-]\s*(\d{4}[-./]\s?\d{1,2}[-./]\s?\d{1,2})`)

// declaredPeriod finds a "조회기간: 2021-01-01 ~ 2021-01-31" line above the header.
func declaredPeriod(preamble [][]string) (from, to time.Time, ok bool) {
	for _, row := range preamble {
		m := periodRe.FindStringSubmatch(strings.Join(row, " "))
		if m == nil {
			continue
		}
		f, err1 := ParseKoreanDate(m[1])
		t, err2 := ParseKoreanDate(m[2])
		if err1 == nil && err2 == nil && !t.Before(f) {
			return f, t, true
		}
	}
	return time.Time{}, time.Time{}, false
}

// directory resolves the identifiers found in exports to market, stall and sensor.
type directory struct {
	single     string // the market id when there is only one
	merchants  map[string]stallRef
	products   map[string]productRef
	sensors    map[string]sensorRef
	stalls     map[[2]string]string // (market, stall id or name) → stall id
	stallNames map[string][]stallRef
	components map[[2]string]string // (market, component id or name) → component id
	markets    map[string]string    // market id or name → market id
}

type stallRef struct{ market, stall string }
type productRef struct{ market, stall, channel string }
type sensorRef struct{ market, sensor, alley string }

func newDirectory(cfg *market.Config) *directory {
	d := &directory{
		merchants:  map[string]stallRef{},
		products:   map[string]productRef{},
		sensors:    map[string]sensorRef{},
		stalls:     map[[2]string]string{},
		stallNames: map[string][]stallRef{},
		components: map[[2]string]string{},
		markets:    map[string]string{},
	}
	if len(cfg.Markets) == 1 {
		d.single = cfg.Markets[0].ID
	}
	for _, m := range cfg.Markets {
		d.markets[m.ID], d.markets[m.Name] = m.ID, m.ID
		for _, s := range m.Stalls {
			if s.CardMerchantNo != "" {
				d.merchants[s.CardMerchantNo] = stallRef{m.ID, s.ID}
			}
			for _, st := range s.Stores {
				for _, pid := range st.ProductIDs {
					d.products[pid] = productRef{m.ID, s.ID, st.Channel}
				}
			}
			d.stalls[[2]string{m.ID, s.ID}] = s.ID
			d.stalls[[2]string{m.ID, s.Name}] = s.ID
			d.stallNames[s.ID] = append(d.stallNames[s.ID], stallRef{m.ID, s.ID})
			if s.Name != s.ID {
				d.stallNames[s.Name] = append(d.stallNames[s.Name], stallRef{m.ID, s.ID})
			}
		}
		for _, sn := range m.Sensors {
			d.sensors[sn.ID] = sensorRef{m.ID, sn.ID, sn.Alley}
		}
		for _, c := range m.Budget.Components {
			d.components[[2]string{m.ID, c.ID}] = c.ID
			d.components[[2]string{m.ID, c.Name}] = c.ID
		}
	}
	return d
}
