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

// A small lexicon written for these tests, so they do not move when the
// built-in lexicons are tuned.
var testLexicon = fstest.MapFS{
	"nl/struggle.yaml": {Data: []byte(`lang: nl
force: struggle
entries:
  - id: frustrerend
    pattern: frustrerend
  - id: werkt-niet
    pattern: werkt niet
  - id: kost-tijd
    pattern: kost ... tijd
  - id: irritant
    pattern: irrit*
`)},
	"nl/habit.yaml": {Data: []byte(`lang: nl
force: habit
entries:
  - id: gewend
    pattern: gewend
`)},
	"nl/negators.txt":     {Data: []byte("niet\ngeen\nnooit\nhelemaal niet\n")},
	"nl/intensifiers.txt": {Data: []byte("heel 1.5\nerg 1.5\neen beetje 0.6\n")},
	"en/struggle.yaml": {Data: []byte(`lang: en
force: struggle
entries:
  - id: frustrating
    pattern: frustrating
  - id: hassle
    pattern: hassle
  - id: cant-figure-out
    pattern: can't figure out
`)},
	"en/habit.yaml": {Data: []byte(`lang: en
force: habit
entries:
  - id: more-hassle
    pattern: more hassle than it 's worth
`)},
	"en/negators.txt":     {Data: []byte("not\nn't\nno\nnever\nnothing\n")},
	"en/intensifiers.txt": {Data: []byte("really 1.3\nso 1.3\na bit 0.6\n")},
}

// Cases mark expected mentions inline: [span] for a mention, [!span] for a
// negated one, [span*1.5] for one with that intensity.
func TestTag(t *testing.T) {
	a, lex := lextest.FromFS(t, testLexicon)
	tests := []struct {
		name, lang, text string
		role             record.Role
	}{
		{"plain", "nl", "Dat is echt [frustrerend].", record.Customer},
		{"dutch negation before", "nl", "Dat vind ik niet [!frustrerend].", record.Customer},
		{"dutch negation after, late niet", "nl", "Nou, [!frustrerend] vond ik het niet.", record.Customer},
		{"negator inside the pattern", "nl", "De export [werkt niet] meer.", record.Customer},
		{"double negation", "nl", "Het is niet zo dat het [werkt niet].", record.Customer},
		{"gap", "nl", "Het [kost me elke week tijd] om alles over te typen.", record.Customer},
		{"gap does not cross a comma", "nl", "Het kost geld, tijd heb ik wel.", record.Customer},
		{"prefix", "nl", "Heel [irritant*1.5] allemaal.", record.Customer},
		{"downtoner", "nl", "Dat was een beetje [frustrerend*0.6].", record.Customer},
		{"contrast ends the negation scope", "nl", "Niet alles, maar dit is [frustrerend].", record.Customer},
		{"interviewer is not evidence", "nl", "Was dat frustrerend?", record.Interviewer},
		{"agent is not evidence", "en", "I understand this is frustrating.", record.Agent},
		{"unknown role counts", "en", "This is so [frustrating*1.3].", record.Unknown},
		{"english negation", "en", "It was not [!frustrating] at all.", record.Customer},
		{"contraction negation", "en", "It isn't [!frustrating].", record.Customer},
		{"english after-negation is not dutch", "en", "[frustrating] it was not, says nobody.", record.Customer},
		{"longest match wins", "en", "Sorting it out is [more hassle than it's worth].", record.Customer},
		{"contraction in pattern", "en", "I [can't figure out] the export.", record.Customer},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plain, want := parseMarks(tt.text)
			u := record.Utterance{Text: plain, Role: tt.role, Language: tt.lang}
			a.Analyze(&u, tt.lang)
			tag.Tag(&u, lex.Lang(tt.lang))
			var got []string
			for _, m := range u.Mentions {
				got = append(got, render(u.Text, m))
			}
			if strings.Join(got, "; ") != strings.Join(want, "; ") {
				t.Errorf("%q\n got %q\nwant %q", plain, got, want)
			}
		})
	}
}

// tagged is text, spoken in role, analysed and tagged as lang.
func tagged(a *text.Analyzer, lex *lexicon.Compiled, lang, txt string, role record.Role) record.Utterance {
	u := record.Utterance{Text: txt, Role: role, Language: lang}
	a.Analyze(&u, lang)
	tag.Tag(&u, lex.Lang(lang))
	return u
}

// mentionOf is u's last mention whose entry ends in entry.
func mentionOf(u record.Utterance, entry string) (record.Mention, bool) {
	for i := len(u.Mentions) - 1; i >= 0; i-- {
		if strings.HasSuffix(u.Mentions[i].Entry, entry) {
			return u.Mentions[i], true
		}
	}
	return record.Mention{}, false
}

// parseMarks strips [..] marks and returns the expected mentions rendered
// like render does.
func parseMarks(s string) (string, []string) {
	var plain strings.Builder
	var want []string
	for {
		i := strings.IndexByte(s, '[')
		if i < 0 {
			plain.WriteString(s)
			return plain.String(), want
		}
		j := strings.IndexByte(s[i:], ']') + i
		plain.WriteString(s[:i])
		mark := s[i+1 : j]
		neg := strings.HasPrefix(mark, "!")
		mark = strings.TrimPrefix(mark, "!")
		intensity := "1"
		if k := strings.IndexByte(mark, '*'); k >= 0 {
			mark, intensity = mark[:k], mark[k+1:]
		}
		plain.WriteString(mark)
		want = append(want, fmt.Sprintf("%s neg=%v x%s", mark, neg, intensity))
		s = s[j+1:]
	}
}

func render(text string, m record.Mention) string {
	return fmt.Sprintf("%s neg=%v x%g", m.In(text), m.Negated, m.Intensity)
}

func TestContext(t *testing.T) {
	fsys := fstest.MapFS{
		"en/struggle.yaml": {Data: []byte("lang: en\nforce: struggle\nentries:\n  - id: expensive\n    pattern: expensive\n  - id: chasing\n    pattern: chasing\n  - id: glitch\n    pattern: glitch\n  - id: complaint\n    pattern: complaint\n")},
		"en/anxiety.yaml":  {Data: []byte("lang: en\nforce: anxiety\nentries:\n  - id: scared\n    pattern: scared\n")},
		"en/progress.yaml": {Data: []byte("lang: en\nforce: progress\nentries:\n  - id: so-i-can\n    pattern: so i can\n  - id: want-to\n    pattern: want to\n  - id: online\n    pattern: online\n  - id: cheaper\n    pattern: cheaper\n")},
		"en/neutral.yaml":  {Data: []byte("lang: en\nforce: neutral\nentries:\n  - id: want-to-know\n    pattern: want to know\n")},
		"en/habit.yaml":    {Data: []byte("lang: en\nforce: habit\nentries:\n  - id: stay-with\n    pattern: stay with\n    sub_force: habit/routine\n  - id: not-for-me\n    pattern: is not for me\n    sub_force: habit/good-enough\n")},
	}
	a, lex := lextest.FromFS(t, fsys)
	tests := []struct{ name, text, want string }{
		{"fear", "I'm scared it gets expensive.", "scared:, expensive:fear"},
		{"feared wish", "I'm scared to book online.", "scared:, online:fear"},
		{"doubted wish over a complement comma", "I'm scared, that I want to leave.", "scared:, want to:fear"},
		{"contrast ends the fear", "I'm scared, but I want to switch.", "scared:, want to:"},
		{"a new clause ends the fear", "I'm scared, I want to book online.", "scared:, want to:, online:"},
		{"conceded", "I stay with my bank, even though online is easier.", "stay with:, online:declined"},
		{"conceded before the habit", "Although online is easier, I stay with my bank.", "online:declined, stay with:"},
		{"concession without habit stands", "Even though it is old, online is easier.", "online:"},
		{"refused in its clause", "That online thing is not for me.", "online:declined, is not for me:"},
		{"an advantage stated, then set aside", "Sure, the new model is cheaper, but I am scared it breaks.", "cheaper:declined, scared:"},
		{"an advantage wished for", "It has to be cheaper, but I don't know how.", "cheaper:"},
		{"refusal in another clause", "I want to go online, the old way is not for me.", "want to:, online:, is not for me:"},
		{"a dash ends the fear", "I'm scared it breaks — last time it was expensive.", "scared:, expensive:"},
		{"struggle before fear stands", "It's expensive and I'm scared.", "expensive:, scared:"},
		{"desire with release", "I want to automate it so I can stop chasing people.", "want to:, so I can:, chasing:desire"},
		{"desire without release", "I want to make a complaint.", "want to:, complaint:"},
		{"hypothetical", "If there's a glitch, do I lose my money?", "glitch:hypothetical"},
		{"plain conditional statement", "If there's a glitch it just fails.", "glitch:"},
		{"neutral wins and does not count", "I want to know the price.", "want to know:neutral"},
		{"irrealis would", "That would be expensive.", "expensive:hypothetical"},
		{"irrealis ends at the clause", "It would help, but it is expensive.", "expensive:"},
		{"even if concedes a cost that may never come", "I'll stay, even if it is expensive.", "expensive:hypothetical"},
		{"even though concedes a real one", "I'll stay, even though it is expensive.", "expensive:"},
		{"consequence question", "If I cancel now, do I lose my deposit?", "If I:"},
		{"how question is no fear", "If I cancel now, how do I get my deposit back?", ""},
		{"if-question is only a question", "If I cancel now, I lose my deposit.", ""},
		{"capability question", "Could you send me a new card?", "Could you:"},
		{"capability question after a greeting", "Hello, could you send me a new card?", "Hello, could you:"},
		{"asking leave to ask", "Can I ask you something?", ""},
		{"asking someone else to ask", "Could you ask the driver to ring the bell?", "Could you:"},
		{"asking a question of someone", "Can you answer a quick question?", ""},
		{"capability question after a clause", "We are away in May, could you pause it?", "could you:"},
		{"capability question after a colon", "Quick question: could you pause it in May?", "could you:"},
		{"capability question after 'or'", "Is there a waiting list, or can someone call me back?", "can someone:"},
		{"after a condition it weighs a consequence", "If it breaks, could you fix it?", ""},
		{"asking for someone", "Can someone call me back today?", "Can someone:"},
		{"capability statement", "I can send it tomorrow.", ""},
	}
	for _, tt := range tests {
		u := record.Utterance{Text: tt.text, Role: record.Customer, Language: "en"}
		a.Analyze(&u, "en")
		tag.Tag(&u, lex.Lang("en"))
		var got []string
		for _, m := range u.Mentions {
			got = append(got, m.In(u.Text)+":"+m.Context)
		}
		if strings.Join(got, ", ") != tt.want {
			t.Errorf("%s: %q gave %q, want %q", tt.name, tt.text, strings.Join(got, ", "), tt.want)
		}
	}
}

func TestDutchZonderNegatesWhatFollows(t *testing.T) {
	a, lex := lextest.FromFS(t, testLexicon)
	for _, tt := range []struct {
		text string
		neg  bool
	}{
		{"Ik ben het gewend zonder app.", false},
		{"Ik ben het gewend, niet.", false},
		{"Ik ben het nooit gewend.", true},
		{"Gewend ben ik het niet.", true},
	} {
		u := record.Utterance{Text: tt.text, Role: record.Customer, Language: "nl"}
		a.Analyze(&u, "nl")
		tag.Tag(&u, lex.Lang("nl"))
		if len(u.Mentions) != 1 || u.Mentions[0].Negated != tt.neg {
			t.Errorf("%q: mentions %+v, want one with negated=%v", tt.text, u.Mentions, tt.neg)
		}
	}
}

// A prepositional negator (zonder, without, без) negates its own object, and
// Russian denies existence after the noun ("проблем не было").
func TestNegationScope(t *testing.T) {
	fsys := fstest.MapFS{
		"nl/struggle.yaml": {Data: []byte("lang: nl\nforce: struggle\nentries:\n  - id: geblokkeerd\n    pattern: =geblokkeerd\n  - id: gedoe\n    pattern: gedoe\n")},
		"nl/negators.txt":  {Data: []byte("niet\nzonder\n")},
		"ru/struggle.yaml": {Data: []byte("lang: ru\nforce: struggle\nentries:\n  - id: problema\n    pattern: =проблем|=проблемы\n  - id: ni-slova\n    pattern: =ни =слова\n")},
		"ru/negators.txt":  {Data: []byte("не\nнет\n")},
	}
	a, lex := lextest.FromFS(t, fsys)
	for _, tt := range []struct {
		lang, text string
		neg        bool
	}{
		{"nl", "Mijn pas is zonder reden geblokkeerd.", false},
		{"nl", "Ik wil betalen zonder al dat gedoe.", true},
		{"nl", "Ik wil betalen zonder gedoe.", true},
		{"nl", "Het pasje is geblokkeerd en werkt niet.", false},
		{"nl", "Het pasje is geblokkeerd niet.", true},
		{"ru", "Проблем с оплатой не было.", true},
		{"ru", "Проблем с оплатой нет.", true},
		{"ru", "Проблемы с оплатой не решаются.", false},
		// negative concord: не agrees with ни, it does not cancel it
		{"ru", "В договоре не было ни слова.", false},
		{"ru", "В договоре ни слова.", false},
	} {
		u := record.Utterance{Text: tt.text, Role: record.Customer, Language: tt.lang}
		a.Analyze(&u, tt.lang)
		tag.Tag(&u, lex.Lang(tt.lang))
		if len(u.Mentions) != 1 || u.Mentions[0].Negated != tt.neg {
			t.Errorf("%q: mentions %+v, want one with negated=%v", tt.text, u.Mentions, tt.neg)
		}
	}
}

// "Wilt u ...?" asks for something to be done only with a verb to do; with
// a noun alone it offers, and offers are no progress.
func TestDutchRequestOrOffer(t *testing.T) {
	a, lex := lextest.Builtin(t)
	for _, tt := range []struct {
		text string
		want bool
	}{
		{"Wilt u de factuur opnieuw sturen?", true},
		{"Willen jullie mij terugbellen over de ketel?", true},
		{"Wilt u nog een kopje koffie?", false},
		{"Willen jullie de papieren?", true}, // an -en noun passes: the test is on word shape
		{"Kan m'n broer het pakket ophalen?", true},
		{"Hebben jullie een cursus, en kunnen we daar schaatsen huren?", true},
		{"Als jullie gaan spuiten, kan dat geen kwaad?", false},
		{"Wanneer kan er iemand langskomen om ze weg te halen?", true},
		{"Wanneer jullie komen, kan ik dan thuis zijn?", false},
		{"Wanneer kan ik het pakket verwachten?", false},
		{"Hoe snel kan er iemand komen?", true},
		{"Hoe snel kan ik het pakket verwachten?", false},
		{"8 uur gaat nie. kan t zaterdag na 2en?", true},
		{"Kan het zijn dat de monteur de verkeerde onderdelen had?", false},
		{"Kan het kwaad als ik hem even uitzet?", false},
		{"Kan het nu alleen nog via de webshop?", false},
	} {
		u := record.Utterance{Text: tt.text, Role: record.Customer, Language: "nl"}
		a.Analyze(&u, "nl")
		tag.Tag(&u, lex.Lang("nl"))
		got := false
		for _, m := range u.Mentions {
			got = got || strings.HasSuffix(m.Entry, tag.CanQuestionEntry)
		}
		if got != tt.want {
			t.Errorf("%q: request %v, want %v (mentions %+v)", tt.text, got, tt.want, u.Mentions)
		}
	}
}

// Sentence rules that add a mention from a sentence's shape: a chat request
// that opens with the need, its subject dropped, is progress ("need" inside
// a sentence has a subject of its own), and so is a Russian чтобы-clause
// standing alone; doubled question marks or "?!" after words are
// indignation (struggle).
func TestShapeRules(t *testing.T) {
	a, lex := lextest.Builtin(t)
	for _, tt := range []struct {
		lang, text, entry string
		want              string // the rule's mention text, "" for none
	}{
		{"en", "alright mate, need a 33 seater for the lads sat 7th", tag.BareNeedEntry, "need"},
		{"en", "Hi, need help with the invoice please", tag.BareNeedEntry, "need"},
		{"en", "They need a new one, honestly.", tag.BareNeedEntry, ""},
		{"en", "Need to know when it arrives.", tag.BareNeedEntry, ""}, // the need-to entries speak for it
		{"ru", "Нужна входная дверь в квартиру, проём нестандартный.", tag.BareNeedEntry, "Нужна"},
		{"ru", "Здравствуйте, нужен перевод диплома с приложением.", tag.BareNeedEntry, "нужен"},
		{"ru", "Боюсь, что фото нужны на выпускной к 10.", tag.BareNeedEntry, ""},
		{"en", "hey so my april box came with the same book as march?? like the exact same one.", tag.IndignantEntry, "??"},
		{"nl", "Bij de balie neemt niemand op. Hallo??", tag.IndignantEntry, "??"},
		{"ru", "алё?? уже час жду ответа", tag.IndignantEntry, "??"},
		{"en", "Is the delivery on Monday?", tag.IndignantEntry, ""},
		{"en", "??", tag.IndignantEntry, ""},
		{"en", "Text us the morning of the visit with a time window.", tag.ImperativeEntry, "Text"},
		{"en", "Hi, transfer my share to my son.", tag.ImperativeEntry, "transfer"},
		{"en", "Change is hard for us.", tag.ImperativeEntry, ""},    // a noun, no object after it
		{"en", "We cancel my plan in May.", tag.ImperativeEntry, ""}, // not opening the sentence
		{"nl", "Stuur ons de plattegrond met de posten.", tag.ImperativeEntry, "Stuur"},
		{"nl", "Stuur voortaan een plattegrondje mee.", tag.ImperativeEntry, "Stuur"}, // one adverb before the object
		{"nl", "Ok, zet me er dan maar voor op.", tag.ImperativeEntry, ""},            // consent to an offer
		{"nl", "Bel me op 06-12345678 of mail me.", tag.ImperativeEntry, ""},          // contact details
		{"en", "Our neighbour at number 14 was charged twice for the same permit.", tag.HearsayEntry, "Our neighbour"},
		{"en", "My brother-in-law has a great setup, and every time I come home our room feels awful.", tag.HearsayEntry, ""}, // the customer's own struggle
		{"ru", "У соседки через месяц всё сломалось.", tag.HearsayEntry, "У соседки"},
		{"nl", "Mijn buurman is zijn rijbewijs kwijtgeraakt na zo'n keuring.", tag.HearsayEntry, "Mijn buurman"},
		{"ru", "Чтобы диспетчер перезванивал за полчаса до приезда.", tag.WishClauseEntry, "Чтобы"},
		{"ru", "Опрос: Что улучшить? Чтоб договор мне объяснили по-человечески.", tag.WishClauseEntry, "Чтоб"},
		{"ru", "Чтобы оформить пенсию, нужно собрать справки.", tag.WishClauseEntry, ""}, // a fronted purpose
		{"ru", "Хочу, чтобы курьер позвонил заранее.", tag.WishClauseEntry, ""},          // the lexicon's wish
		{"nl", "Wat kunnen we verbeteren? Dat ik zelf kan zien wanneer mijn pas verloopt.", tag.WishClauseEntry, "Dat"},
		{"nl", "Dat is precies wat ik bedoel.", tag.WishClauseEntry, ""},                // a demonstrative
		{"nl", "Dat je nu niks terugkrijgt als je ziek bent.", tag.WishClauseEntry, ""}, // the problem told
		{"nl", "Dat de prijzen in de app hetzelfde zijn als in de winkel.", tag.WishClauseEntry, "Dat"},
		{"nl", "Dat ze gewoon thuis komen, want ik durf daar niet heen.", tag.WishClauseEntry, "Dat"}, // a later clause's negation
		{"nl", "Dat ze daar eenzaam is en het ons niet vertelt.", tag.WishClauseEntry, ""},
	} {
		u := tagged(a, lex, tt.lang, tt.text, record.Customer)
		got := ""
		if m, ok := mentionOf(u, tt.entry); ok {
			got = m.In(u.Text)
		}
		if got != tt.want {
			t.Errorf("%q: %s mention %q, want %q (mentions %+v)", tt.text, tt.entry, got, tt.want, u.Mentions)
		}
	}
}

// An interviewee who echoes a force word as a question and denies it
// ("Stressful? Not really.") states no force.
func TestEchoDenied(t *testing.T) {
	a, lex := lextest.Builtin(t)
	for _, tt := range []struct {
		lang, text string
		negated    bool
	}{
		{"en", "Stressful? Not really, no. The lads turned up on time.", true},
		{"en", "Frustrating? Yes, very much so.", false},
		{"en", "Stressful? No idea, I wasn't there.", false},
		{"nl", "Eng? Nee, niet echt.", true},
		{"nl", "Frustrerend? Niet echt, het viel mee.", true},
		{"ru", "Страшно — да нет, не сказать.", true},
		{"ru", "Страшно? Не хочу остаться без денег.", false},
		{"ru", "Тревожно? Да не, не сказала бы, я просто деньги считаю.", true},
		{"en", "Stress, nah. I run a kitchen, I know what that is.", true},
		{"nl", "Ingewikkeld, nee, ik app de hele dag met de loonwerker.", true},
		{"en", "Annoying, no? Every single morning.", false},
		{"en", "Frustrating, no wonder people leave.", false},
		{"en", "Frustrating, and no, nobody called back.", false},
	} {
		u := record.Utterance{Text: tt.text, Role: record.Customer, Language: tt.lang}
		a.Analyze(&u, tt.lang)
		tag.Tag(&u, lex.Lang(tt.lang))
		if len(u.Mentions) == 0 {
			t.Errorf("%q: no mention", tt.text)
			continue
		}
		if m := u.Mentions[0]; m.Negated != tt.negated {
			t.Errorf("%q: %q negated %v, want %v", tt.text, m.In(u.Text), m.Negated, tt.negated)
		}
	}
}

// A price the customer quotes going up is struggle, told without a
// complaint word; a fall, a range and other numbers are not.
func TestPriceRise(t *testing.T) {
	a, lex := lextest.Builtin(t)
	for _, tt := range []struct {
		lang, text, want string // want: the mention's text, "" for none
	}{
		{"en", "It went from $14.99 to $19.99 after the first year.", "from $14.99 to $19.99"},
		{"en", "The monthly fee jumped from £8 to £12.", "from £8 to £12"},
		{"en", "The bill went up from 1,200.50 USD to 1,350 USD.", "from 1,200.50 USD to 1,350 USD"},
		{"en", "Our rent went from 900 to 1100 this spring.", "from 900 to 1100"}, // no currency, a price word
		{"en", "It went down from $20 to $15.", ""},
		{"en", "Do you have sofas from $500 to $800?", ""},
		{"en", "Our team went from 10 to 20 people.", ""},
		{"nl", "Het abonnement ging van €12,50 naar €15 per maand.", "van €12,50 naar €15"},
		{"nl", "De premie is nu van 1.200 naar 1.450 gegaan.", "van 1.200 naar 1.450"},
		{"nl", "Ik werk nu van 8 naar 10 uur.", ""},
		{"ru", "Абонемент подняли с 3000 до 4500 рублей.", "с 3000 до 4500 рублей"},
		{"ru", "Тариф теперь вырос с 1 500 до 2 000.", "с 1 500 до 2 000"},
		{"ru", "Работаем с 9 до 18.", ""},
		// a price then and a higher price now
		{"en", "The blazer was £38 when my eldest started. It's £56 now.", "£56"},
		{"en", "Last year we paid $140 and this year the bill is $312.", "$312"},
		{"en", "It was £56 last year and it's £38 now.", ""},
		{"en", "It was £38 in the shop. The trousers are £56.", ""}, // no word of the present
		{"nl", "Vorig jaar betaalden we €248, nu is het €310.", "€310"},
		{"ru", "Раньше платили 500 рублей, теперь 800 рублей.", "800 рублей"},
		{"en", "We've been customers since 2015 and now pay $40.", ""},
		// a price against the lower one it replaces
		{"ru", "Тариф закрываете и переводите всех на «Бизнес» за 6 200 в год вместо 3 000.", "6 200 в год вместо 3 000"},
		{"ru", "Приходите в 10 вместо 9.", ""},
		{"en", "They charged me $56 instead of $38.", "$56 instead of $38"},
		{"nl", "Ik betaal nu €15 in plaats van €12.", "€15 in plaats van €12"},
		{"en", "Can I pay $30 instead of $40 if I pay yearly?", ""},
	} {
		u := record.Utterance{Text: tt.text, Role: record.Customer, Language: tt.lang}
		a.Analyze(&u, tt.lang)
		tag.Tag(&u, lex.Lang(tt.lang))
		got := ""
		for _, m := range u.Mentions {
			if strings.HasSuffix(m.Entry, tag.PriceRiseEntry) {
				got = m.In(u.Text)
				if m.Force != record.Struggle || m.SubForce != "struggle/cost" {
					t.Errorf("%q: %+v", tt.text, m)
				}
			}
		}
		if got != tt.want {
			t.Errorf("%q: price rise %q, want %q", tt.text, got, tt.want)
		}
	}
}

// A denied wish is the fear its entry names (lexicon key negated:), unless
// its sentence states a force of its own, which the negator belongs to.
func TestDeniedWish(t *testing.T) {
	a, lex := lextest.Builtin(t)
	for _, tt := range []struct {
		text string
		want record.Force // the force of the wish's mention
		neg  bool
	}{
		{"Ik wil niet halverwege de plas stil komen te liggen.", record.Anxiety, false},
		{"Dat wil ik niet meemaken met een lege accu.", record.Anxiety, false},
		{"Ik wil mijn facturen in één keer downloaden.", record.Progress, false},
		{"Ik wil niet overstappen, het werkt prima.", record.Progress, true},
	} {
		u := record.Utterance{Text: tt.text, Role: record.Customer, Language: "nl"}
		a.Analyze(&u, "nl")
		tag.Tag(&u, lex.Lang("nl"))
		found := false
		for _, m := range u.Mentions {
			if m.Entry != "nl.progress.ik-wil" && m.Entry != "nl.progress.wil-ik" {
				continue
			}
			found = true
			if m.Force != tt.want || m.Negated != tt.neg {
				t.Errorf("%q: %s negated %v, want %s negated %v", tt.text, m.Force, m.Negated, tt.want, tt.neg)
			}
		}
		if !found {
			t.Errorf("%q: no wish mention in %+v", tt.text, u.Mentions)
		}
	}
}

// Chat leaves a full stop inside a sentence ("... до 14. а можно к 9?"):
// a capability question may open after it as after a comma.
func TestCanQuestionAfterChatStop(t *testing.T) {
	a, lex := lextest.Builtin(t)
	for _, tt := range []struct {
		lang, text string
		want       bool
	}{
		{"ru", "курьер написал что будет с 10 до 14. а можно к 9? праздник в 11", true},
		{"ru", "курьер написал что будет с 10 до 14. праздник в 11", false},
	} {
		u := tagged(a, lex, tt.lang, tt.text, record.Customer)
		if _, got := mentionOf(u, tag.CanQuestionEntry); got != tt.want {
			t.Errorf("%q: request %v, want %v", tt.text, got, tt.want)
		}
	}
}
