package ingest

import (
	"strings"
)

// Columns of the Naver Smart Store order exports, by header name.
var (
	colProductOrder = []string{"상품주문번호"}
	colProduct      = []string{"상품번호"}
	colSalesChannel = []string{"판매채널"}
	colOrderedAt    = []string{"주문일시", "결제일", "결제일시"}
	colOrderStatus  = []string{"주문상태"}
	colQty          = []string{"수량"}
	colLineTotal    = []string{"최종 상품별 총 주문금액", "상품별 총 주문금액", "최초 상품별 총 주문금액"}
	colBuyerID      = []string{"구매자ID"}
)

var smartstoreSource = &Source{
	Name:      "smartstore",
	Table:     "sales",
	signature: [][]string{colProductOrder, {"주문번호"}},
	parse:     byColumns(bindSmartstore, parseSmartstore),
}

type smartstoreColumns struct {
	productOrder, product, salesChannel, orderedAt, orderStatus, qty, lineTotal, buyerID column
}

func bindSmartstore(p *parser, h header, first []string) *smartstoreColumns {
	makeRoom(p, first, &p.sales)
	return &smartstoreColumns{
		productOrder: h.column(colProductOrder...),
		product:      h.column(colProduct...),
		salesChannel: h.column(colSalesChannel...),
		orderedAt:    h.column(colOrderedAt...),
		orderStatus:  h.column(colOrderStatus...),
		qty:          h.column(colQty...),
		lineTotal:    h.column(colLineTotal...),
		buyerID:      h.column(colBuyerID...),
	}
}

// smartstoreStatus maps 주문상태 labels to statuses, by substring as the
// labels vary between screens and years. Order matters: 미결제취소 is a
// cancellation, 취소철회 is not tested for here (it never reaches the export).
var smartstoreStatus = []struct{ label, status string }{
	{"취소", "cancelled"},
	{"반품", "returned"},
	{"교환", "exchanged"},
	{"구매확정", "confirmed"},
	{"배송완료", "delivered"},
	{"배송중", "delivering"},
	{"결제완료", "paid"},
	{"발송대기", "paid"},
	{"신규주문", "paid"},
	{"발주확인", "paid"},
	{"결제대기", "unpaid"},
}

// netStatus reports whether a line with this status counts as sales.
func netStatus(status string) bool {
	switch status {
	case "cancelled", "returned", "unpaid":
		return false
	}
	return true
}

func parseSmartstore(p *parser, c *smartstoreColumns, row []string, line int) *RowError {
	key := cleanID(c.productOrder.cell(row))
	if key == "" {
		return p.reject(line, colProductOrder[0], KindMissing, "no 상품주문번호")
	}
	pid := cleanID(c.product.cell(row))
	ref, ok := p.dir.product(pid)
	if !ok {
		if pid == "" {
			return p.reject(line, colProduct[0], KindMissing, "no 상품번호")
		}
		return p.reject(line, colProduct[0], KindUnknownProduct, "product %s belongs to no stall's store in market.yaml", pid)
	}
	at, rerr := p.date(line, c.orderedAt, row)
	if rerr != nil {
		return rerr
	}
	gross, rerr := p.amount(line, c.lineTotal, row, false)
	if rerr != nil {
		return rerr
	}
	status := "confirmed" // 구매확정내역 has no status column
	if c.orderStatus.i >= 0 {
		label := c.orderStatus.cell(row)
		status = ""
		for _, s := range smartstoreStatus {
			if strings.Contains(label, s.label) {
				status = s.status
				break
			}
		}
		if status == "" {
			return p.reject(line, colOrderStatus[0], KindUnknownStatus, "unknown order status %q", label)
		}
	}
	qty := int64(1)
	if v := c.qty.cell(row); v != "" {
		q, err := ParseCount(v)
		if err != nil || q == 0 || q > 100000 {
			return p.reject(line, colQty[0], KindBadNumber, "quantity %q", v)
		}
		qty = q
	}
	channel := ref.channel
	if strings.Contains(c.salesChannel.cell(row), "장보기") {
		channel = "jangbogi"
	}
	if !p.firstSeen(ref.market + "|" + key) {
		return nil
	}
	net := gross
	if !netStatus(status) {
		net = 0
	}
	p.sales = append(p.sales, saleRec{
		market: ref.market, stall: ref.stall, channel: channel, orderKey: key, status: status,
		buyerKey: p.hashBuyer(c.buyerID.cell(row)),
		soldAt:   at, saleDate: dayOf(at), gross: gross, net: net, qty: int32(qty),
	})
	p.observe(ref.market, ref.stall, at)
	return nil
}
