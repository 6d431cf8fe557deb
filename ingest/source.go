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

// Source is one kind of export sijang recognises: a built-in layout, or a
// column-mapping profile from the workspace (see Profile).
type Source struct {
	Name  string // smartstore, settlement, card, pos, sdot, footfall, spend, events, or a profile's name
	Table string // the fact table it loads: sales, settlements, footfall, spend, events
	// cancels says the export has cancellation rows that net out earlier lines.
	cancels bool
	// encoding forces the text encoding of a CSV export ("" detects it).
	encoding string
	// ragged says a CSV row may hold more fields than its header (the old
	// S-DoT files' rows sit two columns right of their names).
	ragged bool
	// signature lists header groups that must all be present; a group is
	// satisfied by any one of its names.
	signature [][]string
	parse     func(p *parser, h header, row []string, line int) *RowError
}

// sources are the built-in layouts, tried in order; the first whose
// signature matches wins. A settlement export also has the order columns,
// so it comes before smartstore.
var sources = []*Source{settlementSource, smartstoreSource, cardSource, posSource,
	sdotSource, sdotOldSource, footfallSource, spendSource, eventsSource}

// Sniff returns the built-in source whose signature the header row
// matches, or nil.
func Sniff(row []string) *Source { return sniff(nil, row) }

// sniff tries the workspace's profiles first (a profile is how a user
// teaches sijang a layout), then the built-in sources.
func sniff(profiles []*Profile, row []string) *Source {
	h := newHeader(row)
	for _, pr := range profiles {
		if h.matches(pr.source.signature) {
			return pr.source
		}
	}
	for _, s := range sources {
		if h.matches(s.signature) {
			return s
		}
	}
	return nil
}

// header maps column names to their positions. Names are compared with
// surrounding space trimmed and ASCII letters folded to lower case.
type header map[string]int

func headerKey(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

func newHeader(row []string) header {
	h := header{}
	for i, c := range row {
		c = headerKey(c)
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
		if i, ok := h[headerKey(n)]; ok {
			return i
		}
	}
	return -1
}

// name returns the header name used for the first of names present.
func (h header) name(names ...string) string {
	for _, n := range names {
		if _, ok := h[headerKey(n)]; ok {
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

type settleRec struct {
	market, stall, orderKey, kind, status string // market and stall may be "" (resolved from sales)
	date                                  time.Time
	base, fee, expected                   int64
}

// parser holds the state of one file's parse: lookups, the records so far,
// the keys seen (for duplicates inside the file) and the accounting.
type parser struct {
	file     string
	dir      *directory
	now      time.Time // later dates are rejected
	buyerKey []byte
	maxKRW   int64

	preamble [][]string // the rows above the header (titles such as 조회기간 or 매장명)

	sales       []saleRec
	cancels     []cancelRec
	footfall    []footfallRec
	spend       []spendRec
	events      []eventRec
	settlements []settleRec

	seen       map[string]bool
	duplicates int
	rejects    []*RowError
	ignored    int             // rows about sensors outside the workspace (city-wide public files)
	ignoredIDs map[string]bool // their sensor ids, for the message when nothing else is left
	fileStall  *stallRef       // the stall a one-stall export (a POS list) belongs to, once found
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
	p.observeDay(market, stall, dayOf(at), at)
}

// observeDay is observe for a line whose business day is not the calendar
// day of its time (a POS sale after midnight).
func (p *parser) observeDay(market, stall string, day, at time.Time) {
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
	return p.dateValue(line, h.name(names...), cell(row, h.find(names...)), ParseKoreanDate)
}

// dateValue checks a date read with parse: present, readable, not before
// 2000 and not in the future.
func (p *parser) dateValue(line int, col, v string, parse func(string) (time.Time, error)) (time.Time, *RowError) {
	t, err := parse(v)
	if errors.Is(err, errEmpty) || (err != nil && v == "") {
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
	return p.amountValue(line, h.name(names...), cell(row, h.find(names...)), neg)
}

func (p *parser) amountValue(line int, col, v string, neg bool) (int64, *RowError) {
	a, err := ParseAmount(v)
	if errors.Is(err, errEmpty) {
		return 0, p.reject(line, col, KindMissing, "no amount")
	}
	if err != nil {
		return 0, p.reject(line, col, KindBadAmount, "%v", err)
	}
	if a < 0 && !neg {
		return 0, p.reject(line, col, KindBadAmount, "negative amount %d", a)
	}
	if a > p.maxKRW || -a > p.maxKRW {
		return 0, p.reject(line, col, KindBadAmount, "amount %d won is above the limit of %d (ingest.max_amount_krw)", a, p.maxKRW)
	}
	return a, nil
}

// visitors reads a people count.
func (p *parser) visitors(line int, col, v string) (int32, *RowError) {
	n, err := ParseCount(v)
	switch {
	case errors.Is(err, errEmpty):
		return 0, p.reject(line, col, KindMissing, "no visitor count")
	case err != nil && strings.HasPrefix(strings.TrimSpace(v), "-"):
		return 0, p.reject(line, col, KindNegativeVisitors, "negative visitor count %q", v)
	case err != nil:
		return 0, p.reject(line, col, KindBadNumber, "visitors %q is not a count", v)
	case n > 1_000_000:
		return 0, p.reject(line, col, KindBadNumber, "visitors %d is not a plausible count", n)
	}
	return int32(n), nil
}

// ignore counts a row about a sensor outside the workspace.
func (p *parser) ignore(sensor string) {
	p.ignored++
	if len(p.ignoredIDs) < 1000 {
		p.ignoredIDs[sensor] = true
	}
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
	serials    map[string]sensorRef // sensor ids without leading zeros (S-DoT 시리얼)
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
		serials:    map[string]sensorRef{},
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
			d.serials[strings.TrimLeft(sn.ID, "0")] = sensorRef{m.ID, sn.ID, sn.Alley}
		}
		for _, c := range m.Budget.Components {
			d.components[[2]string{m.ID, c.ID}] = c.ID
			d.components[[2]string{m.ID, c.Name}] = c.ID
		}
	}
	return d
}

// sensor finds a sensor by id; a serial number also matches with its
// leading zeros lost or added ("2993" and "00000002993").
func (d *directory) sensor(id string) (sensorRef, bool) {
	if ref, ok := d.sensors[id]; ok {
		return ref, true
	}
	if id == "" {
		return sensorRef{}, false
	}
	ref, ok := d.serials[strings.TrimLeft(id, "0")]
	return ref, ok
}

// stall finds a stall by id or name, in the given market or, with market
// "", in the only market that has it.
func (d *directory) stall(market, name string) (stallRef, bool) {
	if market != "" {
		id, ok := d.stalls[[2]string{market, name}]
		return stallRef{market, id}, ok
	}
	if refs := d.stallNames[name]; len(refs) == 1 {
		return refs[0], true
	}
	return stallRef{}, false
}

// preambleValue finds "key: value" (or a key cell followed by its value
// cell) in the rows above the header; keys are tried in order.
func preambleValue(preamble [][]string, keys ...string) string {
	for _, key := range keys {
		for _, row := range preamble {
			for i, c := range row {
				rest, ok := strings.CutPrefix(strings.TrimSpace(c), key)
				if !ok {
					continue
				}
				rest = strings.TrimSpace(rest)
				switch {
				case rest == "" && i+1 < len(row):
					rest = strings.TrimSpace(row[i+1])
				case strings.HasPrefix(rest, ":") || strings.HasPrefix(rest, "："):
					rest = strings.TrimSpace(strings.TrimLeft(rest, ":："))
				default:
					continue // "매장별 매출": the key is only the start of a word
				}
				if rest != "" {
					return rest
				}
			}
		}
	}
	return ""
}
