package demo

import (
	"context"
	"fmt"
	"strconv"
)

// 동네시장 장보기 order exports: one UTF-8 CSV with BOM per store and month,
// exported on the 2nd of the next month, with a subset of the Naver order
// columns. Orders are small local deliveries; about 2% extra orders end
// cancelled (취소).

var jangbogiHeader = []string{
	"상품주문번호", "주문번호", "판매채널", "주문일시", "주문상태", "상품번호", "상품명", "수량", "상품가격",
	"최종 상품별 총 주문금액", "배송비 합계", "구매자명", "구매자ID", "수취인명", "수취인연락처1", "통합배송지", "배송메세지",
}

const jangbogiChannel = "네이버 동네시장 장보기"

// jangbogiJob writes all exports of stall s's 동네시장 장보기 store.
func (p *plan) jangbogiJob(m *marketPlan, s *stallPlan) job {
	return func(ctx context.Context) (*jobResult, error) {
		res := &jobResult{}
		st, tst := newStream(p.seed), newStream(p.seed)
		start := max(s.enrolled[progJangbogi], p.from)
		carry := 0.0
		var orders []order
		for mk := monthKey(start); mk <= monthKey(p.to); mk++ {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			first, last := p.monthDays(mk)
			orders = orders[:0]
			for d := max(first, start); d <= last; d++ {
				t := p.trade(tst, m, s, d)
				var err error
				if orders, err = p.dayOrders(st, m, s, chJangbogi, d, t.online[chJangbogi], &carry, orders); err != nil {
					return nil, err
				}
			}
			cell := salesCell{market: m.idx, stall: s.idx, month: mk, channel: scJangbogi}
			for i := range orders {
				cell.lines += len(orders[i].lines)
				if orders[i].fate == fateNormal {
					cell.net += orders[i].value()
				} else {
					cell.cancelled += len(orders[i].lines)
				}
			}
			res.sales = append(res.sales, cell)
			rel := fmt.Sprintf("inbox/jangbogi/%s/%s/%s.csv", m.def.id, s.id, monthLabel(mk))
			c, err := p.createCSV(rel, utf8BOM, false)
			if err != nil {
				return nil, err
			}
			if err := p.writeJangbogi(res, c, m, s, mk, orders); err != nil {
				c.abort()
				return nil, fmt.Errorf("jangbogi %s: %w", rel, err)
			}
		}
		return res, nil
	}
}

func (p *plan) writeJangbogi(res *jobResult, c *csvFile, m *marketPlan, s *stallPlan, mk int, orders []order) error {
	export := exportTime(mk)
	store := s.stores[chJangbogi]
	if err := c.write(jangbogiHeader...); err != nil {
		return err
	}
	bad := p.malformedFor(kindJangbogi, m.idx, s.idx, mk)
	rows := 0
	rec := make([]string, len(jangbogiHeader))
	emit := func(o *order, l *orderLine) error {
		pr := store.products[l.prod]
		status := "구매확정"
		switch {
		case o.fate != fateNormal:
			status = "취소"
		case export-o.at < 8*86_400:
			status = "배송완료"
		}
		who := p.person(o.buyer)
		rec[0], rec[1], rec[2] = l.no, o.no, jangbogiChannel
		rec[3], rec[4] = stamp(o.at), status
		rec[5], rec[6] = pr.id, pr.name
		rec[7] = strconv.Itoa(l.qty)
		rec[8] = strconv.FormatInt(l.price, 10)
		rec[9] = strconv.FormatInt(l.amount(), 10)
		rec[10] = strconv.FormatInt(o.ship, 10)
		rec[11], rec[12], rec[13] = who.name, who.id, who.recipient
		rec[14], rec[15], rec[16] = who.phone, who.address, fakeMessage
		if l.bad == "주문일시" {
			y, mo, _ := civil(o.day)
			rec[3] = fmt.Sprintf("%04d-%02d-%02d %s", y, mo, invalidDay(y, mo), clock(int(o.at%86_400)))
		}
		rows++
		return c.write(rec...)
	}
	for i := range orders {
		if i == len(orders)/2 {
			for _, b := range bad {
				o := p.badOrder(m, s, chJangbogi, b)
				if err := emit(&o, &o.lines[0]); err != nil {
					return err
				}
				res.malformed = append(res.malformed, b.record(c.rel, c.line))
			}
			bad = nil
		}
		for j := range orders[i].lines {
			if err := emit(&orders[i], &orders[i].lines[j]); err != nil {
				return err
			}
		}
	}
	for _, b := range bad { // a month without orders
		o := p.badOrder(m, s, chJangbogi, b)
		if err := emit(&o, &o.lines[0]); err != nil {
			return err
		}
		res.malformed = append(res.malformed, b.record(c.rel, c.line))
	}
	fr, err := c.close(kindSmartstore, rows)
	if err != nil {
		return err
	}
	fr.Channel = "jangbogi"
	res.files = append(res.files, fr)
	return nil
}
