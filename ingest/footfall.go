package ingest

import "time"

// Columns of people-counter exports.
var (
	colDevice   = []string{"장비ID", "장치ID", "센서ID"}
	colMeasured = []string{"측정일시", "측정시간", "측정시작"}
	colVisitors = []string{"입장", "방문자수", "입장객수"}
)

var footfallSource = &Source{
	Name:      "footfall",
	Table:     "footfall",
	signature: [][]string{colDevice, colMeasured, colVisitors},
	parse:     parseFootfall,
}

func parseFootfall(p *parser, h header, row []string, line int) *RowError {
	id := cell(row, h.find(colDevice...))
	ref, ok := p.dir.sensors[id]
	if !ok {
		return p.reject(line, h.name(colDevice...), KindUnknownSensor, "sensor %q is not in market.yaml", id)
	}
	ts, rerr := p.date(h, row, line, colMeasured...)
	if rerr != nil {
		return rerr
	}
	v, err := ParseCount(cell(row, h.find(colVisitors...)))
	if err != nil || v > 1_000_000 {
		return p.reject(line, h.name(colVisitors...), KindBadNumber, "visitors %q", cell(row, h.find(colVisitors...)))
	}
	if !p.firstSeen(ref.market + "|" + ref.sensor + "|" + ts.Format(time.DateTime)) {
		return nil
	}
	p.footfall = append(p.footfall, footfallRec{market: ref.market, sensor: ref.sensor, alley: ref.alley, ts: ts, visitors: int32(v)})
	p.observe(ref.market, "", ts)
	return nil
}
