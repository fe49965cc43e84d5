package lexicon_test

import (
	"strings"
	"testing"

	"jobminer/lexicon"
	"jobminer/pipeline"
	"jobminer/pipeline/record"
	"jobminer/pipeline/text"
)

// compiled loads and compiles the built-in lexicons once per test binary.
func compiled(t *testing.T) (*lexicon.Set, *lexicon.Compiled) {
	t.Helper()
	set, err := lexicon.Builtin()
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	c, err := lexicon.Compile(set, text.NewAnalyzer())
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	return set, c
}

// analyse runs the real pipeline stages on one customer utterance.
func analyse(c *lexicon.Compiled, a *text.Analyzer, lang, s string) record.Utterance {
	d := &record.Document{Language: lang, Source: record.Source{File: "example"},
		Utterances: []record.Utterance{{Role: record.Customer, Language: lang, Text: s}}}
	pipeline.Process(d, a, c)
	return d.Utterances[0]
}

// unbracket removes [ ] span markers and returns the marked text, if any.
func unbracket(s string) (plain, marked string) {
	i := strings.IndexByte(s, '[')
	j := strings.IndexByte(s, ']')
	if i < 0 || j < i {
		return s, ""
	}
	return s[:i] + s[i+1:j] + s[j+1:], s[i+1 : j]
}

// TestEntryExamples runs every entry's own examples through the analyzer and
// tagger: match examples must give a non-negated mention of the entry (with
// exactly the bracketed span, when marked), nomatch examples must not.
func TestEntryExamples(t *testing.T) {
	set, c := compiled(t)
	a := text.NewAnalyzer()
	for _, code := range set.Languages() {
		for _, e := range set.Langs[code].Entries {
			t.Run(e.ID, func(t *testing.T) {
				if len(e.Match) == 0 {
					t.Errorf("%s: entry %s has no match example", e.Pos, e.ID)
				}
				for _, ex := range e.Match {
					plain, marked := unbracket(ex)
					u := analyse(c, a, code, plain)
					found := false
					for _, m := range u.Mentions {
						if m.Entry == e.ID && !m.Negated && (marked == "" || m.In(u.Text) == marked) {
							found = true
						}
					}
					if !found {
						t.Errorf("%s: %s (pattern %q) does not match %q%s", e.Pos, e.ID, e.Pattern, ex, describe(u))
					}
				}
				for _, ex := range e.NoMatch {
					u := analyse(c, a, code, ex)
					for _, m := range u.Mentions {
						if m.Entry == e.ID && !m.Negated {
							t.Errorf("%s: %s (pattern %q) matches nomatch example %q at %q", e.Pos, e.ID, e.Pattern, ex, m.In(u.Text))
						}
					}
				}
			})
		}
	}
}

// TestCueExamples checks every job cue's examples: the cue must open a job
// whose statement is the expected phrase.
func TestCueExamples(t *testing.T) {
	set, c := compiled(t)
	a := text.NewAnalyzer()
	for _, code := range set.Languages() {
		for _, cu := range set.Langs[code].Cues {
			t.Run(cu.ID, func(t *testing.T) {
				if len(cu.Examples) == 0 {
					t.Errorf("%s: cue %s has no example", cu.Pos, cu.ID)
				}
				for _, ex := range cu.Examples {
					u := analyse(c, a, code, ex.Text)
					var got []string
					ok := false
					for _, j := range u.Jobs {
						got = append(got, j.Statement+" ("+j.Cue+")")
						if j.Cue == cu.ID && strings.EqualFold(j.Statement, ex.Job) {
							ok = true
						}
					}
					if ex.Job == "" && len(u.Jobs) == 0 {
						ok = true
					}
					if !ok {
						t.Errorf("%s: cue %s on %q: want job %q, got %q", ex.Pos, cu.ID, ex.Text, ex.Job, got)
					}
				}
			})
		}
	}
}

// TestCoverage holds the lexicons to the size the project promises.
func TestCoverage(t *testing.T) {
	set, _ := compiled(t)
	for _, code := range []string{"nl", "en"} {
		l := set.Langs[code]
		if l == nil {
			t.Fatalf("no %s lexicon", code)
		}
		per := map[record.Force]int{}
		for _, e := range l.Entries {
			per[e.Force]++
		}
		if len(l.Entries) < 150 {
			t.Errorf("%s: %d entries, want at least 150", code, len(l.Entries))
		}
		for _, f := range record.Forces {
			if per[f] < 20 {
				t.Errorf("%s: %d %s entries, want at least 20", code, per[f], f)
			}
		}
		if len(l.Negators) == 0 || len(l.Intensifiers) == 0 || len(l.Stopwords) == 0 || len(l.Cues) == 0 {
			t.Errorf("%s: negators %d, intensifiers %d, stopwords %d, cues %d: none may be empty",
				code, len(l.Negators), len(l.Intensifiers), len(l.Stopwords), len(l.Cues))
		}
	}
}

func describe(u record.Utterance) string {
	var b strings.Builder
	b.WriteString("\n\ttokens:")
	for _, t := range u.Tokens {
		b.WriteString(" " + t.Norm + "/" + t.Stem)
	}
	for _, m := range u.Mentions {
		neg := ""
		if m.Negated {
			neg = " (negated)"
		}
		b.WriteString("\n\tmention " + m.Entry + " " + m.In(u.Text) + neg)
	}
	return b.String()
}
