package jtbd_test

import (
	"strings"
	"testing"

	"jobminer/pipeline/jtbd"
)

func TestPieces(t *testing.T) {
	tests := []struct {
		lang, text string
		job        string // the statement of the job whose story is checked
		want       string // "" = no story
		parts      int
	}{
		// en
		{"en", "Every time I close the month, I want to export my invoices to Excel, so I can send them to my accountant.",
			"export my invoices to Excel",
			"When I close the month, I want to export my invoices to Excel, so I can send them to my accountant", 3},
		{"en", "It takes forever and I keep making mistakes. I want to export my invoices to Excel.",
			"export my invoices to Excel",
			"When it takes forever and I keep making mistakes, I want to export my invoices to Excel", 2},
		{"en", "I'd like to link my bank account so that payments show up automatically.",
			"link my bank account", "I want to link my bank account, so that payments show up automatically", 2},
		{"en", "I want to export my invoices to Excel.", "export my invoices to Excel", "", 0},
		// the situation would overlap the job phrase: no story rather than a cut one
		{"en", "When the bank feed breaks I have to match all payments by hand, which is a pain.", "match all payments by hand", "", 0},
		// nl
		{"nl", "Elke keer als ik de maand afsluit, wil ik mijn facturen naar Excel exporteren, zodat de boekhouder verder kan.",
			"mijn facturen naar Excel exporteren",
			"Als ik de maand afsluit, wil ik mijn facturen naar Excel exporteren, zodat de boekhouder verder kan", 3},
		{"nl", "Het overtypen kost me veel tijd. Ik wil mijn facturen naar Excel exporteren.",
			"mijn facturen naar Excel exporteren",
			"Het overtypen kost me veel tijd; dan wil ik mijn facturen naar Excel exporteren", 2},
		// a situation with the verb last can follow "Als"
		{"nl", "Omdat het overtypen me veel tijd kost, wil ik mijn facturen naar Excel exporteren.",
			"mijn facturen naar Excel exporteren",
			"Als het overtypen me veel tijd kost, wil ik mijn facturen naar Excel exporteren", 2},
		// the pain after "zodat" is the outcome, never also the situation
		{"nl", "Ik wil de bonnetjes scannen zodat ik niet alles handmatig hoef over te typen.", "de bonnetjes scannen",
			"Ik wil de bonnetjes scannen, zodat ik niet alles handmatig hoef over te typen", 2},
		{"nl", "Ik wil mijn facturen exporteren.", "mijn facturen exporteren", "", 0},
		// a verdict on something said before is no situation
		{"nl", "Ik wil dat klanten na veertien dagen automatisch een herinnering krijgen. Dat is m'n grootste ergernis.",
			"klanten na veertien dagen automatisch een herinnering krijgen", "", 0},
		{"en", "I want to export my invoices to Excel. That is a real pain every month.", "export my invoices to Excel", "", 0},
		// ru
		{"ru", "Это очень долго, я хочу выгрузить счета в Excel.", "выгрузить счета в Excel",
			"Когда это очень долго, я хочу выгрузить счета в Excel", 2},
		{"ru", "Я хочу выгрузить счета в Excel.", "выгрузить счета в Excel", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+tt.text, func(t *testing.T) {
			u := analyse(t, tt.lang, tt.text)
			ji := -1
			var got []string
			for i, j := range u.Jobs {
				got = append(got, j.Statement)
				if j.Statement == tt.job {
					ji = i
				}
			}
			if ji < 0 {
				t.Fatalf("no job %q among %q", tt.job, got)
			}
			s, ok := jtbd.Pieces(u, ji, tt.lang)
			if tt.want == "" {
				if ok {
					t.Errorf("story %q, want none", s.Text())
				}
				return
			}
			if !ok || s.Text() != tt.want || s.Parts() != tt.parts {
				t.Errorf("story %v %q (%d parts), want %q (%d parts)", ok, s.Text(), s.Parts(), tt.want, tt.parts)
			}
			// Every piece is a span of the utterance, and every mention
			// index points at a mention of this job.
			for _, p := range []string{s.Situation, s.Motivation, s.Outcome} {
				if !strings.Contains(strings.ToLower(u.Text), strings.ToLower(p)) {
					t.Errorf("piece %q is not in %q", p, u.Text)
				}
			}
			if len(s.Mentions) == 0 {
				t.Error("a story without evidence mentions")
			}
			for _, mi := range s.Mentions {
				if mi < 0 || mi >= len(u.Mentions) {
					t.Errorf("mention index %d out of range", mi)
				}
			}
		})
	}
}

func TestClausesCutAtMarkers(t *testing.T) {
	u := analyse(t, "en", "When the month ends, I export everything but it takes hours so I give up.")
	var got []string
	for _, c := range jtbd.Clauses(u.Tokens, "en") {
		got = append(got, u.Text[u.Tokens[c.Start].Start:u.Tokens[c.End-1].End])
	}
	want := []string{"When the month ends", "I export everything", "but it takes hours", "so I give up"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("clauses %q, want %q", got, want)
	}
}

// FuzzPiecesAndOutcomes: any customer text gives stories whose pieces are
// spans of it and outcomes whose objects are, never a panic.
func FuzzPiecesAndOutcomes(f *testing.F) {
	f.Add("en", "Every time I close the month, I want to export my invoices to Excel, so I can pay.")
	f.Add("nl", "Het kost veel tijd. Ik wil facturen exporteren zodat ik klaar ben, maar het lukt niet!")
	f.Add("ru", "Это долго, я хочу выгрузить счета, чтобы бухгалтер мог работать.")
	f.Add("en", "so so so when when , , I want to")
	l := jtbdLex(f)
	f.Fuzz(func(t *testing.T, lang, s string) {
		if lang != "en" && lang != "nl" && lang != "ru" {
			lang = "en"
		}
		u := analyse(t, lang, s)
		for ji := range u.Jobs {
			st, ok := jtbd.Pieces(u, ji, lang)
			if !ok {
				continue
			}
			for _, p := range []string{st.Situation, st.Motivation, st.Outcome} {
				if !strings.Contains(strings.ToLower(u.Text), strings.ToLower(p)) {
					t.Fatalf("piece %q not in %q", p, u.Text)
				}
			}
		}
		for _, o := range l.Outcomes(u, lang) {
			if !strings.Contains(u.Text, o.Object) {
				t.Fatalf("object %q not in %q", o.Object, u.Text)
			}
		}
	})
}

// Obligations and "no more" cues state no wish: no story, rather than "I
// want to" before what the customer suffers or wants gone.
func TestNoStoryForObligationOrNoMore(t *testing.T) {
	for _, c := range [][2]string{
		{"en", "The bank feed broke again. Every time I have to match all the payments by hand."},
		{"nl", "Het is zo omslachtig. Ik wil niet meer elke maand alle bonnetjes overtypen."},
		{"nl", "Het is zo omslachtig. Ik moet elke maand alle bonnetjes overtypen."},
	} {
		u := analyse(t, c[0], c[1])
		if len(u.Jobs) == 0 {
			t.Fatalf("%q: no job extracted; the test needs one", c[1])
		}
		for ji := range u.Jobs {
			if s, ok := jtbd.Pieces(u, ji, c[0]); ok {
				t.Errorf("%q: story %q", c[1], s.Text())
			}
		}
	}
}
