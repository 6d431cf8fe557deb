package demo

import (
	"context"
	"fmt"
	"math"
	"slices"
)

// Card approvals: one CP949 CSV per market and month listing every card
// transaction of every stall, with two title rows and a blank row above the
// header, CRLF line ends. A stall-day's approvals sum exactly to its planted
// offline sales (rounded to 100 won); about 1% extra approvals are
// cancelled on the same day or up to three days later, so they net to zero.
// A month's file holds what happened in the month: a cancellation in the
// next month is in the next month's file, and one after the period's end is
// in no file yet.

var cardHeader = []string{"승인일자", "승인시간", "매입사", "가맹점번호", "승인번호", "승인구분", "승인금액", "할부개월", "카드번호", "원승인일자"}

const (
	cardMinAmount  = 5_000
	cardMaxAmount  = 300_000
	cardRoomAmount = 100_000 // a day's mean amount stays below this
	cardCancelP    = 0.01
	cardTitleRows  = 4 // title, period, blank line, header
)

// cardTx is an approval or a cancellation row.
type cardTx struct {
	day      int // the row's 승인일자
	sec      int
	stall    *stallPlan
	acq      int
	approval uint64
	amount   int64 // positive; cancellations are written negative
	cancel   bool  // a cancellation row
	extra    bool  // an approval that gets cancelled (not planted sales)
	origDay  int   // cancellations: the approval's day
	mid      int   // card number digits 5–6
	last     int   // card number last four digits
	months   int   // instalments
}

// cardHours weights the hour of a card payment by category, 05h to 22h.
var cardHours = [numCategories][18]float64{
	catSeafood: {4, 8, 10, 10, 9, 8, 7, 6, 5, 5, 5, 6, 6, 5, 3, 1, 0.5, 0.2},
	catGukbap:  {0.5, 1, 2, 3, 4, 6, 10, 10, 6, 4, 3, 4, 7, 9, 8, 6, 3, 1},
	catBanchan: {0.5, 2, 4, 6, 8, 9, 9, 8, 7, 7, 8, 9, 8, 6, 3, 1, 0.5, 0.2},
	catFruit:   {1, 3, 5, 7, 8, 9, 9, 8, 8, 8, 8, 8, 7, 5, 3, 1, 0.5, 0.2},
	catMeat:    {0.5, 1, 3, 5, 7, 8, 9, 8, 8, 8, 9, 10, 9, 7, 4, 2, 0.5, 0.2},
	catTteok:   {2, 5, 8, 9, 9, 8, 8, 7, 6, 6, 7, 8, 7, 5, 3, 1, 0.5, 0.2},
}

var acquirerShares = func() []float64 {
	w := make([]float64, len(acquirers))
	for i, a := range acquirers {
		w[i] = a.share
	}
	return w
}()

// cardDay appends the stall-day's card rows: its approvals (the planted
// sales plus the extra approvals to be cancelled) and their cancellations,
// which may fall on later days. It returns the planted total.
func (p *plan) cardDay(st *stream, m *marketPlan, s *stallPlan, d int, offline float64, out []cardTx) ([]cardTx, int64) {
	total := roundTo(offline, 100)
	if total <= 0 {
		return out, 0
	}
	total = max(total, cardMinAmount)
	st.reset(purposeCard, uint64(m.idx), uint64(s.idx), uint64(d))
	n := st.poisson(p.opt.TxPerDay * float64(total) / s.base)
	// Enough transactions that amounts rarely press against the maximum.
	n = max(n, int((total+cardRoomAmount-1)/cardRoomAmount), 1)
	n = min(n, int(total/cardMinAmount))
	amounts := splitAmount(st, total, n)
	extra := 0
	for range n {
		if st.Float64() < cardCancelP {
			extra++
		}
	}
	k := key(p.seed, purposeApproval, uint64(m.idx), uint64(s.idx), uint64(d))
	for i := range n + extra {
		tx := cardTx{
			day: d, sec: st.pick(cardHours[s.cat][:])*3600 + 5*3600 + st.IntN(3600), stall: s,
			acq: st.pick(acquirerShares), approval: permute(uint64(i), 1e8, k),
			mid: st.IntN(100), last: st.IntN(10_000),
		}
		if i < n {
			tx.amount = amounts[i]
		} else {
			tx.extra = true
			tx.amount = roundTo(math.Exp(st.between(math.Log(cardMinAmount), math.Log(100_000))), 100)
		}
		if tx.amount >= 50_000 && st.Float64() < 0.1 {
			tx.months = []int{2, 3, 6}[st.IntN(3)]
		}
		out = append(out, tx)
		if tx.extra {
			// Cancelled the same day (half the time) or 1–3 days later,
			// possibly after the period's end.
			c := tx
			c.cancel, c.extra, c.origDay = true, false, d
			if lag := 1 + st.IntN(3); st.IntN(2) == 1 {
				c.day = d + lag
				c.sec = 9*3600 + st.IntN(11*3600)
			} else {
				c.sec = min(86_399, tx.sec+60+st.IntN(4*3600))
			}
			out = append(out, c)
		}
	}
	return out, total
}

// splitAmount splits total (a multiple of 100) into n amounts of whole
// hundreds between cardMinAmount and cardMaxAmount, spread like baskets of
// different sizes. n must satisfy n·min ≤ total ≤ n·max.
func splitAmount(st *stream, total int64, n int) []int64 {
	const lo, hi = cardMinAmount / 100, cardMaxAmount / 100
	room := float64(total/100 - lo*int64(n)) // units above the minimum to share
	x := make([]float64, n)
	var sum float64
	for i := range x {
		x[i] = st.lognormal(0.6)
		sum += x[i]
	}
	for i := range x {
		x[i] *= room / sum
	}
	// Cap at the maximum and share the excess over the others, pro rata.
	for {
		var excess, free float64
		for i := range x {
			if x[i] > hi-lo {
				excess += x[i] - (hi - lo)
				x[i] = hi - lo
			} else if x[i] < hi-lo {
				free += x[i]
			}
		}
		if excess < 1e-9 || free == 0 {
			break
		}
		for i := range x {
			if x[i] < hi-lo {
				x[i] += excess * x[i] / free
			}
		}
	}
	out := make([]int64, n)
	left := total/100 - lo*int64(n)
	for i := range x {
		out[i] = min(int64(x[i]), hi-lo)
		left -= out[i]
	}
	for i := 0; left > 0; i = (i + 1) % n { // whole-unit remainders
		if out[i] < hi-lo {
			out[i]++
			left--
		}
	}
	for i := range out {
		out[i] = (out[i] + lo) * 100
	}
	return out
}

// cardJob writes the card export of market m for month mk.
func (p *plan) cardJob(m *marketPlan, mk int) job {
	return func(ctx context.Context) (*jobResult, error) {
		first, last := p.monthDays(mk)
		rel := fmt.Sprintf("inbox/card/%s/%s.csv", m.def.id, monthLabel(mk))
		c, err := p.createCSV(rel, cp949, true)
		if err != nil {
			return nil, err
		}
		res, err := p.writeCard(ctx, c, m, mk, first, last)
		if err != nil {
			c.abort()
			return nil, fmt.Errorf("card %s: %w", rel, err)
		}
		return res, nil
	}
}

func (p *plan) writeCard(ctx context.Context, c *csvFile, m *marketPlan, mk, first, last int) (*jobResult, error) {
	res := &jobResult{}
	c.write("카드매출 승인내역")
	c.write(fmt.Sprintf("조회기간: %s ~ %s", dayLabel(first), dayLabel(last)))
	c.write("")
	c.write(cardHeader...)
	cells := make([]salesCell, len(m.stalls))
	for i := range cells {
		cells[i] = salesCell{market: m.idx, stall: i, month: mk, channel: scOffline}
	}
	st := newStream(p.seed)
	tst := newStream(p.seed)
	var rows, pending []cardTx
	// Cancellations of approvals from the last days of the previous month.
	for d := max(first-3, p.from); d < first; d++ {
		for _, s := range m.stalls {
			t := p.trade(tst, m, s, d)
			var gen []cardTx
			gen, _ = p.cardDay(st, m, s, d, t.offline, gen)
			for _, tx := range gen {
				if tx.cancel && tx.day >= first {
					pending = append(pending, tx)
				}
			}
		}
	}
	bad := p.malformedFor(kindCard, m.idx, -1, mk)
	dataRows := 0
	var gen []cardTx
	rec := make([]string, len(cardHeader))
	for d := first; d <= last; d++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rows = rows[:0]
		kept := pending[:0]
		for _, tx := range pending {
			if tx.day == d {
				rows = append(rows, tx)
			} else {
				kept = append(kept, tx)
			}
		}
		pending = kept
		for i, s := range m.stalls {
			t := p.trade(tst, m, s, d)
			var total int64
			gen, total = p.cardDay(st, m, s, d, t.offline, gen[:0])
			cells[i].net += total
			for _, tx := range gen {
				switch {
				case !tx.cancel:
					cells[i].lines++
					if tx.extra {
						cells[i].cancelled++
					}
					rows = append(rows, tx)
				case tx.day == d:
					rows = append(rows, tx)
				case tx.day <= last:
					pending = append(pending, tx)
				case tx.day > p.to:
					// No export holds this cancellation yet, so truth,
					// like the exports, counts its approval as sales.
					cells[i].net += tx.amount
					cells[i].cancelled--
				}
			}
		}
		slices.SortFunc(rows, func(a, b cardTx) int {
			if a.sec != b.sec {
				return a.sec - b.sec
			}
			if a.stall.idx != b.stall.idx {
				return a.stall.idx - b.stall.idx
			}
			if a.approval != b.approval {
				if a.approval < b.approval {
					return -1
				}
				return 1
			}
			if a.cancel != b.cancel {
				if a.cancel {
					return 1
				}
				return -1
			}
			return 0
		})
		for _, tx := range rows {
			cardRecord(rec, &tx)
			if err := c.write(rec...); err != nil {
				return nil, err
			}
			dataRows++
		}
		for _, b := range bad {
			if b.day != d {
				continue
			}
			p.badCardRecord(rec, m, b)
			if err := c.write(rec...); err != nil {
				return nil, err
			}
			dataRows++
			res.malformed = append(res.malformed, b.record(c.rel, c.line))
		}
	}
	fr, err := c.close(kindCard, dataRows)
	if err != nil {
		return nil, err
	}
	res.files = append(res.files, fr)
	res.sales = cells
	return res, nil
}

// cardRecord fills rec with the CSV fields of tx.
func cardRecord(rec []string, tx *cardTx) {
	rec[0] = dayLabel(tx.day)
	rec[1] = clock(tx.sec)
	rec[2] = acquirers[tx.acq].name
	rec[3] = tx.stall.merchant
	rec[4] = digits(tx.approval, 8)
	rec[9] = ""
	if tx.cancel {
		rec[5] = "취소"
		rec[6] = won(-tx.amount)
		rec[9] = dayLabel(tx.origDay)
	} else {
		rec[5] = "승인"
		rec[6] = won(tx.amount)
	}
	rec[7] = "00"
	if tx.months > 0 {
		rec[7] = fmt.Sprintf("%02d", tx.months)
	}
	rec[8] = acquirers[tx.acq].bin + "-" + digits(uint64(tx.mid), 2) + "**-****-" + digits(uint64(tx.last), 4)
}
