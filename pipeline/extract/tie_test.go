package extract

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"jobminer/lexicon"
	"jobminer/pipeline/internal/goldtest"
	"jobminer/pipeline/internal/lextest"
	"jobminer/pipeline/record"
	"jobminer/pipeline/tag"
)

// goldUtterances are the project's gold texts joined into one long
// analysed, tagged and extracted utterance per language.
func goldUtterances(t *testing.T) map[string]*record.Utterance {
	t.Helper()
	a, lex := lextest.Builtin(t)
	byLang := goldtest.ByLang(t, "../../testdata/gold/gold.jsonl")
	out := map[string]*record.Utterance{}
	for lang, texts := range byLang {
		u := &record.Utterance{Text: strings.Join(texts, " "), Language: lang}
		l := lex.Lang(lang)
		a.Analyze(u, lang)
		tag.Tag(u, l)
		Jobs(u, l)
		out[lang] = u
		langs[lang] = l
	}
	return out
}

var langs = map[string]*lexicon.Lang{}

// TestCueNegatedSameAsScan holds cueNegated, which reads only the negators
// near the cue, to reading them all, for every span of one to four tokens
// of the gold utterances, with and without each flag.
func TestCueNegatedSameAsScan(t *testing.T) {
	for lang, u := range goldUtterances(t) {
		l := langs[lang]
		negs := tag.NegatorsKeyed(u.Tokens, l, l.Keys(nil, u.Tokens))
		if len(negs) < 10 {
			t.Fatalf("%s: only %d negators", lang, len(negs))
		}
		for i := range u.Tokens {
			for k := 1; k <= 4 && i+k <= len(u.Tokens); k++ {
				c := lexicon.Match{Start: i, End: i + k}
				for _, has := range []bool{false, true} {
					for _, dutch := range []bool{false, true} {
						if got, want := cueNegated(u.Tokens, c, negs, has, dutch), scanCueNegated(u.Tokens, c, negs, has, dutch); got != want {
							t.Fatalf("%s: cueNegated(%v, %v, %v) = %v, scan %v", lang, c, has, dutch, got, want)
						}
					}
				}
			}
		}
	}
}

func scanCueNegated(toks []record.Token, c lexicon.Match, negs []lexicon.Match, cueHasNegator, dutch bool) bool {
	for _, g := range negs {
		switch {
		case g.Start >= c.Start && g.End <= c.End:
			if !cueHasNegator {
				return true
			}
		case g.End == c.Start:
			return true
		case g.End+1 == c.Start && softeners[toks[g.End].Norm]:
			return true
		case dutch && g.Start == c.End:
			return true
		}
	}
	return false
}

// TestTieSameAsEach holds tie, which finds each mention's job by binary
// search, to tieEach, which compares every mention with every job: on the
// project's gold texts joined into one long utterance per language, and on
// random spans made to tie (touching, overlapping the mention, equally
// near).
func TestTieSameAsEach(t *testing.T) {
	for lang, u := range goldUtterances(t) {
		if len(u.Jobs) < 10 || len(u.Mentions) < 40 {
			t.Fatalf("%s: only %d jobs and %d mentions", lang, len(u.Jobs), len(u.Mentions))
		}
		if !ordered(u.Jobs) {
			t.Fatalf("%s: jobs out of order: tie would not take its fast path", lang)
		}
		got := jobsOf(u)
		tieEach(u)
		if want := jobsOf(u); !slices.Equal(got, want) {
			t.Errorf("%s: tie and tieEach differ", lang)
		}
	}

	r := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 2000; n++ {
		u := &record.Utterance{}
		pos, sent := 0, 0
		for k := r.IntN(6) + 1; k > 0; k-- {
			pos += r.IntN(4) // 0: the job touches the one before
			if r.IntN(3) == 0 {
				sent++
			}
			w := r.IntN(5) + 1
			u.Jobs = append(u.Jobs, record.Job{Span: record.Span{Start: pos, End: pos + w}, Sentence: sent})
			pos += w
		}
		for k := r.IntN(8); k > 0; k-- {
			s := r.IntN(pos + 3)
			u.Mentions = append(u.Mentions, record.Mention{Span: record.Span{Start: s, End: s + r.IntN(6) + 1}, Sentence: r.IntN(sent + 2)})
		}
		tie(u)
		got := jobsOf(u)
		tieEach(u)
		if want := jobsOf(u); !slices.Equal(got, want) {
			t.Fatalf("jobs %v mentions %v: tie %v, tieEach %v", u.Jobs, u.Mentions, got, want)
		}
	}
}

func jobsOf(u *record.Utterance) []int {
	out := make([]int, len(u.Mentions))
	for i, m := range u.Mentions {
		out[i] = m.Job
	}
	return out
}
