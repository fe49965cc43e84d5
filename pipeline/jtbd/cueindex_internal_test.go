package jtbd

import (
	"slices"
	"testing"

	"jobminer/pipeline/internal/goldtest"
	"jobminer/pipeline/text"
)

// The cue index is only a filter: at every token, the cues it offers must
// be ascending, and hold every cue that matches there (so Outcomes sees the
// same cues in the same order as trying them all). Texts: the cues written
// out, and the repository's gold set, each in every language.
func TestCueIndexOffersEveryMatchingCue(t *testing.T) {
	a := text.NewAnalyzer()
	l, err := Builtin(a)
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, cs := range writtenCues(t) {
		for _, c := range cs {
			texts = append(texts, "ok, "+c.phrase+" en zo.")
		}
	}
	for _, r := range goldtest.Read(t, "../../testdata/gold/gold.jsonl") {
		texts = append(texts, r.Text)
	}
	matched := 0
	for lang, cues := range l.cues {
		for _, s := range texts {
			toks := a.Tokenize(lang, s)
			for i := range toks {
				got := l.firsts[lang].candidates(nil, &toks[i])
				if !slices.IsSorted(got) || len(slices.Compact(slices.Clone(got))) != len(got) {
					t.Fatalf("%s %q token %d: candidates %v not ascending", lang, s, i, got)
				}
				for ci, c := range cues {
					if _, ok := matchCue(toks, i, c.words); ok {
						matched++
						if !slices.Contains(got, int32(ci)) {
							t.Fatalf("%s %q token %d: cue %d matches but is not offered (%v)", lang, s, i, ci, got)
						}
					}
				}
			}
		}
	}
	if matched < len(texts)/5 { // outcome cues are rarer in Russian records
		t.Fatalf("only %d cue matches in %d texts: the test says little", matched, len(texts))
	}
}
