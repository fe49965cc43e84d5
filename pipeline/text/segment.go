package text

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/jdkato/prose/v3/segment"
	"gopkg.in/neurosnap/sentences.v1"
	"gopkg.in/neurosnap/sentences.v1/data"
)

// dutchAbbrevs do not end a sentence in Dutch text. Punkt types are
// lowercase and lose their final period.
var dutchAbbrevs = []string{
	"bijv", "o.a", "d.w.z", "m.b.t", "i.p.v", "m.a.w", "t.a.v", "incl", "excl",
	"dhr", "mevr", "mw", "z.s.m", "t.w", "p.m", "evt", "ca", "nl", "vgl", "etc",
	"enz", "resp", "jl", "a.s", "blz", "nr", "tel", "e.d", "i.v.m", "m.i",
	"n.a.v", "o.b.v", "t.b.v", "t/m", "v.a", "z.o.z", "bv", "b.v", "n.v", "d.d",
	"mr", "dr", "drs", "ir", "ing", "prof", "st", "jr", "sr", "vs", "inc", "ltd",
	"jan", "feb", "mrt", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "nov", "dec",
	"max", "min", "excl", "zgn", "gem", "ong", "afd", "e.v", "i.c.m", "a.u.b", "s.v.p",
}

// dutchStarters are words that, capitalised after an abbreviation, start a
// new sentence ("... etc. Dat is veel."). Articles are left out: "Mevr. De
// Vries" is one sentence.
var dutchStarters = []string{
	"ik", "het", "dat", "dit", "die", "we", "wij", "je", "jij", "u", "hij", "zij",
	"ze", "er", "maar", "dus", "ook", "wat", "hoe", "waarom", "wanneer", "waar",
	"kan", "kunt", "kunnen", "is", "graag", "bedankt", "alvast", "groet", "groeten",
	"mvg", "daarna", "verder", "nu", "toen", "als", "helaas", "ja", "nee", "hierbij",
}

// russianAbbrevs do not end a sentence in Russian text. Only dotted ones:
// see punktKey for why "руб." or "см." cannot be added safely.
var russianAbbrevs = []string{"т.е", "т.д", "т.п", "т.к", "т.н", "и.о"}

// englishNotAbbrevs are abbreviations of the English model that are common
// chat words at a sentence end ("It's ok. We tried").
var englishNotAbbrevs = []string{"ok", "ill"}

// segmenters are built once: a punkt Storage must not change after a
// Segmenter that uses it is shared between goroutines.
var segmenters = sync.OnceValue(func() map[string]*langSegmenter {
	en := englishStorage()
	for _, a := range proseAbbrevs { // as prose's segment.New
		en.AbbrevTypes.Add(a)
	}
	for _, a := range englishNotAbbrevs {
		en.AbbrevTypes.Remove(a)
	}
	nl, ru := dutchStorage(), russianStorage()
	for _, st := range []*sentences.Storage{en, nl, ru} {
		bracketAbbrevs(st)
	}
	return map[string]*langSegmenter{
		"en": {segment.WithTraining(en), abbrevSet(en, nil)},
		"nl": {segment.WithTraining(nl), abbrevSet(nl, nil)},
		"ru": {segment.WithTraining(ru), abbrevSet(ru, russianAbbrevs)},
	}
})

// bracketAbbrevs registers each abbreviation of st once more after an
// opening bracket. Punkt splits words at white space only, so in "factuur
// (nr. 2231)" it looks up "(nr", finds no abbreviation and ends the
// sentence inside the brackets.
func bracketAbbrevs(st *sentences.Storage) {
	var as []string
	for a := range st.AbbrevTypes {
		as = append(as, "("+a)
	}
	for _, a := range as {
		st.AbbrevTypes.Add(a)
	}
}

// langSegmenter is a sentence segmenter and the abbreviations it knows, so
// the tokenizer can keep "bijv." whole where the segmenter saw no sentence
// end. Both are read-only once built.
type langSegmenter struct {
	*segment.Segmenter
	abbrevs map[string]bool // lowercase, without the final period
}

func abbrevSet(st *sentences.Storage, extra []string) map[string]bool {
	m := make(map[string]bool, len(st.AbbrevTypes)+len(extra))
	for a := range st.AbbrevTypes {
		m[a] = true
	}
	for _, a := range extra {
		m[a] = true
	}
	return m
}

// punktKey is the key under which gopkg.in/neurosnap/sentences v1.0.6 looks
// up the abbreviation a. It cuts the token's final period by rune count
// but slices bytes, so for non-ASCII tokens it looks up a mangled prefix
// (first runes-1 bytes, lowercased). Registering that key makes "т.е." work;
// for plain Cyrillic words the mangled prefix is shared by many words
// ("млн." and "мой."), so only dotted abbreviations are registered.
func punktKey(a string) string {
	// Punkt cuts a+"." to its rune count less one: a's rune count, which
	// is within a.
	return strings.ToLower(a[:utf8.RuneCountInString(a)])
}

// proseAbbrevs are the ones prose's segment.New adds to the English model.
var proseAbbrevs = []string{"sgt", "gov", "no", "mt"}

func englishStorage() *sentences.Storage {
	b, err := data.Asset("data/english.json")
	if err != nil {
		panic("text: prose English sentence model: " + err.Error())
	}
	st, err := sentences.LoadTraining(b)
	if err != nil {
		panic("text: prose English sentence model: " + err.Error())
	}
	return st
}

// dutchStorage adapts the English punkt model to Dutch. The English
// orthographic context (which words are seen lowercase) says nothing about
// Dutch words and made "o.a. Exact" a sentence break, so it is dropped; the
// English abbreviations that are Dutch words ("kan", "ga", "pa", "ok") go too:
// only dotted ones and single letters (initials) are kept.
func dutchStorage() *sentences.Storage {
	en := englishStorage()
	st := sentences.NewStorage()
	for a := range en.AbbrevTypes {
		if len(a) == 1 || strings.Contains(a, ".") {
			st.AbbrevTypes.Add(a)
		}
	}
	for _, a := range dutchAbbrevs {
		st.AbbrevTypes.Add(a)
	}
	for _, w := range dutchStarters {
		st.SentStarters.Add(w)
	}
	return st
}

// russianStorage is the English model plus Russian abbreviations; its
// orthographic context holds no Cyrillic words, so it does not interfere.
func russianStorage() *sentences.Storage {
	st := englishStorage()
	for _, a := range proseAbbrevs {
		st.AbbrevTypes.Add(a)
	}
	for _, a := range russianAbbrevs {
		st.AbbrevTypes.Add(punktKey(a))
	}
	return st
}

// segment is Segment(line), cheaper. Punkt (and prose's annotations on top
// of it) decides each sentence end from the token pair around it, so a line
// may be cut at ends that are certain and each piece segmented on its own;
// a piece whose only '.', '!' or '?' stand at its end is one sentence, and
// only the rest goes to Punkt. Most chat lines and short tickets never reach
// it. TestSegmentShortcut and FuzzSegmentShortcut hold the two equal.
func (s *langSegmenter) segment(line string) []segment.Sentence {
	return s.segmentInto(nil, line)
}

// segmentInto appends the sentences of line to out.
func (s *langSegmenter) segmentInto(out []segment.Sentence, line string) []segment.Sentence {
	if oneSentence(line) {
		return appendWhole(out, line, 0)
	}
	from := 0
	for at := from; ; {
		cut := s.nextCut(line, at)
		if cut < 0 {
			break
		}
		out = s.appendPiece(out, line[from:cut], from)
		from, at = cut, cut
	}
	return s.appendPiece(out, line[from:], from)
}

// appendPiece appends the sentences of piece, which starts at offset off of
// its line.
func (s *langSegmenter) appendPiece(out []segment.Sentence, piece string, off int) []segment.Sentence {
	if oneSentence(piece) {
		return appendWhole(out, piece, off)
	}
	for _, sent := range s.Segment(piece) {
		sent.Start += off
		out = append(out, sent)
	}
	return out
}

// oneSentence reports whether s has '.', '!' or '?' only in its final run:
// then it is one sentence (or blank) and Punkt need not see it.
func oneSentence(s string) bool {
	i := strings.IndexAny(s, ".!?")
	return i < 0 || i >= finalRun(s)
}

// appendWhole appends piece as one sentence, trimmed as Segment trims it,
// unless it is blank.
func appendWhole(out []segment.Sentence, piece string, off int) []segment.Sentence {
	start, end := 0, len(piece)
	for start < end {
		r, size := utf8.DecodeRuneInString(piece[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		start += size
	}
	for end > start {
		r, size := utf8.DecodeLastRuneInString(piece[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		end -= size
	}
	if start >= end {
		return out
	}
	return append(out, segment.Sentence{Text: piece[start:end], Start: off + start})
}

// nextCut returns the end of the first certain sentence end at or after
// byte at, or -1. Certain, when white space and more text follow, is:
//   - a run of '!' and '?' after a token without '.' ("werkt niet?!",
//     "INV-2880573?"): prose's HasSentEndChars makes it a break, and only
//     tokens with a period are ever reclassified;
//   - one '.' after a word of two or more letters that is no abbreviation
//     of the model ("exporteren."), when the next token starts with a
//     letter, a digit or a non-ASCII symbol: Punkt reclassifies such a
//     token only through a collocation with the next word, and the models
//     have none that starts with such a word (TestCutsNeedNoCollocation).
//     ASCII punctuation next is left to Punkt: prose keeps "word. ." (a
//     spaced ellipsis) together.
//
// Punkt ends a sentence there whatever the rest of the line holds.
func (s *langSegmenter) nextCut(line string, at int) int {
	for {
		i := strings.IndexAny(line[at:], ".!?")
		if i < 0 {
			return -1
		}
		p := at + i
		end := p + 1
		if line[p] != '.' {
			for end < len(line) && (line[end] == '!' || line[end] == '?') {
				end++
			}
		}
		at = end
		next := nextAfterSpace(line[end:])
		if next < 0 {
			continue
		}
		if line[p] == '.' {
			if next < utf8.RuneSelf && !unicode.IsLetter(next) && !unicode.IsDigit(next) {
				continue
			}
			if word := wordBefore(line[:p]); utf8.RuneCountInString(word) < 2 || s.isAbbrev(word) {
				continue
			}
		} else if tok := tokenBefore(line[:p]); tok == "" || strings.ContainsRune(tok, '.') || strings.Contains(tok, "Yahoo") {
			continue
		}
		return end
	}
}

// nextAfterSpace returns the first rune after the white space that starts
// s, or -1 when s does not start with white space or holds nothing else.
func nextAfterSpace(s string) rune {
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsSpace(r) {
			if i == 0 {
				return -1
			}
			return r
		}
		i += size
	}
	return -1
}

// tokenBefore returns the run of non-space characters that ends s.
func tokenBefore(s string) string {
	i := len(s)
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if unicode.IsSpace(r) {
			break
		}
		i -= size
	}
	return s[i:]
}

// wordBefore returns the letters that end s when they start s or follow
// white space, else "" (a number, "o.a", "(zie", "don't" are no words here).
func wordBefore(s string) string {
	i := len(s)
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if !unicode.IsLetter(r) {
			if !unicode.IsSpace(r) {
				return ""
			}
			break
		}
		i -= size
	}
	return s[i:]
}

// isAbbrev reports whether Punkt could take word followed by a period for
// an abbreviation: its lowercase form or the mangled key Punkt looks up
// for non-ASCII tokens (see punktKey) is in the model.
func (s *langSegmenter) isAbbrev(word string) bool {
	// An ASCII word is its own punktKey: one lookup, lowercased on the
	// stack.
	var buf [32]byte
	if len(word) <= len(buf) {
		ascii := true
		for i := 0; i < len(word); i++ {
			c := word[i]
			if c >= utf8.RuneSelf {
				ascii = false
				break
			}
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf[i] = c
		}
		if ascii {
			return s.abbrevs[string(buf[:len(word)])]
		}
	}
	lower := strings.ToLower(word)
	return s.abbrevs[lower] || s.abbrevs[punktKey(lower)] || s.abbrevs[punktKey(word)]
}

// finalRun returns where the line's trailing run of sentence punctuation and
// closing quotes and brackets starts, trailing white space not counted.
func finalRun(line string) int {
	end := len(line)
	for end > 0 {
		r, size := utf8.DecodeLastRuneInString(line[:end])
		if !unicode.IsSpace(r) {
			break
		}
		end -= size
	}
	for end > 0 {
		r, size := utf8.DecodeLastRuneInString(line[:end])
		if !strings.ContainsRune(".!?\"')]”’»", r) {
			break
		}
		end -= size
	}
	return end
}

// segmenterFor returns the sentence segmenter of a language; English serves
// every language without its own.
func segmenterFor(lang string) *langSegmenter {
	m := segmenters()
	if s, ok := m[lang]; ok {
		return s
	}
	return m["en"]
}
