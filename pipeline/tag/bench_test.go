package tag_test

import (
	"testing"

	"jobminer/lexicon"
	"jobminer/pipeline/internal/lextest"
	"jobminer/pipeline/record"
	"jobminer/pipeline/tag"
)

// benchTexts are customer sentences with forces, negation and intensity, in
// the built-in lexicons' languages.
var benchTexts = map[string]string{
	"en": "I keep getting an error when I try to export my invoices to Excel. It's really frustrating, it costs me hours " +
		"every week! I'm worried that we lose our data if we switch. We have always done it in spreadsheets, so it's " +
		"not a big problem. I want to be able to schedule the monthly report automatically.",
	"nl": "Ik krijg steeds een foutmelding als ik m'n facturen naar Excel wil exporteren. Dat is echt heel frustrerend " +
		"en het kost me elke week uren! Ik maak me zorgen dat we gegevens kwijtraken als we overstappen. We doen het " +
		"al jaren in Excel, dus iedereen is daar aan gewend. Het lukt me niet om het dashboard te delen.",
}

// benchUtterances analyses benchTexts with the built-in lexicons.
func benchUtterances(b *testing.B) (*lexicon.Compiled, map[string]*record.Utterance) {
	b.Helper()
	a, lex := lextest.Builtin(b)
	us := map[string]*record.Utterance{}
	for lang, s := range benchTexts {
		u := &record.Utterance{Text: s, Role: record.Customer, Language: lang}
		a.Analyze(u, lang)
		us[lang] = u
	}
	return lex, us
}

// BenchmarkTag is tag.Tag alone on analysed utterances; MB/s is per text byte.
func BenchmarkTag(b *testing.B) {
	lex, us := benchUtterances(b)
	for _, lang := range []string{"en", "nl"} {
		u, l := us[lang], lex.Lang(lang)
		b.Run(lang, func(b *testing.B) {
			b.SetBytes(int64(len(u.Text)))
			for b.Loop() {
				tag.Tag(u, l)
			}
			if len(u.Mentions) == 0 {
				b.Fatal("no mentions: the benchmark measures nothing")
			}
		})
	}
}
