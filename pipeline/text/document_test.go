package text

import (
	"testing"

	"jobminer/pipeline/record"
)

func doc(lang string, utterances ...record.Utterance) *record.Document {
	return &record.Document{Language: lang, Utterances: utterances}
}

func utt(lang, text string) record.Utterance { return record.Utterance{Language: lang, Text: text} }

func TestDetectDocument(t *testing.T) {
	for _, c := range []struct {
		name     string
		d        *record.Document
		wantDoc  string
		wantUtts []string
	}{
		{"dutch chat with short turns and an English sentence",
			doc("", utt("", "Hoi, ik krijg steeds een foutmelding bij het inloggen"),
				utt("", "ok thx"),
				utt("", "Kunnen jullie even kijken wat er mis gaat?"),
				utt("", "I keep getting an error when I try to export the report"),
				utt("", "top")),
			"nl", []string{"nl", "nl", "nl", "en", "nl"}},
		{"english ticket with a short Dutch-looking turn",
			doc("", utt("", "The export to Excel has been broken since the update"),
				utt("", "ja"),
				utt("", "Can you please have a look at it?")),
			"en", []string{"en", "en", "en"}},
		{"declared document language is a prior",
			doc("nl", utt("", "ok"), utt("", "superhandig")),
			"nl", []string{"nl", "nl"}},
		{"declared utterance languages are kept and count",
			doc("", utt("en", "ok"), utt("en", "fine"), utt("", "top")),
			"en", []string{"en", "en", "en"}},
		{"russian", doc("", utt("", "Не могу войти в аккаунт"), utt("", "ok")), "ru", []string{"ru", "ru"}},
		{"nothing detectable", doc("", utt("", "ok"), utt("", ":)")), "", []string{"", ""}},
		{"no utterances", doc(""), "", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			DetectDocument(c.d)
			if c.d.Language != c.wantDoc {
				t.Errorf("document language %q, want %q", c.d.Language, c.wantDoc)
			}
			for i, u := range c.d.Utterances {
				if u.Language != c.wantUtts[i] {
					t.Errorf("utterance %d %q: %q, want %q", i, u.Text, u.Language, c.wantUtts[i])
				}
			}
		})
	}
}
