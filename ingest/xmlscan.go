package ingest

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/xml"
)

// errUnsupported stops the fast worksheet reader: the XML is outside what
// xmlScanner reads, or excelize would read it in a way the reader does not
// copy. The caller then reads the sheet with excelize itself.
var errUnsupported = errors.New("left to excelize")

// xmlKind is the kind of token xmlScanner.next returns.
type xmlKind uint8

const (
	xmlEOF xmlKind = iota // the end, or an error in s.err
	xmlStart
	xmlEnd
	xmlText
)

// maxXMLDepth bounds element nesting; encoding/xml's DecodeElement allows 10,000.
const maxXMLDepth = 1000

// xmlScanner turns the tokens of tdewolff's XML lexer into the tokens
// encoding/xml's Decoder.Token returns (with Strict set, as excelize uses
// it), without allocating per token. The lexer is lenient where
// encoding/xml is strict, so the scanner checks what the lexer lets
// through: a document it reads to the end is one encoding/xml reads
// without error into the same tokens. Anything else stops it with
// errUnsupported: what encoding/xml refuses (unbalanced tags, bad names,
// unquoted attributes, bad characters or entities), and what it accepts
// but this scanner leaves to it (CDATA, DOCTYPE, names that are not ASCII,
// namespace declarations below the first element, a declared encoding
// other than UTF-8). Comments and processing instructions are dropped, as
// every reader of these tokens ignores them.
//
// Names are compared as written: the first element's namespace
// declarations are the only ones allowed, so a name's namespace is a
// function of its prefix (namespace gives it). Returned slices point into
// a copy of the document or into buffers reused by the next token.
type xmlScanner struct {
	lx  *xml.Lexer
	err error

	name   []byte    // the element's name as written, for xmlStart and xmlEnd
	colon  int       // index of the colon in name, or -1
	attrs  []xmlAttr // for xmlStart
	text   []byte    // for xmlText: entities decoded, line ends normalized
	inRoot bool      // the token is the first element or inside it, where its declarations apply

	closing bool     // the last start tag was empty (<c/>): its end comes next
	open    [][]byte // names of the open elements
	roots   int      // top-level elements started
	ns      map[string]string
	textBuf []byte
	attrBuf []byte
}

type xmlAttr struct {
	local []byte // the name after its prefix
	value []byte // entities decoded
}

func (s *xmlScanner) local() []byte { return s.name[s.colon+1:] }

// newXMLScanner reads b. The lexer writes into its input (it turns
// whitespace inside attribute values into spaces) and takes a NUL byte
// for the end, so it gets a copy, and a document holding a NUL, which
// encoding/xml refuses, is refused.
func newXMLScanner(b []byte) *xmlScanner {
	s := &xmlScanner{}
	if bytes.IndexByte(b, 0) >= 0 {
		s.err = errUnsupported
		return s
	}
	doc := make([]byte, len(b), len(b)+1)
	copy(doc, b)
	s.lx = xml.NewLexer(parse.NewInputBytes(doc))
	return s
}

func (s *xmlScanner) fail() xmlKind {
	s.err = errUnsupported
	return xmlEOF
}

// next reads the next token.
func (s *xmlScanner) next() xmlKind {
	if s.err != nil {
		return xmlEOF
	}
	if s.closing {
		s.closing = false
		s.inRoot = s.roots == 1
		s.open = s.open[:len(s.open)-1]
		return xmlEnd
	}
	for {
		tt, data := s.lx.Next()
		switch tt {
		case xml.ErrorToken:
			if len(s.open) > 0 || s.lx.Err() != io.EOF {
				return s.fail() // encoding/xml: unexpected EOF
			}
			return xmlEOF
		case xml.TextToken:
			s.textBuf = s.textBuf[:0]
			text, ok := charData(data, &s.textBuf, true)
			if !ok {
				return s.fail()
			}
			s.text = text
			return xmlText
		case xml.StartTagToken:
			return s.start(s.lx.Text())
		case xml.EndTagToken:
			return s.end(s.lx.Text(), data)
		case xml.StartTagPIToken:
			if !s.procInst(s.lx.Text()) {
				return s.fail()
			}
		case xml.CommentToken:
			// As in encoding/xml, the comment ends at its first "--", which must precede '>'.
			body := s.lx.Text()
			if !bytes.HasSuffix(data, []byte("-->")) || len(data) < 7 ||
				bytes.Contains(body, []byte("--")) || bytes.HasSuffix(body, []byte("-")) {
				return s.fail()
			}
		default: // CDATA, DOCTYPE, and tag ends out of place
			return s.fail()
		}
	}
}

// start reads the attributes of a start tag up to its end.
func (s *xmlScanner) start(name []byte) xmlKind {
	colon, ok := xmlName(name)
	if !ok || len(s.open) >= maxXMLDepth {
		return s.fail()
	}
	first := s.roots == 0 && len(s.open) == 0
	s.attrs, s.attrBuf = s.attrs[:0], s.attrBuf[:0]
	for {
		tt, _ := s.lx.Next()
		switch tt {
		case xml.AttributeToken:
		case xml.StartTagCloseToken:
			s.closing = false
		case xml.StartTagCloseVoidToken:
			s.closing = true
		default:
			return s.fail()
		}
		if tt != xml.AttributeToken {
			break
		}
		aname, raw := s.lx.Text(), s.lx.AttrVal()
		acolon, ok := xmlName(aname)
		if !ok || len(raw) < 2 || raw[0] != '"' && raw[0] != '\'' || raw[len(raw)-1] != raw[0] {
			return s.fail() // encoding/xml wants name="value" or name='value'
		}
		value, ok := charData(raw[1:len(raw)-1], &s.attrBuf, false)
		if !ok {
			return s.fail()
		}
		if acolon < 0 && string(aname) == "xmlns" || acolon >= 0 && string(aname[:acolon]) == "xmlns" {
			if !first {
				return s.fail()
			}
			prefix := ""
			if acolon >= 0 {
				prefix = string(aname[acolon+1:])
			}
			if s.ns == nil {
				s.ns = map[string]string{}
			}
			s.ns[prefix] = string(value)
		}
		s.attrs = append(s.attrs, xmlAttr{local: aname[acolon+1:], value: value})
	}
	if len(s.open) == 0 {
		s.roots++
	}
	s.name, s.colon = name, colon
	s.inRoot = s.roots == 1
	s.open = append(s.open, name)
	return xmlStart
}

// end checks an end tag (data, its whole text) against the open element.
func (s *xmlScanner) end(name, data []byte) xmlKind {
	colon, ok := xmlName(name)
	if !ok || !bytes.HasSuffix(data, []byte(">")) ||
		len(s.open) == 0 || !bytes.Equal(s.open[len(s.open)-1], name) {
		return s.fail()
	}
	s.name, s.colon = name, colon
	s.inRoot = s.roots == 1
	s.open = s.open[:len(s.open)-1]
	s.closing = false
	return xmlEnd
}

// procInst reads a processing instruction. encoding/xml checks the version
// and encoding of an xml declaration; a declared encoding other than UTF-8
// would be transcoded, which is left to it.
func (s *xmlScanner) procInst(target []byte) bool {
	if colon, ok := xmlName(target); !ok || colon >= 0 {
		return false
	}
	for {
		tt, _ := s.lx.Next()
		switch tt {
		case xml.StartTagClosePIToken:
			return true
		case xml.AttributeToken:
			if string(target) != "xml" {
				continue
			}
			v := s.lx.AttrVal()
			if len(v) < 2 || v[0] != '"' && v[0] != '\'' || v[len(v)-1] != v[0] {
				return false
			}
			v = v[1 : len(v)-1]
			switch string(s.lx.Text()) {
			case "version":
				if string(v) != "1.0" {
					return false
				}
			case "encoding":
				if !strings.EqualFold(string(v), "utf-8") {
					return false
				}
			}
		default:
			return false
		}
	}
}

// xmlName checks a name as encoding/xml's nsname reads it, returning the
// index of its colon (-1 without one). It accepts ASCII names starting
// with a letter or underscore, with at most one colon, not at the end.
func xmlName(name []byte) (int, bool) {
	colon := -1
	for i, c := range name {
		switch {
		case c == ':':
			if colon >= 0 {
				return 0, false
			}
			colon = i
		case !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_' || c == '.' || c == '-'):
			return 0, false
		}
	}
	if len(name) == 0 || colon == len(name)-1 {
		return 0, false
	}
	c := name[0]
	return colon, 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || c == '_'
}

// namespace returns the namespace encoding/xml gives an element name (its
// Name.Space after translation), the name as written and whether it is
// inside the first element, where that element's declarations apply.
func (s *xmlScanner) namespace(name []byte, inRoot bool) string {
	prefix, local := "", name
	if i := bytes.IndexByte(name, ':'); i >= 0 {
		prefix, local = string(name[:i]), name[i+1:]
	}
	switch {
	case prefix == "xmlns":
		return prefix
	case prefix == "" && string(local) == "xmlns":
		return ""
	case prefix == "xml":
		return "http://www.w3.org/XML/1998/namespace"
	}
	if v, ok := s.ns[prefix]; ok && inRoot {
		return v
	}
	return prefix
}

// charData checks and decodes character data (inText) or an attribute
// value as encoding/xml's text does: the five predefined entities and
// character references decoded, "\r\n" and "\r" read as "\n", and false
// where encoding/xml fails (invalid UTF-8, a character outside XML's
// range, an unknown or unterminated entity, "]]>" in text). Data without
// '&' or '\r' is returned as is; other data is decoded into *buf.
func charData(raw []byte, buf *[]byte, inText bool) ([]byte, bool) {
	plain, multibyte := true, false
	for i := 0; i < len(raw); i++ {
		switch charClass[raw[i]] {
		case charPlain:
		case charBad:
			return nil, false
		case charDecode:
			plain = false
		case charGT:
			if inText && i >= 2 && raw[i-1] == ']' && raw[i-2] == ']' {
				return nil, false
			}
		case charEF: // U+FFFE and U+FFFF are outside XML's range
			if i+2 < len(raw) && raw[i+1] == 0xBF && raw[i+2] >= 0xBE {
				return nil, false
			}
			multibyte = true
		case charMultibyte:
			multibyte = true
		}
	}
	if multibyte && !utf8.Valid(raw) { // surrogates included
		return nil, false
	}
	if plain {
		return raw, true
	}
	out := *buf
	start := len(out)
	afterCR := false
	for i := 0; i < len(raw); {
		switch c := raw[i]; c {
		case '&':
			r, n, ok := xmlEntity(raw[i:])
			if !ok {
				return nil, false
			}
			out = utf8.AppendRune(out, r)
			i += n
			afterCR = false
			continue
		case '\r':
			out = append(out, '\n')
			afterCR = true
		case '\n':
			if !afterCR {
				out = append(out, '\n')
			}
			afterCR = false
		default:
			out = append(out, c)
			afterCR = false
		}
		i++
	}
	*buf = out
	return out[start:], true
}

// Byte classes for charData.
const (
	charPlain     = iota
	charBad       // control characters, and '<' (never in text, refused in attribute values)
	charDecode    // '&' and '\r'
	charGT        // '>', refused after "]]" in text
	charEF        // leads U+FFFE and U+FFFF
	charMultibyte // other bytes of multibyte characters
)

var charClass = func() (c [256]uint8) {
	for b := 0; b < 0x20; b++ {
		c[b] = charBad
	}
	c['\t'], c['\n'] = charPlain, charPlain
	c['\r'], c['&'] = charDecode, charDecode
	c['<'] = charBad
	c['>'] = charGT
	for b := 0x80; b < 0x100; b++ {
		c[b] = charMultibyte
	}
	c[0xEF] = charEF
	return c
}()

// xmlEntity decodes the entity or character reference b starts with,
// returning the character and the reference's length.
func xmlEntity(b []byte) (rune, int, bool) {
	i := 1
	if i < len(b) && b[i] == '#' {
		i++
		base := uint64(10)
		if i < len(b) && b[i] == 'x' {
			base = 16
			i++
		}
		start := i
		var v uint64
		for ; i < len(b); i++ {
			d := uint64(unicode.MaxRune + 1)
			switch c := b[i]; {
			case '0' <= c && c <= '9':
				d = uint64(c - '0')
			case base == 16 && 'a' <= c && c <= 'f':
				d = uint64(c-'a') + 10
			case base == 16 && 'A' <= c && c <= 'F':
				d = uint64(c-'A') + 10
			}
			if d > unicode.MaxRune {
				break
			}
			if v <= unicode.MaxRune {
				v = v*base + d
			}
		}
		if i == start || i >= len(b) || b[i] != ';' || v > unicode.MaxRune {
			return 0, 0, false
		}
		r := rune(v)
		if !utf8.ValidRune(r) {
			r = utf8.RuneError // what string(rune(v)) gives a surrogate
		}
		return r, i + 1, inXMLRange(r)
	}
	start := i
	for i < len(b) && (isXMLNameByte(b[i]) || b[i] >= utf8.RuneSelf) {
		i++
	}
	if i >= len(b) || b[i] != ';' {
		return 0, 0, false
	}
	var r rune
	switch string(b[start:i]) {
	case "lt":
		r = '<'
	case "gt":
		r = '>'
	case "amp":
		r = '&'
	case "apos":
		r = '\''
	case "quot":
		r = '"'
	default:
		return 0, 0, false
	}
	return r, i + 1, true
}

// inXMLRange is encoding/xml's isInCharacterRange.
func inXMLRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

func isXMLNameByte(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '_' || c == ':' || c == '.' || c == '-'
}
