package reports

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"
)

// The onboarding shortlist as a file the programme office opens in Excel:
// one sheet per programme (Korean headers, won formatting, reasons
// wrapped), a sheet with the budget view and one with the stalls left out
// and why; or the candidates as CSV. Text from market.yaml or exports is
// written as text, never as a formula: xlsx cells are strings (SetCellStr),
// and CSV cells that a spreadsheet would read as a formula get a leading
// apostrophe (csvText).

var (
	qShortlistRows     = mustQuery("shortlist_rows.sql")
	qShortlistBudget   = mustQuery("shortlist_budget.sql")
	qShortlistExcluded = mustQuery("shortlist_excluded.sql")
	qShortlistGroups   = mustQuery("shortlist_groups.sql")
	qShortlistBacktest = mustQuery("shortlist_backtest.sql")
	qBacktestStalls    = mustQuery("shortlist_backtest_stalls.sql")
)

// Shortlist is the shortlist tables of the warehouse, by programme.
type Shortlist struct {
	Programs []ShortlistProgram
}

// ShortlistProgram is one programme's shortlist in one market.
type ShortlistProgram struct {
	Market, MarketName, Program, ProgramName string
	Rows                                     []ShortlistRow
	Budget                                   ShortlistBudget
	Excluded                                 []ShortlistExcluded
	Groups                                   []ShortlistGroup
	Backtest                                 ShortlistBacktest
}

// ShortlistGroup is one stall group's effect (shortlist_groups).
type ShortlistGroup struct {
	Key, Category, AlleyName string
	Stalls                   int
	Raw, RawSE, Weight       sql.Null[float64]
	Effect, Low, High        sql.Null[float64]
	Overall, Tau2            sql.Null[float64]
}

// ShortlistBacktest is the ranking tested on an earlier wave.
type ShortlistBacktest struct {
	Cutoff                  sql.Null[time.Time]
	WaveStalls, MonthsAfter sql.Null[int64]
	Spearman, TopThird      sql.Null[float64]
	RandomThird, RandomP    sql.Null[float64]
	Note                    string
	Stalls                  []BacktestStall
}

// BacktestStall is one stall of the backtest wave.
type BacktestStall struct {
	Stall, StallName string
	PredictedRank    sql.Null[int64]
	PredictedKRW     sql.Null[int64]
	RealisedEffect   sql.Null[float64]
	RealisedKRW      sql.Null[int64]
}

// ShortlistRow is one candidate.
type ShortlistRow struct {
	Rank                              int
	Stall, StallName, Alley, Category string
	GainKRW, GainLowKRW, GainHighKRW  sql.Null[int64]
	Effect, EffectLow, EffectHigh     sql.Null[float64] // on log monthly sales
	SalesKRW                          sql.Null[int64]   // expected 12-month sales without the programme
	SalesMonths                       sql.Null[int64]
	Recovery, MarketRecovery          sql.Null[float64]
	FootfallRecovery                  sql.Null[float64]
	InBudget                          bool
	Reasons                           string
}

// ShortlistBudget is what the programme's budget left buys.
type ShortlistBudget struct {
	CostKRW, LeftKRW                 sql.Null[int64]
	CostSource                       string
	Stalls                           int
	GainKRW, GainLowKRW, GainHighKRW sql.Null[int64]
	Note                             string
}

// ShortlistExcluded is a stall left off the shortlist.
type ShortlistExcluded struct {
	Stall, StallName, Reason string
}

// ReadShortlist reads the shortlist tables that `sijang evaluate` wrote.
// program, when not empty, keeps that programme only; top, when positive,
// keeps the first top candidates of each.
func ReadShortlist(ctx context.Context, db *sql.DB, program string, top int) (*Shortlist, error) {
	out := &Shortlist{}
	find := func(k programKey) *ShortlistProgram {
		for i := range out.Programs {
			if p := &out.Programs[i]; p.Market == k.market && p.Program == k.program {
				return p
			}
		}
		return nil
	}
	rows, err := queryRows(ctx, db, qShortlistRows, nil, func(rows *sql.Rows) (keyed[ShortlistRow], error) {
		var k keyed[ShortlistRow]
		r := &k.v
		err := rows.Scan(&k.market, &k.marketName, &k.program, &k.programName, &r.Rank, &r.Stall, &r.StallName, &r.Alley, &r.Category,
			&r.GainKRW, &r.GainLowKRW, &r.GainHighKRW, &r.Effect, &r.EffectLow, &r.EffectHigh,
			&r.SalesKRW, &r.SalesMonths, &r.Recovery, &r.MarketRecovery, &r.FootfallRecovery, &r.InBudget, &r.Reasons)
		return k, err
	})
	if err != nil {
		return nil, err
	}
	for _, k := range rows {
		if program != "" && k.program != program {
			continue
		}
		p := find(k.programKey)
		if p == nil {
			out.Programs = append(out.Programs, ShortlistProgram{Market: k.market, MarketName: k.marketName, Program: k.program, ProgramName: k.programName})
			p = &out.Programs[len(out.Programs)-1]
		}
		if top <= 0 || len(p.Rows) < top {
			p.Rows = append(p.Rows, k.v)
		}
	}
	// The other tables add to the programmes that have candidates.
	budgets, err := queryRows(ctx, db, qShortlistBudget, nil, func(rows *sql.Rows) (keyed[ShortlistBudget], error) {
		var k keyed[ShortlistBudget]
		b := &k.v
		err := rows.Scan(&k.market, &k.program, &b.CostKRW, &b.CostSource, &b.LeftKRW, &b.Stalls,
			&b.GainKRW, &b.GainLowKRW, &b.GainHighKRW, &b.Note)
		return k, err
	})
	if err != nil {
		return nil, err
	}
	for _, k := range budgets {
		if p := find(k.programKey); p != nil {
			p.Budget = k.v
		}
	}
	excluded, err := queryRows(ctx, db, qShortlistExcluded, nil, func(rows *sql.Rows) (keyed[ShortlistExcluded], error) {
		var k keyed[ShortlistExcluded]
		err := rows.Scan(&k.market, &k.program, &k.v.Stall, &k.v.StallName, &k.v.Reason)
		return k, err
	})
	if err != nil {
		return nil, err
	}
	for _, k := range excluded {
		if p := find(k.programKey); p != nil {
			p.Excluded = append(p.Excluded, k.v)
		}
	}
	groups, err := queryRows(ctx, db, qShortlistGroups, nil, func(rows *sql.Rows) (keyed[ShortlistGroup], error) {
		var k keyed[ShortlistGroup]
		g := &k.v
		err := rows.Scan(&k.market, &k.program, &g.Key, &g.Category, &g.AlleyName, &g.Stalls, &g.Raw, &g.RawSE, &g.Weight,
			&g.Effect, &g.Low, &g.High, &g.Overall, &g.Tau2)
		return k, err
	})
	if err != nil {
		return nil, err
	}
	for _, k := range groups {
		if p := find(k.programKey); p != nil {
			p.Groups = append(p.Groups, k.v)
		}
	}
	backtests, err := queryRows(ctx, db, qShortlistBacktest, nil, func(rows *sql.Rows) (keyed[ShortlistBacktest], error) {
		var k keyed[ShortlistBacktest]
		b := &k.v
		err := rows.Scan(&k.market, &k.program, &b.Cutoff, &b.WaveStalls, &b.MonthsAfter, &b.Spearman, &b.TopThird,
			&b.RandomThird, &b.RandomP, &b.Note)
		return k, err
	})
	if err != nil {
		return nil, err
	}
	for _, k := range backtests {
		if p := find(k.programKey); p != nil {
			p.Backtest = k.v
		}
	}
	waves, err := queryRows(ctx, db, qBacktestStalls, nil, func(rows *sql.Rows) (keyed[BacktestStall], error) {
		var k keyed[BacktestStall]
		b := &k.v
		err := rows.Scan(&k.market, &k.program, &b.Stall, &b.StallName, &b.PredictedRank, &b.PredictedKRW, &b.RealisedEffect, &b.RealisedKRW)
		return k, err
	})
	if err != nil {
		return nil, err
	}
	for _, k := range waves {
		if p := find(k.programKey); p != nil {
			p.Backtest.Stalls = append(p.Backtest.Stalls, k.v)
		}
	}
	return out, nil
}

// programKey names one programme of one market.
type programKey struct {
	market, program string
}

// keyed is one row of a shortlist table with the programme it belongs to
// (the names only from shortlist_rows.sql).
type keyed[T any] struct {
	programKey
	marketName, programName string
	v                       T
}

// shortlistColumns are the candidate columns of both files.
var shortlistColumns = []struct {
	header string
	width  float64
	kind   cellKind
}{
	{"시장", 12, text}, {"사업", 16, text}, {"순위", 6, integer}, {"점포", 16, text}, {"골목", 12, text}, {"품목", 8, text},
	{"12개월 기대 증가 매출(원)", 18, won}, {"구간 하한(원)", 15, won}, {"구간 상한(원)", 15, won},
	{"예상 효과", 10, percent}, {"최근 12개월 매출(원)", 18, won}, {"회복률", 9, percent}, {"시장 회복률", 10, percent},
	{"골목 유동인구 회복률", 12, percent}, {"예산 내", 8, text}, {"이유", 90, text},
}

type cellKind int

const (
	text cellKind = iota
	integer
	won
	percent
)

// cells is one candidate's row in shortlistColumns order; nil is an empty
// cell. Effects become percentage changes (e^θ − 1).
func (p *ShortlistProgram) cells(r ShortlistRow) []any {
	budget := "아니오"
	if r.InBudget {
		budget = "예"
	}
	return []any{p.MarketName, p.ProgramName, r.Rank, r.StallName, r.Alley, r.Category,
		cellValue(r.GainKRW), cellValue(r.GainLowKRW), cellValue(r.GainHighKRW),
		change(r.Effect), cellValue(r.SalesKRW), cellValue(r.Recovery), cellValue(r.MarketRecovery), cellValue(r.FootfallRecovery),
		budget, r.Reasons}
}

// cellValue is a nullable value as a cell: nil when NULL.
func cellValue[T any](x sql.Null[T]) any {
	if !x.Valid {
		return nil
	}
	return x.V
}

// change turns an effect on log sales into the relative change.
func change(x sql.Null[float64]) any {
	if !x.Valid {
		return nil
	}
	return math.Expm1(x.V)
}

// WriteXLSX writes the shortlist as an Excel workbook.
func (s *Shortlist) WriteXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	styles, err := newSheetStyles(f)
	if err != nil {
		return err
	}
	used := map[string]bool{}
	first := true
	for i := range s.Programs {
		p := &s.Programs[i]
		name := sheetName(p.ProgramName, used)
		if first {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
			first = false
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		rows := make([][]any, len(p.Rows))
		for j, r := range p.Rows {
			rows[j] = p.cells(r)
		}
		if err := writeSheet(f, name, styles, rows); err != nil {
			return fmt.Errorf("sheet %s: %w", name, err)
		}
	}
	if first {
		if err := f.SetSheetName("Sheet1", "입점 후보"); err != nil {
			return err
		}
		if err := f.SetCellStr("입점 후보", "A1", "입점 후보가 없습니다. sijang evaluate를 먼저 실행하세요."); err != nil {
			return err
		}
	}
	if err := s.budgetSheet(f, styles); err != nil {
		return err
	}
	if err := s.excludedSheet(f, styles); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	_, err = f.WriteTo(w)
	return err
}

type sheetStyles struct {
	header, won, percent, wrap int
}

func newSheetStyles(f *excelize.File) (sheetStyles, error) {
	var s sheetStyles
	var err error
	wonFmt, pctFmt := `#,##0"원";-#,##0"원"`, "0.0%"
	if s.header, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE6F0"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}}); err != nil {
		return s, err
	}
	if s.won, err = f.NewStyle(&excelize.Style{CustomNumFmt: &wonFmt}); err != nil {
		return s, err
	}
	if s.percent, err = f.NewStyle(&excelize.Style{CustomNumFmt: &pctFmt}); err != nil {
		return s, err
	}
	s.wrap, err = f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	return s, err
}

// writeSheet writes the candidate header and rows with formats, widths, a
// frozen header and a filter.
func writeSheet(f *excelize.File, sheet string, st sheetStyles, rows [][]any) error {
	for c, col := range shortlistColumns {
		ref, _ := excelize.CoordinatesToCellName(c+1, 1)
		if err := f.SetCellStr(sheet, ref, col.header); err != nil {
			return err
		}
		name, _ := excelize.ColumnNumberToName(c + 1)
		if err := f.SetColWidth(sheet, name, name, col.width); err != nil {
			return err
		}
		style := 0
		switch col.kind {
		case won:
			style = st.won
		case percent:
			style = st.percent
		case text:
			if col.width > 50 {
				style = st.wrap
			}
		}
		if style != 0 && len(rows) > 0 {
			top, _ := excelize.CoordinatesToCellName(c+1, 2)
			bottom, _ := excelize.CoordinatesToCellName(c+1, len(rows)+1)
			if err := f.SetCellStyle(sheet, top, bottom, style); err != nil {
				return err
			}
		}
	}
	last, _ := excelize.CoordinatesToCellName(len(shortlistColumns), 1)
	if err := f.SetCellStyle(sheet, "A1", last, st.header); err != nil {
		return err
	}
	for i, row := range rows {
		if err := setRow(f, sheet, i+2, row); err != nil {
			return err
		}
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if len(rows) > 0 {
		end, _ := excelize.CoordinatesToCellName(len(shortlistColumns), len(rows)+1)
		return f.AutoFilter(sheet, "A1:"+end, nil)
	}
	return nil
}

// setRow writes one row: strings as text cells (never formulas), numbers
// as numbers, nil as an empty cell.
func setRow(f *excelize.File, sheet string, row int, values []any) error {
	for c, v := range values {
		ref, err := excelize.CoordinatesToCellName(c+1, row)
		if err != nil {
			return err
		}
		switch v := v.(type) {
		case nil:
		case string:
			err = f.SetCellStr(sheet, ref, v)
		default:
			err = f.SetCellValue(sheet, ref, v)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", ref, err)
		}
	}
	return nil
}

// sheetName makes a programme name a valid, unique sheet name (at most 31
// characters, none of : \ / ? * [ ]).
func sheetName(name string, used map[string]bool) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return '_'
		}
		return r
	}, name)
	if name == "" {
		name = "사업"
	}
	rs := []rune(name)
	if len(rs) > 28 {
		rs = rs[:28]
	}
	base := string(rs)
	name = base
	for i := 2; used[name]; i++ {
		name = fmt.Sprintf("%s %d", base, i)
	}
	used[name] = true
	return name
}

func (s *Shortlist) budgetSheet(f *excelize.File, st sheetStyles) error {
	const sheet = "예산"
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	headers := []string{"시장", "사업", "점포당 입점 비용(원)", "비용 근거", "남은 예산(원)", "입점 가능 점포 수", "기대 증가 매출 합계(원)", "구간 하한(원)", "구간 상한(원)", "비고"}
	header := make([]any, len(headers))
	for i, h := range headers {
		header[i] = h
	}
	if err := setRow(f, sheet, 1, header); err != nil {
		return err
	}
	for i, p := range s.Programs {
		b := p.Budget
		source := map[string]string{"ledger": "사업비 집행내역", "market.yaml": "market.yaml 설정"}[b.CostSource]
		row := []any{p.MarketName, p.ProgramName, cellValue(b.CostKRW), source, cellValue(b.LeftKRW), b.Stalls,
			cellValue(b.GainKRW), cellValue(b.GainLowKRW), cellValue(b.GainHighKRW), b.Note}
		if err := setRow(f, sheet, i+2, row); err != nil {
			return err
		}
	}
	if n := len(s.Programs); n > 0 {
		for _, col := range []string{"C", "E", "G", "H", "I"} {
			if err := f.SetCellStyle(sheet, col+"2", fmt.Sprintf("%s%d", col, n+1), st.won); err != nil {
				return err
			}
		}
	}
	if err := f.SetColWidth(sheet, "A", "I", 16); err != nil {
		return err
	}
	if err := f.SetColWidth(sheet, "J", "J", 60); err != nil {
		return err
	}
	return f.SetCellStyle(sheet, "A1", "J1", st.header)
}

func (s *Shortlist) excludedSheet(f *excelize.File, st sheetStyles) error {
	const sheet = "제외 점포"
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	if err := setRow(f, sheet, 1, []any{"시장", "사업", "점포", "제외 이유"}); err != nil {
		return err
	}
	row := 2
	for _, p := range s.Programs {
		for _, x := range p.Excluded {
			if err := setRow(f, sheet, row, []any{p.MarketName, p.ProgramName, x.StallName, x.Reason}); err != nil {
				return err
			}
			row++
		}
	}
	if err := f.SetColWidth(sheet, "A", "C", 16); err != nil {
		return err
	}
	if err := f.SetColWidth(sheet, "D", "D", 50); err != nil {
		return err
	}
	return f.SetCellStyle(sheet, "A1", "D1", st.header)
}

// WriteCSV writes the candidates as UTF-8 CSV with a byte-order mark (so
// that Excel reads the Korean right), one header row and one row per
// candidate of every programme.
func (s *Shortlist) WriteCSV(w io.Writer) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	header := make([]string, len(shortlistColumns))
	for i, c := range shortlistColumns {
		header[i] = c.header
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	for i := range s.Programs {
		p := &s.Programs[i]
		for _, r := range p.Rows {
			vals := p.cells(r)
			rec := make([]string, len(vals))
			for j, v := range vals {
				switch v := v.(type) {
				case nil:
				case string:
					rec[j] = csvText(v)
				case int:
					rec[j] = strconv.Itoa(v)
				case int64:
					rec[j] = strconv.FormatInt(v, 10)
				case float64:
					rec[j] = strconv.FormatFloat(v, 'f', 4, 64)
				}
			}
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvText keeps a text cell from being read as a formula by a spreadsheet:
// one that starts with =, +, -, @, a tab or a carriage return gets a
// leading apostrophe (OWASP's advice for CSV injection).
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// WriteText writes the shortlist for a terminal: per programme, the
// candidates in columns padded to their display width (a Hangul syllable
// takes two columns), then the budget view.
func (s *Shortlist) WriteText(w io.Writer) error {
	var b strings.Builder
	for i := range s.Programs {
		p := &s.Programs[i]
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%s %s: 입점 후보 %d곳 (12개월 기대 증가 매출 순)\n", p.MarketName, p.ProgramName, len(p.Rows))
		table := [][]string{{"순위", "점포", "골목", "품목", "기대 증가 매출", "95% 구간", "예상 효과", "예산 내"}}
		for _, r := range p.Rows {
			budget := ""
			if r.InBudget {
				budget = "예"
			}
			table = append(table, []string{strconv.Itoa(r.Rank), r.StallName, r.Alley, r.Category,
				nullWon(r.GainKRW), nullWon(r.GainLowKRW) + " ~ " + nullWon(r.GainHighKRW), nullEffect(r.Effect), budget})
		}
		writeColumns(&b, table)
		bv := p.Budget
		switch {
		case bv.Note != "":
			fmt.Fprintf(&b, "예산: %s\n", bv.Note)
		case bv.Stalls > 0:
			fmt.Fprintf(&b, "예산: 남은 %s, 점포당 %s → %d곳 입점 가능, 기대 증가 매출 합계 %s (95%% 구간 %s ~ %s)\n",
				nullWon(bv.LeftKRW), nullWon(bv.CostKRW), bv.Stalls, nullWon(bv.GainKRW), nullWon(bv.GainLowKRW), nullWon(bv.GainHighKRW))
		}
		if len(p.Excluded) > 0 {
			fmt.Fprintf(&b, "제외 %d곳 (이유는 --out 파일의 '제외 점포' 시트)\n", len(p.Excluded))
		}
		fmt.Fprintf(&b, "검증: %s\n", p.Backtest.Summary())
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeColumns pads each cell to its column's display width.
func writeColumns(b *strings.Builder, rows [][]string) {
	widths := map[int]int{}
	for _, row := range rows {
		for c, cell := range row {
			widths[c] = max(widths[c], displayWidth(cell))
		}
	}
	for _, row := range rows {
		for c, cell := range row {
			b.WriteString(cell)
			if c < len(row)-1 {
				b.WriteString(strings.Repeat(" ", widths[c]-displayWidth(cell)+2))
			}
		}
		b.WriteString("\n")
	}
}

// displayWidth is the number of terminal columns s takes: two for East
// Asian wide and fullwidth characters, one for the rest.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

// Save writes the shortlist to path as a workbook (.xlsx) or CSV (.csv),
// replacing the file whole.
func (s *Shortlist) Save(path string) error {
	var buf bytes.Buffer
	var err error
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".xlsx":
		err = s.WriteXLSX(&buf)
	case ".csv":
		err = s.WriteCSV(&buf)
	default:
		return fmt.Errorf("%s: want a .xlsx or .csv file", path)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return writeFile(path, buf.Bytes())
}

// Summary says in one Korean sentence how well the ranking did on the
// earlier wave, and so how far to trust it.
func (b ShortlistBacktest) Summary() string {
	if !b.Cutoff.Valid || !b.Spearman.Valid {
		if b.Note != "" {
			return b.Note
		}
		return "검증할 앞선 참여 차수가 없습니다."
	}
	s := fmt.Sprintf("%s 참여 %d곳을 그 전 자료만으로 순위를 매겨 보니, 참여 후 %d개월 실제 증가 매출과의 순위 상관이 %.2f",
		b.Cutoff.V.Format("2006년 1월"), b.WaveStalls.V, b.MonthsAfter.V, b.Spearman.V)
	if b.TopThird.Valid && b.RandomThird.Valid {
		s += fmt.Sprintf(", 상위 3분의 1이 증가 매출의 %s를 차지했습니다(무작위로 고르면 %s)",
			formatPercent(b.TopThird.V), formatPercent(b.RandomThird.V))
	}
	switch rho := b.Spearman.V; {
	case rho >= 0.7:
		s += ". 순위는 믿을 만합니다."
	case rho >= 0.4:
		s += ". 순위는 대략적인 참고용입니다."
	default:
		s += ". 순위만으로 고르기는 어렵습니다: 점포 사정을 함께 보세요."
	}
	return s
}
