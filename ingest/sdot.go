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
	parse: byColumns(bindSDoT(colSDoTTime), func(p *parser, c *sdotColumns, row []string, line int) *RowError {
		return parseSDoT(p, c, row, line, 0)
	}),
}

var sdotOldSource = &Source{
	Name:      "sdot",
	Table:     "footfall",
	ragged:    true,
	signature: [][]string{colSerial, colSDoTOldTime, colSDoTVisitors},
	parse: byColumns(bindSDoT(colSDoTOldTime), func(p *parser, c *sdotColumns, row []string, line int) *RowError {
		return parseSDoT(p, c, row, line, sdotShift(c, row))
	}),
}

type sdotColumns struct{ serial, time, visitors column }

// bindSDoT binds the columns of the generation whose time column is
// timeCol. It makes no room for records: most rows of a city-wide file are
// about other places.
func bindSDoT(timeCol []string) func(*parser, header, []string) *sdotColumns {
	return func(_ *parser, h header, _ []string) *sdotColumns {
		return &sdotColumns{serial: h.column(colSerial...), time: h.column(timeCol...), visitors: h.column(colSDoTVisitors...)}
	}
}

// sdotShift returns how many columns an old S-DoT row sits to the right of
// its header: 2 when the 날짜 value (12 digits) is found two columns on.
func sdotShift(c *sdotColumns, row []string) int {
	i := c.time.i
	if v := cell(row, i); len(v) == 12 && allDigits(v) {
		return 0
	}
	if v := cell(row, i+2); len(v) == 12 && allDigits(v) {
		return 2
	}
	return 0
}

// parseSDoT reads a row whose values sit shift columns right of their names.
func parseSDoT(p *parser, c *sdotColumns, row []string, line, shift int) *RowError {
	at := func(col column) string { return cell(row, col.i+shift) }
	serial := at(c.serial)
	if serial == "" {
		return p.reject(line, c.serial.name, KindMissing, "no 시리얼")
	}
	ref, ok := p.dir.sensor(serial)
	if !ok {
		p.ignore(serial)
		return nil
	}
	ts, rerr := p.dateValue(line, c.time.name, at(c.time), ParseKoreanDate)
	if rerr != nil {
		return rerr
	}
	v, rerr := p.visitors(line, c.visitors.name, at(c.visitors))
	if rerr != nil {
		return rerr
	}
	p.addFootfall(ref, ts, v)
	return nil
}
