package jtbd

import (
	"slices"
	"strings"
	"testing"

	"jobminer/pipeline/extract"
	"jobminer/pipeline/internal/goldtest"
	"jobminer/pipeline/internal/lextest"
	"jobminer/pipeline/record"
	"jobminer/pipeline/tag"
)

// TestLookupsSameAsScans holds the binary searches of the stories
// (tokenRange, clauseOf) and the Teller's mentions by job to the scans
// they replaced, for every mention and job of the project's gold texts
// joined into one long utterance per language.
func TestLookupsSameAsScans(t *testing.T) {
	a, lex := lextest.Builtin(t)
	byLang := goldtest.ByLang(t, "../../testdata/gold/gold.jsonl")
	for lang, texts := range byLang {
		u := &record.Utterance{Text: strings.Join(texts, " "), Language: lang}
		l := lex.Lang(lang)
		a.Analyze(u, lang)
		tag.Tag(u, l)
		extract.Jobs(u, l)
		clauses := Clauses(u.Tokens, lang)
		spans := []record.Span{{Start: 0, End: 0}, {Start: len(u.Text), End: len(u.Text) + 1}}
		for _, m := range u.Mentions {
			spans = append(spans, m.Span)
		}
		for _, j := range u.Jobs {
			spans = append(spans, j.Span)
		}
		for _, tok := range u.Tokens {
			// a span inside a token, and one between two
			spans = append(spans, record.Span{Start: tok.Start + 1, End: tok.End}, record.Span{Start: tok.End, End: tok.End + 1})
		}
		for _, sp := range spans {
			if got, want := tokenRange(u.Tokens, sp), scanTokenRange(u.Tokens, sp); got != want {
				t.Fatalf("%s: tokenRange(%v) = %v, scan %v", lang, sp, got, want)
			}
			if got, want := clauseOf(clauses, u.Tokens, sp), scanClauseOf(clauses, u.Tokens, sp); got != want {
				t.Fatalf("%s: clauseOf(%v) = %d, scan %d", lang, sp, got, want)
			}
		}
		st := NewTeller(u, lang)
		for ji := range u.Jobs {
			var want []int
			for mi, m := range u.Mentions {
				if m.Job == ji {
					want = append(want, mi)
				}
			}
			if got := st.Mentions(ji); !slices.Equal(got, want) && len(got)+len(want) > 0 {
				t.Fatalf("%s: mentions of job %d %v, scan %v", lang, ji, got, want)
			}
		}
		if len(u.Jobs) < 10 {
			t.Fatalf("%s: only %d jobs", lang, len(u.Jobs))
		}
	}
}

func scanTokenRange(toks []record.Token, sp record.Span) [2]int {
	r := [2]int{-1, -1}
	for i, t := range toks {
		if t.End > sp.Start && t.Start < sp.End {
			if r[0] < 0 {
				r[0] = i
			}
			r[1] = i + 1
		}
	}
	return r
}

func scanClauseOf(cs []Clause, toks []record.Token, sp record.Span) int {
	r := scanTokenRange(toks, sp)
	if r[0] < 0 {
		return -1
	}
	for i, c := range cs {
		if r[0] >= c.Start && r[0] < c.End {
			return i
		}
	}
	return -1
}
