package extract_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"jobminer/pipeline/extract"
	"jobminer/pipeline/internal/lextest"
	"jobminer/pipeline/record"
	"jobminer/pipeline/tag"
	"jobminer/pipeline/text"
)

var testLexicon = fstest.MapFS{
	"en/jobs.yaml": {Data: []byte(`lang: en
cues:
  - id: want-to
    pattern: want to
  - id: how-do-i
    pattern: how do i
  - id: so-i-can
    pattern: so i can
  - id: would-be-handy
    pattern: "=would ... =be ... =handy|=great"
    before: fragment
  - id: gerund-fails
    pattern: "=fails"
    before: gerund
  - id: could-you
    pattern: could you
  - id: bare-need
    pattern: "=need"
    at: start
  - id: looking-for
    pattern: "'re looking for"
    adds: find
  - id: would-like-np
    pattern: "i'd =like"
    says: progress
  - id: want-np
    pattern: "i =want"
    causative: get
  - id: thinking-of
    pattern: "'m =thinking =of|=about"
    next: gerund
`)},
	"en/progress.yaml": {Data: []byte("lang: en\nforce: progress\nentries:\n  - id: please\n    pattern: =please\n")},
	"en/neutral.yaml":  {Data: []byte("lang: en\nforce: neutral\nentries:\n  - id: look-forward\n    pattern: =look =forward\n")},
	"en/struggle.yaml": {Data: []byte("lang: en\nforce: struggle\nentries:\n  - id: annoying\n    pattern: annoying\n")},
	"en/stopwords.txt": {Data: []byte("my\nthe\nto\nevery\na\nan\ni\n")},
	"nl/jobs.yaml": {Data: []byte(`lang: nl
cues:
  - id: zodat-ik
    pattern: ", zodat ik"
  - id: ik-wil
    pattern: ik wil
  - id: lukt-niet-om
    pattern: lukt ... niet om
  - id: hoe-kan-ik
    pattern: hoe kan ik
  - id: hoe-stel-ik
    pattern: "=hoe =stel|=vraag|=zoek|=zorg =ik"
    verb: finite
  - id: infinitief-zodat
    pattern: ", =zodat"
    before: infinitive
  - id: mislukt
    pattern: "=mislukt"
    before: gerund
  - id: kunnen-jullie
    pattern: "=kunnen|=kunt =jullie|=u"
`)},
	"nl/stopwords.txt": {Data: []byte("mijn\nm'n\nde\nhet\nuit\nmeer\nnaar\nelke\nvan\nmet\nin\nop\nte\n")},
	"nl/negators.txt":  {Data: []byte("niet\nniemand\n")},
	"nl/compounds.txt": {Data: []byte("vragen\nstellen\nzoeken\nzorgen\nbestelling\nkrijgen\n")},
	"ru/jobs.yaml": {Data: []byte(`lang: ru
cues:
  - id: kak-infinitive
    pattern: "=как"
    next: infinitive
  - id: chtoby
    pattern: "=чтобы"
  - id: imperativ-pozhaluysta
    pattern: "=верните|=пришлите , =пожалуйста ,"
    verb: leading
`)},
	"ru/stopwords.txt": {Data: []byte("без\nу\n")},
}

func TestJobs(t *testing.T) {
	a, lex := lextest.FromFS(t, testLexicon)
	tests := []struct {
		name, lang, text string
		role             record.Role
		want             []string // statement | key
	}{
		{"english want to", "en", "I want to export my invoices to Excel every month.", record.Customer,
			[]string{"export my invoices to Excel every month | excel export invoic month"}},
		{"filler dropped", "en", "I just want to really quickly export invoices, but it fails.", record.Customer,
			[]string{"quickly export invoices | export invoic quick"}},
		{"a one-word job keeps its condition", "nl", "Hoe kan ik inloggen als ik mijn telefoon niet heb?", record.Customer,
			[]string{"inloggen als ik mijn telefoon niet heb | als heb ik inlogg niet telefon"}},
		{"aside after the cue is skipped", "nl", "Ik wil, als het kan, mijn rooster exporteren.", record.Customer,
			[]string{"mijn rooster exporteren | exporter rooster"}},
		{"question", "en", "How do I change my nominated pharmacy online?", record.Customer,
			[]string{"change my nominated pharmacy online | chang nomin onlin pharmaci"}},
		{"two jobs split at the next cue", "en", "I want to link my bank account so I can stop typing payments.", record.Customer,
			[]string{"link my bank account | account bank link", "stop typing payments | payment stop type"}},
		{"the rejected alternative ends the job", "en", "I want to change my pharmacy online instead of ringing them.", record.Customer,
			[]string{"change my pharmacy online | chang onlin pharmaci"}},
		{"dutch in plaats van ends the job", "nl", "Ik wil mijn rooster exporteren in plaats van overtypen.", record.Customer,
			[]string{"mijn rooster exporteren | exporter rooster"}},
		{"causative: an object then a participle gets its verb", "en", "I want Tuesday's visit taken off the invoice.", record.Customer,
			[]string{"get Tuesday's visit taken off the invoice | 's get invoic off taken tuesday visit"}},
		{"causative: a pronoun object", "en", "I want it fixed today.", record.Customer,
			[]string{"get it fixed today | fix get it today"}},
		{"causative: a participle after a determiner is an adjective", "en", "I want the updated price list.", record.Customer,
			[]string{"the updated price list | list price updat"}},
		{"causative: a plain object keeps its phrase", "en", "I want a refund for the broken kettle.", record.Customer,
			[]string{"a refund for the broken kettle | broken for kettl refund"}},
		{"causative: a word in -eed is no participle", "en", "I want the same speed tomorrow.", record.Customer,
			[]string{"the same speed tomorrow | same speed tomorrow"}},
		{"next: gerund holds before an -ing verb", "en", "I'm thinking about selling my season ticket.", record.Customer,
			[]string{"selling my season ticket | season sell ticket"}},
		{"next: gerund fails before a noun", "en", "I'm thinking about the cost.", record.Customer, nil},
		{"next: gerund fails before something", "en", "I'm thinking about something else.", record.Customer, nil},
		{"dutch wanting negated in the middle field states no job", "nl", "Ik wil het abonnement niet opzeggen.", record.Customer, nil},
		{"dutch niet meer wants a stop", "nl", "Ik wil die bonnen niet meer overtypen.", record.Customer,
			[]string{"die bonnen niet meer overtypen | bonn die niet overtyp"}},
		{"dutch negator after a subordinator negates that clause", "nl", "Ik wil een jas die niet lekt.", record.Customer,
			[]string{"een jas die niet lekt | die een jas lekt niet"}},
		{"dutch negated ability is no negated want", "nl", "Hoe kan ik de factuur niet dubbel versturen?", record.Customer,
			[]string{"de factuur niet dubbel versturen | dubbel factur niet verstur"}},
		{"dutch te before two final verbs is dropped", "nl", "Het lukt niet om de meter te laten vervangen.", record.Customer,
			[]string{"de meter laten vervangen | lat meter vervang"}},
		{"dutch te before a verb and a prepositional phrase", "nl", "Het lukt niet om het pakket op te halen bij het depot.", record.Customer,
			[]string{"het pakket ophalen bij het depot | bij depot ophal pakket"}},
		{"dutch te of degree stays", "nl", "Het lukt niet om de trein te laat te halen.", record.Customer,
			[]string{"de trein te laat halen | hal lat trein"}},
		{"dutch finite verb joins the job", "nl", "Hoe zoek ik een oude bestelling?", record.Customer,
			[]string{"een oude bestelling zoeken | bestell een oud zoek"}},
		{"dutch finite verb with its particle", "nl", "Hoe vraag ik een nieuwe pas aan voor mijn dochter?", record.Customer,
			[]string{"een nieuwe pas aanvragen voor mijn dochter | aanvrag dochter een nieuw pas vor"}},
		{"dutch finite verb with a particle at the end", "nl", "Hoe stel ik een herinnering in?", record.Customer,
			[]string{"een herinnering instellen | een herinner instell"}},
		{"dutch finite verb before a clause stays out", "nl", "Hoe zorg ik dat klanten op tijd betalen?", record.Customer,
			[]string{"klanten op tijd betalen | betal klant tijd"}},
		{"a cue at: start opens its sentence after a greeting", "en", "Thanks. Hi, need a minibus for Saturday.", record.Customer,
			[]string{"a minibus for Saturday | for minibus saturday"}},
		{"a cue at: start inside a sentence is none", "en", "They need a minibus for Saturday.", record.Customer, nil},
		{"a russian verb of knowing takes the clause after its comma", "ru", "Чтобы знать, дошёл он до школы или нет.", record.Customer,
			[]string{"знать, дошёл он до школы или нет | до дошёл знат ил нет он школ"}},
		{"a cue whose next word is missing cuts no phrase", "ru", "Важно, чтобы счета выгружались как раньше.", record.Customer,
			[]string{"счета выгружались как раньше | выгруж как раньш счет"}},
		{"a bracketed aside is read across and left out", "nl", "Hoe kan ik de bestelling (nr. A-2041) annuleren?", record.Customer,
			[]string{"de bestelling annuleren | annuler bestell"}},
		{"an aside before the particle of a finite verb", "nl", "Hoe vraag ik de pas (voor 2025) aan voor mijn dochter?", record.Customer,
			[]string{"de pas aanvragen voor mijn dochter | aanvrag dochter pas vor"}},
		{"an aside at the end of the clause ends the job", "en", "I want to export my invoices (all 200 of them).", record.Customer,
			[]string{"export my invoices | export invoic"}},
		{"a long bracket ends the job", "nl", "Ik wil de rode jas (die ik vorige week op de markt in Utrecht kocht) ruilen.", record.Customer,
			[]string{"de rode jas | jas rod"}},
		{"an indirect question is the job's object", "en", "I want to know when my parcel arrives.", record.Customer,
			[]string{"know when my parcel arrives | arriv know parcel when"}},
		{"a question about the one addressed is a courtesy", "en", "I want to know when you have an update.", record.Customer, nil},
		{"a condition still ends the job", "en", "I want to export my invoices when the month ends.", record.Customer,
			[]string{"export my invoices | export invoic"}},
		{"dutch indirect question", "nl", "Ik wil weten wanneer mijn pakket komt.", record.Customer,
			[]string{"weten wanneer mijn pakket komt | komt pakket wanner wet"}},
		{"russian indirect question after a comma", "ru", "Звоню, чтобы узнать, когда приедет мастер.", record.Customer,
			[]string{"узнать, когда приедет мастер | когд мастер приедет узн"}},
		{"a list runs on past its commas", "en", "I want to rent a BCD, regulator and wetsuit for the dives.", record.Customer,
			[]string{"rent a BCD, regulator and wetsuit for the dives | and bcd dive for regul rent wetsuit"}},
		{"dutch list before the verb", "nl", "Ik wil facturen, offertes en bonnen exporteren.", record.Customer,
			[]string{"facturen, offertes en bonnen exporteren | bonn en exporter factur offertes"}},
		{"a new subject after the conjunction is no list", "en", "I want to cancel my order, my husband and I disagree.", record.Customer,
			[]string{"cancel my order | cancel order"}},
		{"a relative clause is no list item", "en", "I want to switch it to manual, which defeats the point and costs money.", record.Customer,
			[]string{"switch it to manual | it manual switch"}},
		{"a leading imperative stays the job's verb", "ru", "Верните, пожалуйста, баллы, я их копила.", record.Customer,
			[]string{"Верните баллы | балл верн"}},
		{"dutch bare terug gets its verb", "nl", "Ik wil mijn geld terug.", record.Customer,
			[]string{"mijn geld terugkrijgen | geld terugkrijg"}},
		{"dutch terug with its verb stays", "nl", "Ik wil mijn geld terug naar mijn rekening.", record.Customer,
			[]string{"mijn geld terug naar mijn rekening | geld reken terug"}},
		{"what the company sends is what the customer gets", "en", "Could you send me the rates for a berth?", record.Customer,
			[]string{"get the rates for a berth | berth for get rate"}},
		{"sent elsewhere keeps the verb", "en", "Could you send the parcel to my sister's address?", record.Customer,
			[]string{"send the parcel to my sister's address | 's address parcel send sister"}},
		{"other requests keep their verb", "en", "Could you cancel my order?", record.Customer,
			[]string{"cancel my order | cancel order"}},
		{"dutch: what the company sends is what the customer gets", "nl", "Kunnen jullie mij een kopie van de factuur sturen?", record.Customer,
			[]string{"een kopie van de factuur krijgen | een factur kopie krijg"}},
		{"dutch: sent elsewhere keeps the verb", "nl", "Kunt u het contract naar mijn werkadres sturen?", record.Customer,
			[]string{"het contract naar mijn werkadres sturen | contract stur werkadres"}},
		{"a cue adds the verb it means", "en", "We're looking for a venue for forty people.", record.Customer,
			[]string{"find a venue for forty people | find for forti peopl venu"}},
		{"dutch: the customer's own clause loses its subject", "nl", "Ik wil een seintje, zodat ik een mail krijg als de trein uitvalt.", record.Customer,
			[]string{"een seintje | een seintj", "een mail krijgen | een krijg mail"}},
		{"dutch: a modal before the infinitive", "nl", "Ik wil dat ik zelf mijn facturen kan downloaden.", record.Customer,
			[]string{"zelf mijn facturen kunnen downloaden | download factur kunnen zelf"}},
		{"dutch: a plural subject keeps its verb", "nl", "Ik wil dat we de planning samen delen.", record.Customer,
			[]string{"de planning samen delen | del planning sam"}},
		{"dutch: someone else's clause at the end stays", "nl", "Ik wil dat ik kan zien wie er komt.", record.Customer,
			[]string{"ik kan zien wie er komt | er ik kan komt wie zien"}},
		{"an inch mark is no quotation", "en", `I want to buy a 27" monitor with a stand.`, record.Customer,
			[]string{`buy a 27" monitor with a stand | buy monitor stand with`}},
		{"a quoted number still ends the phrase", "en", `I want to order the "12" copies.`, record.Customer, nil},
		{"a cut leaves no article hanging", "en", "I want to keep my pull list and have you mail the books to me once a month.", record.Customer,
			[]string{"keep my pull list and have you mail the books to me once | and book have keep list mail me onc pull you"}},
		{"a cut leaves no preposition hanging", "en", "I want to book a minibus to take the team from the hotel in Leeds to the stadium.", record.Customer,
			[]string{"book a minibus to take the team from the hotel in Leeds | book from hotel in leed minibus take team"}},
		{"a cut leaves no subject and modal hanging", "en", "I want to get a radon test done next week and get something in writing we can show a buyer.", record.Customer,
			[]string{"get a radon test done next week and get something in writing | and done get in next radon someth test week write"}},
		{"dutch: a cut leaves no relative hanging", "nl", "Ik wil graag een overzicht van alle facturen van vorig jaar met de bedragen per klant die ik kan doorsturen.", record.Customer,
			[]string{"een overzicht van alle facturen van vorig jaar met de bedragen per klant | all bedrag een factur jar klant overzicht per vorig"}},
		{"dutch: als before a bare word is a role, not a condition", "nl", "Ik wil de facturen voortaan als pdf ontvangen.", record.Customer,
			[]string{"de facturen voortaan als pdf ontvangen | als factur ontvang pdf voortan"}},
		{"dutch: als before a subject still ends the phrase", "nl", "Ik wil de facturen ontvangen als de betaling binnen is.", record.Customer,
			[]string{"de facturen ontvangen | factur ontvang"}},
		{"asking leave to ask is no job", "en", "I want to ask why it takes so long.", record.Customer, nil},
		{"asking for something is", "en", "I want to ask for a refund of the deposit.", record.Customer,
			[]string{"ask for a refund of the deposit | ask deposit for of refund"}},
		{"dutch: a question to put is no job", "nl", "Ik wil een vraag stellen over mijn factuur.", record.Customer, nil},
		{"a date set off by commas is read across and left out", "en", "I want to move my delivery from Friday, March 9, to the Monday after.", record.Customer,
			[]string{"move my delivery from Friday to the Monday after | after deliveri friday from monday move"}},
		{"numbers without a month end the phrase", "en", "I want to book 2 rooms, 3 nights, and breakfast.", record.Customer,
			[]string{"book 2 rooms | book room"}},
		{"an alternative after a comma runs on", "en", "I want to get the carpet refitted as one piece, or a partial refund.", record.Customer,
			[]string{"get the carpet refitted as one piece, or a partial refund | as carpet get one or partial piec refit refund"}},
		{"a question after or ends the job", "en", "I want to swap it for something off the list or do I have to mail it back first?", record.Customer,
			[]string{"swap it for something off the list | for it list off someth swap"}},
		{"a filler of speech is read across", "en", "I want to, um, see the booking online.", record.Customer,
			[]string{"see the booking online | book onlin see"}},
		{"too little content", "en", "I want to go.", record.Customer, nil},
		{"interviewer never", "en", "So you want to export your invoices?", record.Interviewer, nil},
		{"dutch ik wil", "nl", "Ik wil meer uit m'n kledingkast halen.", record.Customer,
			[]string{"meer uit m'n kledingkast halen | hal kledingkast"}},
		{"dutch te dropped", "nl", "Het lukt me niet om mijn facturen te exporteren.", record.Customer,
			[]string{"mijn facturen exporteren | exporter factur"}},
		{"dutch question", "nl", "Hoe kan ik de factuur naar Excel exporteren?", record.Customer,
			[]string{"de factuur naar Excel exporteren | excel exporter factur"}},
		{"dutch particle joins its verb again", "nl", "Het lukt me niet om de afspraak in te plannen.", record.Customer,
			[]string{"de afspraak inplannen | afsprak inplann"}},
		{"dutch om is no particle", "nl", "Hoe kan ik mijn facturen om te zetten?", record.Customer,
			[]string{"mijn facturen om zetten | factur om zet"}},
		{"dutch comparative als stays in the job", "nl", "Ik wil dezelfde korting als mijn buurman.", record.Customer,
			[]string{"dezelfde korting als mijn buurman | als buurman dezelfd korting"}},
		{"dutch zo ... als stays in the job", "nl", "Ik wil mijn geld zo snel als mogelijk terug.", record.Customer,
			[]string{"mijn geld zo snel als mogelijk terugkrijgen | als geld mogelijk snel terugkrijg zo"}},
		{"a sameness word before the cue", "nl", "Ik heb hetzelfde probleem dus ik wil een berichtje op mijn telefoon als de trein uitvalt.", record.Customer,
			[]string{"een berichtje op mijn telefoon | berichtj een telefon"}},
		{"dutch conditional als ends the job", "nl", "Ik wil een berichtje op mijn telefoon als de trein uitvalt.", record.Customer,
			[]string{"een berichtje op mijn telefoon | berichtj een telefon"}},
		{"job after a colon", "nl", "Wat ik wil: mijn rooster exporteren.", record.Customer,
			[]string{"mijn rooster exporteren | exporter rooster"}},
		{"infinitive clause before zodat", "nl", "Elke week de planning naar het team sturen, zodat niemand iets mist.", record.Customer,
			[]string{"Elke week de planning naar het team sturen | planning stur team wek"}},
		{"infinitive before a prepositional phrase", "nl", "En elke maand de omzet vergelijken met vorig jaar, zodat het duidelijk is.", record.Customer,
			[]string{"elke maand de omzet vergelijken met vorig jaar | jar maand omzet vergelijk vorig"}},
		{"a statement before zodat is no job", "nl", "Ik heb de melding uitgezet, zodat het stil is.", record.Customer, nil},
		{"a verb second before zodat is finite", "nl", "De klanten betalen met iDEAL, zodat het geld binnen is.", record.Customer, nil},
		{"a finite verb inside the clause", "nl", "De klanten moeten alles overtypen, zodat het klopt.", record.Customer, nil},
		{"dutch verbal noun before mislukt", "nl", "Het koppelen van mijn bankrekening mislukt steeds.", record.Customer,
			[]string{"koppelen van mijn bankrekening | bankreken koppel"}},
		{"mislukt niet negates the cue", "nl", "Het koppelen van mijn bankrekening mislukt niet.", record.Customer, nil},
		{"a noun before mislukt is no job", "nl", "De betaling aan de leverancier mislukt steeds.", record.Customer, nil},
		{"noun phrase before would be handy", "en", "A weekly summary of open invoices would be really handy.", record.Customer,
			[]string{"A weekly summary of open invoices | invoic of open summari week"}},
		{"a pronoun before would be great", "en", "That would be great.", record.Customer, nil},
		{"a subject makes a statement", "en", "I think a summary would be great.", record.Customer, nil},
		{"gerund before fails", "en", "Syncing my calendar with Outlook fails every morning.", record.Customer,
			[]string{"Syncing my calendar with Outlook | calendar outlook sync with"}},
		{"participle in a noun phrase", "en", "The charging card fails at most stations.", record.Customer, nil},
		{"russian how plus infinitive", "ru", "Как подключить автоплатёж без приложения?", record.Customer,
			[]string{"подключить автоплатёж без приложения | автоплатёж подключ приложен"}},
		{"russian how without infinitive", "ru", "Как дела у вашей поддержки?", record.Customer, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := record.Utterance{Text: tt.text, Role: tt.role, Language: tt.lang}
			a.Analyze(&u, tt.lang)
			l := lex.Lang(tt.lang)
			tag.Tag(&u, l)
			extract.Jobs(&u, l)
			var got []string
			for _, j := range u.Jobs {
				got = append(got, j.Statement+" | "+j.Key)
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("%q\n got %q\nwant %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestMentionsAreTiedToTheNearestJob(t *testing.T) {
	a, lex := lextest.FromFS(t, testLexicon)
	u := record.Utterance{Role: record.Customer, Language: "en",
		Text: "It is annoying. I want to export my invoices to Excel. Also I want to send reminders automatically, annoying."}
	a.Analyze(&u, "en")
	tag.Tag(&u, lex.Lang("en"))
	extract.Jobs(&u, lex.Lang("en"))
	if len(u.Jobs) != 2 || len(u.Mentions) != 2 {
		t.Fatalf("jobs %+v mentions %+v", u.Jobs, u.Mentions)
	}
	// The first mention has no job in its sentence: the nearest job is the first.
	// The second is in the second job's sentence.
	if u.Mentions[0].Job != 0 || u.Mentions[1].Job != 1 {
		t.Errorf("ties: %d %d", u.Mentions[0].Job, u.Mentions[1].Job)
	}
}

// A job from a cue with says: progress is itself a wish: it adds a progress
// mention over the cue, tied to the job, where none counts in its sentence.
func TestCueSaysProgress(t *testing.T) {
	a, lex := lextest.FromFS(t, testLexicon)
	for _, tt := range []struct {
		text, want string // want: the mentions, "entry:text" joined by ", "
	}{
		{"I'd like half of that batch done as summer sausage.", "en.job.would-like-np:I'd like"},
		{"Please, I'd like half of that batch done as summer sausage.", "en.progress.please:Please"},
		{"I want to export my invoices to Excel.", ""},                                                     // want-to says nothing
		{"I'd like the confirmation by mail, look forward to it.", "en.neutral.look-forward:look forward"}, // a neutral entry claimed the sentence
	} {
		u := record.Utterance{Text: tt.text, Role: record.Customer, Language: "en"}
		a.Analyze(&u, "en")
		tag.Tag(&u, lex.Lang("en"))
		extract.Jobs(&u, lex.Lang("en"))
		var got []string
		for _, m := range u.Mentions {
			got = append(got, m.Entry+":"+m.In(u.Text))
			if m.Entry == "en.job.would-like-np" && (m.Force != record.Progress || m.Job != 0) {
				t.Errorf("%q: mention %+v is not progress tied to the job", tt.text, m)
			}
		}
		if g := strings.Join(got, ", "); g != tt.want {
			t.Errorf("%q: mentions %q, want %q", tt.text, g, tt.want)
		}
	}
}

// The wish that answers a survey question is a job when no cue found one in
// its sentence; an English answer that names a thing is a thing to get. So
// is the condition of a wish told contrary to fact (tag.IfOnly).
func TestAskedJob(t *testing.T) {
	a, lex := lextest.Builtin(t)
	for _, tt := range []struct {
		lang, text, want string // want: the jobs' statements, joined by " | "
	}{
		{"en", "Post-walk survey: Anything we could have done better?\nA text when the bags are dropped. We phoned every B&B.", "get a text when the bags are dropped"},
		{"nl", "Enquête: Welke dienst mist u nog?\nOphalen en terugbrengen.", "Ophalen en terugbrengen"},
		{"ru", "Анкета: Что бы вы предложили заготпункту?\nПринимать по выходным.", "Принимать по выходным"},
		{"en", "Exit survey: How did you hear about us?\nA friend at the club.", ""}, // no wish asked
		{"en", "A text when the bags are dropped.", ""}, // no question
		{"en", "If new starter details flowed straight into payroll, that alone would sell it.", "new starter details flowed straight into payroll"},
		{"en", "So if they could, um, just come out and swap it, I'd give them five stars.", "come out and swap it"},
		{"en", "But if I sell now, with him injured, I'd get nothing for it.", ""}, // a consequence weighed
	} {
		u := record.Utterance{Role: record.Customer, Language: tt.lang}
		u.Text, u.Asked = text.NormalizeAsked(tt.text)
		a.Analyze(&u, tt.lang)
		tag.Tag(&u, lex.Lang(tt.lang))
		extract.Jobs(&u, lex.Lang(tt.lang))
		var got []string
		for _, j := range u.Jobs {
			got = append(got, j.Statement)
		}
		if g := strings.Join(got, " | "); g != tt.want {
			t.Errorf("%q: jobs %q, want %q", tt.text, g, tt.want)
		}
	}
}
