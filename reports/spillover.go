package reports

import (
	"context"
	"database/sql"
	"strings"
)

var qSpillover = mustQuery("spillover.sql")

// spilloverRow is one programme's row of spillover: did stalls that never
// joined anything change differently in alleys where many stalls joined
// the programme than in alleys where few did?
type spilloverRow struct {
	ProgramID  string
	Name       string
	ATT        sql.Null[float64] // change in log monthly sales, high- minus low-share alleys
	Low        sql.Null[float64]
	High       sql.Null[float64]
	Note       sql.Null[string] // what was compared, or why nothing could be, in Korean
	HighAlleys string           // alley names, comma-separated
	LowAlleys  string
	NHigh      sql.Null[int64] // never-enrolled stalls compared
	NLow       sql.Null[int64]
}

// Reading says in a few words what the interval allows one to conclude.
func (r spilloverRow) Reading() string {
	return spilloverReading(r.ATT, r.Low, r.High)
}

func spilloverReading(att, low, high sql.Null[float64]) string {
	switch {
	case !att.Valid:
		return "추정하지 못함"
	case !low.Valid || !high.Valid:
		return "구간을 계산하지 못함"
	case low.V > 0:
		return "주변 미참여 점포 매출도 늘었음 (좋은 파급일 수 있음)"
	case high.V < 0:
		return "주변 미참여 점포 매출이 줄었음 (손님을 빼앗겼을 수 있음)"
	}
	return "구간이 0을 포함: 파급의 징후 없음"
}

// spilloverData loads the spillover rows of market m, the alleys by name.
func spilloverData(ctx context.Context, db *sql.DB, m market) ([]spilloverRow, error) {
	names := map[string]string{}
	for _, a := range m.alleys {
		names[a.ID] = a.Name
	}
	alleyNames := func(ids sql.Null[string]) string {
		if !ids.Valid || ids.V == "" {
			return ""
		}
		parts := strings.Split(ids.V, ",")
		for i, id := range parts {
			if n, ok := names[id]; ok {
				parts[i] = n
			}
		}
		return strings.Join(parts, ", ")
	}
	return queryRows(ctx, db, qSpillover, []any{m.ID}, func(rows *sql.Rows) (spilloverRow, error) {
		var r spilloverRow
		var high, low sql.Null[string]
		err := rows.Scan(&r.ProgramID, &r.Name, &r.ATT, &r.Low, &r.High, &r.Note, &high, &low, &r.NHigh, &r.NLow)
		r.HighAlleys, r.LowAlleys = alleyNames(high), alleyNames(low)
		return r, err
	})
}
