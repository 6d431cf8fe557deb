package demo

import (
	"fmt"
	"slices"
)

// Online orders shared by the smartstore and jangbogi exports. A store's
// planted daily online sales become orders: orders are drawn while the
// day's budget (planted sales plus what earlier days left over) covers at
// least half the next order, so a month's order lines sum to its planted
// sales within about one order. Extra orders that end cancelled or returned
// ride on top and net to zero.

type fate int8

const (
	fateNormal fate = iota // ends 구매확정
	fateCancel             // ends 취소
	fateReturn             // ends 반품
)

type order struct {
	no, bundle string
	day        int
	at         int64 // epoch seconds of KST wall-clock time
	buyer      int
	fate       fate
	ship       int64 // 배송비 합계 of the bundle, repeated on each line
	pay        int
	mobile     bool
	lines      []orderLine
}

type orderLine struct {
	no    string
	prod  int // index into the store's products
	qty   int
	price int64
	disc  int64
	bad   string // a malformed line: the column it breaks
}

func (l *orderLine) amount() int64 { return l.price*int64(l.qty) - l.disc }

func (o *order) value() int64 {
	var v int64
	for i := range o.lines {
		v += o.lines[i].amount()
	}
	return v
}

// basket is the shape of a channel's orders.
type basket struct {
	lineW, qtyW       []float64 // weights of 1, 2, 3 lines / pieces
	hours             [24]float64
	shipFee, freeOver int64
	extraP            float64 // chance an order brings an extra one that is cancelled or returned
	returnShare       float64 // share of the extra orders that are returned, not cancelled
}

var baskets = [2]basket{
	chSmartstore: {
		lineW: []float64{0.55, 0.30, 0.15}, qtyW: []float64{0.6, 0.3, 0.1},
		hours:   [24]float64{2, 1, 0.5, 0.3, 0.3, 0.5, 1, 2, 3, 4, 5, 5, 6, 5, 4, 4, 4, 4, 5, 6, 8, 9, 8, 5},
		shipFee: 3_000, freeOver: 50_000, extraP: 0.05, returnShare: 0.4,
	},
	chJangbogi: {
		lineW: []float64{0.75, 0.25}, qtyW: []float64{0.8, 0.2},
		hours:   [24]float64{0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 7, 8, 6, 5, 5, 6, 7, 6, 3, 0, 0, 0, 0, 0},
		shipFee: 3_000, freeOver: 20_000, extraP: 0.02, returnShare: 0,
	},
}

var payMethods = []string{"신용카드", "네이버페이 포인트", "계좌이체", "휴대폰결제"}

// buyerPool is how many fake buyers a market has; a few buy often.
const buyerPool = 3_000

// maxDaySeq bounds the order lines of one store-day; numbers at and above
// it are kept for malformed lines.
const maxDaySeq = 4_990

// drawOrder draws one order of store (channel ch) on day d.
func drawOrder(st *stream, m *marketPlan, s *stallPlan, ch, d int) order {
	b := &baskets[ch]
	store := s.stores[ch]
	u := st.Float64()
	o := order{
		day:    d,
		at:     int64(d)*86_400 + int64(st.pick(b.hours[:])*3600+st.IntN(3600)),
		buyer:  m.idx*10_000 + 1 + int(float64(buyerPool)*u*u),
		pay:    st.pick([]float64{0.6, 0.25, 0.1, 0.05}),
		mobile: st.Float64() < 0.8,
	}
	n := min(1+st.pick(b.lineW), len(store.products))
	perm := st.Perm(len(store.products))[:n]
	slices.Sort(perm)
	for _, pi := range perm {
		l := orderLine{prod: pi, qty: 1 + st.pick(b.qtyW), price: store.products[pi].price}
		if st.Float64() < 0.1 {
			l.disc = min(l.price*int64(l.qty)/10, int64(1+st.IntN(3))*1_000)
		}
		o.lines = append(o.lines, l)
	}
	if o.value() < b.freeOver {
		o.ship = b.shipFee
		if ch == chSmartstore && (s.theme == "hongeo" || s.theme == "frozen") {
			o.ship = 4_000 // cold-chain parcel
		}
	}
	return o
}

// dayOrders appends the orders of the store-day, numbered in time order.
// carry holds the planted sales not yet turned into orders.
func (p *plan) dayOrders(st *stream, m *marketPlan, s *stallPlan, ch, d int, target float64, carry *float64, out []order) ([]order, error) {
	if target <= 0 {
		return out, nil
	}
	st.reset(purposeOrders, uint64(m.idx), uint64(s.idx), uint64(ch), uint64(d))
	b := &baskets[ch]
	budget := *carry + target
	start := len(out)
	for {
		o := drawOrder(st, m, s, ch, d)
		v := float64(o.value())
		if budget < v/2 {
			break
		}
		budget -= v
		out = append(out, o)
		if st.Float64() < b.extraP {
			x := drawOrder(st, m, s, ch, d)
			x.fate = fateCancel
			if st.Float64() < b.returnShare {
				x.fate = fateReturn
			}
			out = append(out, x)
		}
	}
	*carry = budget
	day := out[start:]
	slices.SortStableFunc(day, func(a, b order) int { return int(a.at - b.at) })
	seq := 0
	for i := range day {
		if seq+len(day[i].lines) > maxDaySeq {
			return nil, fmt.Errorf("stall %s: more than %d order lines on %s", s.id, maxDaySeq, dayLabel(d))
		}
		p.number(&day[i], m, s, ch, seq)
		seq += len(day[i].lines)
	}
	return out, nil
}

// number gives the order and its lines their 16-digit numbers: the order
// date then eight digits that are unique per market, stall, channel, day
// and sequence (permuted so they look random).
func (p *plan) number(o *order, m *marketPlan, s *stallPlan, ch, seq int) {
	y, mo, dd := civil(o.day)
	prefix := digits(uint64(y), 4) + digits(uint64(mo), 2) + digits(uint64(dd), 2)
	base := uint64((m.idx*1000+s.idx)*2+ch) * 5000
	o.no = prefix + digits(permute(base+uint64(seq), 1e8, key(p.seed, purposeIDs, 10)), 8)
	o.bundle = prefix + digits(permute(base+uint64(seq), 1e8, key(p.seed, purposeIDs, 11)), 8)
	for i := range o.lines {
		o.lines[i].no = prefix + digits(permute(base+uint64(seq+i), 1e8, key(p.seed, purposeIDs, 12)), 8)
	}
}

// Fake personal data: obviously not real, easy for tests to search for.
// Buyer b of market m is number m·10000 + j, j in 1..buyerPool.

type person struct {
	name, id, recipient, phone, address string
}

func newPerson(b int) person {
	return person{
		name:      fmt.Sprintf("가명구매자%04d", b),
		id:        fmt.Sprintf("fakebuyer%04d", b),
		recipient: fmt.Sprintf("가명수취인%04d", b),
		phone:     fmt.Sprintf("010-%04d-%04d", b/10_000, b%10_000),
		address:   fmt.Sprintf("가상시 가상구 테스트로 %d 가짜아파트 %d동 %d호", b, 100+b%9, 101+b%20),
	}
}

// person returns buyer b's fake identity (cached per plan).
func (p *plan) person(b int) *person {
	return &p.people[b/10_000][b%10_000]
}

// makePeople fills the cache for every market's buyer pool.
func (p *plan) makePeople() {
	p.people = make([][]person, len(marketDefs))
	for mi := range p.people {
		p.people[mi] = make([]person, buyerPool+1)
		for j := range p.people[mi] {
			p.people[mi][j] = newPerson(mi*10_000 + j)
		}
	}
}

func invoiceNo(line string) string { return "0000" + line[len(line)-8:] }

const (
	fakeZip     = "00000"
	fakeMessage = "가짜 메시지"
)
