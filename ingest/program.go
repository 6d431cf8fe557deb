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
	parse:     byColumns(bindProgram, parseSpend),
}

var eventsSource = &Source{
	Name:      "events",
	Table:     "events",
	signature: [][]string{colBroadcast, colEventStall},
	parse:     byColumns(bindProgram, parseEvent),
}

// programColumns are the columns of both program files.
type programColumns struct {
	spentOn, component, item, spent, memo, market, broadcast, eventStall, eventKind, eventTitle column
}

func bindProgram(_ *parser, h header, _ []string) *programColumns {
	return &programColumns{
		spentOn:    h.column(colSpentOn...),
		component:  h.column(colComponent...),
		item:       h.column(colItem...),
		spent:      h.column(colSpent...),
		memo:       h.column(colMemo...),
		market:     h.column(colMarket...),
		broadcast:  h.column(colBroadcast...),
		eventStall: h.column(colEventStall...),
		eventKind:  h.column(colEventKind...),
		eventTitle: h.column(colEventTitle...),
	}
}

// marketOf resolves the market of a program record: the 시장 column, or the only market.
func (p *parser) marketOf(c *programColumns, row []string, line int) (string, *RowError) {
	if v := c.market.cell(row); v != "" {
		if id, ok := p.dir.market(v); ok {
			return id, nil
		}
		return "", p.reject(line, c.market.name, KindUnknownStall, "market %q is not in market.yaml", v)
	}
	if p.dir.single == "" {
		return "", p.reject(line, colMarket[0], KindMissing, "the workspace has several markets: name the market in a 시장 column")
	}
	return p.dir.single, nil
}

func parseSpend(p *parser, c *programColumns, row []string, line int) *RowError {
	m, rerr := p.marketOf(c, row, line)
	if rerr != nil {
		return rerr
	}
	day, rerr := p.date(line, c.spentOn, row)
	if rerr != nil {
		return rerr
	}
	amt, rerr := p.amount(line, c.spent, row, true)
	if rerr != nil {
		return rerr
	}
	comp := c.component.cell(row)
	id, ok := p.dir.component(m, comp)
	if !ok {
		return p.reject(line, colComponent[0], KindUnknownComponent, "budget component %q is not in market.yaml", comp)
	}
	item, memo := c.item.cell(row), c.memo.cell(row)
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

func parseEvent(p *parser, c *programColumns, row []string, line int) *RowError {
	day, rerr := p.date(line, c.broadcast, row)
	if rerr != nil {
		return rerr
	}
	name := c.eventStall.cell(row)
	var ref stallRef
	if v := c.market.cell(row); v != "" {
		m, ok := p.dir.market(v)
		r, found := p.dir.stall(m, name)
		if !ok || !found {
			return p.reject(line, colEventStall[0], KindUnknownStall, "stall %q is not in market %q", name, v)
		}
		ref = r
	} else {
		refs := p.dir.stallsNamed(name)
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
	if k := c.eventKind.cell(row); k != "" && !strings.Contains(k, "라이브") {
		kind = k
	}
	title := c.eventTitle.cell(row)
	if !p.firstSeen(strings.Join([]string{ref.market, day.Format(time.DateOnly), ref.stall, kind, title}, "|")) {
		return nil
	}
	p.events = append(p.events, eventRec{market: ref.market, stall: ref.stall, kind: kind, title: title, date: day})
	p.observe(ref.market, ref.stall, day)
	return nil
}
