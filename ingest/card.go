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
	parse:     byColumns(bindCard, parseCard),
}

type cardColumns struct {
	approvedOn, approvedTime, acquirer, merchant, approvalNo, approvalKind, amount, originalDay column
}

func bindCard(p *parser, h header, first []string) *cardColumns {
	makeRoom(p, first, &p.sales)
	return &cardColumns{
		approvedOn:   h.column(colApprovedOn...),
		approvedTime: h.column(colApprovedTime...),
		acquirer:     h.column(colAcquirer...),
		merchant:     h.column(colMerchant...),
		approvalNo:   h.column(colApprovalNo...),
		approvalKind: h.column(colApprovalKind...),
		amount:       h.column(colApprovalAmt...),
		originalDay:  h.column(colOriginalDay...),
	}
}

func parseCard(p *parser, c *cardColumns, row []string, line int) *RowError {
	merchant := cleanID(c.merchant.cell(row))
	ref, ok := p.dir.merchant(merchant)
	if !ok {
		if merchant == "" {
			return p.reject(line, colMerchant[0], KindMissing, "no 가맹점번호")
		}
		return p.reject(line, colMerchant[0], KindUnknownMerchant, "card merchant %s belongs to no stall in market.yaml", merchant)
	}
	day, rerr := p.date(line, c.approvedOn, row)
	if rerr != nil {
		return rerr
	}
	at := day
	if v := c.approvedTime.cell(row); v != "" {
		clock, err := ParseClock(v)
		if err != nil {
			return p.reject(line, colApprovedTime[0], KindBadDate, "%v", err)
		}
		at = day.Add(clock)
	}
	amt, rerr := p.amount(line, c.amount, row, true)
	if rerr != nil {
		return rerr
	}
	no := c.approvalNo.cell(row)
	if no == "" {
		return p.reject(line, colApprovalNo[0], KindMissing, "no 승인번호")
	}
	acquirer := c.acquirer.cell(row)
	cancel := strings.Contains(c.approvalKind.cell(row), "취소") || amt < 0
	if amt < 0 {
		amt = -amt
	}
	approvedOn := day
	if cancel {
		if v := c.originalDay.cell(row); v != "" {
			d, err := ParseKoreanDate(v)
			if err != nil {
				return p.reject(line, c.originalDay.name, KindBadDate, "%v", err)
			}
			approvedOn = d
		}
	}
	var stamp [8]byte
	key := merchant + "|" + acquirer + "|" + no + "|" + string(appendDay(stamp[:0], approvedOn))
	p.observe(ref.market, ref.stall, at)
	if cancel {
		ckey := key + "|" + at.Format("20060102150405") + "|" + strconv.FormatInt(amt, 10)
		if p.firstSeen("cancel|" + ckey) {
			p.cancels = append(p.cancels, cancelRec{market: ref.market, orderKey: key, cancelKey: ckey, amount: amt, at: at,
				approvedOn: dayOf(approvedOn)})
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
