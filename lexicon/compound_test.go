package lexicon_test

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"jobminer/lexicon"
	"jobminer/pipeline/record"
	"jobminer/pipeline/text"
)

// builtinNL compiles the built-in lexicons with the analyzer running text
// uses, and returns the Dutch one.
func builtinNL(tb testing.TB) (*text.Analyzer, *lexicon.Lang) {
	tb.Helper()
	set, err := lexicon.Builtin()
	if err != nil {
		tb.Fatal(err)
	}
	a := text.NewAnalyzer()
	c, err := lexicon.Compile(set, a)
	if err != nil {
		tb.Fatal(err)
	}
	return a, c.Lang("nl")
}

func token(a *text.Analyzer, w string) record.Token {
	ts := a.Tokenize("nl", w)
	if len(ts) != 1 {
		panic(w)
	}
	return ts[0]
}

func TestSplit(t *testing.T) {
	a, l := builtinNL(t)
	for _, c := range []struct {
		word string
		want string // parts joined by +, "" for no split
	}{
		{"bezorgtijdvak", "bezorg+tijd+vak"}, // verb stem (bezorgen) + a compound of two words
		{"arbeidscontracten", "arbeid+contracten"},
		{"betalingsherinneringen", "betaling+herinneringen"}, // linking s
		{"tandartsafspraak", "tandarts+afspraak"},
		{"laadpaal", "laad+paal"}, // laad is a known word
		{"parkeervergunning", ""}, // parkeren is not in the vocabulary and eer is too short a part
		{"tijdvak", "tijd+vak"},   // a three-letter head
		{"wasmachine", ""},        // a known word stays whole
		{"bankrekening", ""},      // named by bilingual.yaml
		{"bezorging", ""},         // ing is a suffix, not a head
		{"exporteer", ""},         // a form of exporteren (the same stem), not export + eer
		{"overstapt", ""},         // a separable verb: over is a particle
		{"doorgeven", ""},
		{"kalender", ""}, // der is a suffix, not a head
		{"factuur", ""},  // too short
		{"5g-abonnement", ""},
		{"ab", ""},
	} {
		tok := token(a, c.word)
		got := strings.Join(l.Split(tok.Norm, tok.Stem), "+")
		if got != c.want {
			t.Errorf("Split(%q) = %q, want %q", c.word, got, c.want)
		}
	}
}

func TestKeyStems(t *testing.T) {
	a, l := builtinNL(t)
	key := func(s string) []string {
		var out []string
		for _, tok := range a.Tokenize("nl", s) {
			out = l.KeyStems(out, tok)
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	// A compound and the same words written apart give the same key.
	if a, b := key("een bezorgtijdvak kiezen"), key("een tijdvak voor bezorgen kiezen"); !slices.Equal(a, b) {
		t.Errorf("keys differ: %q and %q", a, b)
	}
	// Stopwords, one-letter words and numbers give nothing.
	if got := key("de 3 x van"); len(got) != 0 {
		t.Errorf("key = %q, want none", got)
	}
	// A hyphenated word gives its parts' stems: it meets the same words
	// written apart, and its head alone shares half of it.
	if a, b := key("de firmware-update overslaan"), key("de firmware update overslaan"); !slices.Equal(a, b) {
		t.Errorf("keys differ: %q and %q", a, b)
	}
	for _, c := range []struct{ in, want string }{
		{"e-mail", "mail"},                 // a one-letter part gives nothing
		{"5g-abonnement", "5g abonnement"}, // a part with a letter counts
		{"24-uurs", "uur"},                 // a number gives nothing
		{"-", ""},
	} {
		if got := strings.Join(key(c.in), " "); got != c.want {
			t.Errorf("key(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// FuzzSplit: a split's parts, with a linker between each two, spell the word.
func FuzzSplit(f *testing.F) {
	a, l := builtinNL(f)
	for _, s := range []string{"bezorgtijdvak", "betalingsherinneringen", "aaaaaaaaaaaaa", "tijdvaktijdvak", "ééééééé"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, w string) {
		if !utf8.ValidString(w) {
			return
		}
		parts := l.Split(w, a.Stem("nl", w))
		if parts == nil {
			return
		}
		if len(parts) < 2 {
			t.Fatalf("Split(%q) = %q: one part", w, parts)
		}
		if !spells(w, parts) {
			t.Fatalf("Split(%q) = %q does not spell the word", w, parts)
		}
	})
}

func spells(w string, parts []string) bool {
	if len(parts) == 0 {
		return w == ""
	}
	rest, ok := strings.CutPrefix(w, parts[0])
	if !ok {
		return false
	}
	if len(parts) == 1 {
		return rest == ""
	}
	for _, lk := range []string{"", "s", "e", "en"} {
		if r, ok := strings.CutPrefix(rest, lk); ok && spells(r, parts[1:]) {
			return true
		}
	}
	return false
}

// TestKeyStemRussianAspects: the two aspects of a Russian verb give one job
// key stem where only the imperfective suffix tells them apart; nouns and
// other languages are left as they are.
func TestKeyStemRussianAspects(t *testing.T) {
	a := text.NewAnalyzer()
	for _, pair := range [][2]string{
		{"продлевать", "продлить"}, {"заказывать", "заказать"}, {"заказываю", "заказать"},
		{"отменять", "отменить"}, {"получать", "получить"}, {"подключать", "подключить"},
		{"скачивать", "скачать"}, {"записываться", "записаться"}, {"изменять", "изменить"},
	} {
		x, y := lexicon.KeyStem("ru", a.Stem("ru", pair[0])), lexicon.KeyStem("ru", a.Stem("ru", pair[1]))
		if x != y {
			t.Errorf("%s -> %q, %s -> %q: want one key stem", pair[0], x, pair[1], y)
		}
	}
	for _, c := range []struct{ lang, stem, want string }{
		{"ru", "тариф", "тариф"}, // no verb suffix
		{"ru", "два", "два"},     // too short to cut
		{"nl", "betala", "betala"},
		{"en", "data", "data"},
	} {
		if got := lexicon.KeyStem(c.lang, c.stem); got != c.want {
			t.Errorf("KeyStem(%s, %q) = %q, want %q", c.lang, c.stem, got, c.want)
		}
	}
}

func TestInfinitive(t *testing.T) {
	_, l := builtinNL(t)
	for _, tt := range []struct{ finite, want string }{
		{"meld", "melden"}, {"vraag", "vragen"}, {"stel", "stellen"}, {"zet", "zetten"},
		{"geef", "geven"}, {"lees", "lezen"}, {"zoek", "zoeken"}, {"kies", "kiezen"},
		{"schrijf", "schrijven"}, {"vul", "vullen"}, {"zeg", "zeggen"}, {"sluit", "sluiten"},
		{"zie", "zien"}, {"doe", "doen"}, {"ga", "gaan"}, {"sta", "staan"},
		{"xqzt", ""},
	} {
		got, _, _ := l.Infinitive(tt.finite)
		if got != tt.want {
			t.Errorf("Infinitive(%q) = %q, want %q", tt.finite, got, tt.want)
		}
	}
}

func TestParticipleInfinitive(t *testing.T) {
	_, l := builtinNL(t)
	for _, c := range []struct{ in, want string }{
		{"verplaatst", "verplaatsen"},
		{"gestuurd", "sturen"},
		{"aangepast", "aanpassen"},
		{"gegeven", "geven"},
		{"gedaan", "doen"},
		{"opgehaald", "ophalen"},
		{"fiets", ""},
	} {
		got, _, _ := l.ParticipleInfinitive(c.in)
		if got != c.want {
			t.Errorf("ParticipleInfinitive(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
