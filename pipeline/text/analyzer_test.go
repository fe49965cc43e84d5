package text

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"jobminer/lexicon"
	"jobminer/pipeline/record"
)

// checkInvariants fails t when u's sentences and tokens break the contract
// documented on Analyze.
func checkInvariants(t *testing.T, u *record.Utterance) {
	t.Helper()
	prevEnd := 0
	for i, s := range u.Sentences {
		if s.Start < prevEnd || s.End <= s.Start || s.End > len(u.Text) {
			t.Fatalf("sentence %d %v out of order or bounds (prev end %d, len %d) in %q", i, s, prevEnd, len(u.Text), u.Text)
		}
		if strings.TrimSpace(s.In(u.Text)) != s.In(u.Text) {
			t.Errorf("sentence %d %q not trimmed", i, s.In(u.Text))
		}
		prevEnd = s.End
	}
	prevEnd = 0
	for i, tok := range u.Tokens {
		if tok.Start < prevEnd || tok.End <= tok.Start || tok.End > len(u.Text) {
			t.Fatalf("token %d %v out of order or bounds in %q", i, tok.Span, u.Text)
		}
		if tok.Sentence < 0 || tok.Sentence >= len(u.Sentences) {
			t.Fatalf("token %d sentence %d of %d", i, tok.Sentence, len(u.Sentences))
		}
		s := u.Sentences[tok.Sentence]
		if tok.Start < s.Start || tok.End > s.End {
			t.Errorf("token %d %q crosses its sentence %q", i, tok.In(u.Text), s.In(u.Text))
		}
		if want := strings.ReplaceAll(strings.ToLower(tok.In(u.Text)), "’", "'"); tok.Norm != want && !spelled(u, i) {
			t.Errorf("token %d Norm %q, want %q", i, tok.Norm, want)
		}
		if !tok.Word && tok.Stem != tok.Norm {
			t.Errorf("non-word token %q has Stem %q", tok.Norm, tok.Stem)
		}
		prevEnd = tok.End
	}
}

// spelled reports whether token i of u is (part of) a spelling variant
// (lexicon.Spelling), whose Norm is the standard form, not its letters.
func spelled(u *record.Utterance, i int) bool {
	tok := u.Tokens[i]
	surface := strings.ToLower(tok.In(u.Text))
	for _, l := range []string{"en", "nl", "ru"} {
		for v, std := range lexicon.BuiltinSpelling(l) {
			if len(std) == 1 && v == surface && std[0] == tok.Norm {
				return true
			}
			if len(std) > 1 && slices.Contains(std, tok.Norm) && strings.ReplaceAll(tok.Norm, "'", "") == surface {
				return true
			}
		}
	}
	return false
}

// TestSpellingVariants: chat spellings become their standard tokens
// (lexicon/<lang>/spelling.txt), and each token still covers the
// customer's own letters.
func TestSpellingVariants(t *testing.T) {
	a := NewAnalyzer()
	for _, c := range []struct {
		lang, text string
		norms      []string
		surfaces   []string
	}{
		{"en", "i dont want it", []string{"i", "do", "n't", "want", "it"}, []string{"i", "do", "nt", "want", "it"}},
		{"en", "Cant log in, thats annoying", []string{"ca", "n't", "log", "in", ",", "that", "'s", "annoying"}, []string{"Ca", "nt", "log", "in", ",", "that", "s", "annoying"}},
		{"en", "pls help u guys", []string{"please", "help", "you", "guys"}, []string{"pls", "help", "u", "guys"}},
		{"nl", "nog nix gehoord, werkt nie", []string{"nog", "niks", "gehoord", ",", "werkt", "niet"}, []string{"nog", "nix", "gehoord", ",", "werkt", "nie"}},
		{"ru", "Щас норм", []string{"сейчас", "нормально"}, []string{"Щас", "норм"}},
		// Only whole words: "dontcha" and "units" are left alone.
		{"en", "units dontcha", []string{"units", "dontcha"}, []string{"units", "dontcha"}},
	} {
		u := record.Utterance{Text: c.text}
		a.Analyze(&u, c.lang)
		checkInvariants(t, &u)
		var norms []string
		for _, tok := range u.Tokens {
			norms = append(norms, tok.Norm)
		}
		if !slices.Equal(norms, c.norms) || !slices.Equal(surfaces(&u), c.surfaces) {
			t.Errorf("%s %q: norms %q surfaces %q\nwant norms %q surfaces %q", c.lang, c.text, norms, surfaces(&u), c.norms, c.surfaces)
		}
	}
}

func surfaces(u *record.Utterance) []string {
	var out []string
	for _, t := range u.Tokens {
		out = append(out, t.In(u.Text))
	}
	return out
}

func TestAnalyzeSentences(t *testing.T) {
	for _, c := range []struct {
		name, lang, text string
		want             []string
	}{
		{"nl abbreviations", "nl", "Ik gebruik o.a. Exact en bijv. Excel. Dat werkt.",
			[]string{"Ik gebruik o.a. Exact en bijv. Excel.", "Dat werkt."}},
		{"nl title", "nl", "Dhr. Jansen belde. Hij is boos.", []string{"Dhr. Jansen belde.", "Hij is boos."}},
		{"nl title before article", "nl", "Mevr. De Vries heeft gebeld.", []string{"Mevr. De Vries heeft gebeld."}},
		{"nl ca incl", "nl", "Het kost ca. 10 euro incl. btw. Prima.", []string{"Het kost ca. 10 euro incl. btw.", "Prima."}},
		{"nl m.b.t. i.p.v.", "nl", "Vraag m.b.t. de factuur. Ik wil i.p.v. Excel iets anders. Kan dat?",
			[]string{"Vraag m.b.t. de factuur.", "Ik wil i.p.v. Excel iets anders.", "Kan dat?"}},
		{"nl z.s.m. t/m", "nl", "Graag z.s.m. terugbellen. Dit geldt t/m vrijdag. Bedankt!",
			[]string{"Graag z.s.m. terugbellen.", "Dit geldt t/m vrijdag.", "Bedankt!"}},
		{"nl etc then starter", "nl", "We hebben Exact, Excel etc. Dat is veel.", []string{"We hebben Exact, Excel etc.", "Dat is veel."}},
		{"nl abbreviation after a bracket", "nl", "Ik bel over factuur (nr. 2231) en (bijv. Exact) de koppeling. Helaas.",
			[]string{"Ik bel over factuur (nr. 2231) en (bijv. Exact) de koppeling.", "Helaas."}},
		{"en abbreviation after a bracket", "en", "We use (e.g. at night) the export. Mr. Smith agrees.",
			[]string{"We use (e.g. at night) the export.", "Mr. Smith agrees."}},
		{"nl kan at end", "nl", "Ik weet niet of het kan. Wie weet het?", []string{"Ik weet niet of het kan.", "Wie weet het?"}},
		{"numbers do not split", "nl", "Ik heb versie 7.42 en v2.3 geïnstalleerd. Werkt niet.",
			[]string{"Ik heb versie 7.42 en v2.3 geïnstalleerd.", "Werkt niet."}},
		{"newline ends a sentence", "nl", "eerste regel zonder punt\ntweede regel", []string{"eerste regel zonder punt", "tweede regel"}},
		{"blank lines", "en", "\n\none\n\n\ntwo\n", []string{"one", "two"}},
		{"en e.g. i.e.", "en", "We use e.g. Excel and i.e. Word every day. Mr. Smith agrees.",
			[]string{"We use e.g. Excel and i.e. Word every day.", "Mr. Smith agrees."}},
		{"en ok at end", "en", "It's ok. We tried again.", []string{"It's ok.", "We tried again."}},
		{"en price", "en", "The price is 7.42 euro. Too much!", []string{"The price is 7.42 euro.", "Too much!"}},
		{"ru т.е.", "ru", "Не могу войти, т.е. ничего не работает. Помогите!",
			[]string{"Не могу войти, т.е. ничего не работает.", "Помогите!"}},
		{"ru да at end", "ru", "Да. Спасибо.", []string{"Да.", "Спасибо."}},
		{"empty", "en", "", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			u := record.Utterance{Text: c.text}
			NewAnalyzer().Analyze(&u, c.lang)
			checkInvariants(t, &u)
			var got []string
			for _, s := range u.Sentences {
				got = append(got, s.In(u.Text))
			}
			if strings.Join(got, "|") != strings.Join(c.want, "|") {
				t.Errorf("sentences\n got %q\nwant %q", got, c.want)
			}
		})
	}
}

func TestAnalyzeTokens(t *testing.T) {
	for _, c := range []struct {
		name, lang, text string
		want             []string
	}{
		{"en contractions", "en", "I can't do it, I'm sure.", []string{"I", "ca", "n't", "do", "it", ",", "I", "'m", "sure", "."}},
		{"en curly", "en", "It’s fine", []string{"It", "’s", "fine"}},
		{"en possessive", "en", "the customer's invoice", []string{"the", "customer", "'s", "invoice"}},
		{"nl clitics stay whole", "nl", "m'n z'n 't da's zo'n auto's", []string{"m'n", "z'n", "'t", "da's", "zo'n", "auto's"}},
		{"nl curly clitic", "nl", "M’n auto’s", []string{"M’n", "auto’s"}},
		{"nl abbreviation keeps period", "nl", "Ik gebruik bijv. Excel en o.a. Word", []string{"Ik", "gebruik", "bijv.", "Excel", "en", "o.a.", "Word"}},
		{"nl period at end is punctuation", "nl", "Dat geldt voor Excel, Word etc.", []string{"Dat", "geldt", "voor", "Excel", ",", "Word", "etc", "."}},
		{"short capitalised word at end", "nl", "Top.", []string{"Top", "."}},
		{"short word before ellipsis", "nl", "Wat...?", []string{"Wat", "...?"}},
		{"punctuation runs", "en", "Really?! Wow!!!", []string{"Really", "?!", "Wow", "!!!"}},
		{"specials", "nl", "e-mail 7.42 v2.3 :) 😀 https://x.nl/a?b=c test@example.com", []string{"e-mail", "7.42", "v2.3", ":)", "😀", "https://x.nl/a?b=c", "test@example.com"}},
		{"russian", "ru", "Экспорт не работает, помогите!", []string{"Экспорт", "не", "работает", ",", "помогите", "!"}},
		{"other language like en", "de", "Ich kann's nicht.", []string{"Ich", "kann", "'s", "nicht", "."}},
		{"guillemets", "ru", "Статус «доставлен», а заказа нет.", []string{"Статус", "«", "доставлен", "»", ",", "а", "заказа", "нет", "."}},
		{"guillemets around two words", "ru", "«в пути»", []string{"«", "в", "пути", "»"}},
		{"low quotes", "nl", "Ze zeiden „morgen“. Ok.»", []string{"Ze", "zeiden", "„", "morgen", "“", ".", "Ok", ".", "»"}},
		{"lone guillemet", "ru", "« »", []string{"«", "»"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			u := record.Utterance{Text: c.text}
			NewAnalyzer().Analyze(&u, c.lang)
			checkInvariants(t, &u)
			if got := surfaces(&u); strings.Join(got, "\x00") != strings.Join(c.want, "\x00") {
				t.Errorf("tokens\n got %q\nwant %q", got, c.want)
			}
		})
	}
}

func TestTokenFields(t *testing.T) {
	a := NewAnalyzer()
	for _, c := range []struct {
		name, lang, word, norm, stem string
		isWord                       bool
	}{
		{"en stem", "en", "Running", "running", "run", true},
		{"en stopword stemmed", "en", "being", "being", "be", true},
		{"nl stem", "nl", "Frustrerend", "frustrerend", "frustrer", true},
		{"nl plural 's", "nl", "auto's", "auto's", "auto", true},
		{"nl curly", "nl", "M’n", "m'n", "m'n", true},
		{"ru stem", "ru", "Работает", "работает", "работа", true},
		{"number", "nl", "7.42", "7.42", "7.42", false},
		{"punctuation", "en", "!", "!", "!", false},
		{"emoji", "en", "😀", "😀", "😀", false},
		{"no stemmer", "fr", "Travaillent", "travaillent", "travaillent", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			toks := a.Tokenize(c.lang, c.word)
			if len(toks) != 1 {
				t.Fatalf("Tokenize(%q) = %d tokens", c.word, len(toks))
			}
			tok := toks[0]
			if tok.Norm != c.norm || tok.Stem != c.stem || tok.Word != c.isWord {
				t.Errorf("got Norm %q Stem %q Word %v; want %q %q %v", tok.Norm, tok.Stem, tok.Word, c.norm, c.stem, c.isWord)
			}
		})
	}
}

// TestTokenizeAgreesWithAnalyze: a lexicon phrase tokenized on its own gets
// the same tokens as the same words inside running text.
func TestTokenizeAgreesWithAnalyze(t *testing.T) {
	a := NewAnalyzer()
	for _, c := range []struct{ lang, phrase, text string }{
		{"en", "can't log in", "Since Monday I can't log in at all."},
		{"en", "I'm worried", "Honestly, I'm worried about the data."},
		{"nl", "kost veel tijd", "Het kost veel tijd, elke week weer."},
		{"nl", "m'n facturen", "Ik wil m'n facturen exporteren."},
		{"nl", "werkt niet", "De export werkt niet."},
	} {
		pt := a.Tokenize(c.lang, c.phrase)
		u := record.Utterance{Text: c.text}
		a.Analyze(&u, c.lang)
		found := false
		for i := 0; i+len(pt) <= len(u.Tokens) && !found; i++ {
			found = true
			for j, p := range pt {
				if u.Tokens[i+j].Norm != p.Norm || u.Tokens[i+j].Stem != p.Stem {
					found = false
					break
				}
			}
		}
		if !found {
			t.Errorf("%s: tokens of %q not found in %q", c.lang, c.phrase, c.text)
		}
	}
}

func TestStemCacheBounded(t *testing.T) {
	a := NewAnalyzer()
	var b strings.Builder
	for i := range maxCacheEntries + 10 {
		b.Reset()
		for n := i; ; n /= 26 {
			b.WriteByte(byte('a' + n%26))
			if n < 26 {
				break
			}
		}
		a.Stem("en", b.String()+"ing")
	}
	if n := len(a.stems["en"]); n > maxCacheEntries || n == 0 {
		t.Errorf("cache holds %d entries, bound %d", n, maxCacheEntries)
	}
	if got := a.Stem("en", "running"); got != "run" {
		t.Errorf("after reset Stem(running) = %q", got)
	}
}

func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{"Ik gebruik o.a. Exact. Dat werkt.", "I can't.\n\nOk.", "Wat...?", "т.е. да.", "e.g. :) 😀", "\xff."} {
		f.Add(s, "nl")
		f.Add(s, "en")
	}
	f.Fuzz(func(t *testing.T, s, lang string) {
		if !utf8.ValidString(s) {
			return // Analyze takes Normalize'd text
		}
		u := record.Utterance{Text: s}
		NewAnalyzer().Analyze(&u, lang)
		checkInvariants(t, &u)
	})
}
