package demo

import (
	"archive/zip"
	"compress/flate"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"sync"
	"time"

	"github.com/xuri/excelize/v2"
)

// Smart Store order exports (발주/발송관리): one workbook per store and
// month M, exported at 09:00 on the 2nd of M+1 and covering months M−1 and
// M, so consecutive exports overlap by a month. Orders of month M appear
// with their status as of the first export (결제완료, 배송중, …; an order
// that will be cancelled or returned still looks alive) and with their
// final status in the next one (구매확정, 취소, 반품). An export shows only
// what is known at its export time, so it is the same whatever the period:
// the period's last month is in progress in the last export, and its final
// statuses are in no file yet.

// ssColumns is the full default header (shared/formats/README.md §1.1).
var ssColumns = [...]string{
	"상품주문번호", "주문번호", "배송속성", "풀필먼트사(주문 기준)", "택배사(주문 기준)", "배송방법(구매자 요청)",
	"배송방법", "택배사", "송장번호", "발송일", "판매채널", "구매자명", "구매자ID", "수취인명", "주문상태",
	"주문세부상태", "수량클레임 여부", "결제위치", "결제일", "상품번호", "상품명", "상품종류", "반품안심케어",
	"멤버십N배송", "옵션정보", "옵션관리코드", "수량", "옵션가격", "상품가격", "최종 상품별 할인액",
	"최초 상품별 할인액", "판매자 부담 할인액", "최종 상품별 총 주문금액", "최초 상품별 총 주문금액", "사은품",
	"발주확인일", "발송기한", "발송처리일", "송장출력일", "배송비 형태", "배송비 묶음번호", "배송비 유형",
	"배송비 합계", "제주/도서 추가배송비", "배송비 할인액", "판매자 상품코드", "판매자 내부코드1",
	"판매자 내부코드2", "수취인연락처1", "수취인연락처2", "통합배송지", "기본배송지", "상세배송지",
	"구매자연락처", "우편번호", "배송메세지", "출고지", "결제수단", "네이버페이 주문관리 수수료",
	"매출연동 수수료", "정산예정금액", "개인통관고유부호", "주문일시", "배송희망일", "구독신청회차",
	"구독진행회차", "구독배송희망일", "배송태그 유형", "출입방법 유형", "출입방법 내용", "수령위치 유형",
	"수령위치 내용",
}

// ssSubset is the ~30 columns a few stores show, in an order of their own.
var ssSubset = []string{
	"상품주문번호", "주문번호", "주문일시", "주문상태", "주문세부상태", "상품번호", "상품명", "옵션정보", "수량",
	"상품가격", "최종 상품별 할인액", "최종 상품별 총 주문금액", "배송비 묶음번호", "배송비 합계", "판매채널",
	"구매자명", "구매자ID", "수취인명", "수취인연락처1", "통합배송지", "우편번호", "배송메세지", "결제일",
	"결제수단", "발송일", "택배사", "송장번호", "배송방법", "발주확인일", "정산예정금액",
}

var ssIndex = func() map[string]int {
	idx := make(map[string]int, len(ssColumns))
	for i, c := range ssColumns {
		idx[c] = i
	}
	return idx
}()

func ssCol(name string) int {
	i, ok := ssIndex[name]
	if !ok {
		panic("demo: no smartstore column " + name)
	}
	return i
}

// sheetLayout is how a store's workbooks look.
type sheetLayout int

const (
	layoutFull   sheetLayout = iota // the 72 columns in default order
	layoutSubset                    // ~30 columns, reordered
	layoutNotice                    // a notice row above the header
	layoutSerial                    // dates as Excel serials with a date format
)

var layoutNames = [...]string{"full", "subset", "notice", "serial"}

// layoutFor picks the layout of the rank-th smartstore store of a market.
func layoutFor(rank int) sheetLayout {
	switch {
	case rank == 1:
		return layoutNotice
	case rank == 2:
		return layoutSerial
	case rank%8 == 3:
		return layoutSubset
	}
	return layoutFull
}

const ssSheet = "발주발송관리"

// exportTime is when the export of month mk is taken: the 2nd of the next
// month, 09:00 KST (epoch seconds of wall-clock time).
func exportTime(mk int) int64 { return int64(monthStart(mk+1)+1)*86_400 + 9*3600 }

// smartstoreJob writes all exports of stall s's smartstore.
func (p *plan) smartstoreJob(m *marketPlan, s *stallPlan) job {
	return func(ctx context.Context) (*jobResult, error) {
		res := &jobResult{}
		cols := p.sheetColumns(m, s)
		st, tst := newStream(p.seed), newStream(p.seed)
		start := max(s.enrolled[progSmartstore], p.from)
		lastMk := monthKey(p.to)
		var prev, cur []order
		carry := 0.0
		for mk := monthKey(start); mk <= lastMk; mk++ {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			first, last := p.monthDays(mk)
			cur = nil
			cell := salesCell{market: m.idx, stall: s.idx, month: mk, channel: scSmartstore}
			for d := max(first, start); d <= last; d++ {
				t := p.trade(tst, m, s, d)
				var err error
				if cur, err = p.dayOrders(st, m, s, chSmartstore, d, t.online[chSmartstore], &carry, cur); err != nil {
					return nil, err
				}
			}
			// Truth counts each line as its newest export shows it. Month
			// mk's final statuses are in the export of mk+1; the period's
			// last month has no such export, so its orders that will be
			// cancelled or returned still count as sold.
			settled := mk < lastMk
			for i := range cur {
				cell.lines += len(cur[i].lines)
				if cur[i].fate == fateNormal || !settled {
					cell.net += cur[i].value()
				} else {
					cell.cancelled += len(cur[i].lines)
				}
			}
			res.sales = append(res.sales, cell)
			if err := p.writeSmartstore(res, m, s, cols, mk, prev, cur); err != nil {
				return nil, fmt.Errorf("smartstore %s/%s %s: %w", m.def.id, s.id, monthLabel(mk), err)
			}
			prev = cur
		}
		return res, nil
	}
}

// sheetColumns returns the store's columns (indices into ssColumns) in
// sheet order.
func (p *plan) sheetColumns(m *marketPlan, s *stallPlan) []int {
	if s.stores[chSmartstore].layout != layoutSubset {
		cols := make([]int, len(ssColumns))
		for i := range cols {
			cols[i] = i
		}
		return cols
	}
	st := newStream(p.seed).reset(purposeLayout, uint64(m.idx), uint64(s.idx), 3)
	cols := make([]int, len(ssSubset))
	for i, j := range st.Perm(len(ssSubset)) {
		cols[i] = ssCol(ssSubset[j])
	}
	return cols
}

// ssWriter turns order lines into sheet rows.
type ssWriter struct {
	p         *plan
	m         *marketPlan
	s         *stallPlan
	cols      []int
	serial    bool
	dateStyle int
	full      []any
	row       []any
}

// writeSmartstore writes the export of month mk: prev (month mk−1) with
// its final statuses, cur (month mk) as it stands at the export time.
func (p *plan) writeSmartstore(res *jobResult, m *marketPlan, s *stallPlan, cols []int, mk int, prev, cur []order) error {
	store := s.stores[chSmartstore]
	export := exportTime(mk)
	y, mo, d := civil(int(export / 86_400))
	rel := fmt.Sprintf("inbox/smartstore/%s/%s/네이버페이_전체주문발주발송관리_%04d%02d%02d_0900.xlsx", m.def.id, s.id, y, mo, d)
	f := excelize.NewFile()
	defer f.Close()
	f.SetZipWriter(fastZip)
	if err := f.SetSheetName("Sheet1", ssSheet); err != nil {
		return err
	}
	w := &ssWriter{p: p, m: m, s: s, cols: cols, serial: store.layout == layoutSerial,
		full: make([]any, len(ssColumns)), row: make([]any, len(cols))}
	if w.serial {
		numFmt := "yyyy-mm-dd hh:mm:ss"
		var err error
		if w.dateStyle, err = f.NewStyle(&excelize.Style{CustomNumFmt: &numFmt}); err != nil {
			return err
		}
	}
	sw, err := f.NewStreamWriter(ssSheet)
	if err != nil {
		return err
	}
	rowNo := 1
	if store.layout == layoutNotice {
		if err := sw.SetRow("A1", []any{smartstoreNotice}); err != nil {
			return err
		}
		rowNo++
	}
	header := make([]any, len(cols))
	for i, c := range cols {
		header[i] = ssColumns[c]
	}
	if err := sw.SetRow(cellName(rowNo), header); err != nil {
		return err
	}
	headerRow := rowNo
	bad := p.malformedFor(kindSmartstore, m.idx, s.idx, mk)
	var badOrders []order
	for _, b := range bad {
		badOrders = append(badOrders, p.badOrder(m, s, chSmartstore, b))
	}
	total := 0
	for _, o := range [][]order{prev, cur} {
		for i := range o {
			total += len(o[i].lines)
		}
	}
	written := 0
	emit := func(o *order, l *orderLine, final bool) error {
		rowNo++
		written++
		return sw.SetRow(cellName(rowNo), w.values(o, l, export, final))
	}
	// The malformed lines go in the middle of the sheet.
	emitBad := func() error {
		for k := range badOrders {
			if err := emit(&badOrders[k], &badOrders[k].lines[0], true); err != nil {
				return err
			}
			res.malformed = append(res.malformed, bad[k].record(rel, rowNo))
		}
		badOrders = nil
		return nil
	}
	for part, orders := range [][]order{prev, cur} {
		final := part == 0
		for i := range orders {
			for j := range orders[i].lines {
				if written == total/2 {
					if err := emitBad(); err != nil {
						return err
					}
				}
				if err := emit(&orders[i], &orders[i].lines[j], final); err != nil {
					return err
				}
			}
		}
	}
	if err := emitBad(); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	stamp := time.Unix(export-9*3600, 0).UTC().Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{
		Creator: "네이버페이 스마트스토어센터", LastModifiedBy: "네이버페이 스마트스토어센터",
		Created: stamp, Modified: stamp, Title: "발주발송관리",
	}); err != nil {
		return err
	}
	full := filepath.Join(p.opt.Dir, filepath.FromSlash(rel))
	if err := mkdirFor(full); err != nil {
		return err
	}
	if err := f.SaveAs(full); err != nil {
		return fmt.Errorf("write %s: %w", rel, err)
	}
	size, err := fileSize(full)
	if err != nil {
		return err
	}
	res.files = append(res.files, fileRecord{Path: rel, Kind: kindSmartstore, Channel: "smartstore", Rows: rowNo - headerRow, Bytes: size})
	return nil
}

// fastZip deflates at the fastest level with pooled compressors: the
// workbooks are many and small, and speed matters more than a few bytes.
func fastZip(w io.Writer) excelize.ZipWriter {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		fw, ok := flatePool.Get().(*flate.Writer)
		if ok {
			fw.Reset(out)
		} else {
			var err error
			if fw, err = flate.NewWriter(out, flate.BestSpeed); err != nil {
				return nil, err
			}
		}
		return pooledFlate{fw}, nil
	})
	return zw
}

var flatePool sync.Pool

type pooledFlate struct{ *flate.Writer }

func (p pooledFlate) Close() error {
	err := p.Writer.Close()
	flatePool.Put(p.Writer)
	return err
}

func cellName(row int) string { return fmt.Sprintf("A%d", row) }

// ssStatus is the order's 주문상태 and 주문세부상태 in an export taken at
// export; final means the order's fate is settled by then (its second
// export).
func ssStatus(o *order, export int64, final bool) (string, string) {
	age := export - o.at
	switch {
	case o.fate == fateCancel && final:
		return "취소", "취소완료"
	case o.fate == fateReturn && final:
		return "반품", "반품완료"
	case o.fate == fateCancel:
		return "결제완료", "신규주문"
	case o.fate == fateReturn && age < 3*86_400:
		return "배송중", "발주확인"
	case o.fate == fateReturn:
		return "배송완료", "발주확인"
	case final || age >= 8*86_400:
		return "구매확정", "발주확인"
	case age < 86_400:
		return "결제완료", "신규주문"
	case age < 3*86_400:
		return "배송중", "발주확인"
	}
	return "배송완료", "발주확인"
}

// when renders a time as the store writes dates.
func (w *ssWriter) when(sec int64) any {
	if w.serial {
		return excelize.Cell{StyleID: w.dateStyle, Value: float64(sec)/86_400 + 25_569}
	}
	return stamp(sec)
}

// Columns the rows fill; the others stay empty, as in an export where the
// seller uses none of those features.
var (
	colLineNo     = ssCol("상품주문번호")
	colOrderNo    = ssCol("주문번호")
	colShipKind   = ssCol("배송속성")
	colShipMethod = ssCol("배송방법")
	colCourier    = ssCol("택배사")
	colInvoice    = ssCol("송장번호")
	colSentAt     = ssCol("발송일")
	colChannel    = ssCol("판매채널")
	colBuyerName  = ssCol("구매자명")
	colBuyerID    = ssCol("구매자ID")
	colRecipient  = ssCol("수취인명")
	colStatus     = ssCol("주문상태")
	colDetail     = ssCol("주문세부상태")
	colPayWhere   = ssCol("결제위치")
	colPaidAt     = ssCol("결제일")
	colProductID  = ssCol("상품번호")
	colProduct    = ssCol("상품명")
	colQty        = ssCol("수량")
	colPrice      = ssCol("상품가격")
	colDiscount   = ssCol("최종 상품별 할인액")
	colAmount     = ssCol("최종 상품별 총 주문금액")
	colConfirmed  = ssCol("발주확인일")
	colBundle     = ssCol("배송비 묶음번호")
	colShipFee    = ssCol("배송비 합계")
	colPhone1     = ssCol("수취인연락처1")
	colAddress    = ssCol("통합배송지")
	colBuyerPhone = ssCol("구매자연락처")
	colZip        = ssCol("우편번호")
	colMessage    = ssCol("배송메세지")
	colPayMethod  = ssCol("결제수단")
	colSettle     = ssCol("정산예정금액")
	colOrderedAt  = ssCol("주문일시")
)

// values returns the sheet row of one order line.
func (w *ssWriter) values(o *order, l *orderLine, export int64, final bool) []any {
	v := w.full
	clear(v)
	pr := w.s.stores[chSmartstore].products[l.prod]
	status, detail := ssStatus(o, export, final)
	amount := l.amount()
	who := w.p.person(o.buyer)
	v[colLineNo] = l.no
	v[colOrderNo] = o.no
	v[colShipKind] = "일반배송"
	v[colShipMethod] = "택배,등기,소포"
	v[colChannel] = "스마트스토어"
	v[colBuyerName] = who.name
	v[colBuyerID] = who.id
	v[colRecipient] = who.recipient
	v[colStatus] = status
	v[colDetail] = detail
	v[colPayWhere] = "PC"
	if o.mobile {
		v[colPayWhere] = "MOBILE"
	}
	v[colPaidAt] = w.when(o.at + 17)
	v[colProductID] = pr.id
	v[colProduct] = pr.name
	v[colQty] = l.qty
	v[colPrice] = l.price
	v[colDiscount] = l.disc
	v[colAmount] = amount
	v[colBundle] = o.bundle
	v[colShipFee] = o.ship
	v[colPhone1] = who.phone
	v[colAddress] = who.address
	v[colBuyerPhone] = who.phone
	v[colZip] = fakeZip
	v[colMessage] = fakeMessage
	v[colPayMethod] = payMethods[o.pay]
	v[colSettle] = amount - roundTo(float64(amount)*0.0574, 1) // after 3.74% + 2% fees
	v[colOrderedAt] = w.when(o.at)
	if status != "결제완료" {
		v[colConfirmed] = w.when(o.at + 2*3600)
	}
	if status != "결제완료" && status != "취소" {
		v[colCourier] = "CJ대한통운"
		v[colInvoice] = invoiceNo(l.no)
		v[colSentAt] = w.when((o.at/86_400+1)*86_400 + 15*3600)
	}
	switch l.bad {
	case "상품번호":
		v[colProductID] = unknownProductID(w.p.seed)
	case "최종 상품별 총 주문금액":
		v[colAmount] = "일만원"
	}
	for i, c := range w.cols {
		w.row[i] = v[c]
	}
	return w.row
}
