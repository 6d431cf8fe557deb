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
	parse:     byColumns(bindFootfall, parseFootfall),
}

type footfallColumns struct{ device, measured, visitors column }

func bindFootfall(p *parser, h header, first []string) *footfallColumns {
	makeRoom(p, first, &p.footfall)
	return &footfallColumns{device: h.column(colDevice...), measured: h.column(colMeasured...), visitors: h.column(colVisitors...)}
}

// parseFootfall reads a people counter's row. The counter is the market's
// own: an unknown device is a reject (a typo in market.yaml, or a new
// counter nobody registered), not someone else's data.
func parseFootfall(p *parser, c *footfallColumns, row []string, line int) *RowError {
	id := c.device.cell(row)
	ref, ok := p.dir.sensor(id)
	if !ok {
		return p.reject(line, c.device.name, KindUnknownSensor, "sensor %q is not in market.yaml", id)
	}
	ts, rerr := p.date(line, c.measured, row)
	if rerr != nil {
		return rerr
	}
	v, rerr := p.visitors(line, c.visitors.name, c.visitors.cell(row))
	if rerr != nil {
		return rerr
	}
	p.addFootfall(ref, ts, v)
	return nil
}

// addFootfall keeps a reading once per sensor and time.
func (p *parser) addFootfall(ref sensorRef, ts time.Time, visitors int32) {
	var stamp [14]byte
	if !p.firstSeen(ref.market + "|" + ref.sensor + "|" + string(appendStamp(stamp[:0], ts))) {
		return
	}
	p.footfall = append(p.footfall, footfallRec{market: ref.market, sensor: ref.sensor, alley: ref.alley, ts: ts, visitors: visitors})
	p.observe(ref.market, "", ts)
}
