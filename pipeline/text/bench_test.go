package text

import (
	"strings"
	"testing"

	"jobminer/pipeline/record"
)

var (
	benchEN = strings.Repeat("I keep getting an error when I try to export my invoices to Excel, e.g. the monthly report. "+
		"It's really frustrating and it costs me hours every week! Can someone help? Thanks. ", 20)
	benchNL = strings.Repeat("Ik krijg steeds een foutmelding als ik m'n facturen naar Excel wil exporteren, o.a. het maandrapport. "+
		"Dat is echt frustrerend en het kost me elke week uren! Kan iemand helpen? Bedankt. ", 20)
	benchHTML = strings.Repeat("<p>Ik krijg steeds een <b>foutmelding</b> als ik facturen wil exporteren.&nbsp;Kan iemand helpen?</p>\n", 30)
)

func BenchmarkNormalize(b *testing.B) {
	for _, c := range []struct{ name, s string }{
		{"clean", strings.TrimSpace(benchNL)}, // the no-allocation fast path
		{"trailing-space", benchNL},
		{"html", benchHTML},
		{"double-spaces", strings.ReplaceAll(benchNL, " ", "  ")},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.s)))
			for b.Loop() {
				_ = Normalize(c.s)
			}
		})
	}
}

func BenchmarkLanguage(b *testing.B) {
	s := "Ik krijg steeds een foutmelding bij het inloggen"
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		_, _ = Language(s)
	}
}

func benchAnalyze(b *testing.B, lang, s string) {
	a := NewAnalyzer()
	u := record.Utterance{Text: s}
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		a.Analyze(&u, lang)
	}
}

func BenchmarkAnalyzeEN(b *testing.B) { benchAnalyze(b, "en", benchEN) }
func BenchmarkAnalyzeNL(b *testing.B) { benchAnalyze(b, "nl", benchNL) }
