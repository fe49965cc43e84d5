package extract

import (
	"bufio"
	"encoding/json"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"jobminer/lexicon"
	"jobminer/pipeline/record"
	"jobminer/pipeline/tag"
	"jobminer/pipeline/text"
)

// TestTieSameAsEach holds tie, which finds each mention's job by binary
// search, to tieEach, which compares every mention with every job: on the
// project's gold texts joined into one long utterance per language, and on
// random spans made to tie (touching, overlapping the mention, equally
// near).
func TestTieSameAsEach(t *testing.T) {
	set, err := lexicon.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	a := text.NewAnalyzer()
	lex, err := lexicon.Compile(set, a)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("../../testdata/gold/gold.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	byLang := map[string][]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var r struct{ Text, Lang string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		byLang[r.Lang] = append(byLang[r.Lang], r.Text)
	}
	for lang, texts := range byLang {
		u := &record.Utterance{Text: strings.Join(texts, " "), Language: lang}
		l := lex.Lang(lang)
		a.Analyze(u, lang)
		tag.Tag(u, l)
		Jobs(u, l)
		if len(u.Jobs) < 10 || len(u.Mentions) < 40 {
			t.Fatalf("%s: only %d jobs and %d mentions", lang, len(u.Jobs), len(u.Mentions))
		}
		if !ordered(u.Jobs) {
			t.Fatalf("%s: jobs out of order: tie would not take its fast path", lang)
		}
		got := jobsOf(u)
		tieEach(u)
		if want := jobsOf(u); !equal(got, want) {
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
		if want := jobsOf(u); !equal(got, want) {
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

func equal(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
