package reports

import (
	"context"
	"database/sql"
	"strconv"
	"time"
)

var (
	qIngestFiles = mustQuery("ingest_files.sql")
	qRejectKinds = mustQuery("reject_kinds.sql")
	qRejects     = mustQuery("rejects.sql")
	qSensorHours = mustQuery("sensor_hours.sql")
)

// maxRejectRows is how many refused rows the quality page lists; the
// counts by kind cover them all, and table rejects holds every one.
const maxRejectRows = 200

// ingestFile is one row of the ingest ledger.
type ingestFile struct {
	Path      string
	Source    string
	Read      int64
	Loaded    int64
	Duplicate int64
	Rejected  int64
	From, To  sql.Null[time.Time]
}

// SourceName says the kind of export in Korean.
func (f ingestFile) SourceName() string { return sourceName(f.Source) }

// Period says which days the file covers.
func (f ingestFile) Period() string {
	if !f.From.Valid || !f.To.Valid {
		return ""
	}
	return formatDay(f.From.V) + " – " + formatDay(f.To.V)
}

// sourceTotal adds up the files of one kind.
type sourceTotal struct {
	Name                                     string
	Files, Read, Loaded, Duplicate, Rejected int64
}

type rejectKind struct {
	Kind  string
	Count int64
}

// Name says the kind of problem in Korean.
func (r rejectKind) Name() string { return rejectKindName(r.Kind) }

type rejectRow struct {
	Path   string
	Row    int64
	Column sql.Null[string]
	Kind   string
	Reason string
}

// KindName says the kind of problem in Korean.
func (r rejectRow) KindName() string { return rejectKindName(r.Kind) }

// countTable is a grid of counts, rows down and months across.
type countTable struct {
	ID      string
	Caption string
	Head    string // the first column's heading
	Months  []time.Time
	Rows    []countRow
	Total   string // the last column's heading
}

type countRow struct {
	Name  string
	Href  string
	Note  string
	Cells []countCell
	Total string
}

type countCell struct {
	Text  string
	Class string // "gap" draws attention, "none" is a month without a row
}

// qualityPage is the data of templates/quality.html.
type qualityPage struct {
	Sources      []sourceTotal
	Files        []ingestFile
	Kinds        []rejectKind
	Rejects      []rejectRow
	RejectsTotal int64
	Coverage     *countTable
	Sensors      *countTable
}

// More says how many refused rows the list leaves out.
func (p qualityPage) More() int64 { return p.RejectsTotal - int64(len(p.Rejects)) }

// qualityData gathers the 데이터 품질 page of market m.
func qualityData(ctx context.Context, db *sql.DB, m market) (any, error) {
	var p qualityPage
	var err error
	p.Files, err = queryRows(ctx, db, qIngestFiles, []any{m.ID}, func(rows *sql.Rows) (ingestFile, error) {
		var f ingestFile
		err := rows.Scan(&f.Path, &f.Source, &f.Read, &f.Loaded, &f.Duplicate, &f.Rejected, &f.From, &f.To)
		return f, err
	})
	if err != nil {
		return nil, err
	}
	p.Sources = sourceTotals(p.Files)
	if p.Kinds, err = queryRows(ctx, db, qRejectKinds, []any{m.ID}, func(rows *sql.Rows) (rejectKind, error) {
		var k rejectKind
		err := rows.Scan(&k.Kind, &k.Count)
		return k, err
	}); err != nil {
		return nil, err
	}
	for _, k := range p.Kinds {
		p.RejectsTotal += k.Count
	}
	if p.Rejects, err = queryRows(ctx, db, qRejects, []any{m.ID, maxRejectRows}, func(rows *sql.Rows) (rejectRow, error) {
		var r rejectRow
		err := rows.Scan(&r.Path, &r.Row, &r.Column, &r.Kind, &r.Reason)
		return r, err
	}); err != nil {
		return nil, err
	}

	stalls, err := loadStalls(ctx, db, m)
	if err != nil {
		return nil, err
	}
	months, err := loadStallMonths(ctx, db, m)
	if err != nil {
		return nil, err
	}
	p.Coverage = coverageTable(stalls, months)

	hours, err := queryRows(ctx, db, qSensorHours, []any{m.ID, m.ID}, func(rows *sql.Rows) (sensorMonth, error) {
		var s sensorMonth
		err := rows.Scan(&s.Sensor, &s.Alley, &s.Gate, &s.Month, &s.Hours)
		return s, err
	})
	if err != nil {
		return nil, err
	}
	p.Sensors = sensorTable(hours)
	return p, nil
}

// sensorMonth is how many hours one counter counted in one month; Month is
// NULL for a counter that never counted.
type sensorMonth struct {
	Sensor string
	Alley  string
	Gate   sql.Null[string]
	Month  sql.Null[time.Time]
	Hours  sql.Null[int64]
}

// sensorTable lays out each counter's hours by month, over the latest
// tableMonths months any counter counted.
func sensorTable(hours []sensorMonth) *countTable {
	if len(hours) == 0 {
		return nil
	}
	t := &countTable{ID: "sensor_hours_table", Head: "센서", Total: "전체 기간",
		Caption: "센서별로 방문객을 센 시간 수, 최근 12개월 ('없음'은 그달 한 번도 세지 못한 센서)"}
	var latest time.Time
	for _, h := range hours {
		if h.Month.Valid && h.Month.V.After(latest) {
			latest = h.Month.V
		}
	}
	if !latest.IsZero() {
		t.Months = monthSpan(latest.AddDate(0, -(tableMonths-1), 0), latest)
	}
	col := monthColumns(t.Months)
	var order []string
	for i, h := range hours {
		if i == 0 || h.Sensor != hours[i-1].Sensor {
			order = append(order, h.Sensor)
		}
	}
	hoursOf := groupBy(hours, func(h sensorMonth) string { return h.Sensor })
	for _, id := range order {
		rs := hoursOf[id]
		row := countRow{Name: id, Note: sensorNote(rs[0].Alley, rs[0].Gate), Cells: make([]countCell, len(t.Months))}
		for i := range row.Cells {
			row.Cells[i] = countCell{Text: "없음", Class: "gap"}
		}
		var total int64
		for _, h := range rs {
			if !h.Month.Valid {
				continue
			}
			total += h.Hours.V
			if i, ok := col[dayKey(h.Month.V)]; ok {
				row.Cells[i] = countCell{Text: formatCount(h.Hours.V)}
			}
		}
		row.Total = formatCount(total)
		t.Rows = append(t.Rows, row)
	}
	return t
}

// coverageTable lays out each stall's days without data by month, over the
// latest tableMonths months of stall_recovery.
func coverageTable(stalls []stallRow, months []stallMonth) *countTable {
	if len(stalls) == 0 {
		return nil
	}
	t := &countTable{ID: "stall_coverage_table", Head: "점포", Total: "전체 기간",
		Caption: "점포별 자료 없는 날 수, 최근 12개월 (빈칸은 빠진 날 없음, '–'는 그달 자료가 전혀 없음: 개점 전·폐점 후 포함)"}
	var latest time.Time
	for _, s := range months {
		if s.Month.After(latest) {
			latest = s.Month
		}
	}
	if !latest.IsZero() {
		t.Months = monthSpan(latest.AddDate(0, -(tableMonths-1), 0), latest)
	}
	col := monthColumns(t.Months)
	monthsOf := groupBy(months, func(s stallMonth) string { return s.StallID })
	for _, s := range stalls {
		row := countRow{Name: s.Name, Href: s.Href, Cells: make([]countCell, len(t.Months))}
		for i := range row.Cells {
			row.Cells[i] = countCell{Text: "–", Class: "none"}
		}
		var total int64
		for _, r := range monthsOf[s.ID] {
			total += r.MissingDays.V
			i, ok := col[dayKey(r.Month)]
			if !ok {
				continue
			}
			switch {
			case r.MissingDays.V > 0:
				row.Cells[i] = countCell{Text: strconv.FormatInt(r.MissingDays.V, 10), Class: "gap"}
			default:
				row.Cells[i] = countCell{}
			}
		}
		if total > 0 {
			row.Total = formatCount(total) + "일"
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func monthColumns(months []time.Time) map[string]int {
	col := make(map[string]int, len(months))
	for i, m := range months {
		col[dayKey(m)] = i
	}
	return col
}

func sensorNote(alley string, gate sql.Null[string]) string {
	if gate.Valid && gate.V != "" {
		return alley + " " + gate.V
	}
	return alley
}

// sourceTotals adds up the files by kind of export, in the order kinds
// first appear.
func sourceTotals(files []ingestFile) []sourceTotal {
	var out []sourceTotal
	at := map[string]int{}
	for _, f := range files {
		i, ok := at[f.Source]
		if !ok {
			i = len(out)
			at[f.Source] = i
			out = append(out, sourceTotal{Name: sourceName(f.Source)})
		}
		t := &out[i]
		t.Files++
		t.Read += f.Read
		t.Loaded += f.Loaded
		t.Duplicate += f.Duplicate
		t.Rejected += f.Rejected
	}
	return out
}

// sourceName says a kind of export (ingest_files.source) in Korean.
func sourceName(source string) string {
	switch source {
	case "card":
		return "카드 매출"
	case "smartstore":
		return "온라인 주문"
	case "footfall":
		return "방문객 계수"
	case "spend":
		return "사업비 집행"
	case "events":
		return "라이브커머스 일정"
	case "settlement":
		return "정산 내역"
	case "pos":
		return "POS 결제 내역"
	case "sdot":
		return "유동인구(S-DoT)"
	}
	return source
}

// rejectKindName says a kind of refused row (rejects.kind) in Korean.
func rejectKindName(kind string) string {
	switch kind {
	case "bad_date":
		return "날짜 오류"
	case "future_date":
		return "미래 날짜"
	case "bad_amount":
		return "금액 오류"
	case "bad_number":
		return "숫자 오류"
	case "negative_visitors":
		return "음수 방문객 수"
	case "missing_value":
		return "값 없음"
	case "unknown_stall":
		return "등록되지 않은 점포"
	case "unknown_merchant":
		return "등록되지 않은 가맹점"
	case "unknown_product":
		return "등록되지 않은 상품"
	case "unknown_sensor":
		return "등록되지 않은 센서"
	case "unknown_component":
		return "예산에 없는 비목"
	case "unknown_status":
		return "알 수 없는 주문상태"
	case "bad_row":
		return "형식 오류"
	}
	return kind
}
