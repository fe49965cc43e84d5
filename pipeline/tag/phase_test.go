package tag_test

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"jobminer/lexicon"
	"jobminer/pipeline/internal/lextest"
	"jobminer/pipeline/record"
	"jobminer/pipeline/tag"
	"jobminer/pipeline/text"
)

var phaseLexicon = fstest.MapFS{
	"nl/struggle.yaml": {Data: []byte(`lang: nl
force: struggle
entries:
  - id: traag
    pattern: traag
    sub_force: struggle/time
  - id: frustrerend
    pattern: frustrerend
`)},
	"nl/phases.yaml": {Data: []byte(`lang: nl
phases:
  - id: gaan-vergelijken
    phase: active_looking
    pattern: =gaan =vergelijken
  - id: gekozen-voor
    phase: deciding
    pattern: =gekozen =voor
`)},
	"nl/negators.txt": {Data: []byte("niet\ngeen\n")},
	"en/struggle.yaml": {Data: []byte(`lang: en
force: struggle
entries:
  - id: slow
    pattern: slow
    sub_force: struggle/time
`)},
	"en/phases.yaml": {Data: []byte(`lang: en
phases:
  - id: it-started-when
    phase: first_thought
    pattern: =it =started =when
  - id: started-looking
    phase: active_looking
    pattern: =started =looking
`)},
	"en/negators.txt": {Data: []byte("not\nn't\n")},
}

// TestPhases: a sentence takes its first cue's phase, the utterance its first
// cued sentence's; a mention takes its sentence's phase, else the utterance's.
// Negated cues and non-evidence speakers give none. Mentions render as
// "span sub_force phase".
func TestPhases(t *testing.T) {
	a, lex := lextest.FromFS(t, phaseLexicon)
	tests := []struct {
		name, lang, text string
		role             record.Role
		phase            string   // utterance
		sentences        string   // per-sentence phases joined by |, "" when no cue at all
		mentions         []string // "span sub_force phase"
	}{
		{"no cue", "nl", "Het is traag.", record.Customer, "", "", []string{"traag struggle/time -"}},
		{"cue in the mention's sentence", "nl", "Ik ben gaan vergelijken omdat het traag was.", record.Customer,
			"active_looking", "active_looking", []string{"traag struggle/time active_looking"}},
		{"mention in an uncued sentence takes the utterance's phase", "nl",
			"Het was zo traag. Toen ben ik gaan vergelijken.", record.Customer,
			"active_looking", "|active_looking", []string{"traag struggle/time active_looking"}},
		{"each sentence its own phase", "nl",
			"Ik ben gaan vergelijken. We hebben gekozen voor jullie want het oude was frustrerend.", record.Customer,
			"active_looking", "active_looking|deciding", []string{"frustrerend - deciding"}},
		{"first cue of a sentence wins", "nl",
			"We hebben gekozen voor jullie nadat ik ben gaan vergelijken.", record.Customer,
			"deciding", "deciding", nil},
		{"negated cue", "nl", "Ik ben nog niet gaan vergelijken.", record.Customer, "", "", nil},
		{"interviewer gets no phase", "en", "So it started when the app was slow?", record.Interviewer, "", "", nil},
		{"english", "en", "It started when the app got slow. Then I started looking around.", record.Customer,
			"first_thought", "first_thought|active_looking", []string{"slow struggle/time first_thought"}},
		{"english negated", "en", "I haven't started looking yet, it is slow.", record.Customer,
			"", "", []string{"slow struggle/time -"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := record.Utterance{Text: tt.text, Role: tt.role, Language: tt.lang}
			a.Analyze(&u, tt.lang)
			tag.Tag(&u, lex.Lang(tt.lang))
			var ms []string
			for _, m := range u.Mentions {
				ms = append(ms, fmt.Sprintf("%s %s %s", m.In(u.Text), dash(m.SubForce), dash(m.Phase)))
			}
			if u.Phase != tt.phase || strings.Join(u.SentencePhases, "|") != tt.sentences ||
				strings.Join(ms, "; ") != strings.Join(tt.mentions, "; ") {
				t.Errorf("%q:\n got phase %q, sentences %q, mentions %q\nwant phase %q, sentences %q, mentions %q",
					tt.text, u.Phase, strings.Join(u.SentencePhases, "|"), ms, tt.phase, tt.sentences, tt.mentions)
			}
		})
	}
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func builtin(t *testing.T) (*text.Analyzer, *lexicon.Compiled) {
	t.Helper()
	return lextest.Builtin(t)
}

// TestBuiltinPhaseCues: the built-in phase cues on customer sentences in each
// language, including sentences that must get no phase.
func TestBuiltinPhaseCues(t *testing.T) {
	a, lex := builtin(t)
	tests := []struct{ lang, text, want string }{
		{"nl", "Toen ik voor het eerst merkte dat de facturen dubbel kwamen, ben ik gaan bellen.", "first_thought"},
		{"nl", "Het begon toen we een tweede winkel openden.", "first_thought"},
		{"nl", "Een collega raadde jullie aan op een verjaardag.", "passive_looking"},
		{"nl", "Het zat al een tijdje in mijn achterhoofd.", "passive_looking"},
		{"nl", "Daarna ben ik gaan vergelijken op internet.", "active_looking"},
		{"nl", "We hebben drie offertes opgevraagd.", "active_looking"},
		{"nl", "Uiteindelijk hebben we gekozen voor het jaarabonnement.", "deciding"},
		{"nl", "De foute factuur was de laatste druppel.", "deciding"},
		{"nl", "De eerste keer dat ik inlogde was het meteen duidelijk.", "first_use"},
		{"nl", "Het was even wennen aan het nieuwe scherm.", "first_use"},
		{"nl", "Sinds we zijn overgestapt hoeft niemand meer over te typen.", "ongoing_use"},
		{"nl", "Ik ben al vier jaar klant.", "ongoing_use"},
		{"nl", "De app is traag en ik moet alles overtypen.", ""},
		{"nl", "Vergeleken met vorig jaar is de rekening hoger.", ""},
		{"nl", "Ik ben nog niet gaan vergelijken.", ""},
		{"nl", "Ik heb van de klantenservice gehoord dat het morgen opgelost is.", ""},
		{"nl", "In Utrecht ben ik overgestapt op de intercity.", ""},
		{"nl", "Sindsdien werkt de app niet meer.", ""},
		{"en", "It all started when we hired a second bookkeeper.", "first_thought"},
		{"en", "I first noticed it when the bill doubled.", "first_thought"},
		{"en", "I'd heard about you from a friend.", "passive_looking"},
		{"en", "I started looking at other banks in May.", "active_looking"},
		{"en", "We compared three providers side by side.", "active_looking"},
		{"en", "What made me decide was the bank import.", "deciding"},
		{"en", "The outage was the last straw.", "deciding"},
		{"en", "Setting it up took ten minutes.", "first_use"},
		{"en", "In the first week I called support twice.", "first_use"},
		{"en", "Ever since we switched, I do my invoicing on the train.", "ongoing_use"},
		{"en", "Ever since the update the app crashes.", ""},
		{"en", "I heard about the outage on the radio.", ""},
		{"en", "I've been using it for two years now.", "ongoing_use"},
		{"en", "The app is slow and I have to retype everything.", ""},
		{"en", "I was looking for my invoice.", ""},
		{"en", "I haven't started looking yet.", ""},
		{"ru", "Всё началось, когда счета стали приходить дважды.", "first_thought"},
		{"ru", "Мне посоветовал коллега.", "passive_looking"},
		{"ru", "Тогда я начал искать другой банк.", "active_looking"},
		{"ru", "В итоге мы решили перейти к вам.", "deciding"},
		{"ru", "Первые дни было непривычно.", "first_use"},
		{"ru", "С тех пор как мы перешли, я плачу за всё через приложение.", "ongoing_use"},
		{"ru", "С тех пор приложение не работает.", ""},
		{"ru", "Оператор посоветовал перезагрузить роутер.", ""},
		{"ru", "Я перешёл на страницу оплаты, и всё зависло.", ""},
		{"ru", "Приложение постоянно глючит.", ""},
	}
	for _, tt := range tests {
		u := record.Utterance{Text: tt.text, Role: record.Customer, Language: tt.lang}
		a.Analyze(&u, tt.lang)
		tag.Tag(&u, lex.Lang(tt.lang))
		if u.Phase != tt.want {
			t.Errorf("%s %q: phase %q, want %q", tt.lang, tt.text, u.Phase, tt.want)
		}
	}
}

// TestBuiltinSubForces: the sub-forces the built-in entries give on customer
// sentences in each language; "-" for an entry without one.
func TestBuiltinSubForces(t *testing.T) {
	a, lex := builtin(t)
	tests := []struct{ lang, text, want string }{
		{"en", "It takes forever to load the timetable.", "struggle/time"},
		{"en", "I have to enter every order manually.", "struggle/effort"},
		{"en", "It's way too expensive for a small team.", "struggle/cost"},
		{"en", "The app keeps crashing when I upload a photo.", "struggle/reliability"},
		{"en", "Why is there no option to pay by card?", "struggle/fit"},
		{"en", "The tariff page is really confusing.", "struggle/clarity"},
		{"en", "I keep getting passed around between departments.", "struggle/service"},
		{"en", "Is it safe to save my card in the app?", "anxiety/security"},
		{"en", "I'm worried about the learning curve for the team.", "anxiety/effort-to-switch"},
		{"en", "I'd look stupid in front of the staff if it crashed.", "anxiety/social"},
		{"en", "Are there any hidden fees I should know about?", "anxiety/cost"},
		{"en", "We've always done it this way.", "habit/routine"},
		{"en", "We're too busy to look at it before Christmas.", "habit/postponing"},
		{"en", "The old app does the job.", "habit/good-enough"},
		{"en", "Honestly it's so frustrating.", "-"},
		{"nl", "Het kost me zoveel tijd om alles over te typen.", "struggle/time"},
		{"nl", "Ik moet alle uren handmatig invoeren.", "struggle/effort"},
		{"nl", "Het abonnement is veel te duur geworden.", "struggle/cost"},
		{"nl", "De app crasht elke keer als ik wil betalen.", "struggle/reliability"},
		{"nl", "Ik snap niet waarom mijn korting weg is.", "struggle/clarity"},
		{"nl", "Ik word van het kastje naar de muur gestuurd.", "struggle/service"},
		{"nl", "Ik twijfel nog of ik moet overstappen.", "anxiety/uncertainty"},
		{"nl", "Hoe zit het met mijn privacy als ik die app gebruik?", "anxiety/security"},
		{"nl", "We zijn het zo gewend.", "habit/routine"},
		{"nl", "Dat overstappen blijf ik maar uitstellen.", "habit/postponing"},
		{"nl", "Excel werkt goed genoeg voor ons.", "habit/good-enough"},
		{"nl", "Ik baal er echt van.", "-"},
		{"ru", "Ждать ответа слишком долго.", "struggle/time"},
		{"ru", "Показания приходится вбивать вручную.", "struggle/effort"},
		{"ru", "Для меня это слишком дорого.", "struggle/cost"},
		{"ru", "Приложение постоянно глючит.", "struggle/reliability"},
		{"ru", "Я не понимаю, за что с меня списали деньги.", "struggle/clarity"},
		{"ru", "Боюсь, там скрытые комиссии.", "anxiety/cost"},
		{"ru", "Я привыкла платить через кассу.", "habit/routine"},
		{"ru", "Мне некогда с этим возиться.", "habit/postponing"},
	}
	for _, tt := range tests {
		u := record.Utterance{Text: tt.text, Role: record.Customer, Language: tt.lang}
		a.Analyze(&u, tt.lang)
		tag.Tag(&u, lex.Lang(tt.lang))
		var got []string
		for _, m := range u.Mentions {
			if m.Counts() {
				got = append(got, dash(m.SubForce))
			}
		}
		found := false
		for _, g := range got {
			found = found || g == tt.want
		}
		if !found {
			t.Errorf("%s %q: sub-forces %q, want one %q", tt.lang, tt.text, got, tt.want)
		}
	}
}
