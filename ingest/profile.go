package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// ProfileDir is the workspace folder that holds column-mapping profiles.
const ProfileDir = "profiles"

// Profile maps the columns of an export sijang has no built-in layout for
// onto sales or footfall, so that a new export needs a small YAML file in
// the workspace's profiles/ folder instead of code. See FORMATS.md for
// the fields and an example.
type Profile struct {
	Name       string            `yaml:"name"`        // the source name in the ledger and in sales.source
	Table      string            `yaml:"table"`       // sales or footfall
	Signature  []string          `yaml:"signature"`   // header names that must all be present, besides the mapped columns
	Encoding   string            `yaml:"encoding"`    // auto (default), utf-8 or cp949
	DateFormat string            `yaml:"date_format"` // e.g. "DD.MM.YYYY HH:mm"; default: any Korean form or an Excel serial
	Channel    string            `yaml:"channel"`     // sales channel when no channel column says: offline, smartstore, jangbogi, live, other (default)
	Stall      string            `yaml:"stall"`       // the stall (id or name) when the export is one stall's
	Sensor     string            `yaml:"sensor"`      // the sensor id when the export is one counter's
	Columns    ProfileColumns    `yaml:"columns"`
	Statuses   map[string]string `yaml:"statuses"` // status label (substring) → status

	path     string
	layout   string   // DateFormat as a Go layout
	statuses []string // Statuses' labels, longest first
	source   *Source
}

// ProfileColumns names the export's column for each field.
type ProfileColumns struct {
	OrderKey    columnNames `yaml:"order_key"`    // one column, or a list joined into the key
	Date        string      `yaml:"date"`         // date, or date and time
	Time        string      `yaml:"time"`         // time of day, when separate
	BusinessDay string      `yaml:"business_day"` // the day the sale counts for, when not the date
	Amount      string      `yaml:"amount"`       // won; negative is a refund
	Status      string      `yaml:"status"`
	Quantity    string      `yaml:"quantity"`
	StallID     string      `yaml:"stall_id"`
	StallName   string      `yaml:"stall_name"`
	MerchantNo  string      `yaml:"merchant_no"` // card_merchant_no of market.yaml
	ProductID   string      `yaml:"product_id"`  // product_ids of market.yaml
	Channel     string      `yaml:"channel"`
	Sensor      string      `yaml:"sensor"`
	Visitors    string      `yaml:"visitors"`
}

// columnNames is one column name or a list of them.
type columnNames []string

func (c *columnNames) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*c = columnNames{n.Value}
		return nil
	}
	var list []string
	if err := n.Decode(&list); err != nil {
		return err
	}
	*c = list
	return nil
}

// personalColumns hold personal data in the exports sijang knows. No
// built-in parser reads them (구매자ID only into a keyed hash) and a
// profile may not map them.
var personalColumns = []string{"구매자명", "구매자ID", "구매자연락처", "수취인명", "수취인연락처1", "수취인연락처2",
	"통합배송지", "기본배송지", "상세배송지", "배송지", "우편번호", "배송메세지", "개인통관고유부호",
	"출입방법 내용", "수령위치 내용", "송장번호", "카드번호", "주문자명", "주문자연락처", "연락처", "주소"}

var channels = []string{"offline", "smartstore", "jangbogi", "live", "other"}

// LoadProfiles reads every *.yaml and *.yml file of dir as a Profile, in
// name order. A missing dir means no profiles.
func LoadProfiles(dir string) ([]*Profile, error) {
	var paths []string
	for _, pat := range []string{"*.yaml", "*.yml"} {
		m, err := filepath.Glob(filepath.Join(dir, pat))
		if err != nil {
			return nil, err
		}
		paths = append(paths, m...)
	}
	sort.Strings(paths)
	var out []*Profile
	names := map[string]string{}
	for _, path := range paths {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		pr, err := ParseProfile(b)
		if err != nil {
			return nil, fmt.Errorf("profile %s: %w", path, err)
		}
		if other, dup := names[pr.Name]; dup {
			return nil, fmt.Errorf("profile %s: name %q is also used by %s", path, pr.Name, other)
		}
		names[pr.Name] = path
		pr.path = path
		out = append(out, pr)
	}
	return out, nil
}

// ParseProfile reads and checks one profile. Unknown fields are errors, so
// that a misspelt column key is not silently ignored.
func ParseProfile(b []byte) (*Profile, error) {
	var pr Profile
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&pr); err != nil {
		return nil, err
	}
	if err := pr.Validate(); err != nil {
		return nil, err
	}
	pr.source = &Source{Name: pr.Name, Table: pr.Table, encoding: pr.Encoding,
		signature: pr.signature(), parse: byColumns(pr.bind, pr.parse)}
	return &pr, nil
}

// Validate reports the first problem: a missing field, an unknown value,
// or a personal column mapped.
func (pr *Profile) Validate() error {
	pr.Name = strings.TrimSpace(pr.Name)
	if pr.Name == "" {
		return errors.New("name is required")
	}
	for _, s := range sources {
		if s.Name == pr.Name {
			return fmt.Errorf("name %q is a built-in source's", pr.Name)
		}
	}
	c := &pr.Columns
	switch pr.Table {
	case "sales":
		if c.Date == "" || c.Amount == "" {
			return errors.New("a sales profile needs columns.date and columns.amount")
		}
		if pr.Stall == "" && c.StallID == "" && c.StallName == "" && c.MerchantNo == "" && c.ProductID == "" {
			return errors.New("a sales profile needs stall, or one of columns.stall_id, stall_name, merchant_no, product_id")
		}
	case "footfall":
		if c.Date == "" || c.Visitors == "" || (pr.Sensor == "" && c.Sensor == "") {
			return errors.New("a footfall profile needs columns.date, columns.visitors, and sensor or columns.sensor")
		}
	default:
		return fmt.Errorf("table %q: want sales or footfall", pr.Table)
	}
	switch strings.ToLower(pr.Encoding) {
	case "", "auto":
		pr.Encoding = ""
	case "utf-8", "utf8":
		pr.Encoding = "utf-8"
	case "cp949", "euc-kr", "euckr":
		pr.Encoding = "cp949"
	default:
		return fmt.Errorf("encoding %q: want auto, utf-8 or cp949", pr.Encoding)
	}
	if pr.Channel == "" {
		pr.Channel = "other"
	}
	if !slices.Contains(channels, pr.Channel) {
		return fmt.Errorf("channel %q: want one of %s", pr.Channel, strings.Join(channels, ", "))
	}
	if pr.DateFormat != "" {
		layout, err := dateLayout(pr.DateFormat)
		if err != nil {
			return fmt.Errorf("date_format %q: %w", pr.DateFormat, err)
		}
		ref := time.Date(2021, 3, 4, 13, 22, 11, 0, time.UTC)
		if _, err := time.Parse(layout, ref.Format(layout)); err != nil {
			return fmt.Errorf("date_format %q cannot be read back: %w", pr.DateFormat, err)
		}
		pr.layout = layout
	}
	for _, col := range pr.mapped() {
		for _, personal := range personalColumns {
			if headerKey(col) == headerKey(personal) {
				return fmt.Errorf("column %q holds personal data and may not be mapped", col)
			}
		}
	}
	pr.statuses = pr.statuses[:0]
	for label, status := range pr.Statuses {
		if strings.TrimSpace(label) == "" || strings.TrimSpace(status) == "" {
			return errors.New("statuses: empty label or status")
		}
		pr.statuses = append(pr.statuses, label)
	}
	sort.Slice(pr.statuses, func(i, j int) bool {
		a, b := pr.statuses[i], pr.statuses[j]
		if len(a) != len(b) {
			return len(a) > len(b)
		}
		return a < b
	})
	return nil
}

// mapped lists the columns the profile reads.
func (pr *Profile) mapped() []string {
	c := &pr.Columns
	var out []string
	for _, n := range append([]string{c.Date, c.Time, c.BusinessDay, c.Amount, c.Status, c.Quantity, c.StallID,
		c.StallName, c.MerchantNo, c.ProductID, c.Channel, c.Sensor, c.Visitors}, c.OrderKey...) {
		if strings.TrimSpace(n) != "" {
			out = append(out, n)
		}
	}
	return out
}

// signature: every signature name and every mapped column must be present.
func (pr *Profile) signature() [][]string {
	var sig [][]string
	for _, n := range append(append([]string{}, pr.Signature...), pr.mapped()...) {
		sig = append(sig, []string{n})
	}
	return sig
}

// dateLayout turns a date format written with YYYY, YY, MM, M, DD, D, HH,
// H, mm and ss into a Go time layout; other characters stand for themselves.
func dateLayout(format string) (string, error) {
	tokens := []struct{ token, layout string }{
		{"YYYY", "2006"}, {"YY", "06"}, {"MM", "01"}, {"M", "1"}, {"DD", "02"}, {"D", "2"},
		{"HH", "15"}, {"H", "15"}, {"mm", "04"}, {"ss", "05"},
	}
	var b strings.Builder
	hasYear := false
	for s := format; s != ""; {
		matched := false
		for _, t := range tokens {
			if strings.HasPrefix(s, t.token) {
				b.WriteString(t.layout)
				s = s[len(t.token):]
				hasYear = hasYear || t.token[0] == 'Y'
				matched = true
				break
			}
		}
		if matched {
			continue
		}
		r := s[:1]
		if strings.ContainsAny(r, "0123456789") {
			return "", errors.New("digits are not allowed; write the date with YYYY, MM, DD, HH, mm, ss")
		}
		b.WriteString(r)
		s = s[1:]
	}
	if !hasYear {
		return "", errors.New("no year (YYYY or YY)")
	}
	return b.String(), nil
}

// parseDate reads a date with the profile's format, falling back to the
// forms every source accepts (an xlsx cell may hold an Excel serial).
func (pr *Profile) parseDate(v string) (time.Time, error) {
	if pr.layout != "" {
		if t, err := time.Parse(pr.layout, strings.TrimSpace(v)); err == nil {
			return t, nil
		}
	}
	t, err := ParseKoreanDate(v)
	if err != nil && pr.layout != "" && !errors.Is(err, errEmpty) {
		return t, fmt.Errorf("%q does not match date_format %q", v, pr.DateFormat)
	}
	return t, err
}

// profileColumns are a profile's columns in a file's header; a column
// the profile does not map is absent.
type profileColumns struct {
	date, time, businessDay, amount, status, quantity, stallID, stallName, merchantNo, productID, channel, sensor, visitors column
	orderKey                                                                                                                []column
}

func (pr *Profile) bind(p *parser, h header, first []string) *profileColumns {
	if pr.Table == "footfall" {
		makeRoom(p, first, &p.footfall)
	} else {
		makeRoom(p, first, &p.sales)
	}
	c := &pr.Columns
	b := &profileColumns{
		date: h.column(c.Date), time: h.column(c.Time), businessDay: h.column(c.BusinessDay), amount: h.column(c.Amount),
		status: h.column(c.Status), quantity: h.column(c.Quantity), stallID: h.column(c.StallID), stallName: h.column(c.StallName),
		merchantNo: h.column(c.MerchantNo), productID: h.column(c.ProductID), channel: h.column(c.Channel),
		sensor: h.column(c.Sensor), visitors: h.column(c.Visitors),
	}
	for _, name := range c.OrderKey {
		b.orderKey = append(b.orderKey, h.column(name))
	}
	return b
}

func (pr *Profile) parse(p *parser, b *profileColumns, row []string, line int) *RowError {
	if pr.Table == "footfall" {
		return pr.parseFootfall(p, b, row, line)
	}
	return pr.parseSale(p, b, row, line)
}

// when reads the date column and, if mapped, the time column.
func (pr *Profile) when(p *parser, b *profileColumns, row []string, line int) (time.Time, *RowError) {
	c := &pr.Columns
	at, rerr := p.dateValue(line, c.Date, b.date.cell(row), pr.parseDate)
	if rerr != nil || c.Time == "" {
		return at, rerr
	}
	if v := b.time.cell(row); v != "" {
		clock, err := ParseClock(v)
		if err != nil {
			return at, p.reject(line, c.Time, KindBadDate, "%v", err)
		}
		at = dayOf(at).Add(clock)
	}
	return at, nil
}

func (pr *Profile) parseSale(p *parser, b *profileColumns, row []string, line int) *RowError {
	c := &pr.Columns
	ref, rerr := pr.stall(p, b, row, line)
	if rerr != nil {
		return rerr
	}
	at, rerr := pr.when(p, b, row, line)
	if rerr != nil {
		return rerr
	}
	day := dayOf(at)
	if c.BusinessDay != "" {
		if day, rerr = p.dateValue(line, c.BusinessDay, b.businessDay.cell(row), pr.parseDate); rerr != nil {
			return rerr
		}
		day = dayOf(day)
	}
	amt, rerr := p.amountValue(line, c.Amount, b.amount.cell(row), true)
	if rerr != nil {
		return rerr
	}
	status := "paid"
	if amt < 0 {
		status = "refunded"
	}
	if c.Status != "" {
		label := b.status.cell(row)
		if status = pr.status(label); status == "" {
			return p.reject(line, c.Status, KindUnknownStatus, "unknown status %q (add it to the profile's statuses)", label)
		}
	}
	qty := int64(1)
	if v := b.quantity.cell(row); c.Quantity != "" && v != "" {
		q, err := ParseCount(v)
		if err != nil || q > 100000 {
			return p.reject(line, c.Quantity, KindBadNumber, "quantity %q", v)
		}
		qty = q
	}
	channel := pr.Channel
	if c.Channel != "" {
		channel = channelOf(b.channel.cell(row), channel)
	}
	net := amt
	if !netStatus(status) {
		net = 0
	}
	rec := saleRec{market: ref.market, stall: ref.stall, channel: channel, status: status,
		soldAt: at, saleDate: day, gross: amt, net: net, qty: int32(qty)}
	if len(c.OrderKey) > 0 {
		parts := make([]string, len(c.OrderKey))
		for i, col := range b.orderKey {
			parts[i] = cleanID(col.cell(row))
		}
		rec.orderKey = strings.Join(parts, "|")
		if strings.Trim(rec.orderKey, "|") == "" {
			return p.reject(line, c.OrderKey[0], KindMissing, "no order key")
		}
		if !p.firstSeen(ref.market + "|" + rec.orderKey) {
			return nil
		}
	} else {
		base := strings.Join([]string{ref.stall, at.Format("20060102150405"), strconv.FormatInt(amt, 10)}, "|")
		rec.orderKey = base
		for n := 2; p.seen[ref.market+"|"+rec.orderKey]; n++ {
			rec.orderKey = base + "#" + strconv.Itoa(n)
		}
		p.seen[ref.market+"|"+rec.orderKey] = true
	}
	p.sales = append(p.sales, rec)
	p.observeDay(ref.market, ref.stall, day, at)
	return nil
}

// status maps a label by the profile's statuses, then as Smart Store
// labels are mapped; "" when neither knows it.
func (pr *Profile) status(label string) string {
	for _, l := range pr.statuses {
		if strings.Contains(label, l) {
			return pr.Statuses[l]
		}
	}
	for _, s := range smartstoreStatus {
		if strings.Contains(label, s.label) {
			return s.status
		}
	}
	return ""
}

// channelOf reads a channel cell: a channel id, or a Korean name.
func channelOf(v, fallback string) string {
	switch t := strings.ToLower(strings.TrimSpace(v)); {
	case slices.Contains(channels, t):
		return t
	case strings.Contains(t, "장보기"):
		return "jangbogi"
	case strings.Contains(t, "스마트스토어"):
		return "smartstore"
	case strings.Contains(t, "라이브"):
		return "live"
	case strings.Contains(t, "매장") || strings.Contains(t, "오프라인") || strings.Contains(t, "현장"):
		return "offline"
	}
	return fallback
}

// stall resolves the stall of a sales row.
func (pr *Profile) stall(p *parser, b *profileColumns, row []string, line int) (stallRef, *RowError) {
	c := &pr.Columns
	if pr.Stall != "" {
		if ref, ok := p.dir.stall("", pr.Stall); ok {
			return ref, nil
		}
		return stallRef{}, p.reject(line, "", KindUnknownStall, "profile %s names stall %q, which is not in market.yaml", pr.Name, pr.Stall)
	}
	if c.MerchantNo != "" {
		if no := cleanID(b.merchantNo.cell(row)); no != "" {
			if ref, ok := p.dir.merchant(no); ok {
				return ref, nil
			}
			return stallRef{}, p.reject(line, c.MerchantNo, KindUnknownMerchant, "merchant %s belongs to no stall in market.yaml", no)
		}
	}
	if c.ProductID != "" {
		if id := cleanID(b.productID.cell(row)); id != "" {
			if ref, ok := p.dir.product(id); ok {
				return stallRef{ref.market, ref.stall}, nil
			}
			return stallRef{}, p.reject(line, c.ProductID, KindUnknownProduct, "product %s belongs to no stall's store in market.yaml", id)
		}
	}
	for _, col := range []column{b.stallID, b.stallName} {
		if col.name == "" {
			continue
		}
		if name := col.cell(row); name != "" {
			if ref, ok := p.dir.stall("", name); ok {
				return ref, nil
			}
			return stallRef{}, p.reject(line, col.name, KindUnknownStall, "stall %q is not in market.yaml (or is in several markets)", name)
		}
	}
	return stallRef{}, p.reject(line, "", KindMissing, "no stall: the row's stall columns are empty")
}

func (pr *Profile) parseFootfall(p *parser, b *profileColumns, row []string, line int) *RowError {
	c := &pr.Columns
	id, col := pr.Sensor, c.Sensor
	if id == "" {
		id = b.sensor.cell(row)
	}
	ref, ok := p.dir.sensor(id)
	if !ok {
		return p.reject(line, col, KindUnknownSensor, "sensor %q is not in market.yaml", id)
	}
	ts, rerr := pr.when(p, b, row, line)
	if rerr != nil {
		return rerr
	}
	v, rerr := p.visitors(line, c.Visitors, b.visitors.cell(row))
	if rerr != nil {
		return rerr
	}
	p.addFootfall(ref, ts, v)
	return nil
}
