package ingest

import "time"

// Columns of people-counter exports: the Korean names sijang's demo and
// Korean installers use, and the generic device_id/ts_start/in/out layout.
var (
	colDevice   = []string{"장비ID", "장치ID", "센서ID", "device_id", "device"}
	colMeasured = []string{"측정일시", "측정시간", "측정시작", "ts_start", "timestamp"}
	colVisitors = []string{"입장", "방문자수", "입장객수", "in", "visitors"}
)

var footfallSource = &Source{
	Name:      "footfall",
	Table:     "footfall",
	signature: [][]string{colDevice, colMeasured, colVisitors},
	parse:     parseFootfall,
}

// parseFootfall reads a people counter's row. The counter is the market's
// own: an unknown device is a reject (a typo in market.yaml, or a new
// counter nobody registered), not someone else's data.
func parseFootfall(p *parser, h header, row []string, line int) *RowError {
	id := cell(row, h.find(colDevice...))
	ref, ok := p.dir.sensor(id)
	if !ok {
		return p.reject(line, h.name(colDevice...), KindUnknownSensor, "sensor %q is not in market.yaml", id)
	}
	ts, rerr := p.date(h, row, line, colMeasured...)
	if rerr != nil {
		return rerr
	}
	v, rerr := p.visitors(line, h.name(colVisitors...), cell(row, h.find(colVisitors...)))
	if rerr != nil {
		return rerr
	}
	p.addFootfall(ref, ts, v)
	return nil
}

// addFootfall keeps a reading once per sensor and time.
func (p *parser) addFootfall(ref sensorRef, ts time.Time, visitors int32) {
	if !p.firstSeen(ref.market + "|" + ref.sensor + "|" + ts.Format(time.DateTime)) {
		return
	}
	p.footfall = append(p.footfall, footfallRec{market: ref.market, sensor: ref.sensor, alley: ref.alley, ts: ts, visitors: visitors})
	p.observe(ref.market, "", ts)
}
