package text

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// punktKeyRef is punktKey as Punkt computes it: a+"." cut to its rune count
// less one, lowercased.
func punktKeyRef(a string) string {
	tok := a + "."
	return strings.ToLower(tok[:utf8.RuneCountInString(tok)-1])
}

// TestIsAbbrevFastPath holds punktKey equal to Punkt's computation and
// isAbbrev, with its ASCII path, equal to the three lookups it stands for,
// on the model's abbreviations and the words of the gold texts, in every
// case, for every language.
func TestIsAbbrevFastPath(t *testing.T) {
	words := []string{"", "A", "bijv", "BIJV", "Bijv", "o.a", "т.е", "Т.Е", "ок", "ÉTÉ", "Straße", "\xff", "a\xffb", strings.Repeat("Ab", 20)}
	for _, s := range segmenters() {
		for a := range s.abbrevs {
			words = append(words, a, strings.ToUpper(a), strings.ToUpper(a[:1])+a[1:])
		}
	}
	for _, path := range []string{"../../testdata/gold/gold.jsonl", "../../../shared/gold/gold.jsonl"} {
		for _, s := range goldTexts(t, path) {
			words = append(words, strings.Fields(s)...)
		}
	}
	hits := 0
	for lang, s := range segmenters() {
		for _, w := range words {
			if got, want := punktKey(w), punktKeyRef(w); got != want {
				t.Fatalf("punktKey(%q) = %q, want %q", w, got, want)
			}
			lower := strings.ToLower(w)
			want := s.abbrevs[lower] || s.abbrevs[punktKeyRef(lower)] || s.abbrevs[punktKeyRef(w)]
			if got := s.isAbbrev(w); got != want {
				t.Fatalf("%s isAbbrev(%q) = %v, want %v", lang, w, got, want)
			}
			if want {
				hits++
			}
		}
	}
	if hits == 0 {
		t.Fatal("no abbreviation found: the test compares nothing")
	}
}
