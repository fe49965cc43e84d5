package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jdkato/prose/v3/tokenize"
)

// tokenize appends tz.Tokenize(s) to out, faster. prose splits s at
// whitespace and then breaks each span on its own (prefixes, contractions,
// suffixes, special spans), so a span of only letters and digits is always
// one token: none of those rules can apply to it; and a word followed by one
// of , ; : ! ? . is the word and the mark. Such spans, most of running text,
// are appended directly; every other span goes through prose alone. TestTokenizeShortcut and FuzzTokenizeShortcut hold the two equal.
func tokenizeInto(tz *tokenize.Tokenizer, s string, out []tokenize.Token) []tokenize.Token {
	start := -1 // start of the current span, -1 between spans
	bad := -1   // first byte in the span that is not a letter or digit, -1 if none
	flush := func(end int) {
		switch {
		case start < 0:
			return
		case bad < 0:
			out = append(out, tokenize.Token{Text: s[start:end], Start: start})
		case bad == end-1 && bad > start && strings.IndexByte(",;:!?.", s[bad]) >= 0:
			// A word and one punctuation mark: prose peels the mark off as
			// a suffix, except that it keeps "Ok." and "Mr." whole (no
			// emoticon is a word and one of these marks).
			if s[bad] == '.' && shortCapDot(s[start:end]) {
				out = append(out, tokenize.Token{Text: s[start:end], Start: start})
			} else {
				out = append(out, tokenize.Token{Text: s[start:bad], Start: start}, tokenize.Token{Text: s[bad:end], Start: bad})
			}
		default:
			for _, t := range tz.Tokenize(s[start:end]) {
				t.Start += start
				out = append(out, t)
			}
		}
		start, bad = -1, -1
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == ' ' || c >= '\t' && c <= '\r':
				flush(i)
			default:
				if start < 0 {
					start = i
				}
				if bad < 0 && !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
					bad = i
				}
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			flush(i)
		} else {
			if start < 0 {
				start = i
			}
			if bad < 0 && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				bad = i
			}
		}
		i += size
	}
	flush(len(s))
	return out
}
