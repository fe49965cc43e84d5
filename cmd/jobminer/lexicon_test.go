package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// explain shows each stage's findings for one text: the spelling variant
// with the customer's letters, the mention, its negation, the job.
func TestExplain(t *testing.T) {
	for _, tt := range []struct {
		name string
		args []string
		want []string // substrings of stdout
	}{
		{"spelling, anxiety and a negated wish", []string{"explain", "i dont want to lose my data", "--lang", "en"},
			[]string{"language  en", "tokens  i do nt→n't want", `anxiety   "nt want to lose"`}},
		{"dutch negation after the word and a job", []string{"explain", "Ik wil mijn facturen naar Excel exporteren, het werkt niet.", "--lang", "nl"},
			[]string{`struggle  "werkt niet"`, `job 1     "mijn facturen naar Excel exporteren"`,
				"model     struggle log-odds", "model     anxiety log-odds", "model     habit log-odds"}},
		{"an interviewer is no evidence", []string{"explain", "Was dat frustrerend?", "--lang", "nl", "--role", "interviewer"},
			[]string{"not evidence", "mentions  none"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, o, e := jobminer(t, tt.args...)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, e)
			}
			for _, w := range tt.want {
				if !strings.Contains(o, w) {
					t.Errorf("output lacks %q:\n%s", w, o)
				}
			}
		})
	}
}

// lexicon test runs every example; lexicon lint adds the pattern checks. A
// user's file with a failing example or a bad key fails with file and line.
func TestLexiconCommands(t *testing.T) {
	dir := t.TempDir()
	failing := filepath.Join(dir, "ours.yaml")
	if err := os.WriteFile(failing, []byte(`lang: en
force: struggle
entries:
  - id: slow-export
    pattern: "export ... slow"
    match:
      - "The export is really slow."
      - "Nothing is slow about this export."
`), 0o644); err != nil {
		t.Fatal(err)
	}
	badKey := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(badKey, []byte("lang: en\nforce: struggle\nentries:\n  - id: x\n    pattern: slow\n    colour: red\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"built-in examples pass", []string{"lexicon", "test"}, exitOK, "; 0 problems"},
		{"built-in lint passes", []string{"lexicon", "lint"}, exitOK, "; 0 problems"},
		{"a failing example", []string{"lexicon", "test", failing}, exitFail, `ours.yaml:4:5: en.struggle.slow-export: pattern "export ... slow" does not match "Nothing is slow about this export."`},
		{"an unknown key", []string{"lexicon", "lint", badKey}, exitFail, `bad.yaml:6:5: unknown key "colour"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, o, e := jobminer(t, tt.args...)
			if code != tt.code || !strings.Contains(o+e, tt.want) {
				t.Errorf("exit %d, want %d; output lacks %q:\n%s%s", code, tt.code, tt.want, o, e)
			}
		})
	}
}
