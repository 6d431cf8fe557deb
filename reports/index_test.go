package reports

import (
	"database/sql"
	"slices"
	"testing"
	"time"
)

func TestSummary(t *testing.T) {
	month := func(y, m int) time.Time { return time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC) }
	rec := func(v float64) sql.Null[float64] { return sql.Null[float64]{V: v, Valid: true} }
	won := func(v int64) sql.Null[int64] { return sql.Null[int64]{V: v, Valid: true} }
	var year []marketMonth
	for m := 1; m <= 12; m++ {
		year = append(year, marketMonth{Month: month(2022, m), Recovery: rec(0.9)})
	}
	tests := []struct {
		name   string
		months []marketMonth
		want   []string
	}{
		{"no data", nil, nil},
		{"no comparable month", []marketMonth{{Month: month(2022, 1)}}, nil},
		{"one month with online sales", []marketMonth{
			{Month: month(2022, 12), Net: won(94_100_000), Online: won(18_820_000), Recovery: rec(0.941)},
		}, []string{
			"2022년 12월 시장 매출은 2019년 같은 시기의 94.1% 수준입니다.",
			"이 달 매출 9,410만원 가운데 온라인 판매는 1,882만원(20.0%)입니다.",
		}},
		{"latest month not comparable", []marketMonth{
			{Month: month(2022, 10), Recovery: rec(1.2)},
			{Month: month(2022, 11), Recovery: rec(0.8)},
			{Month: month(2022, 12)},
		}, []string{
			"2022년 11월 시장 매출은 2019년 같은 시기의 80.0% 수준입니다.",
			"최근 12개월 가운데 비교할 수 있는 2개월 중 1개월은 2019년 수준 이상이었습니다.",
		}},
		{"a full year below", year, []string{
			"2022년 12월 시장 매출은 2019년 같은 시기의 90.0% 수준입니다.",
			"최근 12개월 모두 2019년 수준에 못 미쳤습니다.",
		}},
		{"older months do not count", append([]marketMonth{{Month: month(2020, 1), Recovery: rec(1.5)}}, year[10:]...), []string{
			"2022년 12월 시장 매출은 2019년 같은 시기의 90.0% 수준입니다.",
			"최근 12개월 가운데 비교할 수 있는 2개월 모두 2019년 수준에 못 미쳤습니다.",
		}},
	}
	for _, tt := range tests {
		if got := summary(tt.months, 2019); !slices.Equal(got, tt.want) {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, tt.want)
		}
	}
}

func TestPanel(t *testing.T) {
	month := func(y, m int) time.Time { return time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC) }
	rec := func(v float64) sql.Null[float64] { return sql.Null[float64]{V: v, Valid: true} }
	p := pivot([]alleyMonth{
		{AlleyID: "A1", Name: "생선골목", Month: month(2021, 11), Recovery: rec(0.5)},
		{AlleyID: "A1", Name: "생선골목", Month: month(2022, 12), Recovery: rec(0.9)},
		{AlleyID: "A2", Name: "채소골목", Month: month(2022, 2), Recovery: rec(1.1)},
	})
	if len(p.Months) != 14 || !p.Months[0].Equal(month(2021, 11)) || !p.Months[13].Equal(month(2022, 12)) {
		t.Fatalf("pivot months = %v, want 2021-11 through 2022-12", p.Months)
	}
	recent := p.last(12)
	if len(recent.Months) != 12 || !recent.Months[0].Equal(month(2022, 1)) {
		t.Fatalf("last(12) months = %v, want 2022-01 through 2022-12", recent.Months)
	}
	if got := recent.Rows[1].Values[1]; got != rec(1.1) {
		t.Errorf("채소골목 2022-02 = %v, want 1.1", got)
	}
	rel := recent.relativeTo([]marketMonth{{Month: month(2022, 12), Recovery: rec(0.75)}})
	if got := rel.Rows[0].Values[11]; got != rec(1.2) {
		t.Errorf("생선골목 2022-12 relative = %v, want 0.9/0.75 = 1.2", got)
	}
	if got := rel.Rows[1].Values[1]; got.Valid {
		t.Errorf("채소골목 2022-02 relative = %v, want NULL (no market figure)", got)
	}
}
