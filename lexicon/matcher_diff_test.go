package lexicon_test

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"jobminer/lexicon"
	"jobminer/pipeline/record"
	"jobminer/pipeline/text"
)

// diffTexts are the lexicons' own examples, the repository's gold set and
// demo data, and the shared development gold set when it is there: every
// line as text (a JSON line's string fields).
func diffTexts(t testing.TB, s *lexicon.Set) []string {
	var out []string
	for _, l := range s.Langs {
		for _, e := range l.Entries {
			out = append(out, e.Match...)
			out = append(out, e.NoMatch...)
		}
	}
	var files []string
	for _, glob := range []string{"../testdata/gold/*", "../testdata/demo/*/*", "../../shared/gold/*.jsonl"} {
		fs, _ := filepath.Glob(glob)
		files = append(files, fs...)
	}
	for _, f := range files {
		r, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		var rd io.Reader = r
		if strings.HasSuffix(f, ".gz") {
			if rd, err = gzip.NewReader(r); err != nil {
				t.Fatal(err)
			}
		}
		sc := bufio.NewScanner(rd)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var obj map[string]any
			if json.Unmarshal(sc.Bytes(), &obj) != nil {
				out = append(out, sc.Text())
				continue
			}
			for _, v := range obj {
				if s, ok := v.(string); ok {
					out = append(out, s)
				}
			}
		}
		r.Close()
	}
	return out
}

// TestMatcherAgreesWithNaive runs every language's matchers over every text
// in every language and wants exactly the oracle's matches, from FindAll and
// from FindKeyed with the Lang's keys.
func TestMatcherAgreesWithNaive(t *testing.T) {
	set, err := lexicon.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	a := text.NewAnalyzer()
	c, err := lexicon.Compile(set, a)
	if err != nil {
		t.Fatal(err)
	}
	texts := diffTexts(t, set)
	if len(texts) < 1000 {
		t.Fatalf("only %d texts: the comparison would say little", len(texts))
	}
	matches := 0
	for _, code := range c.Languages() {
		l := c.Lang(code)
		ms := map[string]*lexicon.Matcher{"forces": l.Forces, "jobs": l.Jobs, "phases": l.PhaseMatcher, "negators": l.Negators, "intensifiers": l.Intensifiers}
		for _, s := range texts {
			u := &record.Utterance{Text: text.Normalize(s)}
			a.Analyze(u, code)
			keys := l.Keys(nil, u.Tokens)
			for name, m := range ms {
				want := lexicon.NaiveFind(m, u.Tokens)
				matches += len(want)
				if got := m.FindAll(nil, u.Tokens); !slices.Equal(got, want) {
					t.Fatalf("%s %s FindAll(%q) = %v, want %v", code, name, s, got, want)
				}
				if got := m.FindKeyed(nil, u.Tokens, keys); !slices.Equal(got, want) {
					t.Fatalf("%s %s FindKeyed(%q) = %v, want %v", code, name, s, got, want)
				}
			}
		}
	}
	t.Logf("%d texts, %d matches agree", len(texts), matches)
}

// BenchmarkFindKeyed runs every matcher of a language over the texts of
// TestMatcherAgreesWithNaive, or those of the first 20000 lines of the
// JSONL file in $JOBMINER_MATCH_CORPUS, analysed and keyed beforehand; MB/s
// is per text byte per language.
func BenchmarkFindKeyed(b *testing.B) {
	set, err := lexicon.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	a := text.NewAnalyzer()
	c, err := lexicon.Compile(set, a)
	if err != nil {
		b.Fatal(err)
	}
	texts := diffTexts(b, set)
	if path := os.Getenv("JOBMINER_MATCH_CORPUS"); path != "" {
		texts = corpusTexts(b, path, 20000)
	}
	for _, code := range []string{"en", "nl"} {
		l := c.Lang(code)
		var us []*record.Utterance
		var keys [][]lexicon.Key
		size := 0
		for _, s := range texts {
			u := &record.Utterance{Text: text.Normalize(s)}
			a.Analyze(u, code)
			us, keys, size = append(us, u), append(keys, l.Keys(nil, u.Tokens)), size+len(u.Text)
		}
		ms := []*lexicon.Matcher{l.Forces, l.Jobs, l.PhaseMatcher, l.Negators, l.Intensifiers}
		b.Run(code, func(b *testing.B) {
			b.SetBytes(int64(size))
			var dst []lexicon.Match
			for b.Loop() {
				for i, u := range us {
					for _, m := range ms {
						dst = m.FindKeyed(dst[:0], u.Tokens, keys[i])
					}
				}
			}
		})
	}
}

// corpusTexts returns the text fields of the first n lines of a JSONL file.
func corpusTexts(tb testing.TB, path string, n int) []string {
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for len(out) < n && sc.Scan() {
		var r struct{ Text string }
		if json.Unmarshal(sc.Bytes(), &r) == nil && r.Text != "" {
			out = append(out, r.Text)
		}
	}
	return out
}
