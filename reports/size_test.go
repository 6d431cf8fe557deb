package reports

import (
	"context"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// maxReportBytes is the size budget of a report: it must go by e-mail and
// open quickly from a USB stick on an office PC.
const maxReportBytes = 15 << 20

// TestReportSizeBudget renders testdata/size_fixture.sql, a market the size
// of the default demo (150 stalls, 48 months), and checks that the whole
// site, ECharts included, stays within maxReportBytes. The pages grow with
// stalls and months, so this bounds the default demo's report.
func TestReportSizeBudget(t *testing.T) {
	db := openWarehouse(t, "size_fixture.sql")
	dir := t.TempDir()
	if _, err := Render(context.Background(), db, dir, Options{Version: "v", Now: generated}); err != nil {
		t.Fatal(err)
	}
	var total, stallBytes int64
	var stalls, pages int
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		total += info.Size()
		if strings.HasSuffix(d.Name(), ".html") {
			pages++
		}
		if strings.HasPrefix(d.Name(), "stall_") {
			stalls++
			stallBytes += info.Size()
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if stalls != 150 {
		t.Fatalf("%d stall pages, want 150", stalls)
	}
	t.Logf("report: %d pages, %.1f MB in all; stall pages %.1f KB each on average", pages, float64(total)/1e6, float64(stallBytes)/float64(stalls)/1e3)
	if total > maxReportBytes {
		t.Errorf("the report is %.1f MB, over the budget of %.0f MB", float64(total)/(1<<20), float64(maxReportBytes)/(1<<20))
	}
}
