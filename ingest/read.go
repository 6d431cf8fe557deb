package ingest

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// parseFile reads a whole export into records and rejects.
func parseFile(path string, opt Options) (*parser, *Source, *table, error) {
	var src *Source
	match := func(row []string) bool { src = sniff(opt.Profiles, row); return src != nil }
	t, err := openTable(path, opt.Passwords, "", match)
	if err != nil {
		return nil, nil, nil, err
	}
	if src.encoding != "" && t.ascii && !strings.HasPrefix(t.encoding, src.encoding) {
		// The profile says what detection on the first 64 KiB (plain ASCII) could not know.
		t.close()
		if t, err = openTable(path, opt.Passwords, src.encoding, match); err != nil {
			return nil, nil, nil, err
		}
	}
	defer t.close()
	p := newParser(path, opt, t.preamble)
	h := newHeader(t.header)
	for {
		row, line, err := t.next()
		if err == io.EOF {
			break
		}
		var rerr *RowError
		if errors.As(err, &rerr) {
			rerr.File = path
			p.rejects = append(p.rejects, rerr)
			continue
		}
		if err != nil {
			return nil, nil, nil, fmt.Errorf("row %d: %w", line, err)
		}
		if blank(row) {
			continue
		}
		if t.encoding != "xlsx" && !src.ragged && !fieldsFit(row, t.header) {
			p.rejects = append(p.rejects, p.reject(line, "", KindBadRow,
				"%d fields where the header has %d: an amount such as 12,000 without quotes, or a value left out, shifts the columns", len(row), len(t.header)))
			continue
		}
		if rerr := src.parse(p, h, row, line); rerr != nil {
			p.rejects = append(p.rejects, rerr)
		}
	}
	return p, src, t, nil
}

// newParser starts the parse of one file.
func newParser(path string, opt Options, preamble [][]string) *parser {
	now := opt.Now
	if now.IsZero() {
		now = kst(time.Now())
	}
	maxKRW := opt.Config.Ingest.MaxAmountKRW
	if maxKRW == 0 {
		maxKRW = 100_000_000
	}
	return &parser{
		file: path, dir: newDirectory(opt.Config), now: now, buyerKey: opt.BuyerKey, maxKRW: maxKRW,
		preamble: preamble, seen: map[string]bool{}, stalls: map[[2]string]bool{}, ignoredIDs: map[string]bool{},
	}
}

// fieldsFit reports whether a CSV row lines up with its header: as many
// fields, or more that are all empty (a trailing comma).
func fieldsFit(row, header []string) bool {
	if len(row) > len(header) {
		return blank(row[len(header):])
	}
	return len(row) == len(header)
}

func blank(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// records counts the rows that produced a record.
func (p *parser) records() int {
	return len(p.sales) + len(p.cancels) + len(p.footfall) + len(p.spend) + len(p.events) + len(p.settlements)
}
