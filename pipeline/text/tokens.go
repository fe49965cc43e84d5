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
// are appended directly, and so are the spans wholeSpan and appendApostrophe
// know prose's answer for; every other span goes through prose alone.
// TestTokenizeShortcut and FuzzTokenizeShortcut hold the two equal.
func tokenizeInto(tz *tokenize.Tokenizer, s string, out []tokenize.Token) []tokenize.Token {
	start := -1                 // start of the current span, -1 between spans
	bad := -1                   // first byte in the span that is not a letter or digit, -1 if none
	splits := tz != nlTokenizer // the one tokenizer that keeps contractions whole
	flush := func(end int) {
		switch {
		case start < 0:
			return
		case bad < 0:
			out = append(out, tokenize.Token{Text: s[start:end], Start: start})
		case bad > start && onlyMarks(s[bad:end]):
			// A word and punctuation marks ("help!!"): prose peels the
			// marks off one by one as suffixes, except that it keeps "Ok."
			// and "Mr." whole, then the marks after (no emoticon is a word
			// and such marks).
			i := bad
			if s[bad] == '.' && shortCapDot(s[start:bad+1]) {
				i++
			}
			out = append(out, tokenize.Token{Text: s[start:i], Start: start})
			for ; i < end; i++ {
				out = append(out, tokenize.Token{Text: s[i : i+1], Start: i})
			}
		case wholeSpan(s[start:end], splits):
			out = append(out, tokenize.Token{Text: s[start:end], Start: start})
		default:
			var ok bool
			if out, ok = appendApostrophe(out, s[start:end], start, splits); ok {
				break
			}
			if junkSpan(s[start:end]) {
				out = appendJunk(out, s[start:end], start)
				break
			}
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

// prose's default prefixes and suffixes (tokenize.defaultPrefixes and
// defaultSuffixes), which both tokenizers use; each is one character.
const (
	prefixMarks = "$(\"[“‘"
	suffixMarks = ",)\"]!;.?:'”’"
)

// wholeSpan reports whether prose keeps span w as one token because none of
// its rules can split it: no prefix or suffix of it is one of prose's, and
// (when splits, as English splits contractions) it has no apostrophe, which
// every contraction holds. Special spans (emoticons) are kept whole too, so
// this holds whether or not w is one: "back-up", "👍", "/>", ":-/".
func wholeSpan(w string, splits bool) bool {
	// prose peels a prefix or suffix only from a longer span.
	if r, n := utf8.DecodeRuneInString(w); len(w) > n && strings.ContainsRune(prefixMarks, r) {
		return false
	}
	if r, n := utf8.DecodeLastRuneInString(w); len(w) > n && strings.ContainsRune(suffixMarks, r) {
		return false
	}
	return !splits || strings.IndexByte(w, '\'') < 0 && !strings.Contains(w, "’")
}

// appendApostrophe appends prose's tokens of span w, at offset base in the
// text, when w is letters and digits with one apostrophe (' or ’) inside and
// maybe one of , ; : ! ? . after; it reports false for any other span. No
// emoticon or special pattern of prose has that shape, so prose splits off
// the mark, and, when splits, a contraction starting after the first byte:
// "n't" ("does" "n't") or "'s", "'ll", "'re", "'m" ("it" "'s"), in any case.
func appendApostrophe(out []tokenize.Token, w string, base int, splits bool) ([]tokenize.Token, bool) {
	core, mark := w, ""
	if n := len(w); n > 1 && strings.IndexByte(",;:!?.", w[n-1]) >= 0 {
		core, mark = w[:n-1], w[n-1:]
	}
	p, size := -1, 0 // the apostrophe
	for i := 0; i < len(core); {
		c := core[i]
		if c < utf8.RuneSelf {
			switch {
			case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9':
			case c == '\'' && p < 0:
				p, size = i, 1
			default:
				return out, false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(core[i:])
		switch {
		case r == '’' && p < 0:
			p, size = i, n
		case r == '’' || !unicode.IsLetter(r) && !unicode.IsDigit(r):
			return out, false
		}
		i += n
	}
	if p <= 0 || p+size >= len(core) {
		return out, false
	}
	cut := -1
	if after := core[p+size:]; splits {
		switch {
		case p >= 2 && core[p-1]|0x20 == 'n' && after[0]|0x20 == 't':
			cut = p - 1
		case hasPrefixFold(after, "ll") || hasPrefixFold(after, "s") || hasPrefixFold(after, "re") || hasPrefixFold(after, "m"):
			cut = p
		}
	}
	if cut > 0 {
		out = append(out, tokenize.Token{Text: core[:cut], Start: base}, tokenize.Token{Text: core[cut:], Start: base + cut})
	} else {
		out = append(out, tokenize.Token{Text: core, Start: base})
	}
	if mark != "" {
		out = append(out, tokenize.Token{Text: mark, Start: base + len(core)})
	}
	return out, true
}

// hasPrefixFold is strings.HasPrefix with ASCII letters of s in any case;
// prefix is lowercase ASCII.
func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		if s[i]|0x20 != prefix[i] {
			return false
		}
	}
	return true
}

// onlyMarks reports whether s is made of , ; : ! ? . alone.
func onlyMarks(s string) bool {
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(",;:!?.", s[i]) < 0 {
			return false
		}
	}
	return true
}

// maxPeel bounds prose's work on one span. prose takes a span's prefixes,
// suffixes and contractions off one at a time and tests what is left again
// after each (its special patterns, the contractions), so a span that
// ends in n such marks costs n squared: 16,000 ':' took 8.8 s, and a 16 MiB
// line of them would take days. Each step takes off a leading prefix, a
// trailing suffix or a contraction (which holds an apostrophe), so a span
// with at most maxPeel of those costs at most maxPeel+1 passes over it. No
// running text has more; separator lines and junk do, and appendJunk splits
// them instead.
const maxPeel = 32

// junkSpan reports whether prose could take more than maxPeel steps on w:
// its leading run of prefixes, its trailing run of suffixes and its
// apostrophes count more than maxPeel.
func junkSpan(w string) bool {
	n := 0
	for _, r := range w {
		if !strings.ContainsRune(prefixMarks, r) {
			break
		}
		n++
	}
	for i := len(w); i > 0; {
		r, size := utf8.DecodeLastRuneInString(w[:i])
		if !strings.ContainsRune(suffixMarks, r) {
			break
		}
		n++
		i -= size
	}
	return n+strings.Count(w, "'")+strings.Count(w, "’") > maxPeel
}

// appendJunk appends the tokens of a span junkSpan holds, in one pass:
// each run of letters, digits and marks is a token, and so is every other
// character, as prose would take off a run of punctuation.
func appendJunk(out []tokenize.Token, w string, base int) []tokenize.Token {
	word := -1 // start of the current run of letters and digits
	for i, r := range w {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
			if word < 0 {
				word = i
			}
			continue
		}
		if word >= 0 {
			out = append(out, tokenize.Token{Text: w[word:i], Start: base + word})
			word = -1
		}
		_, size := utf8.DecodeRuneInString(w[i:])
		out = append(out, tokenize.Token{Text: w[i : i+size], Start: base + i})
	}
	if word >= 0 {
		out = append(out, tokenize.Token{Text: w[word:], Start: base + word})
	}
	return out
}
