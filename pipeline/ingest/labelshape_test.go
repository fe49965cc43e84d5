package ingest

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// labelShapeRef is labelShape as first written: the one-pass version must
// agree with it on every string.
func labelShapeRef(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || utf8.RuneCountInString(s) > maxLabelRunes || len(strings.Fields(s)) > maxLabelWords {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsLetter(r) {
		return false
	}
	return !strings.ContainsAny(s, `,;!?"“”„«»/\=<>*#@`)
}

func FuzzLabelShape(f *testing.F) {
	for _, s := range []string{"Interviewer", " Jan de Vries ", "Klant (Anna)", "Wat zei je?", "«Anna»", "a\\b", "Ö\u00a0x",
		"1 Anna", "", " ", "a b c d e f g h", strings.Repeat("x", 100), "Anna\xff", "P1", "Jo@x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := labelShape(s), labelShapeRef(s); got != want {
			t.Fatalf("labelShape(%q) = %v, want %v", s, got, want)
		}
	})
}
