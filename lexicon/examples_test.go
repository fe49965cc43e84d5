package lexicon_test

import (
	"testing"

	"jobminer/lexicon"
	"jobminer/lexicon/check"
	"jobminer/pipeline/record"
	"jobminer/pipeline/text"
)

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

// TestExamples runs every entry's and cue's own examples through the real
// analyzer, tagger and extractor: match examples must give a mention of the
// entry that counts (with exactly the bracketed span, when marked), nomatch
// examples must not, and cue examples must give their job.
func TestExamples(t *testing.T) {
	set, c := compiled(t)
	for _, p := range check.Examples(set, c, "") {
		t.Error(p)
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

// TestPhaseCoverage: every built-in language has cues for every phase of the
// switch timeline, and force entries of every force with sub-forces use them.
func TestPhaseCoverage(t *testing.T) {
	set, _ := compiled(t)
	for _, code := range []string{"en", "nl", "ru"} {
		l := set.Langs[code]
		per := map[string]int{}
		for _, c := range l.PhaseCues {
			per[c.Phase]++
		}
		for _, p := range lexicon.Phases {
			if per[p] == 0 {
				t.Errorf("%s: no phase cue for %s", code, p)
			}
		}
		subs := map[record.Force]int{}
		for _, e := range l.Entries {
			if e.SubForce != "" {
				subs[e.Force]++
			}
		}
		for f := range lexicon.SubForces {
			if subs[f] == 0 {
				t.Errorf("%s: no %s entry names a sub-force", code, f)
			}
		}
		t.Logf("%s: %d phase cues %v; entries with a sub-force %v", code, len(l.PhaseCues), per, subs)
	}
}
