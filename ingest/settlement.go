package ingest

import (
	"errors"
	"time"
)

// Columns of the Smart Store 건별 정산내역 (SettleCaseByCase) export.
var (
	colSettleOrder    = []string{"상품주문번호"}
	colSettleOrderNo  = []string{"주문번호"}
	colSettleKind     = []string{"구분"}
	colSettleStatus   = []string{"정산상태"}
	colSettleBase     = []string{"정산기준금액"}
	colSettleExpected = []string{"정산예정금액"}
	colSettleFeeTotal = []string{"수수료합계"}
	colSettleFees     = []string{"네이버페이 주문관리 수수료", "매출연동 수수료"}
	colSettleDone     = []string{"정산완료일"}
	colSettleDue      = []string{"정산예정일"}
	colSettleBaseDay  = []string{"정산기준일"}
	colSellerCode     = []string{"판매자상품코드", "판매자 상품코드"}
)

var settlementSource = &Source{
	Name:      "settlement",
	Table:     "settlements",
	signature: [][]string{colSettleOrder, colSettleStatus, colSettleBase, colSettleExpected},
	parse:     byColumns(bindSettlement, parseSettlement),
}

type settlementColumns struct {
	order, orderNo, kind, status, base, expected, feeTotal column
	fees                                                   []column // colSettleFees, summed when there is no 수수료합계
	products                                               []column // 상품번호, then 판매자상품코드
	dates                                                  []column // 정산완료일, else 정산예정일, else 정산기준일
}

func bindSettlement(p *parser, h header, first []string) *settlementColumns {
	makeRoom(p, first, &p.settlements)
	c := &settlementColumns{
		order:    h.column(colSettleOrder...),
		orderNo:  h.column(colSettleOrderNo...),
		kind:     h.column(colSettleKind...),
		status:   h.column(colSettleStatus...),
		base:     h.column(colSettleBase...),
		expected: h.column(colSettleExpected...),
		feeTotal: h.column(colSettleFeeTotal...),
		products: []column{h.column(colProduct...), h.column(colSellerCode...)},
		dates:    []column{h.column(colSettleDone...), h.column(colSettleDue...), h.column(colSettleBaseDay...)},
	}
	for _, name := range colSettleFees {
		c.fees = append(c.fees, h.column(name))
	}
	return c
}

// settleAhead is how far ahead of today a settlement date may lie: an
// export lists the payouts still due (정산예정일).
const settleAhead = 90 * 24 * time.Hour

// parseSettlement reads one settlement line. Amounts keep their sign: the
// 회수 and 취소 lines are negative. The stall comes from 상품번호 or
// 판매자상품코드 when the export has them; otherwise the warehouse takes it
// from the order line in sales, now or when that order export is loaded.
func parseSettlement(p *parser, c *settlementColumns, row []string, line int) *RowError {
	key := cleanID(c.order.cell(row))
	if key == "" {
		key = cleanID(c.orderNo.cell(row)) // a 배송비 line may name only its order
	}
	if key == "" {
		return p.reject(line, colSettleOrder[0], KindMissing, "no 상품주문번호")
	}
	status := c.status.cell(row)
	if status == "" {
		return p.reject(line, colSettleStatus[0], KindMissing, "no 정산상태")
	}
	kind := c.kind.cell(row)
	if kind == "" {
		kind = "상품주문"
	}
	var ref productRef
	for _, col := range c.products {
		id := cleanID(col.cell(row))
		if r, ok := p.dir.product(id); ok && id != "" {
			ref = r
			break
		}
	}
	if ref.market == "" {
		ref.market = p.dir.single
	}
	var date time.Time
	var col string
	for _, dc := range c.dates {
		if v := dc.cell(row); v != "" {
			d, err := ParseKoreanDate(v)
			if err != nil {
				return p.reject(line, dc.name, KindBadDate, "%v", err)
			}
			date, col = d, dc.name
			break
		}
	}
	switch {
	case date.IsZero():
		return p.reject(line, colSettleDue[0], KindMissing, "no 정산완료일, 정산예정일 or 정산기준일")
	case date.Year() < 2000:
		return p.reject(line, col, KindBadDate, "%s is before 2000", date.Format(time.DateOnly))
	case date.After(p.now.Add(settleAhead)):
		return p.reject(line, col, KindFutureDate, "%s is more than 90 days ahead", date.Format(time.DateOnly))
	}
	base, rerr := p.amount(line, c.base, row, true)
	if rerr != nil {
		return rerr
	}
	expected, rerr := p.amount(line, c.expected, row, true)
	if rerr != nil {
		return rerr
	}
	fee, rerr := p.settleFee(c, row, line)
	if rerr != nil {
		return rerr
	}
	if !p.firstSeen("settle|" + key + "|" + kind + "|" + status) {
		return nil
	}
	p.settlements = append(p.settlements, settleRec{market: ref.market, stall: ref.stall, orderKey: key, kind: kind,
		status: status, date: date, base: base, fee: fee, expected: expected})
	p.observe(ref.market, "", date) // a settlement says nothing about which days a stall traded
	return nil
}

// settleFee is 수수료합계, else the sum of the fee columns present (0 if none).
func (p *parser) settleFee(c *settlementColumns, row []string, line int) (int64, *RowError) {
	if c.feeTotal.i >= 0 {
		return p.amount(line, c.feeTotal, row, true)
	}
	var fee int64
	for _, fc := range c.fees {
		v := fc.cell(row)
		if v == "" {
			continue
		}
		a, err := ParseAmount(v)
		if err != nil && !errors.Is(err, errEmpty) {
			return 0, p.reject(line, fc.name, KindBadAmount, "%v", err)
		}
		fee += a
	}
	return fee, nil
}
