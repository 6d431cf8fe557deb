package ingest

import (
	"strconv"
	"strings"
)

// Columns of POS payment lists (결제 내역, e.g. Payhere's). One export is
// one stall's: the stall is named by a 가맹점번호 or 매장명 column, or by a
// "매장명: …" title row above the header.
var (
	colBusinessDay  = []string{"영업일", "영업일자"}
	colPaidOn       = []string{"결제(환불)일", "결제일", "결제일자", "거래일자"}
	colPaidTime     = []string{"결제 시간", "결제시간", "결제(환불)시간", "거래시간"}
	colPayKind      = []string{"결제(환불)내역", "결제구분", "거래구분"}
	colPaid         = []string{"결제 금액", "결제금액", "합계"}
	colReceipt      = []string{"영수증번호", "거래번호"}
	colOrigReceipt  = []string{"원영수증번호", "원거래번호"}
	colStore        = []string{"매장명", "가맹점명", "상호"}
	preambleStore   = []string{"매장명", "가맹점명", "상호", "매장"}
	colStoreNumbers = []string{"가맹점번호", "사업자번호"}
)

var posSource = &Source{
	Name:      "pos",
	Table:     "sales",
	cancels:   true,
	signature: [][]string{colBusinessDay, colPaid, colPaidTime},
	parse:     byColumns(bindPOS, parsePOS),
}

type posColumns struct {
	businessDay, paidOn, paidTime, payKind, paid, receipt, origReceipt, store, storeNumbers column
}

func bindPOS(p *parser, h header, first []string) *posColumns {
	makeRoom(p, first, &p.sales)
	return &posColumns{
		businessDay:  h.column(colBusinessDay...),
		paidOn:       h.column(colPaidOn...),
		paidTime:     h.column(colPaidTime...),
		payKind:      h.column(colPayKind...),
		paid:         h.column(colPaid...),
		receipt:      h.column(colReceipt...),
		origReceipt:  h.column(colOrigReceipt...),
		store:        h.column(colStore...),
		storeNumbers: h.column(colStoreNumbers...),
	}
}

// parsePOS reads one payment or refund. sale_date is the business day
// (영업일), which after midnight is the day before the payment's date.
// A refund that names the receipt it refunds (원영수증번호) nets that
// payment out, as a card cancellation does; a refund without one is a
// negative line on its own business day, as the POS books it.
func parsePOS(p *parser, c *posColumns, row []string, line int) *RowError {
	ref, rerr := p.posStall(c, row, line)
	if rerr != nil {
		return rerr
	}
	day, rerr := p.date(line, c.businessDay, row)
	if rerr != nil {
		return rerr
	}
	at := day
	if c.paidOn.cell(row) != "" {
		if at, rerr = p.date(line, c.paidOn, row); rerr != nil {
			return rerr
		}
	}
	if v := c.paidTime.cell(row); v != "" {
		clock, err := ParseClock(v)
		if err != nil {
			return p.reject(line, c.paidTime.name, KindBadDate, "%v", err)
		}
		at = dayOf(at).Add(clock)
	}
	amt, rerr := p.amount(line, c.paid, row, true)
	if rerr != nil {
		return rerr
	}
	kind := c.payKind.cell(row)
	refund := amt < 0 || strings.Contains(kind, "환불") || strings.Contains(kind, "취소")
	if amt < 0 {
		amt = -amt
	}
	receipt, orig := cleanID(c.receipt.cell(row)), cleanID(c.origReceipt.cell(row))
	p.observeDay(ref.market, ref.stall, day, at)
	stamp := at.Format("20060102150405")
	if refund && orig != "" {
		key := ref.stall + "|" + orig
		ckey := key + "|" + stamp + "|" + strconv.FormatInt(amt, 10) + "|" + receipt
		if p.firstSeen("cancel|" + ckey) {
			// The refund names the receipt, not its day: approvedOn stays zero
			// (unknown), so the loader lets it net a payment of any day.
			p.cancels = append(p.cancels, cancelRec{market: ref.market, orderKey: key, cancelKey: ckey, amount: amt, at: at})
		}
		return nil
	}
	rec := saleRec{market: ref.market, stall: ref.stall, channel: "offline", status: "paid",
		soldAt: at, saleDate: day, gross: amt, net: amt, qty: 1}
	if refund {
		rec.status, rec.gross, rec.net, rec.qty = "refunded", -amt, -amt, 0
	}
	if receipt != "" {
		rec.orderKey = ref.stall + "|" + receipt
		if !p.firstSeen(ref.market + "|" + rec.orderKey) {
			return nil
		}
	} else {
		// No receipt number: the line is its stall, time and amount;
		// identical lines are numbered, as two equal sales in one second are real.
		base := strings.Join([]string{ref.stall, day.Format("20060102"), stamp, strconv.FormatInt(rec.gross, 10)}, "|")
		rec.orderKey = base
		for n := 2; p.seen[ref.market+"|"+rec.orderKey]; n++ {
			rec.orderKey = base + "#" + strconv.Itoa(n)
		}
		p.seen[ref.market+"|"+rec.orderKey] = true
	}
	p.sales = append(p.sales, rec)
	return nil
}

// posStall finds the stall of a POS row: its 가맹점번호 or 매장명 column,
// else the file's "매장명: …" title row.
func (p *parser) posStall(c *posColumns, row []string, line int) (stallRef, *RowError) {
	if no := cleanID(c.storeNumbers.cell(row)); no != "" {
		if ref, ok := p.dir.merchant(no); ok {
			return ref, nil
		}
		return stallRef{}, p.reject(line, c.storeNumbers.name, KindUnknownMerchant, "merchant %s belongs to no stall in market.yaml", no)
	}
	if name := c.store.cell(row); name != "" {
		if ref, ok := p.dir.stall("", name); ok {
			return ref, nil
		}
		return stallRef{}, p.reject(line, c.store.name, KindUnknownStall, "stall %q is not in market.yaml (or is in several markets)", name)
	}
	if p.fileStall != nil {
		return *p.fileStall, nil
	}
	name := preambleValue(p.preamble, preambleStore...)
	if name == "" {
		return stallRef{}, p.reject(line, "", KindUnknownStall, "the POS list does not say whose it is: it needs a 매장명 column or a \"매장명: …\" line above the header")
	}
	ref, ok := p.dir.stall("", name)
	if !ok {
		return stallRef{}, p.reject(line, "", KindUnknownStall, "stall %q named above the header is not in market.yaml (or is in several markets)", name)
	}
	p.fileStall = &ref
	return ref, nil
}
