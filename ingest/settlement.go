package ingest

import (
	"errors"
	"fmt"
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
	parse:     parseSettlement,
}

// settleAhead is how far ahead of today a settlement date may lie: an
// export lists the payouts still due (정산예정일).
const settleAhead = 90 * 24 * time.Hour

// parseSettlement reads one settlement line. Amounts keep their sign: the
// 회수 and 취소 lines are negative. The stall comes from 상품번호 or
// 판매자상품코드 when the export has them; otherwise the warehouse takes it
// from the order line in sales, now or when that order export is loaded.
func parseSettlement(p *parser, h header, row []string, line int) *RowError {
	key := cleanID(cell(row, h.find(colSettleOrder...)))
	if key == "" {
		key = cleanID(cell(row, h.find(colSettleOrderNo...))) // a 배송비 line may name only its order
	}
	if key == "" {
		return p.reject(line, colSettleOrder[0], KindMissing, "no 상품주문번호")
	}
	status := cell(row, h.find(colSettleStatus...))
	if status == "" {
		return p.reject(line, colSettleStatus[0], KindMissing, "no 정산상태")
	}
	kind := cell(row, h.find(colSettleKind...))
	if kind == "" {
		kind = "상품주문"
	}
	var ref productRef
	for _, names := range [][]string{colProduct, colSellerCode} {
		id := cleanID(cell(row, h.find(names...)))
		if r, ok := p.dir.products[id]; ok && id != "" {
			ref = r
			break
		}
	}
	if ref.market == "" {
		ref.market = p.dir.single
	}
	var date time.Time
	var col string
	for _, names := range [][]string{colSettleDone, colSettleDue, colSettleBaseDay} {
		if v := cell(row, h.find(names...)); v != "" {
			d, err := ParseKoreanDate(v)
			if err != nil {
				return p.reject(line, h.name(names...), KindBadDate, "%v", err)
			}
			date, col = d, h.name(names...)
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
	base, rerr := p.amount(h, row, line, true, colSettleBase...)
	if rerr != nil {
		return rerr
	}
	expected, rerr := p.amount(h, row, line, true, colSettleExpected...)
	if rerr != nil {
		return rerr
	}
	fee, rerr := p.settleFee(h, row, line)
	if rerr != nil {
		return rerr
	}
	if !p.firstSeen(fmt.Sprintf("settle|%s|%s|%s", key, kind, status)) {
		return nil
	}
	p.settlements = append(p.settlements, settleRec{market: ref.market, stall: ref.stall, orderKey: key, kind: kind,
		status: status, date: date, base: base, fee: fee, expected: expected})
	p.observe(ref.market, "", date) // a settlement says nothing about which days a stall traded
	return nil
}

// settleFee is 수수료합계, else the sum of the fee columns present (0 if none).
func (p *parser) settleFee(h header, row []string, line int) (int64, *RowError) {
	if h.find(colSettleFeeTotal...) >= 0 {
		return p.amount(h, row, line, true, colSettleFeeTotal...)
	}
	var fee int64
	for _, name := range colSettleFees {
		v := cell(row, h.find(name))
		if v == "" {
			continue
		}
		a, err := ParseAmount(v)
		if err != nil && !errors.Is(err, errEmpty) {
			return 0, p.reject(line, name, KindBadAmount, "%v", err)
		}
		fee += a
	}
	return fee, nil
}
