package extract_test

import (
	"strings"
	"testing"

	"jobminer/pipeline/extract"
	"jobminer/pipeline/internal/lextest"
	"jobminer/pipeline/record"
	"jobminer/pipeline/tag"
)

// FuzzJobs: any customer text in any language gives jobs whose spans lie in
// the text, with a statement and a sorted key, never a panic. The seeds
// include the Dutch finite-verb cues, whose rewrite builds text of its own.
func FuzzJobs(f *testing.F) {
	for _, s := range [][2]string{
		{"nl", "Hoe pas ik dat aan in m'n abonnement?"},
		{"nl", "Hoe vraag ik een bezoekersvergunning aan voor m'n ouders die komen logeren?"},
		{"nl", "Hoe zet ik dat uit?"},
		{"nl", "Hoe zorg ik dat klanten op tijd betalen, en hoe krijg ik m'n geld terug?"},
		{"nl", "Ik wil mijn rooster exporteren in plaats van overtypen."},
		{"en", "I'd really like to see my claim online instead of ringing every day."},
		{"ru", "Можно вызвать замерщика на выходных, а не звонить каждый раз?"},
		{"nl", "Kan ik de ballonvaart (voucher BV-33190) op mijn naam laten zetten?"},
		{"nl", "Hoe vraag ik (echt (nr. 2) de pas) aan (voor 2025)"},
		{"en", "Stressful? Not really, no. We're away in May, can someone call?"},
		{"ru", "Страшно — да нет. Верните, пожалуйста, баллы"},
		{"nl", "Hoe aan"},
		{"nl", "hoe stel ik in"},
	} {
		f.Add(s[0], s[1])
	}
	a, lex := lextest.Builtin(f)
	f.Fuzz(func(t *testing.T, lang, s string) {
		if lang != "en" && lang != "nl" && lang != "ru" {
			lang = "nl"
		}
		u := record.Utterance{Text: s, Role: record.Customer, Language: lang}
		a.Analyze(&u, lang)
		l := lex.Lang(lang)
		tag.Tag(&u, l)
		extract.Jobs(&u, l)
		for _, j := range u.Jobs {
			if j.Span.Start < 0 || j.Span.End > len(s) || j.Span.Start > j.Span.End {
				t.Fatalf("job span %v outside %q", j.Span, s)
			}
			if strings.TrimSpace(j.Statement) == "" {
				t.Fatalf("empty statement in %q", s)
			}
			ks := strings.Fields(j.Key)
			for i := 1; i < len(ks); i++ {
				if ks[i-1] >= ks[i] {
					t.Fatalf("key %q not sorted and unique, in %q", j.Key, s)
				}
			}
		}
	})
}
