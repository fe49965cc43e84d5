package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/text/unicode/norm"
)

// Normalize returns s as Unicode NFC, with whitespace folded and, when s looks
// like HTML, tags removed and entities decoded.
//
//   - s looks like HTML when it has '<' followed by a letter, '/' or '!' with
//     a '>' after it, or an entity such as "&amp;", "&#39;" or "&#x2019;".
//     Broken markup is read as a browser would (golang.org/x/net/html).
//     Script and style contents are dropped.
//   - Paragraph breaks become one "\n", which Analyze treats as a sentence
//     end: a blank line in plain text; <br>, </p>, </div>, <li>, headings,
//     table rows and other block elements in HTML; a line that starts a list
//     item ("- ", "* ", "• "). No punctuation is invented.
//   - Every other run of whitespace (single newlines, tabs, no-break spaces)
//     becomes one space; spaces around a "\n" are dropped.
//   - Invalid UTF-8 becomes U+FFFD; NUL and other control characters,
//     zero-width spaces, soft hyphens and byte-order marks are dropped.
//   - The result is trimmed.
//
// When there is nothing to do, s itself is returned without allocating.
func Normalize(s string) string {
	if clean(s) {
		return s
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if looksHTML(s) {
		s = stripHTML(s)
	}
	s = fold(s)
	if !norm.NFC.IsNormalString(s) {
		s = norm.NFC.String(s)
	}
	return s
}

// clean reports whether Normalize would return s unchanged: valid, NFC, no
// control characters, no HTML, single inner spaces, nothing to trim.
func clean(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	ascii, markup := true, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf:
			ascii = false
		case c < ' ' || c == 0x7f:
			return false
		case c == ' ' && s[i+1] == ' ': // s does not end in a space
			return false
		case c == '<' || c == '&':
			markup = true
		}
	}
	if markup && looksHTML(s) {
		return false
	}
	if ascii {
		return true
	}
	if !utf8.ValidString(s) || norm.NFC.QuickSpanString(s) != len(s) {
		return false
	}
	for _, r := range s {
		if r >= utf8.RuneSelf && (unicode.IsSpace(r) || dropRune(r)) {
			return false
		}
	}
	return true
}

// looksHTML reports whether s has a tag or an entity.
func looksHTML(s string) bool {
	for i := 0; i < len(s)-1; i++ {
		switch s[i] {
		case '<':
			c := s[i+1]
			if (c|0x20 >= 'a' && c|0x20 <= 'z' || c == '/' || c == '!') && strings.IndexByte(s[i+2:], '>') >= 0 {
				return true
			}
		case '&':
			if entityAt(s[i+1:]) {
				return true
			}
		}
	}
	return false
}

// entityAt reports whether s starts with the body of an entity: name;, #123;
// or #x1F;, up to 32 bytes.
func entityAt(s string) bool {
	n := 0
	hex := false
	if len(s) > 0 && s[0] == '#' {
		s = s[1:]
		if len(s) > 0 && (s[0] == 'x' || s[0] == 'X') {
			s, hex = s[1:], true
		}
		for n < len(s) && n < 32 && (s[n] >= '0' && s[n] <= '9' || hex && (s[n]|0x20 >= 'a' && s[n]|0x20 <= 'f')) {
			n++
		}
	} else {
		for n < len(s) && n < 32 && (s[n]|0x20 >= 'a' && s[n]|0x20 <= 'z' || n > 0 && s[n] >= '0' && s[n] <= '9') {
			n++
		}
	}
	return n > 0 && n < len(s) && s[n] == ';'
}

// paragraph marks a block boundary in stripHTML's output; fold turns any
// run of whitespace that holds a blank line into one "\n".
const paragraph = "\n\n"

// blockTags end a paragraph when they open or close.
var blockTags = map[atom.Atom]bool{
	atom.Br: true, atom.P: true, atom.Div: true, atom.Li: true, atom.Ul: true, atom.Ol: true,
	atom.Tr: true, atom.Table: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Blockquote: true, atom.Pre: true, atom.Hr: true,
	atom.Dt: true, atom.Dd: true, atom.Section: true, atom.Article: true, atom.Header: true,
	atom.Footer: true, atom.Title: true, atom.Body: true, atom.Html: true,
}

func stripHTML(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	z := html.NewTokenizer(strings.NewReader(s))
	skip := 0 // depth inside <script> or <style>
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return b.String() // io.EOF: a strings.Reader has no other error
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch {
			case a == atom.Script || a == atom.Style:
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
			case blockTags[a]:
				b.WriteString(paragraph)
			case a == atom.Td || a == atom.Th:
				b.WriteByte(' ')
			}
		}
	}
}

// dropRune reports whether r is removed outright: controls other than
// whitespace, zero-width spaces, soft hyphens, byte-order marks.
func dropRune(r rune) bool {
	switch r {
	case '\u200B', '\u2060', '\uFEFF', '\u00AD':
		return true
	}
	return unicode.IsControl(r) && !unicode.IsSpace(r)
}

// fold folds whitespace, drops unwanted runes and trims. A whitespace run
// holding two or more line breaks, or one line break before a list marker,
// becomes "\n"; any other run becomes " ".
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	breaks, space := 0, false
	for i, r := range s {
		if r == '\r' {
			if i+1 < len(s) && s[i+1] == '\n' {
				continue // \r\n is one line break
			}
			r = '\n'
		}
		if r == '\n' || r == '\u2028' || r == '\u2029' || r == '\u0085' {
			breaks++
			if r == '\u2029' {
				breaks++
			}
			space = true
			continue
		}
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if dropRune(r) {
			continue
		}
		if space && b.Len() > 0 {
			if breaks >= 2 || breaks == 1 && listMarker(s[i:]) {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		}
		breaks, space = 0, false
		b.WriteRune(r)
	}
	return b.String()
}

// listMarker reports whether s starts a list item: "- ", "* ", "• ", "1. ",
// "2) ".
func listMarker(s string) bool {
	if strings.HasPrefix(s, "- ") || strings.HasPrefix(s, "* ") || strings.HasPrefix(s, "• ") {
		return true
	}
	n := 0
	for n < len(s) && n < 3 && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n > 0 && n+1 < len(s) && (s[n] == '.' || s[n] == ')') && s[n+1] == ' '
}
