package did

import (
	"bytes"
	"encoding/json"
	"flag"
	"math"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// TestWriteJSON checks the documented JSON shape and that it carries the
// result's numbers.
func TestWriteJSON(t *testing.T) {
	res, err := Estimate(tinyPanel(), Options{Control: NotYetTreated, Base: Universal})
	if err != nil {
		t.Fatalf("Estimate: %v", err)
	}
	var buf bytes.Buffer
	if err := res.WriteJSON(&buf); err != nil {
		t.Fatalf("WriteJSON: %v", err)
	}
	var got struct {
		Estimator  string `json:"estimator"`
		Control    string `json:"control"`
		BasePeriod string `json:"base_period"`
		NUnits     int    `json:"n_units"`
		NPeriods   int    `json:"n_periods"`
		ATTgt      []struct {
			Group, Time int
			ATT         float64 `json:"att"`
			SE          float64 `json:"se"`
			CILow       float64 `json:"ci_low"`
			CIHigh      float64 `json:"ci_high"`
			Reference   bool    `json:"reference"`
		} `json:"att_gt"`
		Aggregates struct {
			Simple struct {
				ATT float64 `json:"att"`
				SE  float64 `json:"se"`
			} `json:"simple"`
			Dynamic []struct {
				EventTime int     `json:"event_time"`
				ATT       float64 `json:"att"`
				SE        float64 `json:"se"`
			} `json:"dynamic"`
			Group []struct {
				Group int     `json:"group"`
				ATT   float64 `json:"att"`
				SE    float64 `json:"se"`
			} `json:"group"`
		} `json:"aggregates"`
		Sensitivity struct {
			Multiple *float64 `json:"multiple"`
		} `json:"sensitivity"`
		Warnings []string `json:"warnings"`
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("output is not the documented JSON: %v\n%s", err, buf.String())
	}
	if got.Estimator != "callaway_santanna" || got.Control != "notyet" || got.BasePeriod != "universal" {
		t.Errorf("header = %q, %q, %q", got.Estimator, got.Control, got.BasePeriod)
	}
	if got.NUnits != 5 || got.NPeriods != 3 {
		t.Errorf("n_units, n_periods = %d, %d, want 5, 3", got.NUnits, got.NPeriods)
	}
	if len(got.ATTgt) != 6 || got.ATTgt[1].Group != 2 || got.ATTgt[1].Time != 2 || math.Abs(got.ATTgt[1].ATT-4.0/3) > 1e-12 {
		t.Errorf("att_gt = %+v, want 6 cells with ATT(2,2) = 4/3 second", got.ATTgt)
	}
	if !got.ATTgt[0].Reference || got.ATTgt[0].SE != 0 {
		t.Errorf("att_gt[0] = %+v, want the reference cell (2,1)", got.ATTgt[0])
	}
	if got.Aggregates.Simple.ATT != res.Simple.ATT || got.Aggregates.Simple.SE != res.Simple.SE {
		t.Errorf("simple = %+v, want %+v", got.Aggregates.Simple, res.Simple)
	}
	if len(got.Aggregates.Dynamic) != 4 || got.Aggregates.Dynamic[0].EventTime != -2 {
		t.Errorf("dynamic = %+v, want event times -2..1", got.Aggregates.Dynamic)
	}
	if len(got.Aggregates.Group) != 2 || got.Aggregates.Group[1].Group != 3 || got.Aggregates.Group[1].ATT != 1.5 {
		t.Errorf("group = %+v, want cohorts 2 and 3 with ATT 1.5 for 3", got.Aggregates.Group)
	}
	if got.Sensitivity.Multiple == nil || *got.Sensitivity.Multiple != res.Sensitivity.Multiple {
		t.Errorf("sensitivity multiple = %v, want %v", got.Sensitivity.Multiple, res.Sensitivity.Multiple)
	}
	if len(got.Warnings) != len(res.Warnings) {
		t.Errorf("warnings = %q, want %q", got.Warnings, res.Warnings)
	}
}

func TestWriteJSONNoSensitivity(t *testing.T) {
	// Without pre-treatment cells (two periods) the multiple is null, not
	// Inf or NaN.
	p := Panel{
		Unit:    []string{"a", "a", "b", "b"},
		Time:    []int{1, 2, 1, 2},
		Outcome: []float64{1, 3, 1, 2},
		Cohort:  []int{2, 2, 0, 0},
	}
	res, err := Estimate(p, Options{})
	if err != nil {
		t.Fatalf("Estimate: %v", err)
	}
	var buf bytes.Buffer
	if err := res.WriteJSON(&buf); err != nil {
		t.Fatalf("WriteJSON: %v", err)
	}
	var got map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("invalid JSON: %v", err)
	}
	sens := got["sensitivity"].(map[string]any)
	if m, ok := sens["multiple"]; !ok || m != nil {
		t.Errorf("sensitivity.multiple = %v, want null", m)
	}
	if got["pretrend"].(map[string]any)["tested"] != false {
		t.Errorf("pretrend = %v, want tested false", got["pretrend"])
	}
}

// TestWriteTable compares the plain-text report of tinyPanel with
// testdata/table.golden (reviewed by hand; rewrite with go test -run
// TestWriteTable -update).
func TestWriteTable(t *testing.T) {
	res, err := Estimate(tinyPanel(), Options{Base: Universal, Seed: 1})
	if err != nil {
		t.Fatalf("Estimate: %v", err)
	}
	var buf bytes.Buffer
	if err := res.WriteTable(&buf); err != nil {
		t.Fatalf("WriteTable: %v", err)
	}
	const golden = "testdata/table.golden"
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (create it with: go test ./metrics/did -run TestWriteTable -update)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("WriteTable differs from %s (if the change is intended: go test ./metrics/did -run TestWriteTable -update)\ngot:\n%s\nwant:\n%s",
			golden, buf.String(), want)
	}
}
