package lexicon

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

	"jobminer/pipeline/record"
	"jobminer/pipeline/text"
)

// naiveFind is the matcher's definition, kept as the oracle for its index
// and interned ids: try every pattern at every token, comparing strings.
func naiveFind(m *Matcher, toks []record.Token) []Match {
	var out []Match
	for i := range toks {
		for p, slots := range m.patterns {
			if len(slots) == 0 {
				continue
			}
			if end, ok := naiveAt(slots, toks, i, 0); ok {
				out = append(out, Match{Pattern: p, Start: i, End: end})
			}
		}
	}
	return out
}

func naiveAt(slots []slot, toks []record.Token, ti, si int) (int, bool) {
	if si == len(slots) {
		return ti, true
	}
	if ti >= len(toks) || (si > 0 && toks[ti].Sentence != toks[ti-1].Sentence) {
		return 0, false
	}
	s := slots[si]
	if s.gap {
		for skip := 0; skip <= maxGap; skip++ {
			if skip > 0 {
				j := ti + skip - 1
				if j >= len(toks) || Boundary(toks[j].Norm) || toks[j].Sentence != toks[ti].Sentence {
					break
				}
			}
			if end, ok := naiveAt(slots, toks, ti+skip, si+1); ok {
				return end, true
			}
		}
		return 0, false
	}
	t := toks[ti]
	for _, a := range s.alts {
		var ok bool
		switch a.kind {
		case byStem:
			ok = t.Stem == a.val
		case byPrefix:
			ok = strings.HasPrefix(t.Norm, a.val)
		default:
			ok = t.Norm == a.val
		}
		if ok {
			return naiveAt(slots, toks, ti+1, si+1)
		}
	}
	return 0, false
}

// diffTexts are the lexicons' own examples, the repository's gold set and
// demo data, and the shared development gold set when it is there: every
// line as text (a JSON line's string fields).
func diffTexts(t *testing.T, s *Set) []string {
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
	set, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	a := text.NewAnalyzer()
	c, err := Compile(set, a)
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
		ms := map[string]*Matcher{"forces": l.Forces, "jobs": l.Jobs, "phases": l.PhaseMatcher, "negators": l.Negators, "intensifiers": l.Intensifiers}
		for _, s := range texts {
			u := &record.Utterance{Text: text.Normalize(s)}
			a.Analyze(u, code)
			keys := l.Keys(nil, u.Tokens)
			for name, m := range ms {
				want := naiveFind(m, u.Tokens)
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
