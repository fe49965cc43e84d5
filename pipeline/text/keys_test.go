package text

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"jobminer/lexicon"
	"jobminer/pipeline/record"
)

var builtin = sync.OnceValues(func() (*lexicon.Compiled, error) {
	set, err := lexicon.Builtin()
	if err != nil {
		return nil, err
	}
	return lexicon.Compile(set, NewAnalyzer())
})

func builtinLexicon(t testing.TB) *lexicon.Compiled {
	t.Helper()
	c, err := builtin()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// sameKeys fails t unless a.AnalyzeKeys gives the analysis ref.Analyze
// gives, and keys equal to l.Keys: the vocab's own lookups.
func sameKeys(t *testing.T, a, ref *Analyzer, l *lexicon.Lang, s, lang string) {
	t.Helper()
	var got, want record.Utterance
	got.Text, want.Text = s, s
	keys := a.AnalyzeKeys(&got, lang, l)
	ref.Analyze(&want, lang)
	if !reflect.DeepEqual(got.Sentences, want.Sentences) || !reflect.DeepEqual(got.Tokens, want.Tokens) {
		t.Fatalf("%s %q: AnalyzeKeys analyses differently:\n%+v\nwant %+v", lang, s, got.Tokens, want.Tokens)
	}
	if l == nil {
		if keys != nil {
			t.Fatalf("%s %q: keys %v without a Lang", lang, s, keys)
		}
		return
	}
	if wantKeys := l.Keys(nil, got.Tokens); !slices.Equal(keys, wantKeys) {
		t.Fatalf("%s %q (Lang %s):\nkeys %v\nwant %v\ntokens %+v", lang, s, l.Code, keys, wantKeys, got.Tokens)
	}
}

// keyTexts are tricky cases (merged abbreviations and stop runs, split
// periods, curly apostrophes), the gold texts, and random texts made of
// their words and marks.
func keyTexts(t *testing.T) []string {
	texts := []string{
		"Hoi,\nIk gebruik o.a. Exact. Dat werkt bijv. niet.\nGroet, Kees", "Wat...?! Echt?!", "Ok. Wat. Dr. Jansen belde.",
		"т.е. да. Спасибо...", "e.g. :) 😀\nbijv. dit", "I can’t log in!!! It doesn't work, e.g. on Monday.", "", " \n ",
		"Het lukt me niet om in te loggen... Ik wil graag opzeggen.", "I want to cancel. Not working at all?!",
		"i dont want that, cant log in, Thats it. pls", "nog nix gehoord, werkt nie ff", "щас норм, спс",
	}
	for _, path := range []string{"../../testdata/gold/gold.jsonl", "../../../shared/gold/gold.jsonl"} {
		texts = append(texts, goldTexts(t, path)...)
	}
	var words []string
	for _, s := range texts {
		words = append(words, strings.Fields(s)...)
	}
	words = append(words, ".", "...", "!", "?!", "bijv.", "o.a.", "Ok.", "Top.", "’s", "auto's", "m’n", "\n", ",", "e.g.")
	r := rand.New(rand.NewPCG(6, 32))
	for range 3000 {
		var b strings.Builder
		for range 1 + r.IntN(25) {
			b.WriteString(words[r.IntN(len(words))])
			if r.IntN(4) > 0 {
				b.WriteByte(' ')
			}
		}
		texts = append(texts, b.String())
	}
	return texts
}

// TestAnalyzeKeys holds the keys from the word cache equal to the vocab's
// lookups for every text in every language, with one Analyzer that also
// compiled the lexicon (its words cached without keys) and that keys the
// same words for two Langs in turn: a key cached for one Lang must never be
// handed out for another.
func TestAnalyzeKeys(t *testing.T) {
	a, ref := NewAnalyzer(), NewAnalyzer()
	set, err := lexicon.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	c, err := lexicon.Compile(set, a)
	if err != nil {
		t.Fatal(err)
	}
	other := map[string]string{"nl": "en", "en": "ru", "ru": "nl", "de": "nl"}
	texts := keyTexts(t)
	differ := 0
	for range 2 {
		for _, s := range texts {
			s = Normalize(s)
			for _, lang := range []string{"nl", "en", "ru", "de"} {
				sameKeys(t, a, ref, c.Lang(lang), s, lang)
				sameKeys(t, a, ref, c.Lang(other[lang]), s, lang)
				var u record.Utterance
				u.Text = s
				a.Analyze(&u, lang)
				if l1, l2 := c.Lang(lang), c.Lang(other[lang]); l1 != nil && !slices.Equal(l1.Keys(nil, u.Tokens), l2.Keys(nil, u.Tokens)) {
					differ++
				}
			}
		}
	}
	if differ == 0 {
		t.Fatal("no text has different keys in two Langs: the test cannot catch a key used for the wrong Lang")
	}
	t.Logf("%d texts; %d analyses where the two Langs' keys differ", len(texts), differ)
}

// FuzzAnalyzeKeys holds AnalyzeKeys equal to Analyze and l.Keys on random
// texts, analysed twice with one Analyzer and two Langs.
func FuzzAnalyzeKeys(f *testing.F) {
	for _, s := range []string{"Ik gebruik o.a. Exact. Dat werkt.", "I can't.\n\nOk.", "Wat...?!", "т.е. да.", "e.g. :) 😀", "bijv. dit"} {
		f.Add(s, "nl")
		f.Add(s, "en")
		f.Add(s, "ru")
	}
	c := builtinLexicon(f)
	f.Fuzz(func(t *testing.T, s, lang string) {
		if !utf8.ValidString(s) {
			return // Analyze takes Normalize'd text
		}
		a, ref := NewAnalyzer(), NewAnalyzer()
		for _, code := range []string{lang, "nl", "en", lang} {
			sameKeys(t, a, ref, c.Lang(code), s, lang)
		}
	})
}
