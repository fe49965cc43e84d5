package tag_test

import (
	"testing"

	"jobminer/pipeline/internal/lextest"
	"jobminer/pipeline/record"
	"jobminer/pipeline/tag"
	"jobminer/pipeline/text"
)

// A survey answer takes its force from the question above it: asked what
// could be better, the first words are the wish; asked what worries, the
// fear. Denials, problems told and other questions get nothing.
func TestAskedRule(t *testing.T) {
	a, lex := lextest.Builtin(t)
	for _, tt := range []struct {
		lang, text, entry, quote string
	}{
		{"nl", "Enquête Straalbedrijf: Welke dienst mist u nog?\nOphalen en terugbrengen. Ik heb geen aanhanger.", tag.AskedWishEntry, "Ophalen en terugbrengen"},
		{"en", "Post-walk survey: Anything we could have done better?\nA text when the bags are dropped.", tag.AskedWishEntry, "A text when the bags are dropped"},
		{"ru", "Анкета: Что бы вы предложили заготпункту?\nПринимать по выходным.", tag.AskedWishEntry, "Принимать по выходным"},
		{"nl", "Intakevragenlijst: Wat zijn uw zorgen als ouder?\nDat ze daar eenzaam is en het ons niet vertelt.", tag.AskedConcernEntry, "Dat ze daar eenzaam is en het ons niet vertelt"},
		{"en", "Survey: Any concerns about the new portal?\nYes.\nThat the resort will come after our children.", tag.AskedConcernEntry, "That the resort will come after our children"},
		// Denied, a problem told, now or in the past, or a question that asks for neither.
		{"en", "Applicant feedback - Anything we could improve?\nNo, it was straightforward.", tag.AskedWishEntry, ""},
		{"en", "Post-course survey: Will you change anything about your driving?\nProbably not much, if I'm honest.", tag.AskedWishEntry, ""},
		{"ru", "Анкета: Что можно улучшить?\nВсё отлично, врачи внимательные.", tag.AskedWishEntry, ""},
		{"en", "Post-install survey: How could we improve?\nWe found out about the city permit fee from the inspector.", tag.AskedWishEntry, ""},
		{"nl", "Ledenraadpleging: Wat zou je willen veranderen?\nDat je nu niks krijgt als je thuiszit.", tag.AskedWishEntry, ""},
		{"en", "Exit survey: How did you hear about us?\nA friend at the club.", tag.AskedWishEntry, ""},
		{"en", "Post-rental survey: Anything we could do better?\nHonestly we'll probably just go back to the inflatable one.", tag.AskedWishEntry, ""}, // a habit told
		{"en", "Ophalen en terugbrengen.", tag.AskedWishEntry, ""},
	} {
		u := record.Utterance{Role: record.Customer, Language: tt.lang}
		u.Text, u.Asked = text.NormalizeAsked(tt.text)
		a.Analyze(&u, tt.lang)
		tag.Tag(&u, lex.Lang(tt.lang))
		got := ""
		if m, ok := mentionOf(u, tt.entry); ok {
			got = m.In(u.Text)
		}
		if got != tt.quote {
			t.Errorf("%q: %s mention %q, want %q", tt.text, tt.entry, got, tt.quote)
		}
	}
}
