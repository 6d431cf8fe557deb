package metrics

import (
	"fmt"
	"math"
	"strings"
)

// The verdicts: a few plain Korean sentences per programme that an
// official can quote — the size of the effect, its interval, the money, and
// the caveats that qualify it.

// krwText writes won for a reader: 12.3억 원, 4,560만 원, 8,200 원.
func krwText(x float64) string {
	if math.IsNaN(x) {
		return "-"
	}
	sign := ""
	if x < 0 {
		sign, x = "−", -x
	}
	switch {
	case x >= 1e8:
		return fmt.Sprintf("%s%.1f억 원", sign, x/1e8)
	case x >= 1e4:
		return fmt.Sprintf("%s%s만 원", sign, groupDigits(int64(math.Round(x/1e4))))
	}
	return fmt.Sprintf("%s%s 원", sign, groupDigits(int64(math.Round(x))))
}

func groupDigits(n int64) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// pctText writes an effect on log sales as a signed percentage change.
func pctText(theta float64) string {
	return fmt.Sprintf("%+.1f%%", 100*math.Expm1(theta))
}

// perWonText writes sales per won spent: one decimal, two below 1.
func perWonText(x float64) string {
	if math.Abs(x) < 1 {
		return fmt.Sprintf("%.2f", x)
	}
	return fmt.Sprintf("%.1f", x)
}

// wonRange writes a won figure with its interval.
func wonRange(w Won) string {
	return fmt.Sprintf("약 %s(95%% 구간 %s ~ %s)", krwText(w.KRW), krwText(w.Low), krwText(w.High))
}

// programVerdict is the verdict on a programme evaluated on monthly sales.
func programVerdict(imp Impact, cohorts []cohortSize) string {
	var b strings.Builder
	e := imp.Effect
	name := imp.Name
	if name == "" {
		name = imp.Program
	}
	switch {
	case math.IsNaN(e.ATT):
		fmt.Fprintf(&b, "%s: 효과를 추정할 수 없습니다", name)
		if imp.Note != "" {
			fmt.Fprintf(&b, "(%s)", imp.Note)
		}
		b.WriteString(".")
		return b.String()
	case e.CILow > 0:
		fmt.Fprintf(&b, "%s: 참여 점포의 월 매출(전 채널)이 같은 품목의 비교 점포보다 %s 늘었습니다(95%% 신뢰구간 %s ~ %s). ",
			name, pctText(e.ATT), pctText(e.CILow), pctText(e.CIHigh))
	case e.CIHigh < 0:
		fmt.Fprintf(&b, "%s: 참여 점포의 월 매출(전 채널)이 같은 품목의 비교 점포보다 %s 줄었습니다(95%% 신뢰구간 %s ~ %s). ",
			name, pctText(e.ATT), pctText(e.CILow), pctText(e.CIHigh))
	default:
		fmt.Fprintf(&b, "%s: 참여 점포의 월 매출 변화는 %s로 추정되지만 95%% 신뢰구간(%s ~ %s)이 0을 포함해 효과가 있었다고 말할 수 없습니다. ",
			name, pctText(e.ATT), pctText(e.CILow), pctText(e.CIHigh))
	}
	fmt.Fprintf(&b, "참여 이후 늘어난 매출은 %s입니다", wonRange(imp.Incremental))
	b.WriteString(spendSentence(imp))
	b.WriteString(persistenceSentence(imp.Persistence))

	var notes []string
	if !math.IsNaN(imp.PreTrendP) {
		s := fmt.Sprintf("참여 %d개월 전으로 옮긴 가짜 효과 검정 p=%.2f", placeboLead, imp.PreTrendP)
		if imp.PreTrendP < 0.05 {
			s += "(참여 전부터 추세가 달랐을 수 있어 주의)"
		}
		notes = append(notes, s)
	}
	switch {
	case math.IsNaN(imp.Sensitivity):
	case imp.Sensitivity < 1:
		notes = append(notes, fmt.Sprintf("참여 후 추세 차이가 참여 전 가장 큰 월별 차이의 %.1f배만 되어도 결론의 부호가 바뀌므로 이 추정은 추세 가정에 민감함", imp.Sensitivity))
	default:
		notes = append(notes, fmt.Sprintf("참여 후 추세 차이가 참여 전 가장 큰 월별 차이의 %.1f배는 되어야 결론의 부호가 바뀜", imp.Sensitivity))
	}
	var small []string
	for _, c := range cohorts {
		if c.Units < smallCohortUnits {
			small = append(small, fmt.Sprintf("%s %d곳", monthLabel(c.Cohort), c.Units))
		}
	}
	if len(small) > 0 {
		notes = append(notes, fmt.Sprintf("참여 점포가 %d곳 미만인 코호트 %d개(%s)는 불확실성이 큼", smallCohortUnits, len(small), strings.Join(small, ", ")))
	}
	if t := imp.Trim.String(); t != "" {
		notes = append(notes, "분석에서 "+t)
	}
	notes = append(notes, "매출 기준이며 이익이 아님")
	fmt.Fprintf(&b, " 참고: %s.", strings.Join(notes, "; "))
	return b.String()
}

// smallCohortUnits is did's threshold for a small cohort.
const smallCohortUnits = 5

// cohortSize is the number of stalls in one cohort of a programme.
type cohortSize struct {
	Cohort int // monthIndex
	Units  int
}

func spendSentence(imp Impact) string {
	if imp.Spend.Total() <= 0 {
		return ". 이 사업에 배정된 집행 내역이 없어 비용 대비 효과는 계산하지 않았습니다."
	}
	s := fmt.Sprintf(". 집행액 %s(직접비 %s, 홍보·운영 등 공통비 배분 %s) 1원당 매출 %s원(95%% 구간 %s ~ %s원)",
		krwText(imp.Spend.Total()), krwText(imp.Spend.Direct), krwText(imp.Spend.Shared),
		perWonText(imp.PerWon.KRW), perWonText(imp.PerWon.Low), perWonText(imp.PerWon.High))
	if imp.Spend.Direct > 0 {
		s += fmt.Sprintf(", 직접비만 보면 1원당 %s원", perWonText(imp.PerWonDirect.KRW))
	}
	return s + "입니다."
}

func persistenceSentence(p Persistence) string {
	end := ""
	if p.EndMonth != 0 {
		end = "(" + monthLabel(p.EndMonth) + ")"
	}
	switch p.State {
	case "no_data":
		return fmt.Sprintf(" 지원 종료%s 뒤의 자료가 아직 없어 효과가 지속되는지는 판단할 수 없습니다.", end)
	case "persisted":
		return fmt.Sprintf(" 지원 종료%s 뒤 %d개월 동안에도 효과가 %s(보수적 95%% 구간 %s ~ %s)로 유지되었습니다.",
			end, p.Months, pctText(p.After.ATT), pctText(p.After.CILow), pctText(p.After.CIHigh))
	case "faded":
		return fmt.Sprintf(" 지원 종료%s 뒤 %d개월의 효과는 %s(보수적 95%% 구간 %s ~ %s)로, 지속된다고 말할 수 없습니다.",
			end, p.Months, pctText(p.After.ATT), pctText(p.After.CILow), pctText(p.After.CIHigh))
	case "reversed":
		return fmt.Sprintf(" 지원 종료%s 뒤 %d개월의 효과는 %s(보수적 95%% 구간 %s ~ %s)로 방향이 바뀌었습니다.",
			end, p.Months, pctText(p.After.ATT), pctText(p.After.CILow), pctText(p.After.CIHigh))
	}
	return ""
}

// liveVerdict is the verdict on live commerce.
func liveVerdict(imp Impact, effects []LiveEffect) string {
	name := imp.Name
	if name == "" {
		name = imp.Program
	}
	by := map[int]LiveEffect{}
	stalls, events := 0, 0
	for _, l := range effects {
		by[l.DayOffset] = l
		if l.DayOffset == 0 {
			stalls, events = l.Stalls, l.Events
		}
	}
	d0, ok := by[0]
	if !ok {
		return fmt.Sprintf("%s: 방송 전후의 일별 스마트스토어 매출을 비교할 수 있는 방송이 없어 효과를 추정할 수 없습니다.", name)
	}
	var b strings.Builder
	mult := func(l LiveEffect) string {
		return fmt.Sprintf("%.2f배(95%% 구간 %.2f ~ %.2f배)", math.Exp(l.ATT), math.Exp(l.CILow), math.Exp(l.CIHigh))
	}
	fmt.Fprintf(&b, "%s: 방송 당일 출연 점포의 스마트스토어 매출은 평소의 %s", name, mult(d0))
	for _, k := range []int{1, 2} {
		if l, ok := by[k]; ok {
			fmt.Fprintf(&b, ", %d일 뒤 %s", k, mult(l))
		}
	}
	b.WriteString("였습니다. ")
	fmt.Fprintf(&b, "방송으로 늘어난 스마트스토어 매출은 방송일부터 사흘간 %s입니다", wonRange(imp.Incremental))
	b.WriteString(spendSentence(imp))
	var placebo []string
	off := false
	for _, k := range liveOffsets {
		if l, ok := by[k]; ok && k < 0 {
			placebo = append(placebo, fmt.Sprintf("%d일 %.2f배", k, math.Exp(l.ATT)))
			off = off || l.CILow > 0 || l.CIHigh < 0
		}
	}
	var notes []string
	notes = append(notes, fmt.Sprintf("출연 점포-일 %d건(점포 %d곳)을 같은 점포의 직전 4주 같은 요일과 비교하고, 같은 날 출연하지 않은 스마트스토어 점포의 변화로 나눔", events, stalls))
	if len(placebo) > 0 {
		s := "방송 전날들의 가짜 효과 " + strings.Join(placebo, ", ")
		if off {
			s += "(1배와 다른 날이 있어 주의)"
		}
		notes = append(notes, s)
	}
	if stalls < smallCohortUnits {
		notes = append(notes, fmt.Sprintf("출연 점포가 %d곳뿐이라 불확실성이 큼", stalls))
	}
	notes = append(notes, "오프라인 매출로의 파급은 포함하지 않음", "매출 기준이며 이익이 아님")
	fmt.Fprintf(&b, " 참고: %s.", strings.Join(notes, "; "))
	return b.String()
}

// overallVerdict sums the programmes.
func overallVerdict(imp Impact, parts int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "사업 전체: %d개 사업으로 늘어난 매출은 %s입니다", parts, wonRange(imp.Incremental))
	if imp.Spend.Total() > 0 {
		fmt.Fprintf(&b, ". 전체 집행액 %s 1원당 매출 %s원(95%% 구간 %s ~ %s원)입니다.",
			krwText(imp.Spend.Total()), perWonText(imp.PerWon.KRW), perWonText(imp.PerWon.Low), perWonText(imp.PerWon.High))
	} else {
		b.WriteString(". 집행 내역이 없어 비용 대비 효과는 계산하지 않았습니다.")
	}
	b.WriteString(" 참고: 구간은 사업별 구간의 끝을 더한 것으로 실제보다 넓게 잡혔습니다; 사업별 효과는 서로 겹치지 않게 나누어 추정했습니다; 매출 기준이며 이익이 아님.")
	return b.String()
}
