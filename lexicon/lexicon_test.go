package lexicon

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoadErrorsPointIntoTheFile(t *testing.T) {
	tests := []struct {
		name, file, data string
		want             string // substring of the error, starting with file:line:col
	}{
		{"unknown key", "nl/struggle.yaml",
			"lang: nl\nforce: struggle\nentries:\n  - id: a\n    patern: x\n    match: [x]\n",
			"nl/struggle.yaml:5:5: unknown key \"patern\""},
		{"bad force", "nl/x.yaml", "lang: nl\nforce: pain\nentries: []\n",
			"nl/x.yaml:2:8: force \"pain\": want struggle, progress, anxiety, habit or neutral"},
		{"lang mismatch", "nl/x.yaml", "lang: en\nforce: habit\nentries: []\n",
			"nl/x.yaml:1:1: lang \"en\" in a file under nl/"},
		{"duplicate id", "en/habit.yaml",
			"lang: en\nforce: habit\nentries:\n  - id: a\n    pattern: x\n  - id: a\n    pattern: y\n",
			"en/habit.yaml:6:5: duplicate id \"a\""},
		{"empty pattern", "en/habit.yaml", "lang: en\nforce: habit\nentries:\n  - id: a\n    pattern: ''\n",
			"en/habit.yaml:4:5: entry a: empty pattern"},
		{"gap at start", "en/habit.yaml", "lang: en\nforce: habit\nentries:\n  - id: a\n    pattern: ... x\n",
			"cannot start or end"},
		{"short prefix", "en/habit.yaml", "lang: en\nforce: habit\nentries:\n  - id: a\n    pattern: ab*\n",
			"too short"},
		{"bad weight", "en/habit.yaml", "lang: en\nforce: habit\nentries:\n  - id: a\n    pattern: x\n    weight: 9\n",
			"weight 9 outside"},
		{"bad factor", "en/intensifiers.txt", "very 1.5\nsomewhat much\n",
			"en/intensifiers.txt:2: factor \"much\""},
		{"unknown file", "en/notes.md", "hello", "unknown lexicon file"},
		{"yaml syntax", "en/habit.yaml", "lang: en\nforce: [\n", "en/habit.yaml"},
		{"unknown sub-force", "nl/struggle.yaml",
			"lang: nl\nforce: struggle\nentries:\n  - id: a\n    pattern: x\n  - id: b\n    pattern: y\n    sub_force: struggle/boredom\n",
			"nl/struggle.yaml:6:5: entry b: sub_force \"struggle/boredom\": want one of struggle/time, struggle/effort"},
		{"sub-force of another force", "en/habit.yaml",
			"lang: en\nforce: habit\nentries:\n  - id: a\n    pattern: x\n    sub_force: anxiety/cost\n",
			"en/habit.yaml:4:5: entry a: sub_force \"anxiety/cost\": want one of habit/routine"},
		{"sub-force without the force", "en/habit.yaml",
			"lang: en\nforce: habit\nentries:\n  - id: a\n    pattern: x\n    sub_force: routine\n",
			"en/habit.yaml:4:5: entry a: sub_force \"routine\""},
		{"negated as an unknown force", "nl/progress.yaml",
			"lang: nl\nforce: progress\nentries:\n  - id: a\n    pattern: x\n    negated: fear\n",
			"nl/progress.yaml:4:5: entry a: negated \"fear\": want another of [struggle progress anxiety habit]"},
		{"negated as its own force", "nl/progress.yaml",
			"lang: nl\nforce: progress\nentries:\n  - id: a\n    pattern: x\n    negated: progress\n",
			"entry a: negated \"progress\""},
		{"progress has no sub-forces", "en/progress.yaml",
			"lang: en\nforce: progress\nentries:\n  - id: a\n    pattern: x\n    sub_force: progress/time\n",
			"force progress has no sub-forces"},
		{"unknown phase", "en/phases.yaml",
			"lang: en\nphases:\n  - id: a\n    phase: first_use\n    pattern: x\n  - id: b\n    phase: buying\n    pattern: y\n",
			"en/phases.yaml:6:5: phase cue b: phase \"buying\": want one of first_thought, passive_looking"},
		{"phase cue key", "en/phases.yaml",
			"lang: en\nphases:\n  - id: a\n    phase: first_use\n    pattern: x\n    sub_force: struggle/time\n",
			"en/phases.yaml:6:5: unknown key \"sub_force\""},
		{"phase cue pattern", "en/phases.yaml", "lang: en\nphases:\n  - id: a\n    phase: deciding\n    pattern: ... x\n",
			"en/phases.yaml:3:5: phase cue a: "},
		{"unknown before kind", "nl/jobs.yaml", "lang: nl\ncues:\n  - id: a\n    pattern: x\n    before: sentence\n",
			"nl/jobs.yaml:3:5: cue nl.job.a: before: \"sentence\", want one of fragment, infinitive, gerund"},
		{"unknown next kind", "ru/jobs.yaml", "lang: ru\ncues:\n  - id: a\n    pattern: x\n    next: noun\n",
			"ru/jobs.yaml:3:5: cue ru.job.a: next: \"noun\", want one of infinitive"},
		{"unknown at kind", "ru/jobs.yaml", "lang: ru\ncues:\n  - id: a\n    pattern: x\n    at: end\n",
			"ru/jobs.yaml:3:5: cue ru.job.a: at: \"end\", want one of start"},
		{"adds two words", "en/jobs.yaml", "lang: en\ncues:\n  - id: a\n    pattern: x\n    adds: look up\n",
			"en/jobs.yaml:3:5: cue en.job.a: adds: \"look up\" must be one word"},
		{"adds with before", "en/jobs.yaml", "lang: en\ncues:\n  - id: a\n    pattern: x\n    before: fragment\n    adds: find\n",
			"en/jobs.yaml:3:5: cue en.job.a: adds: \"find\" must be one word, on a cue without verb: or before:"},
		{"spelling one word", "nl/spelling.txt", "# chat\nnix\n", "nl/spelling.txt:2: want \"variant standard...\""},
		{"spelling twice", "nl/spelling.txt", "nix niks\nnix niets\n", "nl/spelling.txt:2: variant \"nix\" is listed twice"},
		{"spelling to itself", "en/spelling.txt", "u u\n", "en/spelling.txt:1: variant \"u\" maps to itself"},
		{"spelling split that does not spell it", "en/spelling.txt", "gonna going to\n", "en/spelling.txt:1: variant \"gonna\" splits into \"going to\", which without apostrophes spells \"goingto\""},
		{"spelling split with apostrophe", "en/spelling.txt", "do'nt do n't\n", "must be plain ASCII letters without apostrophes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(fstest.MapFS{tt.file: {Data: []byte(tt.data)}}, "")
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q\nwant it to contain %q", err, tt.want)
			}
			var le *Error
			if !errors.As(err, &le) {
				t.Errorf("error %T is not a *lexicon.Error", err)
			}
		})
	}
}

func TestLoadAndOverride(t *testing.T) {
	fsys := fstest.MapFS{
		"en/struggle.yaml": {Data: []byte("lang: en\nforce: struggle\nentries:\n  - id: slow\n    pattern: slow\n    match: [It is slow.]\n")},
		"en/negators.txt":  {Data: []byte("# negators\nnot\nno longer # two words\n")},
	}
	s, err := Load(fsys, "lexicon/")
	if err != nil {
		t.Fatal(err)
	}
	en := s.Langs["en"]
	if len(en.Entries) != 1 || en.Entries[0].ID != "en.struggle.slow" || en.Entries[0].Weight != 1 {
		t.Fatalf("entries %+v", en.Entries)
	}
	if strings.Join(en.Negators, "|") != "not|no longer" {
		t.Errorf("negators %q", en.Negators)
	}
	if len(s.Files) != 2 || s.Files[0].Name != "lexicon/en/negators.txt" || len(s.Files[0].SHA256) != 64 {
		t.Errorf("files %+v", s.Files)
	}
	// A user file with the same id replaces the entry; a new id is added.
	err = s.AddFile("mine.yaml", []byte("lang: en\nforce: struggle\nentries:\n  - id: slow\n    pattern: sluggish\n    weight: 2\n  - id: laggy\n    pattern: lag*\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(en.Entries) != 2 || en.Entries[0].Pattern != "sluggish" || en.Entries[0].Weight != 2 || en.Entries[1].ID != "en.struggle.laggy" {
		t.Errorf("after override %+v", en.Entries)
	}
	// A user word list takes its language from its folder; without one it
	// is an error, not a list for a language nobody reads.
	if err := s.AddFile("ours/en/negators.txt", []byte("nope\n")); err != nil {
		t.Fatal(err)
	}
	if strings.Join(en.Negators, "|") != "not|no longer|nope" {
		t.Errorf("negators after a user list %q", en.Negators)
	}
	for _, name := range []string{"negators.txt", "tmp/negators.txt", "ours/xx/stopwords.txt"} {
		if err := s.AddFile(name, []byte("nope\n")); err == nil || !strings.Contains(err.Error(), "folder") {
			t.Errorf("AddFile(%q) = %v, want an error about its folder", name, err)
		}
	}
	if len(s.Langs) != 1 {
		t.Errorf("languages %v after failed word lists", s.Languages())
	}
}

// TestSubForcesAndPhasesLoad: a sub-force and a phase cue load with their
// values, and a user file overrides a phase cue by id.
func TestSubForcesAndPhasesLoad(t *testing.T) {
	s, err := Load(fstest.MapFS{
		"nl/struggle.yaml": {Data: []byte("lang: nl\nforce: struggle\nentries:\n  - id: traag\n    pattern: traag\n    sub_force: struggle/time\n  - id: gedoe\n    pattern: gedoe\n")},
		"nl/phases.yaml":   {Data: []byte("lang: nl\nphases:\n  - id: gekozen\n    phase: deciding\n    pattern: gekozen voor\n    match: [We hebben gekozen voor jullie.]\n")},
	}, "")
	if err != nil {
		t.Fatal(err)
	}
	nl := s.Langs["nl"]
	if nl.Entries[0].SubForce != "struggle/time" || nl.Entries[1].SubForce != "" {
		t.Errorf("sub-forces %q, %q", nl.Entries[0].SubForce, nl.Entries[1].SubForce)
	}
	if len(nl.PhaseCues) != 1 || nl.PhaseCues[0].ID != "nl.phase.gekozen" || nl.PhaseCues[0].Phase != "deciding" || len(nl.PhaseCues[0].Match) != 1 {
		t.Fatalf("phase cues %+v", nl.PhaseCues)
	}
	if err := s.AddFile("mine.yaml", []byte("lang: nl\nphases:\n  - id: gekozen\n    phase: first_use\n    pattern: net gekozen\n")); err != nil {
		t.Fatal(err)
	}
	if len(nl.PhaseCues) != 1 || nl.PhaseCues[0].Phase != "first_use" {
		t.Errorf("after override %+v", nl.PhaseCues)
	}
}

// TestSubForceSetIsClosed: every sub-force is named force/kind after its own
// force, once; progress has none.
func TestSubForceSetIsClosed(t *testing.T) {
	seen := map[string]bool{}
	for f, subs := range SubForces {
		if !f.Valid() || f == "progress" {
			t.Errorf("sub-forces for force %q", f)
		}
		for _, s := range subs {
			if !strings.HasPrefix(s.Name, string(f)+"/") || seen[s.Name] || s.Meaning == "" {
				t.Errorf("sub-force %+v of %s: want %s/<kind>, unique, with a meaning", s, f, f)
			}
			seen[s.Name] = true
		}
	}
}

func TestParsePattern(t *testing.T) {
	tests := []struct {
		pattern string
		want    string // slots rendered, or "error"
	}{
		{"kost ... tijd", "stem:kost | gap3 | stem:tijd"},
		{"=ben ...6 =kwijt", "literal:ben | gap6 | literal:kwijt"},
		{"a ...1 b ...8 c", "stem:a | gap1 | stem:b | gap8 | stem:c"},
		{"a ...9 b", "error"},
		{"a ...0 b", "error"},
		{"a ...6", "error"},
		{"a ...x b", "error"},
		{"frustr*", "prefix:frustr"},
		{"=top hoor", "literal:top | stem:hoor"},
		{"zie|zag ... tegen op", "stem:zie,stem:zag | gap3 | stem:tegen | stem:op"},
		{"Fed UP", "stem:fed | stem:up"},
		{"a ... ... b", "error"},
		{"a ... ...2 b", "error"},
		{"=x*", "error"},
		{"=хочу *ть|*ти", "literal:хочу | suffix:ть,suffix:ти"},
		{"*ть хочу", "error"},
		{"=хочу *т", "error"},
		{"", "error"},
	}
	for _, tt := range tests {
		slots, err := parsePattern(tt.pattern)
		got := "error"
		if err == nil {
			var parts []string
			for _, s := range slots {
				if s.gap {
					parts = append(parts, fmt.Sprintf("gap%d", s.span))
					continue
				}
				var alts []string
				for _, a := range s.alts {
					alts = append(alts, [...]string{"stem", "prefix", "literal", "suffix"}[a.kind]+":"+a.word)
				}
				parts = append(parts, strings.Join(alts, ","))
			}
			got = strings.Join(parts, " | ")
		}
		if got != tt.want {
			t.Errorf("parsePattern(%q) = %s, want %s", tt.pattern, got, tt.want)
		}
	}
}

func FuzzLexicon(f *testing.F) {
	f.Add("lang: en\nforce: struggle\nentries:\n  - id: a\n    pattern: x ... y\n    match: [x y]\n")
	f.Add("lang: nl\ncues:\n  - id: wil\n    pattern: ik wil\n    examples:\n      - text: Ik wil x.\n        job: x\n")
	f.Add("lang: en\nforce: habit\nentries: {}\n")
	f.Add("lang: en\nphases:\n  - id: a\n    phase: deciding\n    pattern: x ... y\n    match: [x y]\n")
	f.Add("lang: en\nforce: struggle\nentries:\n  - id: a\n    pattern: x\n    sub_force: struggle/time\n")
	f.Fuzz(func(t *testing.T, data string) {
		// Property: any bytes either load or give a positioned error; no panic.
		_, err := Load(fstest.MapFS{"en/f.yaml": {Data: []byte(data)}}, "")
		if err != nil && !strings.HasPrefix(err.Error(), "en/f.yaml") {
			t.Errorf("error without the file name: %v", err)
		}
	})
}

// TestSpelling: the built-in spelling lists load, and a user's --lexicon file
// cannot add one (the analyzer applies them before any lexicon compiles).
func TestSpelling(t *testing.T) {
	for lang, want := range map[string][2]string{"en": {"dont", "do n't"}, "nl": {"nix", "niks"}, "ru": {"щас", "сейчас"}} {
		if got := strings.Join(BuiltinSpelling(lang)[want[0]], " "); got != want[1] {
			t.Errorf("BuiltinSpelling(%s)[%q] = %q, want %q", lang, want[0], got, want[1])
		}
	}
	// builtinSpelling drops a file that does not parse; the loop above
	// fails then, and Load reports the file and line.
	s, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	err = s.AddFile("mine/nl/spelling.txt", []byte("nx niks\n"))
	if err == nil || !strings.Contains(err.Error(), "built-in language data") {
		t.Errorf("AddFile(spelling.txt) = %v, want it refused", err)
	}
}
