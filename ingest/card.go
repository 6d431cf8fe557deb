package ingest

import (
	"strconv"
	"strings"
)

// Columns of card-terminal approval lists.
var (
	colApprovedOn   = []string{"승인일자", "승인일시", "거래일자", "거래일시", "승인일"}
	colApprovedTime = []string{"승인시간", "거래시간", "거래시각"}
	colAcquirer     = []string{"매입사", "매입사명", "카드사", "카드사명"}
	colMerchant     = []string{"가맹점번호"}
	colApprovalNo   = []string{"승인번호"}
	colApprovalKind = []string{"승인구분", "승인/취소", "거래구분", "취소여부"}
	colApprovalAmt  = []string{"승인금액", "거래금액"}
	colOriginalDay  = []string{"원승인일자", "원승인일시", "원거래일자"}
)

var cardSource = &Source{
	Name:      "card",
	Table:     "sales",
	cancels:   true,
	signature: [][]string{colApprovalNo, colApprovalAmt, colMerchant},
	parse:     parseCard,
}

func parseCard(p *parser, h header, row []string, line int) *RowError {
	merchant := cleanID(cell(row, h.find(colMerchant...)))
	ref, ok := p.dir.merchants[merchant]
	if !ok {
		if merchant == "" {
			return p.reject(line, colMerchant[0], KindMissing, "no 가맹점번호")
		}
		return p.reject(line, colMerchant[0], KindUnknownMerchant, "card merchant %s belongs to no stall in market.yaml", merchant)
	}
	day, rerr := p.date(h, row, line, colApprovedOn...)
	if rerr != nil {
		return rerr
	}
	at := day
	if i := h.find(colApprovedTime...); i >= 0 && cell(row, i) != "" {
		clock, err := ParseClock(cell(row, i))
		if err != nil {
			return p.reject(line, colApprovedTime[0], KindBadDate, "%v", err)
		}
		at = day.Add(clock)
	}
	amt, rerr := p.amount(h, row, line, true, colApprovalAmt...)
	if rerr != nil {
		return rerr
	}
	no := strings.TrimSpace(cell(row, h.find(colApprovalNo...)))
	if no == "" {
		return p.reject(line, colApprovalNo[0], KindMissing, "no 승인번호")
	}
	acquirer := cell(row, h.find(colAcquirer...))
	cancel := strings.Contains(cell(row, h.find(colApprovalKind...)), "취소") || amt < 0
	if amt < 0 {
		amt = -amt
	}
	approvedOn := day
	if cancel {
		if v := cell(row, h.find(colOriginalDay...)); v != "" {
			d, err := ParseKoreanDate(v)
			if err != nil {
				return p.reject(line, h.name(colOriginalDay...), KindBadDate, "%v", err)
			}
			approvedOn = d
		}
	}
	key := strings.Join([]string{merchant, acquirer, no, approvedOn.Format("20060102")}, "|")
	p.observe(ref.market, ref.stall, at)
	if cancel {
		ckey := key + "|" + at.Format("20060102150405") + "|" + strconv.FormatInt(amt, 10)
		if p.firstSeen("cancel|" + ckey) {
			p.cancels = append(p.cancels, cancelRec{market: ref.market, orderKey: key, cancelKey: ckey, amount: amt, at: at})
		}
		return nil
	}
	if !p.firstSeen(key) {
		return nil
	}
	p.sales = append(p.sales, saleRec{
		market: ref.market, stall: ref.stall, channel: "offline", orderKey: key, status: "approved",
		soldAt: at, saleDate: dayOf(day), gross: amt, net: amt, qty: 1,
	})
	return nil
}
