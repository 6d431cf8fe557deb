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
// rows. Preferred months are used when the period covers them.
func (p *plan) planMalformed() {
	m := p.markets[0]
	months := p.months()
	pickMonth := func(prefer time.Time, frac float64) int {
		if mk := monthKey(dayOf(prefer)); slices.Contains(months, mk) {
			return mk
		}
		return months[int(frac*float64(len(months)-1))]
	}
	mid := func(first, last int) int { return first + (last-first)/2 }
	add := func(b *malformedSpec) {
		b.seq = len(p.malformedFor(b.kind, b.market, b.stall, b.month))
		p.bad = append(p.bad, b)
	}
	for _, x := range []struct {
		reason, column string
		prefer         time.Time
		frac           float64
	}{
		{reasonBadDate, "승인일자", ymd(2021, 2, 1), 0.3},
		{reasonBadAmount, "승인금액", ymd(2021, 6, 1), 0.55},
		{reasonUnknownMerchant, "가맹점번호", ymd(2022, 3, 1), 0.8},
	} {
		mk := pickMonth(x.prefer, x.frac)
		add(&malformedSpec{kind: kindCard, stall: -1, month: mk, day: mid(p.monthDays(mk)), column: x.column, reason: x.reason})
	}
	for _, x := range []struct {
		reason, column string
		prefer         time.Time
		frac           float64
	}{
		{reasonNegativeVisitors, "입장", ymd(2020, 8, 1), 0.4},
		{reasonUnknownSensor, "장비ID", ymd(2022, 7, 1), 0.85},
	} {
		mk := pickMonth(x.prefer, x.frac)
		add(&malformedSpec{kind: kindFootfall, stall: -1, month: mk, day: mid(p.monthDays(mk)), column: x.column, reason: x.reason})
	}
	// Online files: (stall, month) of every export, in stall then month order.
	files := func(ch int, prog program) [][2]int {
		var fs [][2]int
		for _, s := range m.stalls {
			if s.stores[ch] == nil || s.enrolled[prog] > p.to {
				continue
			}
			for mk := monthKey(max(s.enrolled[prog], p.from)); mk <= monthKey(p.to); mk++ {
				fs = append(fs, [2]int{s.idx, mk})
			}
		}
		return fs
	}
	online := func(kind string, ch int, prog program, frac float64, column, reason string) {
		fs := files(ch, prog)
		if len(fs) == 0 {
			return
		}
		f := fs[int(frac*float64(len(fs)-1))]
		s := m.stalls[f[0]]
		first, last := p.monthDays(f[1])
		add(&malformedSpec{kind: kind, stall: s.idx, month: f[1], day: mid(max(first, s.enrolled[prog]), last), column: column, reason: reason})
	}
	online(kindSmartstore, chSmartstore, progSmartstore, 0.25, "상품번호", reasonUnknownProduct)
	online(kindSmartstore, chSmartstore, progSmartstore, 0.7, "최종 상품별 총 주문금액", reasonBadAmount)
	online(kindJangbogi, chJangbogi, progJangbogi, 0.5, "주문일시", reasonBadDate)
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
