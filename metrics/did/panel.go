package did

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// Columns names the panel's columns in a CSV header or an Arrow schema.
type Columns struct {
	Unit    string // unit identifier
	Time    string // period: an integer, or a date (YYYY-MM-DD, YYYY-MM, YYYY.MM.DD)
	Outcome string // numeric outcome
	Cohort  string // first treated period, same kind as Time; 0 or empty = never treated
}

// RowError is bad input at one row and column of a file. Row counts lines
// from 1 (the header); Column is the column's header name, or empty when the
// problem concerns the whole row.
type RowError struct {
	File   string
	Row    int
	Column string
	Err    error
}

// Error prints file:row:column: reason.
func (e *RowError) Error() string {
	if e.Column == "" {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Row, e.Err)
	}
	return fmt.Sprintf("%s:%d:%s: %v", e.File, e.Row, e.Column, e.Err)
}

func (e *RowError) Unwrap() error { return e.Err }

// ReadPanelCSV reads a long panel from CSV data with a header row. name
// names the input in errors. The time column holds integers (years, or any
// consecutive numbering) or dates; with dates every period becomes a month
// numbered year*12+month-1, the cohort column is read the same way (a date,
// or 0 or empty for never treated) and Panel.TimeIsMonth is set. Which kind
// the time column holds is decided by its first data row. Any bad value
// returns a *RowError naming the row and column.
func ReadPanelCSV(r io.Reader, name string, cols Columns) (Panel, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	first, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return Panel{}, &RowError{File: name, Row: 1, Err: errors.New("no header row")}
	}
	if err != nil {
		return Panel{}, csvError(name, 1, err)
	}
	header, idx, cerr := headerIndex(first, cols)
	if cerr != nil {
		return Panel{}, &RowError{File: name, Row: 1, Column: cerr.column, Err: cerr.err}
	}

	var p Panel
	mode := timeUnknown
	row := 1
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return Panel{}, csvError(name, row+1, err)
		}
		row, _ = cr.FieldPos(0)
		field := func(k int) string { return strings.TrimSpace(rec[idx[k]]) }
		bad := func(k int, err error) error {
			return &RowError{File: name, Row: row, Column: header[idx[k]], Err: err}
		}

		unit := field(colUnit)
		if unit == "" {
			return Panel{}, bad(colUnit, errors.New("empty unit identifier"))
		}
		if mode == timeUnknown {
			mode, err = detectTimeMode(field(colTime))
			if err != nil {
				return Panel{}, bad(colTime, err)
			}
		}
		t, err := mode.parseTime(field(colTime))
		if err != nil {
			return Panel{}, bad(colTime, err)
		}
		y, err := strconv.ParseFloat(field(colOutcome), 64)
		if err != nil {
			return Panel{}, bad(colOutcome, fmt.Errorf("outcome %q is not a number", field(colOutcome)))
		}
		if math.IsNaN(y) || math.IsInf(y, 0) {
			return Panel{}, bad(colOutcome, fmt.Errorf("outcome %q is not finite", field(colOutcome)))
		}
		g, err := mode.parseCohort(field(colCohort))
		if err != nil {
			return Panel{}, bad(colCohort, err)
		}
		p.Unit = append(p.Unit, unit)
		p.Time = append(p.Time, t)
		p.Outcome = append(p.Outcome, y)
		p.Cohort = append(p.Cohort, g)
	}
	if len(p.Unit) == 0 {
		return Panel{}, &RowError{File: name, Row: 2, Err: errors.New("no data rows")}
	}
	p.TimeIsMonth = mode == timeMonth
	return p, nil
}

// Column positions in the index returned by headerIndex.
const (
	colUnit = iota
	colTime
	colOutcome
	colCohort
)

type columnError struct {
	column string
	err    error
}

// headerIndex finds each named column in the header (exact match after
// trimming spaces and a byte-order mark, else case-insensitive). It returns
// the cleaned header, a copy that later reads cannot overwrite.
func headerIndex(first []string, cols Columns) ([]string, [4]int, *columnError) {
	var idx [4]int
	names := [4]string{cols.Unit, cols.Time, cols.Outcome, cols.Cohort}
	header := make([]string, len(first))
	for i, h := range first {
		header[i] = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
	}
	for k, want := range names {
		if want == "" {
			return nil, idx, &columnError{err: fmt.Errorf("no column name given for the %s", [4]string{"unit", "time", "outcome", "cohort"}[k])}
		}
		idx[k] = -1
		for i, h := range header {
			if h == want {
				idx[k] = i
				break
			}
		}
		if idx[k] < 0 {
			for i, h := range header {
				if strings.EqualFold(h, want) {
					idx[k] = i
					break
				}
			}
		}
		if idx[k] < 0 {
			return nil, idx, &columnError{column: want, err: fmt.Errorf("column not found in header %q", strings.Join(header, ","))}
		}
	}
	return header, idx, nil
}

// csvError turns an encoding/csv error into a RowError at the line it names.
func csvError(name string, row int, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &RowError{File: name, Row: pe.Line, Err: pe.Err}
	}
	return &RowError{File: name, Row: row, Err: err}
}

// timeMode is how a panel's time and cohort values are written.
type timeMode int

const (
	timeUnknown timeMode = iota
	timeInteger
	timeMonth
)

// detectTimeMode decides from the first data row whether periods are
// integers or dates.
func detectTimeMode(s string) (timeMode, error) {
	if _, err := strconv.Atoi(s); err == nil {
		return timeInteger, nil
	}
	if _, err := parseMonth(s); err == nil {
		return timeMonth, nil
	}
	return timeUnknown, fmt.Errorf("time %q is neither an integer period nor a date (YYYY-MM-DD, YYYY-MM, YYYY.MM.DD)", s)
}

func (m timeMode) parseTime(s string) (int, error) {
	if m == timeMonth {
		t, err := parseMonth(s)
		if err != nil {
			return 0, fmt.Errorf("time %q: %w, as in the first row", s, err)
		}
		return t, nil
	}
	t, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("time %q is not an integer period, as in the first row", s)
	}
	return t, nil
}

func (m timeMode) parseCohort(s string) (int, error) {
	if s == "" || s == "0" {
		return 0, nil
	}
	if m == timeMonth {
		g, err := parseMonth(s)
		if err != nil {
			return 0, fmt.Errorf("cohort %q: %w (or 0/empty for never treated)", s, err)
		}
		return g, nil
	}
	g, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("cohort %q is not an integer period (or 0/empty for never treated)", s)
	}
	return g, nil
}

// monthLayouts are the accepted date forms; days are checked and dropped.
var monthLayouts = []string{"2006-01-02", "2006-01", "2006.01.02", "2006.01", "2006/01/02", "2006/01"}

// parseMonth reads a date as a month number year*12+month-1.
func parseMonth(s string) (int, error) {
	for _, layout := range monthLayouts {
		if len(s) != len(layout) {
			continue
		}
		d, err := time.Parse(layout, s)
		if err != nil {
			continue
		}
		if d.Year() < 1 {
			return 0, errors.New("year must be at least 1")
		}
		return monthNumber(d), nil
	}
	return 0, errors.New("not a date (YYYY-MM-DD, YYYY-MM or YYYY.MM.DD)")
}

func monthNumber(d time.Time) int { return d.Year()*12 + int(d.Month()) - 1 }

// periodLabel prints a period: "2021-03" for month numbers, else the integer.
func periodLabel(period int, month bool) string {
	if month && period >= 0 {
		return fmt.Sprintf("%04d-%02d", period/12, period%12+1)
	}
	return strconv.Itoa(period)
}

// cohortLabel is periodLabel with 0 shown as "never".
func cohortLabel(g int, month bool) string {
	if g == 0 {
		return "never"
	}
	return periodLabel(g, month)
}

// FromArrow builds a Panel from an Arrow record batch. The unit column may
// be of any type (values are read as strings); time and cohort are integer
// columns, or date/timestamp columns read as months (then a null or 0
// cohort is never treated); the outcome is a float or integer column. Nulls
// and bad values return a *RowError with File "arrow" and Row the 1-based
// record index (0 when a column is missing from the schema).
func FromArrow(rec arrow.RecordBatch, cols Columns) (Panel, error) {
	names := [4]string{cols.Unit, cols.Time, cols.Outcome, cols.Cohort}
	var arrs [4]arrow.Array
	for k, name := range names {
		found := rec.Schema().FieldIndices(name)
		if len(found) == 0 {
			return Panel{}, &RowError{File: "arrow", Row: 0, Column: name, Err: errors.New("column not found in schema")}
		}
		arrs[k] = rec.Column(found[0])
	}
	month := isDate(arrs[colTime].DataType())
	rows := int(rec.NumRows())
	p := Panel{
		Unit:        make([]string, rows),
		Time:        make([]int, rows),
		Outcome:     make([]float64, rows),
		Cohort:      make([]int, rows),
		TimeIsMonth: month,
	}
	for i := 0; i < rows; i++ {
		bad := func(k int, err error) error {
			return &RowError{File: "arrow", Row: i + 1, Column: names[k], Err: err}
		}
		for _, k := range []int{colUnit, colTime, colOutcome} {
			if arrs[k].IsNull(i) {
				return Panel{}, bad(k, errors.New("null value"))
			}
		}
		p.Unit[i] = arrowString(arrs[colUnit], i)
		if p.Unit[i] == "" {
			return Panel{}, bad(colUnit, errors.New("empty unit identifier"))
		}
		var err error
		if p.Time[i], err = arrowPeriod(arrs[colTime], i, month); err != nil {
			return Panel{}, bad(colTime, err)
		}
		if p.Outcome[i], err = arrowFloat(arrs[colOutcome], i); err != nil {
			return Panel{}, bad(colOutcome, err)
		}
		if arrs[colCohort].IsNull(i) {
			p.Cohort[i] = 0
		} else if p.Cohort[i], err = arrowPeriod(arrs[colCohort], i, month); err != nil {
			return Panel{}, bad(colCohort, err)
		}
	}
	return p, nil
}

func isDate(dt arrow.DataType) bool {
	switch dt.ID() {
	case arrow.DATE32, arrow.DATE64, arrow.TIMESTAMP:
		return true
	}
	return false
}

func arrowString(a arrow.Array, i int) string {
	switch a := a.(type) {
	case *array.String:
		return a.Value(i)
	case *array.LargeString:
		return a.Value(i)
	case *array.StringView:
		return a.Value(i)
	}
	return a.ValueStr(i)
}

// arrowPeriod reads an integer period, or a date as a month number when
// month is set (an integer 0 is then never treated).
func arrowPeriod(a arrow.Array, i int, month bool) (int, error) {
	if isDate(a.DataType()) {
		if !month {
			return 0, errors.New("date value but the time column holds integers")
		}
		var d time.Time
		switch a := a.(type) {
		case *array.Date32:
			d = a.Value(i).ToTime()
		case *array.Date64:
			d = a.Value(i).ToTime()
		case *array.Timestamp:
			d = a.Value(i).ToTime(a.DataType().(*arrow.TimestampType).Unit)
		}
		if d.Year() < 1 {
			return 0, errors.New("year must be at least 1")
		}
		return monthNumber(d), nil
	}
	v, err := arrowInt(a, i)
	if err != nil {
		return 0, err
	}
	if month && v != 0 {
		return 0, fmt.Errorf("integer %d in a date panel (only 0, never treated, is allowed)", v)
	}
	return int(v), nil
}

func arrowInt(a arrow.Array, i int) (int64, error) {
	switch a := a.(type) {
	case *array.Int8:
		return int64(a.Value(i)), nil
	case *array.Int16:
		return int64(a.Value(i)), nil
	case *array.Int32:
		return int64(a.Value(i)), nil
	case *array.Int64:
		return a.Value(i), nil
	case *array.Uint8:
		return int64(a.Value(i)), nil
	case *array.Uint16:
		return int64(a.Value(i)), nil
	case *array.Uint32:
		return int64(a.Value(i)), nil
	case *array.Uint64:
		v := a.Value(i)
		if v > math.MaxInt64 {
			return 0, fmt.Errorf("period %d is too large", v)
		}
		return int64(v), nil
	case *array.Float64:
		v := a.Value(i)
		if v != math.Trunc(v) || math.Abs(v) > 1<<53 {
			return 0, fmt.Errorf("period %v is not an integer", v)
		}
		return int64(v), nil
	}
	return 0, fmt.Errorf("unsupported period type %s", a.DataType())
}

func arrowFloat(a arrow.Array, i int) (float64, error) {
	var v float64
	switch a := a.(type) {
	case *array.Float64:
		v = a.Value(i)
	case *array.Float32:
		v = float64(a.Value(i))
	default:
		n, err := arrowInt(a, i)
		if err != nil {
			return 0, fmt.Errorf("unsupported outcome type %s", a.DataType())
		}
		v = float64(n)
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("outcome %v is not finite", v)
	}
	return v, nil
}
