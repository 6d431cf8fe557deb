package demo

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/korean"

	"sijang/internal/market"
)

// small is the test workspace: 20 stalls over 2019–2020, which still holds
// the first online waves (November 2020).
func small(dir string) Options {
	return Options{Dir: dir, Seed: 7, Stalls: 20, From: ymd(2019, 1, 1), To: ymd(2020, 12, 31)}
}

var (
	sharedOnce sync.Once
	sharedDir  string
	sharedErr  error
)

// shared generates the small workspace once for the tests that only read it.
func shared(t *testing.T) string {
	t.Helper()
	sharedOnce.Do(func() {
		sharedDir, sharedErr = os.MkdirTemp("", "sijang-demo-")
		if sharedErr == nil {
			_, sharedErr = Generate(context.Background(), small(sharedDir))
		}
	})
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return sharedDir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if sharedDir != "" {
		os.RemoveAll(sharedDir)
	}
	os.Exit(code)
}

func TestGenerateIsDeterministic(t *testing.T) {
	a := shared(t)
	b := t.TempDir()
	if _, err := Generate(context.Background(), small(b)); err != nil {
		t.Fatal(err)
	}
	fa, fb := tree(t, a), tree(t, b)
	if !slices.Equal(fa, fb) {
		t.Fatalf("file sets differ:\n%v\n%v", fa, fb)
	}
	for _, rel := range fa {
		x, err := os.ReadFile(filepath.Join(a, rel))
		if err != nil {
			t.Fatal(err)
		}
		y, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs", rel)
		}
	}
}

// TestExtraMarketsLeaveTheFirstAlone checks that the first market's exports
// do not change when markets are added.
func TestExtraMarketsLeaveTheFirstAlone(t *testing.T) {
	a := shared(t)
	b := t.TempDir()
	opt := small(b)
	opt.Markets = 2
	if _, err := Generate(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	cfg, err := market.Load(filepath.Join(b, market.FileName))
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Markets) != 2 || cfg.Markets[1].ID != "daein" {
		t.Fatalf("markets: got %d, second %q", len(cfg.Markets), cfg.Markets[1].ID)
	}
	n := 0
	for _, rel := range tree(t, a) {
		if !strings.Contains(rel, "/namgwangju/") {
			continue
		}
		x, _ := os.ReadFile(filepath.Join(a, rel))
		y, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil || !bytes.Equal(x, y) {
			t.Errorf("%s changed when a market was added (err %v)", rel, err)
		}
		n++
	}
	if n < 50 {
		t.Errorf("compared only %d files of the first market", n)
	}
}

func TestMarketYAMLLoads(t *testing.T) {
	dir := shared(t)
	cfg, err := market.Load(filepath.Join(dir, market.FileName))
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Markets) != 1 {
		t.Fatalf("got %d markets, want 1", len(cfg.Markets))
	}
	m := cfg.Markets[0]
	if m.ID != "namgwangju" || m.Name != "남광주시장" || m.BaselineYear != 2019 || len(m.Stalls) != 20 {
		t.Errorf("market %s %s baseline %d with %d stalls", m.ID, m.Name, m.BaselineYear, len(m.Stalls))
	}
	if len(m.Alleys) != 6 || len(m.Sensors) != 12 || len(m.Programs) != 4 {
		t.Errorf("%d alleys, %d sensors, %d programs", len(m.Alleys), len(m.Sensors), len(m.Programs))
	}
	if m.Budget.TotalKRW != 1_000_000_000 {
		t.Errorf("budget %d", m.Budget.TotalKRW)
	}
	var plan int64
	for _, c := range m.Budget.Components {
		plan += c.PlanKRW
	}
	if plan != m.Budget.TotalKRW {
		t.Errorf("components plan %d, total %d", plan, m.Budget.TotalKRW)
	}
	byName := map[string]market.Stall{}
	for _, s := range m.Stalls {
		byName[s.Name] = s
	}
	first := map[string]string{"자매수산": "smartstore", "나주수산": "smartstore", "떡갈비본가 덕이네": "smartstore", "일호상사": "smartstore", "목포수산": "jangbogi"}
	for name, prog := range first {
		s, ok := byName[name]
		if !ok {
			t.Errorf("no stall %s", name)
			continue
		}
		want := "2020-11-02"
		if prog == "jangbogi" {
			want = "2020-11-23"
		}
		found := false
		for _, e := range m.Enrollments {
			if e.Stall == s.ID && e.Program == prog && e.EnrolledOn.Format(time.DateOnly) == want {
				found = true
			}
		}
		if !found {
			t.Errorf("%s (%s) not enrolled in %s on %s", name, s.ID, prog, want)
		}
	}
}

// TestExportsNetToTruth reads every export back the way the ingest is meant
// to (card cancellations net out; on overlapping order exports the newest
// status wins; malformed rows are skipped) and compares with truth.json.
func TestExportsNetToTruth(t *testing.T) {
	dir := shared(t)
	var tr truth
	b, err := os.ReadFile(filepath.Join(dir, truthFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &tr); err != nil {
		t.Fatal(err)
	}
	bad := map[string]bool{}
	for _, m := range tr.Malformed {
		bad[m.File+":"+strconv.Itoa(m.Row)] = true
	}
	if len(tr.Malformed) != 8 {
		t.Errorf("%d malformed rows, want 8", len(tr.Malformed))
	}
	var want truthChannels
	for _, mo := range tr.Markets[0].Monthly {
		want.Offline += mo.NetKRW.Offline
		want.Smartstore += mo.NetKRW.Smartstore
		want.Jangbogi += mo.NetKRW.Jangbogi
	}
	var got truthChannels
	type line struct {
		amount int64
		status string
	}
	latest := map[string]line{} // smartstore line → newest state
	found := 0
	for _, f := range tr.Files {
		path := filepath.Join(dir, filepath.FromSlash(f.Path))
		switch {
		case f.Kind == kindCard:
			rows := readCSV(t, path, true)
			for i, r := range rows[cardTitleRows:] {
				if bad[f.Path+":"+strconv.Itoa(cardTitleRows+i+1)] {
					found++
					continue
				}
				got.Offline += amount(t, r[6])
			}
		case f.Channel == "jangbogi":
			rows := readCSV(t, path, false)
			for i, r := range rows[1:] {
				if bad[f.Path+":"+strconv.Itoa(i+2)] {
					found++
					continue
				}
				if r[4] != "취소" {
					got.Jangbogi += amount(t, r[9])
				}
			}
		case f.Kind == kindFootfall:
			rows := readCSV(t, path, false)
			for i, r := range rows[1:] {
				if bad[f.Path+":"+strconv.Itoa(i+2)] {
					found++
					if r[3] != "-5" && r[0] != "G-UNKNOWN-9" {
						t.Errorf("%s:%d is not a malformed footfall row: %q", f.Path, i+2, r)
					}
				}
			}
		case f.Kind == kindSmartstore:
			x, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			rows, err := x.GetRows(ssSheet)
			x.Close()
			if err != nil {
				t.Fatal(err)
			}
			h := 0
			if len(rows[0]) == 1 {
				h = 1 // notice row
			}
			col := map[string]int{}
			for i, name := range rows[h] {
				col[name] = i
			}
			for i, r := range rows[h+1:] {
				if bad[f.Path+":"+strconv.Itoa(h+i+2)] {
					found++
					continue
				}
				// Files are listed by path: per store, in export order.
				latest[r[col["상품주문번호"]]] = line{amount(t, r[col["최종 상품별 총 주문금액"]]), r[col["주문상태"]]}
			}
		}
	}
	for _, l := range latest {
		if l.status != "취소" && l.status != "반품" {
			got.Smartstore += l.amount
		}
	}
	if got != want {
		t.Errorf("exports net to %+v, truth says %+v", got, want)
	}
	if found != 8 {
		t.Errorf("found %d of the malformed rows where truth.json says", found)
	}
	if want.Smartstore == 0 || want.Jangbogi == 0 {
		t.Errorf("no online sales in the test period: %+v", want)
	}
	lines := tr.SalesLines["smartstore"].Lines
	if len(latest) != lines {
		t.Errorf("%d smartstore lines in the exports, truth says %d", len(latest), lines)
	}
}

func TestFakePersonalData(t *testing.T) {
	dir := shared(t)
	matches, err := filepath.Glob(filepath.Join(dir, "inbox/jangbogi/*/*/*.csv"))
	if err != nil || len(matches) == 0 {
		t.Fatalf("no jangbogi exports (%v)", err)
	}
	rows := readCSV(t, matches[0], false)
	for _, r := range rows[1:] {
		if !strings.HasPrefix(r[11], "가명구매자") || !strings.HasPrefix(r[12], "fakebuyer") ||
			!strings.HasPrefix(r[14], "010-0000-") || !strings.HasPrefix(r[15], "가상시 가상구 테스트로") {
			t.Fatalf("personal data not obviously fake: %q", r)
		}
	}
}

func TestPermuteIsOneToOne(t *testing.T) {
	const n = 100_000
	seen := make(map[uint64]bool, n)
	for x := range uint64(n) {
		y := permute(x, 1e8, 42)
		if y >= 1e8 || seen[y] {
			t.Fatalf("permute(%d) = %d: out of range or repeated", x, y)
		}
		seen[y] = true
	}
}

func TestSplitAmount(t *testing.T) {
	st := newStream(1)
	for i, c := range []struct {
		total int64
		n     int
	}{{5_000, 1}, {300_000, 1}, {1_234_500, 13}, {600_000, 2}, {1_000_000, 200}} {
		st.reset(uint64(i))
		parts := splitAmount(st, c.total, c.n)
		var sum int64
		for _, p := range parts {
			if p < cardMinAmount || p > cardMaxAmount || p%100 != 0 {
				t.Errorf("split %d in %d: part %d", c.total, c.n, p)
			}
			sum += p
		}
		if sum != c.total {
			t.Errorf("split %d in %d sums to %d", c.total, c.n, sum)
		}
	}
}

// tree lists the files under dir, slash-separated and sorted.
func tree(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		out = append(out, filepath.ToSlash(rel))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

func readCSV(t *testing.T, path string, cp949 bool) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = f
	if cp949 {
		r = korean.EUCKR.NewDecoder().Reader(f)
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	var rows [][]string
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, rec)
	}
	if !cp949 && len(rows) > 0 {
		rows[0][0] = strings.TrimPrefix(rows[0][0], "\ufeff")
	}
	if cp949 {
		// The csv reader skips the blank line; put it back so row numbers match.
		rows = slices.Insert(rows, 2, []string{""})
	}
	return rows
}

func amount(t *testing.T, s string) int64 {
	t.Helper()
	v, err := strconv.ParseInt(strings.NewReplacer(",", "", "원", "").Replace(s), 10, 64)
	if err != nil {
		t.Fatalf("amount %q: %v", s, err)
	}
	return v
}

// TestLongerPeriodKeepsExports checks that an export depends only on what
// is known at its export time: generating one more month adds files and
// changes none of the shorter period's exports, except the two cumulative
// ledgers the programme office re-exports whole.
func TestLongerPeriodKeepsExports(t *testing.T) {
	opt := func(dir string, to time.Time) Options {
		return Options{Dir: dir, Seed: 7, Stalls: 20, TxPerDay: 2, From: ymd(2022, 1, 1), To: to}
	}
	short, long := t.TempDir(), t.TempDir()
	sum, err := Generate(context.Background(), opt(short, ymd(2022, 11, 30)))
	if err != nil {
		t.Fatal(err)
	}
	if sum.Malformed == 0 {
		t.Error("no malformed rows to 2022-11: the test does not cover their placement")
	}
	if _, err := Generate(context.Background(), opt(long, ymd(2022, 12, 31))); err != nil {
		t.Fatal(err)
	}
	cumulative := map[string]bool{
		"inbox/program/사업비_집행내역.csv":    true,
		"inbox/program/라이브커머스_방송목록.csv": true,
	}
	inbox := func(dir string) []string {
		var out []string
		for _, rel := range tree(t, dir) {
			if strings.HasPrefix(rel, "inbox/") && !cumulative[rel] {
				out = append(out, rel)
			}
		}
		return out
	}
	shortFiles, longFiles := inbox(short), inbox(long)
	if len(shortFiles) < 100 || len(longFiles) <= len(shortFiles) {
		t.Fatalf("%d files to 2022-11, %d to 2022-12", len(shortFiles), len(longFiles))
	}
	for _, rel := range shortFiles {
		x, err := os.ReadFile(filepath.Join(short, rel))
		if err != nil {
			t.Fatal(err)
		}
		y, err := os.ReadFile(filepath.Join(long, rel))
		if err != nil {
			t.Errorf("%s: missing when the period grows (%v)", rel, err)
			continue
		}
		if !bytes.Equal(x, y) {
			t.Errorf("%s changes when the period grows by a month", rel)
		}
	}
}
