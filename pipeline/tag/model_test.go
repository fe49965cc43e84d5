package tag_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"jobminer/lexicon"
	"jobminer/pipeline/internal/lextest"
	"jobminer/pipeline/record"
	"jobminer/pipeline/tag"
	"jobminer/pipeline/text"
)

// The struggle model speaks only for a customer turn no struggle or habit
// entry explains, and marks the sentence that holds its strongest feature.
func TestModelStruggle(t *testing.T) {
	model := lexicon.TrainModel(
		[]string{"still no refund", "still no parcel", "still no answer", "thanks all fine", "great service thanks", "all good here"},
		[]bool{true, true, true, false, false, false}, 2)
	fsys := fstest.MapFS{
		"en/struggle.yaml":      {Data: []byte("lang: en\nforce: struggle\nentries:\n  - id: broken\n    pattern: broken\n")},
		"en/habit.yaml":         {Data: []byte("lang: en\nforce: habit\nentries:\n  - id: always\n    pattern: =always\n")},
		"en/struggle-model.txt": {Data: model.Marshal("test")},
	}
	a, lex := lextest.FromFS(t, fsys)
	for _, tt := range []struct {
		name, text string
		role       record.Role
		want       string // the model mention's text, "" for none
	}{
		{"model finds it", "Hello there. Still no refund after a month.", record.Customer, "Still no refund after a month."},
		{"thanks are not struggle", "Thanks, all fine.", record.Customer, ""},
		{"an entry explains it already", "Still no refund, the app is broken.", record.Customer, ""},
		{"a habit turn is left alone", "We always wait, still no refund.", record.Customer, ""},
		{"agents are never tagged", "Still no refund after a month.", record.Agent, ""},
		{"too long for the model", strings.Repeat("Still no refund. ", 70), record.Customer, ""},
	} {
		checkModel(t, a, lex, tt.name, tt.text, tt.role, tt.want)
	}
	// A feature pair across two sentences ("hi_still") quotes the sentence
	// that scores highest on its own, not the greeting.
	model = lexicon.TrainModel(
		[]string{"hi. still waiting", "hi. still broken", "hi. still no", "hi all good", "still fine", "hi thanks", "still good"},
		[]bool{true, true, true, false, false, false, false}, 2)
	fsys["en/struggle-model.txt"] = &fstest.MapFile{Data: model.Marshal("test")}
	a, lex = lextest.FromFS(t, fsys)
	if _, top := model.ScoreText("Hi. Still waiting."); top != "hi_still" {
		t.Fatalf("top feature %q is not the pair hi_still; the case below tests nothing", top)
	}
	checkModel(t, a, lex, "pair across sentences", "Hi. Still waiting.", record.Customer, "Still waiting.")
}

// checkModel fails t unless text gets the model mention want ("" for none).
func checkModel(t *testing.T, a *text.Analyzer, lex *lexicon.Compiled, name, txt string, role record.Role, want string) {
	t.Helper()
	u := record.Utterance{Text: txt, Role: role, Language: "en"}
	a.Analyze(&u, "en")
	tag.Tag(&u, lex.Lang("en"))
	got := ""
	for _, m := range u.Mentions {
		if m.Entry == "en."+tag.ModelEntry {
			got = m.In(u.Text)
		}
	}
	if got != want {
		t.Errorf("%s: model mention %q, want %q", name, got, want)
	}
}
