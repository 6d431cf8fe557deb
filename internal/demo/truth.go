package demo

import (
	"context"
	"math"
	"slices"
	"strings"
)

// truth.json: the planted effects and everything an evaluator needs to
// check the pipeline against them.

const truthFile = "truth.json"

var truthNotes = []string{
	"Money is in won, days are KST calendar days, months are YYYY-MM.",
	"Counterfactual sales of an open stall-day: B = base_krw × weekday factor of the category × covid_multiplier[month] × holiday surge × noise (lognormal, mean 1, sigma 0.2). The holiday surge covers the 10 days before each 설날/추석 main day: 1 + (holiday_peak − 1)·((11 − k)/10)² on the day k days before the main day, so it peaks on the eve. The market is closed on each main day and the day after: no sales rows (footfall keeps a trickle of 6% of an ordinary day). Each stall also has a fixed weekly day off (day_off in stalls; not in market.yaml) with no sales rows.",
	"Programme effects: from enrolled_on on (inclusive), a stall's TOTAL sales over all channels are B × exp(sum of tau over the programmes it has joined). tau depends on programme and category only (tau_by_category), adds on the log scale across programmes, and is constant after enrolment: no ramp, no anticipation, no effect before enrolled_on.",
	"Channels: offline (card) sales are B × exp(tau_training) × 0.95^k, k = number of online programmes (smartstore, jangbogi) joined: each moves 5% of offline sales online. offline_log_effect is a programme's effect on log offline sales: log(0.95) = -0.0513 for smartstore and jangbogi, +0.05 for training; these also add on the log scale. Online sales are total − offline, split between smartstore and jangbogi in proportion to exp(tau_p) − 0.95; with one online programme its channel carries B·exp(tau_training)·(exp(tau_p) − 1 + 0.05).",
	"Live commerce (programme live) has no enrolments and no tau: on a broadcast day the featured stalls' smartstore sales are multiplied by 3 and on the next two days by 1.5 (days the stall trades only), on top of tau. live_commerce lists each broadcast, its daily multipliers and the planted extra sales; monthly.live_extra_krw sums them.",
	"mean_tau is the unweighted mean of tau over the programme's stalls enrolled on or before the period's end; cohorts gives the same per enrolled_on date. The first online waves (2020-11-02, 2020-11-23) start mid-month, so November 2020 is partly treated for them.",
	"Stalls with opened_on trade from that day on; stalls with closed_on trade up to the day before it. Such stalls are never enrolled.",
	"Card exports: a stall-day's approvals sum exactly to its planted offline sales rounded to 100 won (at least 5,000). About 1% extra approvals are cancelled (승인구분 취소, same 승인번호, negative amount, 원승인일자 = approval day) the same day or 1–3 days later, possibly in the next month's file; they net to zero. A cancellation that would fall after the period's end is in no file yet: its approval counts as sales in net_krw and not as cancelled_or_returned.",
	"Online exports: each month's order lines that end 구매확정 sum to the planted online sales within about one order (leftovers carry to the next day). About 5% extra smartstore orders end 취소 or 반품 and about 2% extra jangbogi orders end 취소; they net to zero. Smartstore workbook of month M is taken 09:00 on the 2nd of M+1 and covers M−1 and M; an order's first export may show 결제완료/배송중/배송완료 and orders that end 취소 or 반품 show so only in the next export. Every export shows only what is known at its export time, so the period's last month is still in progress in its last export: its orders that will end 취소 or 반품 show 결제완료/배송중/배송완료 there and count as sales in net_krw, not as cancelled_or_returned. The newest export wins.",
	"monthly.planted_krw sums the planted (unrounded) daily sales by channel, rounded to won; monthly.net_krw is what the exports net to after cancellations, returns and the latest status of each order line; counterfactual_krw is the sum of B (no programme, no live show). Stall totals are the same over the whole period.",
	"sales_lines counts unique sales lines by channel (card approvals including those later cancelled; online order lines including cancelled and returned ones); cancelled_or_returned counts the lines that net to zero; malformed rows are excluded.",
	"Footfall: hourly rows 05:00–22:00 per sensor, following the COVID multiplier and the holiday surges (not the programmes). dead_hours are sensor-hours with no row (4 a year); dead_sensor_days are whole sensor-days with no row (1 a year).",
	"malformed lists deliberately broken extra rows that carry no planted trade, placed from the period's start (card and footfall rows within its first two years, online lines in the first stores' first exports), so a period too short lacks some: file (relative to the workspace), row (1-based line number counting every line incl. title and header lines; for xlsx the sheet row), column (header name), reason_kind.",
	"files lists every export with its source kind and rows = data rows (malformed rows included; title, notice and header rows excluded).",
}

type truth struct {
	Notes           []string              `json:"notes"`
	Options         truthOptions          `json:"options"`
	CovidMultiplier map[string]float64    `json:"covid_multiplier"`
	Holidays        []truthHoliday        `json:"holidays"`
	Markets         []truthMarket         `json:"markets"`
	SalesLines      map[string]truthLines `json:"sales_lines"`
	Files           []fileRecord          `json:"files"`
	Malformed       []malformedRecord     `json:"malformed"`
}

type truthOptions struct {
	Seed     int64   `json:"seed"`
	Stalls   int     `json:"stalls"`
	Markets  int     `json:"markets"`
	From     string  `json:"from"`
	To       string  `json:"to"`
	TxPerDay float64 `json:"tx_per_day"`
}

type truthHoliday struct {
	Name       string   `json:"name"`
	Day        string   `json:"day"`
	ClosedDays []string `json:"closed_days"`
	SurgeFrom  string   `json:"surge_from"`
}

type truthLines struct {
	Lines     int   `json:"lines"`
	Cancelled int   `json:"cancelled_or_returned"`
	NetKRW    int64 `json:"net_krw"`
}

type truthMarket struct {
	ID                string                `json:"id"`
	Name              string                `json:"name"`
	Substitution      float64               `json:"substitution"`
	Programs          []truthProgram        `json:"programs"`
	Enrollments       []truthEnrolled       `json:"enrollments"`
	LiveCommerce      []truthBroadcast      `json:"live_commerce"`
	SmartstoreLayouts []truthLayout         `json:"smartstore_layouts"`
	Stalls            []truthStall          `json:"stalls"`
	Monthly           []truthMonth          `json:"monthly"`
	Footfall          truthFootfall         `json:"footfall"`
	Spend             *truthSpend           `json:"spend,omitempty"`
	SalesLines        map[string]truthLines `json:"sales_lines"`
}

type truthProgram struct {
	ID               string             `json:"id"`
	Name             string             `json:"name"`
	Channel          string             `json:"channel,omitempty"`
	TauByCategory    map[string]float64 `json:"tau_by_category,omitempty"`
	OfflineLogEffect float64            `json:"offline_log_effect"`
	MeanTau          float64            `json:"mean_tau"`
	Cohorts          []truthCohort      `json:"cohorts"`
	Stalls           []truthEnrolled    `json:"stalls"`
}

type truthCohort struct {
	Cohort  string  `json:"cohort"`
	Stalls  int     `json:"stalls"`
	MeanTau float64 `json:"mean_tau"`
}

type truthEnrolled struct {
	Program  string  `json:"program,omitempty"`
	Stall    string  `json:"stall"`
	Name     string  `json:"name"`
	Category string  `json:"category"`
	Cohort   string  `json:"cohort"` // enrolled_on
	Month    string  `json:"cohort_month"`
	Tau      float64 `json:"tau"`
}

type truthBroadcast struct {
	Date        string         `json:"date"`
	Stalls      []string       `json:"stalls"`
	Names       []string       `json:"names"`
	Title       string         `json:"title"`
	Multipliers []truthLiveDay `json:"multipliers"`
	ExtraKRW    int64          `json:"planted_extra_krw"`
}

type truthLiveDay struct {
	Stall      string  `json:"stall"`
	Date       string  `json:"date"`
	Multiplier float64 `json:"multiplier"`
}

type truthLayout struct {
	Stall  string `json:"stall"`
	Store  string `json:"store"`
	Layout string `json:"layout"`
}

type truthStall struct {
	Stall             string        `json:"stall"`
	Name              string        `json:"name"`
	Category          string        `json:"category"`
	BaseKRW           int64         `json:"base_krw"`
	DayOff            string        `json:"day_off"`
	HolidayPeak       float64       `json:"holiday_peak"`
	OpenedOn          string        `json:"opened_on,omitempty"`
	ClosedOn          string        `json:"closed_on,omitempty"`
	CounterfactualKRW int64         `json:"counterfactual_krw"`
	NetKRW            truthChannels `json:"net_krw"`
}

type truthChannels struct {
	Offline    int64 `json:"offline"`
	Smartstore int64 `json:"smartstore"`
	Jangbogi   int64 `json:"jangbogi"`
}

type truthMonth struct {
	Month             string        `json:"month"`
	CounterfactualKRW int64         `json:"counterfactual_krw"`
	PlantedKRW        truthChannels `json:"planted_krw"`
	NetKRW            truthChannels `json:"net_krw"`
	LiveExtraKRW      int64         `json:"live_extra_krw"`
}

type truthFootfall struct {
	Sensors        int         `json:"sensors"`
	DeadHours      []truthDead `json:"dead_hours"`
	DeadSensorDays []truthDead `json:"dead_sensor_days"`
}

type truthDead struct {
	Sensor string `json:"sensor"`
	At     string `json:"at"` // hour start, or the day
}

type truthSpend struct {
	TotalKRW   int64            `json:"total_krw"`
	SpentKRW   int64            `json:"spent_krw"`
	Rate       float64          `json:"rate"`
	Components []truthComponent `json:"components"`
}

type truthComponent struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	PlanKRW  int64  `json:"plan_krw"`
	SpentKRW int64  `json:"spent_krw"`
}

// plantedMarket is the planted sales of a market summed by month and by
// stall, computed by its own job so the sums are added in a fixed order.
type plantedMarket struct {
	market    int
	months    [][5]float64 // counterfactual, offline, smartstore, jangbogi, live extra
	stallBase []float64
	liveExtra [][]float64 // by broadcast and featured stall
}

func (p *plan) plantedJob(m *marketPlan) job {
	return func(ctx context.Context) (*jobResult, error) {
		months := p.months()
		pm := &plantedMarket{market: m.idx, months: make([][5]float64, len(months)), stallBase: make([]float64, len(m.stalls))}
		st := newStream(p.seed)
		for i, s := range m.stalls {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			for d := p.from; d <= p.to; d++ {
				t := p.trade(st, m, s, d)
				if t == (tradeDay{}) {
					continue
				}
				row := &pm.months[monthKey(d)-months[0]]
				row[0] += t.base
				row[1] += t.offline
				row[2] += t.online[chSmartstore]
				row[3] += t.online[chJangbogi]
				row[4] += t.liveExtra
				pm.stallBase[i] += t.base
			}
		}
		for _, b := range m.broadcasts {
			extra := make([]float64, len(b.stalls))
			for j, s := range b.stalls {
				for k := range liveMults {
					extra[j] += p.trade(st, m, s, b.day+k).liveExtra
				}
			}
			pm.liveExtra = append(pm.liveExtra, extra)
		}
		return &jobResult{planted: pm}, nil
	}
}

// truth assembles truth.json from the plan and the jobs' results.
func (p *plan) truth(results []*jobResult) *truth {
	t := &truth{
		Notes: truthNotes,
		Options: truthOptions{
			Seed: p.opt.Seed, Stalls: p.opt.Stalls, Markets: p.opt.Markets,
			From: dayLabel(p.from), To: dayLabel(p.to), TxPerDay: p.opt.TxPerDay,
		},
		CovidMultiplier: map[string]float64{},
		SalesLines:      map[string]truthLines{},
		Files:           []fileRecord{},
		Malformed:       []malformedRecord{},
	}
	months := p.months()
	for _, mk := range months {
		t.CovidMultiplier[monthLabel(mk)] = covid(mk)
	}
	for _, h := range p.cal.holidays {
		d := dayOf(h.day)
		t.Holidays = append(t.Holidays, truthHoliday{
			Name: h.name, Day: dayLabel(d),
			ClosedDays: []string{dayLabel(d), dayLabel(d + 1)}, SurgeFrom: dayLabel(d - surgeDays),
		})
	}
	// Realized sales by market, stall, month and channel.
	realized := make([][][]truthChannels, len(p.markets)) // market → stall → month
	lines := make([][numSalesChannels]truthLines, len(p.markets))
	for mi, m := range p.markets {
		realized[mi] = make([][]truthChannels, len(m.stalls))
		for si := range m.stalls {
			realized[mi][si] = make([]truthChannels, len(months))
		}
	}
	planted := make([]*plantedMarket, len(p.markets))
	spent := map[string]int64{}
	for _, r := range results {
		t.Files = append(t.Files, r.files...)
		t.Malformed = append(t.Malformed, r.malformed...)
		for _, c := range r.sales {
			tc := &realized[c.market][c.stall][c.month-months[0]]
			*tc.of(c.channel) += c.net
			l := &lines[c.market][c.channel]
			l.Lines += c.lines
			l.Cancelled += c.cancelled
			l.NetKRW += c.net
		}
		if r.planted != nil {
			planted[r.planted.market] = r.planted
		}
		for _, s := range r.spend {
			spent[s.component] += s.krw
		}
	}
	slices.SortFunc(t.Files, func(a, b fileRecord) int { return strings.Compare(a.Path, b.Path) })
	slices.SortFunc(t.Malformed, func(a, b malformedRecord) int {
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		return a.Row - b.Row
	})
	for mi, m := range p.markets {
		tm := truthMarket{ID: m.def.id, Name: m.def.name, Substitution: substitution, SalesLines: map[string]truthLines{}}
		for ch, l := range lines[mi] {
			name := salesChannelNames[ch]
			tm.SalesLines[name] = l
			all := t.SalesLines[name]
			all.Lines += l.Lines
			all.Cancelled += l.Cancelled
			all.NetKRW += l.NetKRW
			t.SalesLines[name] = all
		}
		tm.Programs, tm.Enrollments = p.truthPrograms(m)
		tm.LiveCommerce = p.truthLive(m, planted[mi])
		for _, s := range m.stalls {
			if store := s.stores[chSmartstore]; store != nil && s.enrolled[progSmartstore] <= p.to {
				tm.SmartstoreLayouts = append(tm.SmartstoreLayouts, truthLayout{Stall: s.id, Store: store.name, Layout: layoutNames[store.layout]})
			}
		}
		pm := planted[mi]
		for si, s := range m.stalls {
			ts := truthStall{
				Stall: s.id, Name: s.name, Category: s.cat.String(), BaseKRW: int64(math.Round(s.base)),
				HolidayPeak: math.Round(s.peak*1000) / 1000, CounterfactualKRW: int64(math.Round(pm.stallBase[si])),
			}
			if s.dayOff != noDayOff {
				ts.DayOff = s.dayOff.String()
			}
			if s.opened != -noDay {
				ts.OpenedOn = dayLabel(s.opened)
			}
			if s.closed != noDay {
				ts.ClosedOn = dayLabel(s.closed)
			}
			for _, c := range realized[mi][si] {
				ts.NetKRW.Offline += c.Offline
				ts.NetKRW.Smartstore += c.Smartstore
				ts.NetKRW.Jangbogi += c.Jangbogi
			}
			tm.Stalls = append(tm.Stalls, ts)
		}
		for i, mk := range months {
			row := pm.months[i]
			tmo := truthMonth{
				Month: monthLabel(mk), CounterfactualKRW: int64(math.Round(row[0])),
				PlantedKRW: truthChannels{
					Offline: int64(math.Round(row[1])), Smartstore: int64(math.Round(row[2])), Jangbogi: int64(math.Round(row[3])),
				},
				LiveExtraKRW: int64(math.Round(row[4])),
			}
			for si := range m.stalls {
				c := realized[mi][si][i]
				tmo.NetKRW.Offline += c.Offline
				tmo.NetKRW.Smartstore += c.Smartstore
				tmo.NetKRW.Jangbogi += c.Jangbogi
			}
			tm.Monthly = append(tm.Monthly, tmo)
		}
		tm.Footfall = truthFootfall{Sensors: len(m.sensors), DeadHours: []truthDead{}, DeadSensorDays: []truthDead{}}
		for _, d := range m.dead {
			if d.hour < 0 {
				tm.Footfall.DeadSensorDays = append(tm.Footfall.DeadSensorDays, truthDead{Sensor: m.sensors[d.sensor].id, At: dayLabel(d.day)})
			} else {
				tm.Footfall.DeadHours = append(tm.Footfall.DeadHours, truthDead{Sensor: m.sensors[d.sensor].id, At: dayLabel(d.day) + " " + clock(d.hour*3600)})
			}
		}
		if m.primary {
			sp := &truthSpend{TotalKRW: 1_000_000_000}
			for _, cd := range componentDefs {
				sp.Components = append(sp.Components, truthComponent{ID: cd.id, Name: cd.name, PlanKRW: cd.plan, SpentKRW: spent[cd.id]})
				sp.SpentKRW += spent[cd.id]
			}
			sp.Rate = math.Round(float64(sp.SpentKRW)/float64(sp.TotalKRW)*10_000) / 10_000
			tm.Spend = sp
		}
		t.Markets = append(t.Markets, tm)
	}
	return t
}

func (c *truthChannels) of(ch salesChannel) *int64 {
	switch ch {
	case scSmartstore:
		return &c.Smartstore
	case scJangbogi:
		return &c.Jangbogi
	}
	return &c.Offline
}

// truthPrograms lists the programmes with their planted effects and the
// enrolments.
func (p *plan) truthPrograms(m *marketPlan) ([]truthProgram, []truthEnrolled) {
	var progs []truthProgram
	all := []truthEnrolled{}
	for prog := range numPrograms {
		pd := programDefs[prog]
		tp := truthProgram{ID: pd.id, Name: pd.name, Channel: pd.channel, Cohorts: []truthCohort{}, Stalls: []truthEnrolled{}}
		if prog != progLive {
			tp.TauByCategory = map[string]float64{}
			for c := range numCategories {
				tp.TauByCategory[c.String()] = programTau[prog][c]
			}
		}
		switch prog {
		case progSmartstore, progJangbogi:
			tp.OfflineLogEffect = math.Log(1 - substitution)
		case progTraining:
			tp.OfflineLogEffect = programTau[progTraining][0]
		}
		var sum float64
		for _, e := range m.enrollments {
			if e.prog != prog {
				continue
			}
			te := truthEnrolled{
				Stall: e.stall.id, Name: e.stall.name, Category: e.stall.cat.String(),
				Cohort: dayLabel(e.day), Month: monthLabel(monthKey(e.day)), Tau: programTau[prog][e.stall.cat],
			}
			withProg := te
			withProg.Program = pd.id
			all = append(all, withProg)
			if e.day > p.to {
				continue
			}
			tp.Stalls = append(tp.Stalls, te)
			sum += te.Tau
			if n := len(tp.Cohorts); n == 0 || tp.Cohorts[n-1].Cohort != te.Cohort {
				tp.Cohorts = append(tp.Cohorts, truthCohort{Cohort: te.Cohort})
			}
			c := &tp.Cohorts[len(tp.Cohorts)-1]
			c.MeanTau = (c.MeanTau*float64(c.Stalls) + te.Tau) / float64(c.Stalls+1)
			c.Stalls++
		}
		if n := len(tp.Stalls); n > 0 {
			tp.MeanTau = round6(sum / float64(n))
		}
		for i := range tp.Cohorts {
			tp.Cohorts[i].MeanTau = round6(tp.Cohorts[i].MeanTau)
		}
		progs = append(progs, tp)
	}
	return progs, all
}

func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }

// truthLive lists the broadcasts inside the period with the multipliers on
// the days the featured stalls traded.
func (p *plan) truthLive(m *marketPlan, pm *plantedMarket) []truthBroadcast {
	out := []truthBroadcast{}
	for bi, b := range m.broadcasts {
		if b.day < p.from || b.day > p.to {
			continue
		}
		tb := truthBroadcast{Date: dayLabel(b.day), Title: b.title, Multipliers: []truthLiveDay{}}
		for j, s := range b.stalls {
			tb.Stalls = append(tb.Stalls, s.id)
			tb.Names = append(tb.Names, s.name)
			for k, mult := range liveMults {
				if p.isOpen(s, b.day+k) {
					tb.Multipliers = append(tb.Multipliers, truthLiveDay{Stall: s.id, Date: dayLabel(b.day + k), Multiplier: mult})
				}
			}
			tb.ExtraKRW += int64(math.Round(pm.liveExtra[bi][j]))
		}
		out = append(out, tb)
	}
	return out
}
