package tag

import (
	"cmp"
	"slices"
	"strings"
	"testing"

	"jobminer/lexicon"
	"jobminer/pipeline/internal/goldtest"
	"jobminer/pipeline/internal/lextest"
	"jobminer/pipeline/record"
)

// TestLinearSameAsPairwise holds longestFirst, intensity, negated and hasForce, which
// look only at the matches near each one, to the pairwise loops they
// replaced, on the project's gold texts one by one and joined into one long
// utterance per language (thousands of matches).
func TestLinearSameAsPairwise(t *testing.T) {
	a, lex := lextest.Builtin(t)
	byLang := goldtest.ByLang(t, "../../testdata/gold/gold.jsonl")
	checked := 0
	for lang, texts := range byLang {
		l := lex.Lang(lang)
		for _, s := range append(texts, strings.Join(texts, " ")) {
			u := record.Utterance{Text: s}
			keys := a.AnalyzeKeys(&u, lang, l)
			toks := u.Tokens
			ms := l.Forces.FindKeyed(nil, toks, keys)
			if len(ms) == 0 {
				continue
			}
			got, want := longestFirst(slices.Clone(ms)), refLongestFirst(slices.Clone(ms))
			if !slices.Equal(got, want) {
				t.Fatalf("%s: longestFirst differs on %.60q", lang, s)
			}
			ints := l.Intensifiers.FindKeyed(nil, toks, keys)
			negs := NegatorsKeyed(toks, l, keys)
			for _, m := range got {
				if g, w := intensity(toks, m, ints, l.Factors), refIntensity(toks, m, ints, l.Factors); g != w {
					t.Fatalf("%s: intensity %v, pairwise %v, at %d in %.60q", lang, g, w, m.Start, s)
				}
				has := l.EntryHasNegator[m.Pattern]
				if g, w := negated(toks, m, negs, has, lang), refNegated(toks, m, negs, has, lang); g != w {
					t.Fatalf("%s: negated %v, pairwise %v, at %d in %.60q", lang, g, w, m.Start, s)
				}
				checked++
			}
			// hasForce searches the sentence's mentions.
			TagKeyed(&u, l, keys)
			for sent := range u.Sentences {
				for _, f := range []record.Force{record.Struggle, record.Progress, record.Anxiety, record.Habit, lexicon.Neutral} {
					if g, w := hasForce(u.Mentions, sent, f), refHasForce(u.Mentions, sent, f); g != w {
						t.Fatalf("%s: hasForce(%d, %s) %v, scan %v in %.60q", lang, sent, f, g, w, s)
					}
				}
			}
		}
	}
	if checked < 500 {
		t.Fatalf("only %d matches checked", checked)
	}
}

// The pairwise loops as they were before 2026-12-02.

func refHasForce(ms []record.Mention, sentence int, f record.Force) bool {
	for _, m := range ms {
		if m.Sentence == sentence && m.Force == f && !m.Negated {
			return true
		}
	}
	return false
}

func refLongestFirst(ms []lexicon.Match) []lexicon.Match {
	slices.SortStableFunc(ms, func(a, b lexicon.Match) int {
		if la, lb := a.End-a.Start, b.End-b.Start; la != lb {
			return cmp.Compare(lb, la)
		}
		if a.Start != b.Start {
			return cmp.Compare(a.Start, b.Start)
		}
		return cmp.Compare(a.Pattern, b.Pattern)
	})
	kept := ms[:0]
	for _, m := range ms {
		overlap := false
		for _, k := range kept {
			if m.Start < k.End && k.Start < m.End {
				overlap = true
				break
			}
		}
		if !overlap {
			kept = append(kept, m)
		}
	}
	slices.SortFunc(kept, func(a, b lexicon.Match) int { return cmp.Compare(a.Start, b.Start) })
	return kept
}

func refIntensity(toks []record.Token, m lexicon.Match, ints []lexicon.Match, factors []float64) float64 {
	f := 1.0
	if len(ints) == 0 {
		return f
	}
	lo, _ := clause(toks, m)
	for _, g := range ints {
		if g.Start < lo || g.End > m.Start {
			continue
		}
		if m.Start-g.End < intensifyBy {
			f *= factors[g.Pattern]
		}
	}
	return f
}

func refNegated(toks []record.Token, m lexicon.Match, negs []lexicon.Match, patternHasNegator bool, lang string) bool {
	if len(negs) == 0 || lang == "ru" && concord(toks[m.Start:m.End]) {
		return false
	}
	lo, hi := clause(toks, m)
	n := 0
	for _, g := range negs {
		if g.Start >= m.Start && g.End <= m.End {
			if !patternHasNegator {
				n++
			}
			continue
		}
		if g.Start < lo || g.End > hi {
			continue
		}
		switch {
		case g.End <= m.Start && m.Start-g.End < negBefore:
			if prepositional[toks[g.Start].Norm] && !onlyFunctionWords(toks[g.End:m.Start]) {
				continue
			}
			n++
		case lang == "nl" && g.Start >= m.End && g.Start-m.End < negAfterNL && postverbal[toks[g.Start].Norm] &&
			!subordinateBetween(toks, m.End, g.Start):
			n++
		case lang == "ru" && g.Start >= m.End && g.Start-m.End < negAfterNL && existentialNo(toks, g) &&
			!subordinateBetween(toks, m.End, g.Start):
			n++
		}
	}
	return n%2 == 1
}
