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

// The struggle model speaks only for a customer turn no struggle, habit or
// anxiety entry explains, and marks the sentence that holds its strongest feature.
func TestModelStruggle(t *testing.T) {
	model := lexicon.TrainModel(
		[]string{"still no refund", "still no parcel", "still no answer", "thanks all fine", "great service thanks", "all good here"},
		[]bool{true, true, true, false, false, false}, 2)
	fsys := fstest.MapFS{
		"en/struggle.yaml":      {Data: []byte("lang: en\nforce: struggle\nentries:\n  - id: broken\n    pattern: broken\n")},
		"en/habit.yaml":         {Data: []byte("lang: en\nforce: habit\nentries:\n  - id: always\n    pattern: =always\n")},
		"en/anxiety.yaml":       {Data: []byte("lang: en\nforce: anxiety\nentries:\n  - id: worry\n    pattern: =worry\n")},
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
		{"an anxious turn is left alone", "I worry it ends in still no refund.", record.Customer, ""},
		{"a five-star review is left alone", "★★★★★ Still no refund needed, all sorted.", record.Customer, ""},
		{"a four-star one is not", "★★★★☆ Still no refund after a month.", record.Customer, "★★★★☆ Still no refund after a month."},
		{"agents are never tagged", "Still no refund after a month.", record.Agent, ""},
		{"too long for the model", strings.Repeat("Still no refund. ", 70), record.Customer, ""},
	} {
		checkModel(t, a, lex, record.Struggle, tt.name, tt.text, tt.role, tt.want)
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
	checkModel(t, a, lex, record.Struggle, "pair across sentences", "Hi. Still waiting.", record.Customer, "Still waiting.")
	// A greeting that weighs most on its own is not the quote while a
	// sentence of three words or more can be.
	model = lexicon.TrainModel(
		[]string{"hi. waiting", "hi. broken", "hi. no", "all good", "fine", "thanks", "waiting is fine", "nothing broken"},
		[]bool{true, true, true, false, false, false, false, false}, 2)
	fsys["en/struggle-model.txt"] = &fstest.MapFile{Data: model.Marshal("test")}
	a, lex = lextest.FromFS(t, fsys)
	if hi, _ := model.ScoreText("Hi."); hi <= 0 {
		t.Fatalf("the greeting scores %g; the case below tests nothing", hi)
	} else if rest, _ := model.ScoreText("Waiting for the refund since May."); rest >= hi {
		t.Fatalf("the long sentence scores %g, above the greeting's %g; the case below tests nothing", rest, hi)
	}
	checkModel(t, a, lex, record.Struggle, "a greeting is not the quote", "Hi. Waiting for the refund since May.", record.Customer, "Waiting for the refund since May.")
}

// The anxiety and habit models speak for their own force, each where no
// mention of it counts, beside the struggle model.
func TestModelOtherForces(t *testing.T) {
	struggle := lexicon.TrainModel(
		[]string{"still no refund", "still no parcel", "still no answer", "thanks all fine", "what if it breaks", "all good here"},
		[]bool{true, true, true, false, false, false}, 2)
	anxiety := lexicon.TrainModel(
		[]string{"what if it breaks", "what if it leaks", "what if we lose data", "thanks all fine", "still no refund", "all good here"},
		[]bool{true, true, true, false, false, false}, 2)
	fsys := fstest.MapFS{
		"en/anxiety.yaml":       {Data: []byte("lang: en\nforce: anxiety\nentries:\n  - id: worried\n    pattern: worried\n")},
		"en/struggle-model.txt": {Data: struggle.Marshal("test")},
		"en/anxiety-model.txt":  {Data: anxiety.Marshal("test")},
	}
	a, lex := lextest.FromFS(t, fsys)
	for _, tt := range []struct {
		name, text string
		force      record.Force
		want       string
	}{
		{"anxiety model finds it", "Hello. What if it breaks in winter?", record.Anxiety, "What if it breaks in winter?"},
		{"an anxiety entry explains it already", "I am worried. What if it breaks in winter?", record.Anxiety, ""},
		{"thanks are no anxiety", "Thanks, all fine.", record.Anxiety, ""},
		{"both models speak in one turn: anxiety", "Still no refund. What if it breaks?", record.Anxiety, "What if it breaks?"},
		{"both models speak in one turn: struggle", "Still no refund. What if it breaks?", record.Struggle, "Still no refund."},
		{"a force without a model stays quiet", "What if it breaks?", record.Habit, ""},
		{"the anxiety model is quiet in a five-star review", "★★★★★ What if it breaks? It didn't.", record.Anxiety, ""},
		{"and speaks in a four-star one", "★★★★☆ What if it breaks? It didn't.", record.Anxiety, "★★★★☆ What if it breaks?"},
	} {
		checkModel(t, a, lex, tt.force, tt.name, tt.text, record.Customer, tt.want)
	}
}

// A tale of what befell someone the customer knows, read by the struggle
// model alone, is hearsay: the model's mention does not count and the
// sentence gives anxiety. Told in the present, or with the customer's own
// words in it, it stays struggle.
func TestModelHearsay(t *testing.T) {
	struggle := lexicon.TrainModel(
		[]string{"lost all money", "lost his money", "lost the deposit", "all fine", "thanks all good", "great service"},
		[]bool{true, true, true, false, false, false}, 2)
	fsys := fstest.MapFS{"en/struggle-model.txt": {Data: struggle.Marshal("test")}}
	a, lex := lextest.FromFS(t, fsys)
	for _, tt := range []struct {
		text, context, anxiety string
	}{
		{"My neighbour lost all his money with them.", "hearsay", "My neighbour"},
		{"My neighbour loses all his money with them.", "", ""},
		{"My neighbour lost all our money with them.", "", ""},
	} {
		u := tagged(a, lex, "en", tt.text, record.Customer)
		m, ok := mentionOf(u, "en."+tag.ModelEntry(record.Struggle))
		if !ok {
			t.Errorf("%q: no struggle model mention; the case tests nothing", tt.text)
			continue
		}
		if m.Context != tt.context {
			t.Errorf("%q: struggle model mention context %q, want %q", tt.text, m.Context, tt.context)
		}
		got := ""
		if h, ok := mentionOf(u, tag.HearsayEntry); ok {
			got = h.In(u.Text)
		}
		if got != tt.anxiety {
			t.Errorf("%q: hearsay anxiety %q, want %q", tt.text, got, tt.anxiety)
		}
	}
}

// In a five-star review or a thank-you note a struggle or fear is over: its
// mentions are written with the context "over" and count toward no score;
// progress and habit still count.
func TestFiveStarReviewOver(t *testing.T) {
	a, lex := lextest.Builtin(t)
	for _, tt := range []struct {
		text, entry, context string
	}{
		{"★★★★★ I was sceptical going in, no regrets now.", "en.anxiety.wary", "over"},
		{"★★★★☆ I was sceptical going in, no regrets now.", "en.anxiety.wary", ""},
		{"★★★★★ Lovely people, I'd love to book again next year.", "en.progress.would-love-to", ""},
		{"★★★★★ Fixed within a day?? Wow.", "en.struggle.indignant", "over"},                           // no lexicon match: the early path
		{"Subject: Thank you!\nI was sceptical going in, no regrets now.", "en.anxiety.wary", "over"},  // a thank-you note
		{"Subject: Thanks for nothing\nI was sceptical going in, and rightly.", "en.anxiety.wary", ""}, // sarcasm
		{"Subject: Refund\nI was sceptical going in, no regrets now.", "en.anxiety.wary", ""},
	} {
		u := tagged(a, lex, "en", tt.text, record.Customer)
		m, ok := mentionOf(u, tt.entry)
		if !ok {
			t.Errorf("%q: no %s mention (mentions %+v)", tt.text, tt.entry, u.Mentions)
			continue
		}
		if m.Context != tt.context {
			t.Errorf("%q: %s context %q, want %q", tt.text, tt.entry, m.Context, tt.context)
		}
	}
}

// checkModel fails t unless text gets force f's model mention want ("" for
// none).
func checkModel(t *testing.T, a *text.Analyzer, lex *lexicon.Compiled, f record.Force, name, txt string, role record.Role, want string) {
	t.Helper()
	u := tagged(a, lex, "en", txt, role)
	got := ""
	if m, ok := mentionOf(u, "en."+tag.ModelEntry(f)); ok {
		if m.Force != f {
			t.Errorf("%s: %s has force %s", name, m.Entry, m.Force)
		}
		got = m.In(u.Text)
	}
	if got != want {
		t.Errorf("%s: %s model mention %q, want %q", name, f, got, want)
	}
}
