package extract_test

import (
	"testing"

	"jobminer/pipeline/extract"
	"jobminer/pipeline/internal/lextest"
	"jobminer/pipeline/record"
	"jobminer/pipeline/tag"
)

// benchTexts are customer sentences with job cues, in the built-in
// lexicons' languages.
var benchTexts = map[string]string{
	"en": "I want to be able to schedule the monthly report automatically. How do I connect the app to our bank " +
		"account? It's really frustrating that I can't export my invoices. Is there a way to share a dashboard " +
		"with my accountant?",
	"nl": "Ik wil graag het maandrapport automatisch inplannen. Hoe kan ik de app koppelen aan onze bankrekening? " +
		"Het lukt me niet om het dashboard te delen met onze boekhouder. Dat is echt frustrerend.",
}

// BenchmarkExtract is extract.Jobs alone on analysed and tagged utterances;
// MB/s is per text byte.
func BenchmarkExtract(b *testing.B) {
	a, lex := lextest.Builtin(b)
	for _, lang := range []string{"en", "nl"} {
		u, l := &record.Utterance{Text: benchTexts[lang], Role: record.Customer, Language: lang}, lex.Lang(lang)
		a.Analyze(u, lang)
		tag.Tag(u, l)
		b.Run(lang, func(b *testing.B) {
			b.SetBytes(int64(len(u.Text)))
			for b.Loop() {
				extract.Jobs(u, l)
			}
			if len(u.Jobs) == 0 {
				b.Fatal("no jobs: the benchmark measures nothing")
			}
		})
	}
}
