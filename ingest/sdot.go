package ingest

// Seoul S-DoT 유동인구 (OA-15964): city-wide public files of 10-minute
// visitor counts per sensor. Two header generations:
//
//	current (≈2023+): 모델번호, 시리얼, 측정시간 (YYYY-MM-DD_HH:MM:SS), 지역, 자치구, 행정동, 방문자수, 등록일
//	old (≈2020–2022): 기관 명, 모델명, 시리얼, 사이트명, 날짜 (YYYYMMDDHHMM), 방문자수, 등록일자, 서버타입
//
// The old files' data rows sit two columns to the right of their header
// (the count is found under 서버타입); each row is checked, so aligned rows
// read as well. A file covers the whole city: rows about sensors that are
// not in market.yaml are counted as ignored, not rejected.

var (
	colSerial       = []string{"시리얼", "시리얼번호", "serial_no"}
	colSDoTTime     = []string{"측정시간"}
	colSDoTOldTime  = []string{"날짜"}
	colSDoTVisitors = []string{"방문자수"}
)

var sdotSource = &Source{
	Name:      "sdot",
	Table:     "footfall",
	signature: [][]string{colSerial, colSDoTTime, colSDoTVisitors},
	parse: func(p *parser, h header, row []string, line int) *RowError {
		return parseSDoT(p, h, row, line, 0, colSDoTTime)
	},
}

var sdotOldSource = &Source{
	Name:      "sdot",
	Table:     "footfall",
	ragged:    true,
	signature: [][]string{colSerial, colSDoTOldTime, colSDoTVisitors},
	parse: func(p *parser, h header, row []string, line int) *RowError {
		return parseSDoT(p, h, row, line, sdotShift(h, row), colSDoTOldTime)
	},
}

// sdotShift returns how many columns an old S-DoT row sits to the right of
// its header: 2 when the 날짜 value (12 digits) is found two columns on.
func sdotShift(h header, row []string) int {
	i := h.find(colSDoTOldTime...)
	if v := cell(row, i); len(v) == 12 && allDigits(v) {
		return 0
	}
	if v := cell(row, i+2); len(v) == 12 && allDigits(v) {
		return 2
	}
	return 0
}

// parseSDoT reads a row whose values sit shift columns right of their names.
func parseSDoT(p *parser, h header, row []string, line, shift int, timeCol []string) *RowError {
	at := func(names []string) string { return cell(row, h.find(names...)+shift) }
	serial := at(colSerial)
	if serial == "" {
		return p.reject(line, h.name(colSerial...), KindMissing, "no 시리얼")
	}
	ref, ok := p.dir.sensor(serial)
	if !ok {
		p.ignore(serial)
		return nil
	}
	ts, rerr := p.dateValue(line, h.name(timeCol...), at(timeCol), ParseKoreanDate)
	if rerr != nil {
		return rerr
	}
	v, rerr := p.visitors(line, h.name(colSDoTVisitors...), at(colSDoTVisitors))
	if rerr != nil {
		return rerr
	}
	p.addFootfall(ref, ts, v)
	return nil
}
