package did

import (
	"os"
	"testing"
)

func TestScratch(t *testing.T) {
	f, _ := os.Open("testdata/mpdta.csv")
	p, err := ReadPanelCSV(f, "mpdta.csv", Columns{Unit: "countyreal", Time: "year", Outcome: "lemp", Cohort: "first.treat"})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range []Options{{}, {Control: NotYetTreated}, {Base: Universal}} {
		r, err := Estimate(p, o)
		if err != nil {
			t.Fatal(err)
		}
		r.WriteTable(os.Stdout)
	}
}
