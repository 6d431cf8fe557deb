package ingest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

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
	return trimSpace(row[i])
}

// trimSpace is strings.TrimSpace, quick on what export cells hold: a
// string whose first and last runes are visible ASCII or Hangul is
// returned at once, where TrimSpace would decode those runes.
func trimSpace(s string) string {
	n := len(s)
	solidStart := n > 0 && (visibleASCII(s[0]) || hangulLead(s[0]))
	solidEnd := n > 0 && (visibleASCII(s[n-1]) || n >= 3 && hangulLead(s[n-3]) && continuation(s[n-2]) && continuation(s[n-1]))
	if solidStart && solidEnd {
		return s
	}
	return strings.TrimSpace(s)
}

func visibleASCII(c byte) bool { return c > ' ' && c < utf8.RuneSelf }

// hangulLead reports a lead byte of U+A000 to U+DFFF (Hangul syllables,
// Yi, surrogates), a range that holds no space. Invalid UTF-8 decodes
// to U+FFFD, not a space either.
func hangulLead(c byte) bool { return c >= 0xEA && c <= 0xED }

func continuation(c byte) bool { return c&0xC0 == 0x80 }

// column is a source's column as a file's header has it: its position,
// -1 when the header has none of its names, and the name that messages
// give it (h.name).
type column struct {
	i    int
	name string
}

// column finds the first of names present in the header.
func (h header) column(names ...string) column {
	return column{i: h.find(names...), name: h.name(names...)}
}

// cell returns the column's value in row, trimmed; "" when absent.
func (c column) cell(row []string) string { return cell(row, c.i) }

// byColumns makes a Source's parse from two functions: bind, which on a
// file's first row finds the source's columns C in the header (and may
// make room for the file's records), and parse, which reads a row by them.
// The parser keeps the columns for the rest of the file (one parser reads
// one file, under one header), so that a row's cells are read by position.
func byColumns[C any](bind func(p *parser, h header, first []string) *C, parse func(p *parser, c *C, row []string, line int) *RowError) func(*parser, header, []string, int) *RowError {
	return func(p *parser, h header, row []string, line int) *RowError {
		c, ok := p.columns.(*C)
		if !ok {
			c = bind(p, h, row)
			p.columns = c
		}
		return parse(p, c, row, line)
	}
}

// makeRoom sizes recs, and the keys seen, for a record per row of the
// file, whose rows it counts as the file's size over the length of the
// first row, with an eighth to spare: a long export's records and keys
// then need not be copied over and over as they grow.
func makeRoom[T any](p *parser, first []string, recs *[]T) {
	fi, err := os.Stat(p.file)
	n := len(first) // the separators and the line's end
	for _, c := range first {
		n += len(c)
	}
	if err != nil || n == 0 {
		return
	}
	rows := int(fi.Size()/int64(n)) * 9 / 8
	*recs = slices.Grow(*recs, rows)
	if len(p.seen) == 0 {
		p.seen = make(map[string]bool, rows)
	}
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
	approvedOn                  time.Time // the calendar day of the approval it nets; zero when the export does not say
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

	columns   any       // the source's columns in this file's header (see byColumns)
	mac       hash.Hash // hashBuyer's keyed hash and its digest, made on first use
	sum       []byte
	lastBuyer [2]string // hashBuyer's last ID and its hash
}

func (p *parser) reject(line int, column, kind, format string, args ...any) *RowError {
	return &RowError{File: p.file, Row: line, Column: column, Kind: kind, Err: fmt.Errorf(format, args...)}
}

// firstSeen records a natural key and reports whether it is new in this file.
func (p *parser) firstSeen(key string) bool {
	n := len(p.seen)
	p.seen[key] = true
	if len(p.seen) == n { // it was there: one map operation instead of two
		p.duplicates++
		return false
	}
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
	if k := [2]string{market, stall}; stall != "" && !p.stalls[k] {
		p.stalls[k] = true
	}
}

// date parses a date cell and applies the sanity rules shared by every source.
func (p *parser) date(line int, c column, row []string) (time.Time, *RowError) {
	return p.dateValue(line, c.name, c.cell(row), ParseKoreanDate)
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
func (p *parser) amount(line int, c column, row []string, neg bool) (int64, *RowError) {
	return p.amountValue(line, c.name, c.cell(row), neg)
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
	if id == p.lastBuyer[0] {
		return p.lastBuyer[1] // an order's lines follow each other
	}
	if p.mac == nil {
		p.mac = hmac.New(sha256.New, p.buyerKey)
	}
	p.mac.Reset()
	io.WriteString(p.mac, id)
	p.sum = p.mac.Sum(p.sum[:0])
	p.lastBuyer = [2]string{id, hex.EncodeToString(p.sum[:16])}
	return p.lastBuyer[1]
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

// directory resolves the identifiers found in exports to market, stall
// and sensor. Each index is built on its first use, as a file needs only
// one or two of them.
type directory struct {
	cfg        *market.Config
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
	d := &directory{cfg: cfg}
	if len(cfg.Markets) == 1 {
		d.single = cfg.Markets[0].ID
	}
	return d
}

// merchant finds the stall whose card_merchant_no is no.
func (d *directory) merchant(no string) (stallRef, bool) {
	if d.merchants == nil {
		d.merchants = map[string]stallRef{}
		for _, m := range d.cfg.Markets {
			for _, s := range m.Stalls {
				if s.CardMerchantNo != "" {
					d.merchants[s.CardMerchantNo] = stallRef{m.ID, s.ID}
				}
			}
		}
	}
	ref, ok := d.merchants[no]
	return ref, ok
}

// product finds the stall and channel of the store that sells product id.
func (d *directory) product(id string) (productRef, bool) {
	if d.products == nil {
		n := 0
		for _, m := range d.cfg.Markets {
			for _, s := range m.Stalls {
				for _, st := range s.Stores {
					n += len(st.ProductIDs)
				}
			}
		}
		d.products = make(map[string]productRef, n) // sized, as growing costs more than filling
		for _, m := range d.cfg.Markets {
			for _, s := range m.Stalls {
				for _, st := range s.Stores {
					for _, pid := range st.ProductIDs {
						d.products[pid] = productRef{m.ID, s.ID, st.Channel}
					}
				}
			}
		}
	}
	ref, ok := d.products[id]
	return ref, ok
}

// sensor finds a sensor by id; a serial number also matches with its
// leading zeros lost or added ("2993" and "00000002993").
func (d *directory) sensor(id string) (sensorRef, bool) {
	if d.sensors == nil {
		d.sensors, d.serials = map[string]sensorRef{}, map[string]sensorRef{}
		for _, m := range d.cfg.Markets {
			for _, sn := range m.Sensors {
				d.sensors[sn.ID] = sensorRef{m.ID, sn.ID, sn.Alley}
				d.serials[strings.TrimLeft(sn.ID, "0")] = sensorRef{m.ID, sn.ID, sn.Alley}
			}
		}
	}
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
		id, ok := d.stallIndex()[[2]string{market, name}]
		return stallRef{market, id}, ok
	}
	if refs := d.stallsNamed(name); len(refs) == 1 {
		return refs[0], true
	}
	return stallRef{}, false
}

// stallsNamed lists the stalls, in any market, with id or name name.
func (d *directory) stallsNamed(name string) []stallRef {
	d.stallIndex()
	return d.stallNames[name]
}

// stallIndex builds the stalls and stallNames indexes on first use.
func (d *directory) stallIndex() map[[2]string]string {
	if d.stalls == nil {
		d.stalls, d.stallNames = map[[2]string]string{}, map[string][]stallRef{}
		for _, m := range d.cfg.Markets {
			for _, s := range m.Stalls {
				d.stalls[[2]string{m.ID, s.ID}] = s.ID
				d.stalls[[2]string{m.ID, s.Name}] = s.ID
				d.stallNames[s.ID] = append(d.stallNames[s.ID], stallRef{m.ID, s.ID})
				if s.Name != s.ID {
					d.stallNames[s.Name] = append(d.stallNames[s.Name], stallRef{m.ID, s.ID})
				}
			}
		}
	}
	return d.stalls
}

// component finds a budget component of a market by id or name.
func (d *directory) component(market, name string) (string, bool) {
	if d.components == nil {
		d.components = map[[2]string]string{}
		for _, m := range d.cfg.Markets {
			for _, c := range m.Budget.Components {
				d.components[[2]string{m.ID, c.ID}] = c.ID
				d.components[[2]string{m.ID, c.Name}] = c.ID
			}
		}
	}
	id, ok := d.components[[2]string{market, name}]
	return id, ok
}

// market finds a market by id or name.
func (d *directory) market(name string) (string, bool) {
	if d.markets == nil {
		d.markets = map[string]string{}
		for _, m := range d.cfg.Markets {
			d.markets[m.ID], d.markets[m.Name] = m.ID, m.ID
		}
	}
	id, ok := d.markets[name]
	return id, ok
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
