package ingest

import (
	"strconv"
	"strings"
	"time"
)

// Columns of the spend ledger (사업비 집행 내역) and the live-commerce list.
var (
	colSpentOn    = []string{"집행일자"}
	colComponent  = []string{"비목"}
	colItem       = []string{"세목"}
	colSpent      = []string{"집행금액"}
	colMemo       = []string{"적요"}
	colMarket     = []string{"시장", "시장명"}
	colBroadcast  = []string{"방송일자", "방송일"}
	colEventStall = []string{"점포", "점포명"}
	colEventKind  = []string{"구분"}
	colEventTitle = []string{"방송제목", "제목"}
)

var spendSource = &Source{
	Name:      "spend",
	Table:     "spend",
	signature: [][]string{colSpentOn, colSpent},
	parse:     parseSpend,
}

var eventsSource = &Source{
	Name:      "events",
	Table:     "events",
	signature: [][]string{colBroadcast, colEventStall},
	parse:     parseEvent,
}

// marketOf resolves the market of a program record: the 시장 column, or the only market.
func (p *parser) marketOf(h header, row []string, line int) (string, *RowError) {
	if v := cell(row, h.find(colMarket...)); v != "" {
		if id, ok := p.dir.markets[v]; ok {
			return id, nil
		}
		return "", p.reject(line, h.name(colMarket...), KindUnknownStall, "market %q is not in market.yaml", v)
	}
	if p.dir.single == "" {
		return "", p.reject(line, colMarket[0], KindMissing, "the workspace has several markets: name the market in a 시장 column")
	}
	return p.dir.single, nil
}

func parseSpend(p *parser, h header, row []string, line int) *RowError {
	m, rerr := p.marketOf(h, row, line)
	if rerr != nil {
		return rerr
	}
	day, rerr := p.date(h, row, line, colSpentOn...)
	if rerr != nil {
		return rerr
	}
	amt, rerr := p.amount(h, row, line, true, colSpent...)
	if rerr != nil {
		return rerr
	}
	comp := cell(row, h.find(colComponent...))
	id, ok := p.dir.components[[2]string{m, comp}]
	if !ok {
		return p.reject(line, colComponent[0], KindUnknownComponent, "budget component %q is not in market.yaml", comp)
	}
	item, memo := cell(row, h.find(colItem...)), cell(row, h.find(colMemo...))
	// Identical ledger lines are legitimate (two equal payments); number them.
	base := strings.Join([]string{m, day.Format(time.DateOnly), id, item, strconv.FormatInt(amt, 10), memo}, "|")
	key := base
	for n := 2; p.seen[key]; n++ {
		key = base + "#" + strconv.Itoa(n)
	}
	p.seen[key] = true
	p.spend = append(p.spend, spendRec{market: m, component: id, item: item, memo: memo, lineKey: key, spentOn: day, amount: amt})
	p.observe(m, "", day)
	return nil
}

func parseEvent(p *parser, h header, row []string, line int) *RowError {
	day, rerr := p.date(h, row, line, colBroadcast...)
	if rerr != nil {
		return rerr
	}
	name := cell(row, h.find(colEventStall...))
	var ref stallRef
	if v := cell(row, h.find(colMarket...)); v != "" {
		m, ok := p.dir.markets[v]
		id, found := p.dir.stalls[[2]string{m, name}]
		if !ok || !found {
			return p.reject(line, colEventStall[0], KindUnknownStall, "stall %q is not in market %q", name, v)
		}
		ref = stallRef{m, id}
	} else {
		refs := p.dir.stallNames[name]
		switch len(refs) {
		case 0:
			return p.reject(line, colEventStall[0], KindUnknownStall, "stall %q is not in market.yaml", name)
		case 1:
			ref = refs[0]
		default:
			return p.reject(line, colEventStall[0], KindUnknownStall, "stall %q is in several markets: add a 시장 column", name)
		}
	}
	kind := "live"
	if k := cell(row, h.find(colEventKind...)); k != "" && !strings.Contains(k, "라이브") {
		kind = k
	}
	title := cell(row, h.find(colEventTitle...))
	if !p.firstSeen(strings.Join([]string{ref.market, day.Format(time.DateOnly), ref.stall, kind, title}, "|")) {
		return nil
	}
	p.events = append(p.events, eventRec{market: ref.market, stall: ref.stall, kind: kind, title: title, date: day})
	p.observe(ref.market, ref.stall, day)
	return nil
}
