package demo

import (
	"fmt"
	"slices"
	"time"
)

// Deliberately malformed rows: about eight extra rows spread over the
// exports of the first market, each listed in truth.json with its file,
// row and column. They never carry planted trade, so rejecting them leaves
// the planted truth intact.

const (
	reasonBadDate          = "bad_date"
	reasonBadAmount        = "bad_amount"
	reasonUnknownMerchant  = "unknown_merchant"
	reasonUnknownProduct   = "unknown_product"
	reasonNegativeVisitors = "negative_visitors"
	reasonUnknownSensor    = "unknown_sensor"
)

// malformedSpec says where a malformed row goes; the job that writes the
// file fills in the row number.
type malformedSpec struct {
	kind   string
	market int
	stall  int // -1 for market-wide files
	month  int
	day    int // the day the row pretends to be from
	column string
	reason string
	seq    int // distinguishes malformed rows of one file
}

// malformedRecord is a malformed row as truth.json lists it.
type malformedRecord struct {
	File       string `json:"file"`
	Row        int    `json:"row"`
	Column     string `json:"column"`
	ReasonKind string `json:"reason_kind"`
	Kind       string `json:"kind"` // the file's source kind
}

func (b *malformedSpec) record(file string, row int) malformedRecord {
	kind := b.kind
	if kind == kindJangbogi {
		kind = kindSmartstore
	}
	return malformedRecord{File: file, Row: row, Column: b.column, ReasonKind: b.reason, Kind: kind}
}

// malformedFor returns the specs of one file.
func (p *plan) malformedFor(kind string, market, stall, month int) []*malformedSpec {
	var out []*malformedSpec
	for _, b := range p.bad {
		if b.kind == kind && b.market == market && b.stall == stall && b.month == month {
			out = append(out, b)
		}
	}
	return out
}

// planMalformed spreads the malformed rows over the first market's files:
// three card rows, two smartstore lines, one jangbogi line, two footfall
// rows. A row's place depends on the period's start, never on its end, so
// a longer period keeps the rows of a shorter one: card and footfall rows
// go in fixed months of the period's first two years, online lines in the
// first exports of the stores that export first. A period too short for a
// row lacks it.
func (p *plan) planMalformed() {
	m := p.markets[0]
	mid := func(first, last int) int { return first + (last-first)/2 }
	add := func(b *malformedSpec) {
		b.seq = len(p.malformedFor(b.kind, b.market, b.stall, b.month))
		p.bad = append(p.bad, b)
	}
	firstMonth := monthKey(p.from)
	for _, x := range []struct {
		kind, reason, column string
		month                int // counted from the period's first month
	}{
		{kindCard, reasonBadDate, "승인일자", 13},
		{kindCard, reasonBadAmount, "승인금액", 5},
		{kindCard, reasonUnknownMerchant, "가맹점번호", 14},
		{kindFootfall, reasonNegativeVisitors, "입장", 19},
		{kindFootfall, reasonUnknownSensor, "장비ID", 6},
	} {
		mk := firstMonth + x.month
		add(&malformedSpec{kind: x.kind, stall: -1, month: mk, day: mid(p.monthDays(mk)), column: x.column, reason: x.reason})
	}
	// online puts a line in the export of the month-th month of the rank-th
	// store to export (by first export month, then stall).
	online := func(kind string, ch int, prog program, rank, month int, column, reason string) {
		var stores []*stallPlan
		for _, s := range m.stalls {
			if s.stores[ch] != nil {
				stores = append(stores, s)
			}
		}
		if len(stores) == 0 {
			return
		}
		start := func(s *stallPlan) int { return monthKey(max(s.enrolled[prog], p.from)) }
		slices.SortStableFunc(stores, func(a, b *stallPlan) int { return start(a) - start(b) })
		s := stores[min(rank, len(stores)-1)]
		mk := start(s) + month
		first, last := p.monthDays(mk)
		add(&malformedSpec{kind: kind, stall: s.idx, month: mk, day: mid(max(first, s.enrolled[prog]), last), column: column, reason: reason})
	}
	online(kindSmartstore, chSmartstore, progSmartstore, 0, 1, "상품번호", reasonUnknownProduct)
	online(kindSmartstore, chSmartstore, progSmartstore, 2, 0, "최종 상품별 총 주문금액", reasonBadAmount)
	online(kindJangbogi, chJangbogi, progJangbogi, 0, 1, "주문일시", reasonBadDate)
}

// badCardRecord fills rec with a malformed card row.
func (p *plan) badCardRecord(rec []string, m *marketPlan, b *malformedSpec) {
	s := m.stalls[len(m.stalls)/2]
	k := key(p.seed, purposeApproval, uint64(m.idx), uint64(s.idx), uint64(b.day))
	y, mo, _ := civil(b.day)
	copy(rec, []string{
		dayLabel(b.day), "12:34:56", acquirers[0].name, s.merchant,
		digits(permute(999_990+uint64(b.seq), 1e8, k), 8),
		"승인", "35,000", "00", acquirers[0].bin + "-00**-****-0000", "",
	})
	switch b.reason {
	case reasonBadDate:
		rec[0] = fmt.Sprintf("%04d-%02d-%02d", y, mo, invalidDay(y, mo))
	case reasonBadAmount:
		rec[6] = "abc원"
	case reasonUnknownMerchant:
		rec[3] = unknownMerchantNo(p.seed)
	}
}

// badOrder builds a one-line order carrying a malformed value in b.column.
func (p *plan) badOrder(m *marketPlan, s *stallPlan, ch int, b *malformedSpec) order {
	st := newStream(p.seed).reset(purposeOrders, uint64(m.idx), uint64(s.idx), uint64(ch), uint64(b.day), 999)
	o := drawOrder(st, m, s, ch, b.day)
	o.lines = o.lines[:1]
	o.lines[0].bad = b.column
	p.number(&o, m, s, ch, maxDaySeq+b.seq)
	return o
}

// invalidDay returns a day of month that does not exist: 30 in February,
// else one past the month's last day (2021-04-31, 2021-03-32).
func invalidDay(y, m int) int {
	if m == 2 {
		return 30
	}
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day() + 1
}

func unknownMerchantNo(seed uint64) string { return merchantNo(seed, 99_999) }

func unknownProductID(seed uint64) string { return productID(seed, 999_999) }

// merchantNo is the 10-digit card merchant number of key k (market·1000+stall).
func merchantNo(seed uint64, k uint64) string {
	return "1" + digits(permute(k, 1e9, key(seed, purposeIDs, 1)), 9)
}
