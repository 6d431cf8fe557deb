package did

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

var smallColumns = Columns{Unit: "unit", Time: "time", Outcome: "y", Cohort: "cohort"}

func TestReadPanelCSVIntegers(t *testing.T) {
	f, err := os.Open("testdata/small.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := ReadPanelCSV(f, "small.csv", smallColumns)
	if err != nil {
		t.Fatalf("ReadPanelCSV: %v", err)
	}
	if want := tinyPanel(); !reflect.DeepEqual(got, want) {
		t.Errorf("ReadPanelCSV(small.csv) =\n%+v\nwant\n%+v", got, want)
	}
}

func TestReadPanelCSVMonths(t *testing.T) {
	f, err := os.Open("testdata/monthly.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := ReadPanelCSV(f, "monthly.csv", Columns{Unit: "stall", Time: "month", Outcome: "sales", Cohort: "opened_card"})
	if err != nil {
		t.Fatalf("ReadPanelCSV: %v", err)
	}
	if !p.TimeIsMonth {
		t.Error("TimeIsMonth = false for a date column")
	}
	// 2021-01 is month 2021·12 + 0 = 24252.
	jan, feb, mar := 24252, 24253, 24254
	wantTime := []int{jan, feb, mar, jan, feb, mar, jan, feb, mar, jan, feb, mar}
	wantCohort := []int{feb, feb, feb, mar, mar, mar, 0, 0, 0, 0, 0, 0}
	if !reflect.DeepEqual(p.Time, wantTime) || !reflect.DeepEqual(p.Cohort, wantCohort) {
		t.Errorf("time %v cohort %v, want %v and %v", p.Time, p.Cohort, wantTime, wantCohort)
	}

	// The same numbers as ExampleEstimate, labelled by month.
	res, err := Estimate(p, Options{})
	if err != nil {
		t.Fatalf("Estimate: %v", err)
	}
	if got := res.Label(res.Cells[0].Group); got != "2021-02" {
		t.Errorf("Label(%d) = %q, want 2021-02", res.Cells[0].Group, got)
	}
	near(t, "ATT(2021-02, 2021-03)", res.Cells[1].ATT, 2, 1e-12)
	var buf bytes.Buffer
	if err := res.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"group_label": "2021-02"`) || !strings.Contains(buf.String(), `"time_label": "2021-03"`) {
		t.Errorf("JSON lacks month labels:\n%s", buf.String())
	}
}

func TestReadPanelCSVErrors(t *testing.T) {
	header := "unit,time,y,cohort\n"
	tests := []struct {
		name, data, want string
	}{
		{"empty file", "", "bad.csv:1: no header row"},
		{"missing column", "unit,time,cohort\nA,1,0\n", `bad.csv:1:y: column not found in header "unit,time,cohort"`},
		{"no rows", header, "bad.csv:2: no data rows"},
		{"bad time", header + "A,1,1,0\nA,x,2,0\n", `bad.csv:3:time: time "x" is not an integer period, as in the first row`},
		{"neither int nor date", header + "A,2021-13,1,0\n", `bad.csv:2:time: time "2021-13" is neither an integer period nor a date`},
		{"date after integers", header + "A,1,1,0\nA,2021-01,1,0\n", `bad.csv:3:time: time "2021-01" is not an integer period`},
		{"integer after dates", header + "A,2021-01,1,0\nA,2,1,0\n", `bad.csv:3:time: time "2": not a date`},
		{"bad outcome", header + "A,1,1,0\nA,2,abc,0\n", `bad.csv:3:y: outcome "abc" is not a number`},
		{"infinite outcome", header + "A,1,Inf,0\n", `bad.csv:2:y: outcome "Inf" is not finite`},
		{"bad cohort", header + "A,1,1,2x\n", `bad.csv:2:cohort: cohort "2x" is not an integer period`},
		{"bad date cohort", header + "A,2021-01,1,2021-02-30\n", `bad.csv:2:cohort: cohort "2021-02-30": not a date`},
		{"empty unit", header + " ,1,1,0\n", "bad.csv:2:unit: empty unit identifier"},
		{"ragged row", header + "A,1,1,0\nA,2,1\n", "bad.csv:3: wrong number of fields"},
		{"quoted field spanning lines", header + "A,1,1,0\n\"B\nC\",2,x,0\n", `bad.csv:3:y: outcome "x" is not a number`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadPanelCSV(strings.NewReader(tt.data), "bad.csv", smallColumns)
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			var re *RowError
			if !errors.As(err, &re) {
				t.Fatalf("error %v (%T) is not a *RowError", err, err)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error = %q, want prefix %q", err, tt.want)
			}
		})
	}
}

func TestReadPanelCSVHeaderTolerance(t *testing.T) {
	// A byte-order mark, spaces and a different case still find the columns.
	data := "\ufeff UNIT , Time,Y,Cohort\nA,1,1,2\nA,2,3,2\nB,1,1,0\nB,2,2,0\n"
	p, err := ReadPanelCSV(strings.NewReader(data), "h.csv", smallColumns)
	if err != nil {
		t.Fatalf("ReadPanelCSV: %v", err)
	}
	if len(p.Unit) != 4 || p.Unit[0] != "A" || p.Cohort[0] != 2 || p.Outcome[1] != 3 {
		t.Errorf("panel = %+v", p)
	}
}

func TestFromArrow(t *testing.T) {
	mem := memory.NewGoAllocator()
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "unit", Type: arrow.BinaryTypes.String},
		{Name: "time", Type: arrow.PrimitiveTypes.Int64},
		{Name: "y", Type: arrow.PrimitiveTypes.Float64},
		{Name: "cohort", Type: arrow.PrimitiveTypes.Int32, Nullable: true},
	}, nil)
	b := array.NewRecordBuilder(mem, schema)
	defer b.Release()
	want := tinyPanel()
	for i := range want.Unit {
		b.Field(0).(*array.StringBuilder).Append(want.Unit[i])
		b.Field(1).(*array.Int64Builder).Append(int64(want.Time[i]))
		b.Field(2).(*array.Float64Builder).Append(want.Outcome[i])
		if want.Cohort[i] == 0 && i%2 == 0 {
			b.Field(3).(*array.Int32Builder).AppendNull() // null cohort = never treated
		} else {
			b.Field(3).(*array.Int32Builder).Append(int32(want.Cohort[i]))
		}
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	got, err := FromArrow(rec, smallColumns)
	if err != nil {
		t.Fatalf("FromArrow: %v", err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("FromArrow =\n%+v\nwant\n%+v", got, want)
	}
}

func TestFromArrowDates(t *testing.T) {
	mem := memory.NewGoAllocator()
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "unit", Type: arrow.PrimitiveTypes.Int64},
		{Name: "time", Type: arrow.FixedWidthTypes.Date32},
		{Name: "y", Type: arrow.PrimitiveTypes.Float32},
		{Name: "cohort", Type: arrow.FixedWidthTypes.Date32, Nullable: true},
	}, nil)
	b := array.NewRecordBuilder(mem, schema)
	defer b.Release()
	day := func(y int, m time.Month, d int) arrow.Date32 {
		return arrow.Date32FromTime(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
	}
	b.Field(0).(*array.Int64Builder).AppendValues([]int64{7, 7, 8}, nil)
	b.Field(1).(*array.Date32Builder).AppendValues([]arrow.Date32{day(2021, 1, 31), day(2021, 2, 1), day(2021, 1, 15)}, nil)
	b.Field(2).(*array.Float32Builder).AppendValues([]float32{1.5, 2, 3}, nil)
	b.Field(3).(*array.Date32Builder).AppendValues([]arrow.Date32{day(2021, 2, 10), day(2021, 2, 10), 0}, []bool{true, true, false})
	rec := b.NewRecordBatch()
	defer rec.Release()
	got, err := FromArrow(rec, smallColumns)
	if err != nil {
		t.Fatalf("FromArrow: %v", err)
	}
	want := Panel{
		Unit:        []string{"7", "7", "8"},
		Time:        []int{24252, 24253, 24252},
		Outcome:     []float64{1.5, 2, 3},
		Cohort:      []int{24253, 24253, 0},
		TimeIsMonth: true,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("FromArrow =\n%+v\nwant\n%+v", got, want)
	}
}

func TestFromArrowErrors(t *testing.T) {
	mem := memory.NewGoAllocator()
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "unit", Type: arrow.BinaryTypes.String},
		{Name: "time", Type: arrow.PrimitiveTypes.Int64},
		{Name: "y", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
		{Name: "cohort", Type: arrow.PrimitiveTypes.Int64},
	}, nil)
	b := array.NewRecordBuilder(mem, schema)
	defer b.Release()
	b.Field(0).(*array.StringBuilder).AppendValues([]string{"a", "a"}, nil)
	b.Field(1).(*array.Int64Builder).AppendValues([]int64{1, 2}, nil)
	b.Field(2).(*array.Float64Builder).AppendValues([]float64{1, 0}, []bool{true, false})
	b.Field(3).(*array.Int64Builder).AppendValues([]int64{0, 0}, nil)
	rec := b.NewRecordBatch()
	defer rec.Release()

	_, err := FromArrow(rec, smallColumns)
	if err == nil || err.Error() != "arrow:2:y: null value" {
		t.Errorf("null outcome: err = %v, want arrow:2:y: null value", err)
	}
	_, err = FromArrow(rec, Columns{Unit: "unit", Time: "time", Outcome: "sales", Cohort: "cohort"})
	if err == nil || !strings.Contains(err.Error(), "sales: column not found") {
		t.Errorf("missing column: err = %v", err)
	}
}

// FuzzReadPanelCSV checks that no input makes the reader (or Estimate on
// what it reads) panic, that every error is a *RowError printed as
// file:row:..., and that accepted panels are consistent.
func FuzzReadPanelCSV(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.csv")
	for _, name := range seeds {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		if len(data) > 4096 { // mpdta: its header and first rows are enough
			data = data[:4096]
		}
		f.Add(data)
	}
	f.Add([]byte("unit,time,y,cohort\nA,2021-01,1,2021-02\nA,2021-02,2,2021-02\nB,2021-01,1,\nB,2021-02,1,0\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, cols := range []Columns{
			smallColumns,
			{Unit: "countyreal", Time: "year", Outcome: "lemp", Cohort: "first.treat"},
			{Unit: "stall", Time: "month", Outcome: "sales", Cohort: "opened_card"},
		} {
			p, err := ReadPanelCSV(bytes.NewReader(data), "fuzz.csv", cols)
			if err != nil {
				var re *RowError
				if !errors.As(err, &re) {
					t.Fatalf("error %v (%T) is not a *RowError", err, err)
				}
				if re.Row < 1 || !strings.HasPrefix(err.Error(), fmt.Sprintf("fuzz.csv:%d", re.Row)) {
					t.Fatalf("error %q does not name its row (%d)", err, re.Row)
				}
				continue
			}
			n := len(p.Unit)
			if n == 0 || len(p.Time) != n || len(p.Outcome) != n || len(p.Cohort) != n {
				t.Fatalf("inconsistent panel: %d units, %d times, %d outcomes, %d cohorts",
					n, len(p.Time), len(p.Outcome), len(p.Cohort))
			}
			res, err := Estimate(p, Options{Bootstrap: 19})
			if err != nil {
				continue
			}
			if err := res.WriteTable(&bytes.Buffer{}); err != nil {
				t.Fatalf("WriteTable: %v", err)
			}
			var buf bytes.Buffer
			if err := res.WriteJSON(&buf); err != nil {
				t.Fatalf("WriteJSON: %v", err)
			}
			if !json.Valid(buf.Bytes()) {
				t.Fatalf("invalid JSON:\n%s", buf.String())
			}
		}
	})
}
