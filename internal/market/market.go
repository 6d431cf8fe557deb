// Package market reads and writes market.yaml, the description of one or
// more traditional markets: alleys, stalls and how their exports are
// recognised, programs and enrolments, footfall sensors, the baseline year
// and the budget. It is plain configuration: no I/O beyond the file itself.
package market

import (
	"errors"
	"fmt"
	"os"
	"time"

	"gopkg.in/yaml.v3"
)

// FileName is the workspace file that holds the configuration.
const FileName = "market.yaml"

// Config is the whole of market.yaml.
type Config struct {
	Version int      `yaml:"version"`
	Markets []Market `yaml:"markets"`
	Ingest  Ingest   `yaml:"ingest,omitempty"`
}

// Ingest holds settings that apply to every export.
type Ingest struct {
	// XLSXPasswords are tried in order on encrypted workbooks, after the
	// passwords given in the environment.
	XLSXPasswords []string `yaml:"xlsx_passwords,omitempty"`
	// MaxAmountKRW rejects a line whose amount is larger (default 100,000,000).
	MaxAmountKRW int64 `yaml:"max_amount_krw,omitempty"`
}

// Market is one market of the district.
type Market struct {
	ID           string       `yaml:"id"`
	Name         string       `yaml:"name"`
	District     string       `yaml:"district,omitempty"`
	BaselineYear int          `yaml:"baseline_year"`
	Grades       Grades       `yaml:"grades"`
	Alleys       []Alley      `yaml:"alleys"`
	Stalls       []Stall      `yaml:"stalls"`
	Programs     []Program    `yaml:"programs,omitempty"`
	Enrollments  []Enrollment `yaml:"enrollments,omitempty"`
	Sensors      []Sensor     `yaml:"sensors,omitempty"`
	Budget       Budget       `yaml:"budget,omitempty"`
}

// Grades are the recovery thresholds of the three-level traffic light:
// recovery >= Green is green, >= Yellow is yellow, below is red.
type Grades struct {
	Green  float64 `yaml:"green"`
	Yellow float64 `yaml:"yellow"`
}

// Alley is a themed street of the market (수산물 거리, 국밥 거리, …).
type Alley struct {
	ID   string `yaml:"id"`
	Name string `yaml:"name"`
}

// Stall is one shop. Its exports are matched to it by the identifiers
// below, never by file name.
type Stall struct {
	ID       string `yaml:"id"`
	Name     string `yaml:"name"`
	Alley    string `yaml:"alley"`
	Category string `yaml:"category"`
	// CardMerchantNo is the 가맹점번호 on card-terminal exports.
	CardMerchantNo string  `yaml:"card_merchant_no,omitempty"`
	Stores         []Store `yaml:"stores,omitempty"`
	OpenedOn       Date    `yaml:"opened_on,omitempty"` // first day of trade
	ClosedOn       Date    `yaml:"closed_on,omitempty"` // first day without trade
}

// Store is a stall's shop on an online platform. Order lines are matched
// to the stall by product number (상품번호).
type Store struct {
	Channel    string   `yaml:"channel"` // smartstore or jangbogi
	Name       string   `yaml:"name"`
	ProductIDs []string `yaml:"product_ids"`
}

// Program is a support programme of the project.
type Program struct {
	ID   string `yaml:"id"`
	Name string `yaml:"name"`
	// Channel is the sales channel the programme opens, if any.
	Channel string `yaml:"channel,omitempty"`
	// Start and End bound the support period.
	Start Date `yaml:"start"`
	End   Date `yaml:"end"`
	// OnboardingCostKRW is what bringing one more stall into the
	// programme costs; 0 means the shortlist estimates it from the spend
	// ledger (the programme's own budget components per enrolled stall).
	OnboardingCostKRW int64 `yaml:"onboarding_cost_krw,omitempty"`
	// Exclude lists the stalls the programme cannot take, and why: a
	// category that cannot be delivered, a stall that declined, ….
	Exclude []Exclusion `yaml:"exclude,omitempty"`
}

// Exclusion keeps stalls off a programme's shortlist. It matches the stalls
// that fit every field given (at least one of Stall, Category, Alley).
type Exclusion struct {
	Stall    string `yaml:"stall,omitempty"`
	Category string `yaml:"category,omitempty"`
	Alley    string `yaml:"alley,omitempty"`
	Reason   string `yaml:"reason"` // Korean, shown on the shortlist
}

// Enrollment is a stall joining a programme.
type Enrollment struct {
	Program    string `yaml:"program"`
	Stall      string `yaml:"stall"`
	EnrolledOn Date   `yaml:"enrolled_on"`
}

// Sensor is a people counter at an alley gate.
type Sensor struct {
	ID    string `yaml:"id"`
	Alley string `yaml:"alley"`
	Gate  string `yaml:"gate,omitempty"`
}

// Budget is the project's money: the total and the plan by component.
type Budget struct {
	TotalKRW   int64       `yaml:"total_krw,omitempty"`
	Start      Date        `yaml:"start,omitempty"`
	End        Date        `yaml:"end,omitempty"`
	Components []Component `yaml:"components,omitempty"`
}

// Component is one line of the budget plan (비목).
type Component struct {
	ID      string `yaml:"id"`
	Name    string `yaml:"name"`
	PlanKRW int64  `yaml:"plan_krw"`
}

// Load reads and validates a market.yaml file, filling defaults.
func Load(path string) (*Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var c Config
	if err := yaml.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	c.setDefaults()
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &c, nil
}

// Write stores the configuration as YAML.
func (c *Config) Write(path string) error {
	b, err := yaml.Marshal(c)
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

func (c *Config) setDefaults() {
	if c.Ingest.MaxAmountKRW == 0 {
		c.Ingest.MaxAmountKRW = 100_000_000
	}
	for i := range c.Markets {
		m := &c.Markets[i]
		if m.BaselineYear == 0 {
			m.BaselineYear = 2019
		}
		if m.Grades == (Grades{}) {
			m.Grades = Grades{Green: 1.00, Yellow: 0.80}
		}
	}
}

// Validate reports the first inconsistency: duplicate or dangling
// identifiers, missing names, impossible thresholds.
func (c *Config) Validate() error {
	if len(c.Markets) == 0 {
		return errors.New("no markets")
	}
	markets := map[string]bool{}
	for _, m := range c.Markets {
		if err := m.validate(); err != nil {
			return fmt.Errorf("market %q: %w", m.ID, err)
		}
		if markets[m.ID] {
			return fmt.Errorf("market %q: listed twice", m.ID)
		}
		markets[m.ID] = true
	}
	return nil
}

func (m *Market) validate() error {
	if m.ID == "" || m.Name == "" {
		return errors.New("id and name are required")
	}
	if m.Grades.Yellow > m.Grades.Green {
		return fmt.Errorf("grades: yellow %.2f above green %.2f", m.Grades.Yellow, m.Grades.Green)
	}
	alleys := map[string]bool{}
	for _, a := range m.Alleys {
		if a.ID == "" || alleys[a.ID] {
			return fmt.Errorf("alley %q: empty or duplicate id", a.ID)
		}
		alleys[a.ID] = true
	}
	stalls := map[string]bool{}
	merchants := map[string]string{}
	products := map[string]string{}
	for _, s := range m.Stalls {
		if s.ID == "" || stalls[s.ID] {
			return fmt.Errorf("stall %q: empty or duplicate id", s.ID)
		}
		stalls[s.ID] = true
		if !alleys[s.Alley] {
			return fmt.Errorf("stall %q: unknown alley %q", s.ID, s.Alley)
		}
		if no := s.CardMerchantNo; no != "" {
			if other, ok := merchants[no]; ok {
				return fmt.Errorf("stall %q: card merchant number %s already belongs to stall %q", s.ID, no, other)
			}
			merchants[no] = s.ID
		}
		for _, st := range s.Stores {
			if st.Channel != "smartstore" && st.Channel != "jangbogi" {
				return fmt.Errorf("stall %q: store channel %q is not smartstore or jangbogi", s.ID, st.Channel)
			}
			for _, p := range st.ProductIDs {
				if other, ok := products[p]; ok {
					return fmt.Errorf("stall %q: product %s already belongs to stall %q", s.ID, p, other)
				}
				products[p] = s.ID
			}
		}
	}
	programs := map[string]bool{}
	for _, p := range m.Programs {
		if p.ID == "" || programs[p.ID] {
			return fmt.Errorf("program %q: empty or duplicate id", p.ID)
		}
		programs[p.ID] = true
		if p.OnboardingCostKRW < 0 {
			return fmt.Errorf("program %q: negative onboarding_cost_krw", p.ID)
		}
		for i, x := range p.Exclude {
			switch {
			case x.Stall == "" && x.Category == "" && x.Alley == "":
				return fmt.Errorf("program %q: exclude %d names no stall, category or alley", p.ID, i+1)
			case x.Reason == "":
				return fmt.Errorf("program %q: exclude %d has no reason", p.ID, i+1)
			case x.Stall != "" && !stalls[x.Stall]:
				return fmt.Errorf("program %q: exclude %d: unknown stall %q", p.ID, i+1, x.Stall)
			case x.Alley != "" && !alleys[x.Alley]:
				return fmt.Errorf("program %q: exclude %d: unknown alley %q", p.ID, i+1, x.Alley)
			}
		}
	}
	for _, e := range m.Enrollments {
		if !programs[e.Program] {
			return fmt.Errorf("enrollment of %q: unknown program %q", e.Stall, e.Program)
		}
		if !stalls[e.Stall] {
			return fmt.Errorf("enrollment in %q: unknown stall %q", e.Program, e.Stall)
		}
		if e.EnrolledOn.IsZero() {
			return fmt.Errorf("enrollment of %q in %q: no enrolled_on date", e.Stall, e.Program)
		}
	}
	for _, s := range m.Sensors {
		if !alleys[s.Alley] {
			return fmt.Errorf("sensor %q: unknown alley %q", s.ID, s.Alley)
		}
	}
	return nil
}

// Market returns the market with the given id.
func (c *Config) Market(id string) (*Market, bool) {
	for i := range c.Markets {
		if c.Markets[i].ID == id {
			return &c.Markets[i], true
		}
	}
	return nil, false
}

// Date is a calendar day written as 2006-01-02 in YAML.
type Date struct{ time.Time }

// NewDate returns the day y-m-d.
func NewDate(y int, m time.Month, d int) Date {
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// MarshalYAML writes the day as 2006-01-02.
func (d Date) MarshalYAML() (any, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.Format(time.DateOnly), nil
}

// UnmarshalYAML reads a day written as 2006-01-02.
func (d *Date) UnmarshalYAML(n *yaml.Node) error {
	t, err := time.Parse(time.DateOnly, n.Value)
	if err != nil {
		return fmt.Errorf("line %d: %q is not a date (YYYY-MM-DD)", n.Line, n.Value)
	}
	d.Time = t
	return nil
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d.Time.IsZero() }
