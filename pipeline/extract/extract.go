// Package extract finds the jobs customers say they are trying to get done.
// A job cue from the lexicon ("I want to", "hoe kan ik", "het lukt me niet
// om") opens a job phrase that runs to the end of its clause; a cue marked
// `before:` closes one instead ("X houden, zodat ...", "X would be handy").
// The phrase becomes a readable statement and a canonical key (its
// content-word stems, sorted), and the utterance's force mentions are tied
// to the nearest job.
// Like tagging, it is a pure function of (utterance, lexicon).
package extract

import (
	"sort"
	"strings"

	"jobminer/lexicon"
	"jobminer/pipeline/record"
	"jobminer/pipeline/tag"
)

const (
	maxPhrase   = 14 // tokens; longer clauses are cut, the gist comes first
	minContent  = 2  // content words a phrase needs to be a job ("cancel" alone is not)
	maxLeadSkip = 3  // fillers dropped at the start of a phrase
)

// Jobs appends u's jobs and ties u's mentions to them. Run it after tagging.
func Jobs(u *record.Utterance, l *lexicon.Lang) {
	var kbuf [128]lexicon.Key
	var keys []lexicon.Key
	if tag.Taggable(u, l) {
		keys = l.Keys(kbuf[:0], u.Tokens)
	}
	JobsKeyed(u, l, keys)
}

// JobsKeyed is Jobs with the keys of u.Tokens in l (see tag.TagKeyed).
func JobsKeyed(u *record.Utterance, l *lexicon.Lang, keys []lexicon.Key) {
	u.Jobs = u.Jobs[:0]
	if !tag.Taggable(u, l) {
		return
	}
	toks := u.Tokens
	cues, before := splitBefore(l.Jobs.FindKeyed(nil, toks, keys), l)
	// The two kinds overlap freely: in "X houden, zodat ik Y" ", zodat"
	// closes one job and "zodat ik" opens the next.
	cues, before = nextHolds(longestCues(cues), toks, l), longestCues(before)
	var negs []lexicon.Match
	if len(cues)+len(before) > 0 {
		negs = tag.NegatorsKeyed(toks, l, keys)
	}
	said := false // a says: progress cue added a mention
	for i, c := range cues {
		// "I don't want to get stuck in a contract" states no job.
		if cueNegated(toks, c, negs, l.CueHasNegator[c.Pattern], l.Code == "nl") {
			continue
		}
		start := skipAside(toks, c.End)
		if start+1 < len(toks) && toks[start].Norm == ":" && toks[start+1].Sentence == toks[start].Sentence {
			start++ // "Wat ik graag zou willen: een ruildag aanvragen"
		}
		end := phraseEnd(toks, start)
		if i+1 < len(cues) && cues[i+1].Start < end {
			end = cues[i+1].Start // the next cue starts a new phrase
		}
		finite := l.Cues[c.Pattern].Verb == "finite" && c.End-c.Start >= 2 && c.End < len(toks) && !subordinates(toks, c.End)
		leading := l.Cues[c.Pattern].Verb == "leading"
		need := minContent
		if finite && !lightVerbs[toks[c.End-2].Norm] || leading {
			need--
		}
		if l.Code == "nl" && unwanted(toks, c, start, end) {
			continue
		}
		j, ok := phraseMin(u.Text, toks, start, end, l, need)
		if !ok && (qualifies(toks, end) || asksAfterComma(toks, start, end)) && (i+1 == len(cues) || cues[i+1].Start > end) {
			// A bare verb before a condition ("hoe kan ik inloggen als ik
			// m'n telefoon niet heb?") is qualified by it: keep both.
			if e := phraseEnd(toks, end+1); i+1 == len(cues) || cues[i+1].Start >= e {
				j, ok = phrase(u.Text, toks, start, e, l)
			}
		}
		if ok && finite {
			j = withVerb(u.Text, toks, j, toks[c.End-2], l)
		}
		if ok && leading {
			j = leadingVerb(u.Text, j, toks[c.Start], l)
		}
		if ok && l.Cues[c.Pattern].Next == "passive" {
			j = activeJob(u.Text, toks, j, l)
		}
		if add := l.CueAdds[c.Pattern]; ok && add.Norm != "" {
			j = withAdded(j, add, l)
		}
		if add := l.CueCausative[c.Pattern]; ok && add.Norm != "" && objectParticiple(toks, j) {
			j = withAdded(j, add, l)
		}
		if ok && l.Code == "nl" && !finite {
			j = ownClause(u.Text, toks, j, toks[c.Start:c.End], l)
		}
		if ok && addressed(toks[c.Start:c.End]) {
			switch l.Code {
			case "en":
				j = gotten(u.Text, toks, j, l)
			case "nl":
				j = gekregen(u.Text, toks, j, l)
			}
		}
		if ok {
			j.Cue = l.Cues[c.Pattern].ID
			j.Sentence = toks[c.Start].Sentence
			u.Jobs = append(u.Jobs, j)
			if l.Cues[c.Pattern].Says == "progress" {
				said = saysProgress(u, toks, c, l) || said
			}
		}
	}
	if said {
		sort.SliceStable(u.Mentions, func(a, b int) bool { return u.Mentions[a].Start < u.Mentions[b].Start })
	}
	n := len(u.Jobs)
	for _, c := range before {
		// A negator after a cue that opens a clause of its own (", zodat
		// niemand ...") negates that clause; after "mislukt niet" the cue.
		opens := toks[c.Start].Norm == ","
		if cueNegated(toks, c, negs, l.CueHasNegator[c.Pattern], l.Code == "nl" && !opens) {
			continue
		}
		start, end, ok := clauseBefore(toks, c.Start, l.Cues[c.Pattern].Before, l)
		if !ok || opened(cues, start, end) {
			continue
		}
		if j, ok := phrase(u.Text, toks, start, end, l); ok {
			j.Cue = l.Cues[c.Pattern].ID
			j.Sentence = toks[c.Start].Sentence
			u.Jobs = append(u.Jobs, j)
		}
	}
	if u.Asked != "" {
		if j, ok := askedJob(u, toks, l); ok {
			u.Jobs = append(u.Jobs, j)
		}
	}
	u.Jobs = ifOnlyJobs(u, toks, l)
	if len(u.Jobs) > n {
		sort.SliceStable(u.Jobs, func(a, b int) bool { return u.Jobs[a].Span.Start < u.Jobs[b].Span.Start })
	}
	tie(u)
}

// askedJob: the wish that answers a survey question (tag.AskedWishEntry) is
// a job when no cue found one in its sentence ("Welke dienst mist u nog? —
// Ophalen en terugbrengen."). An English answer that names a thing is a
// thing to get ("A text when the bags are dropped": "get a text when the
// bags are dropped").
func askedJob(u *record.Utterance, toks []record.Token, l *lexicon.Lang) (record.Job, bool) {
	entry := l.Code + "." + tag.AskedWishEntry
	for i := range u.Mentions {
		m := &u.Mentions[i]
		if m.Entry != entry {
			continue
		}
		for _, j := range u.Jobs {
			if j.Sentence == m.Sentence {
				return record.Job{}, false
			}
		}
		// The whole answer is the wish, its clauses too ("when the bags
		// are dropped").
		start, end := record.TokenAt(toks, m.Start), record.TokenAt(toks, m.End)
		j, ok := phrase(u.Text, toks, start, end, l)
		if !ok {
			return record.Job{}, false
		}
		if l.Code == "en" && thingToGet[toks[start].Norm] && strings.HasPrefix(j.Statement, u.Text[toks[start].Start:toks[start].End]) {
			j.Statement = toks[start].Norm + j.Statement[toks[start].End-toks[start].Start:]
			j = withAdded(j, record.Token{Norm: "get", Stem: "get", Word: true}, l)
		}
		j.Cue, j.Sentence = l.Code+".job.asked-wish", m.Sentence
		return j, true
	}
	return record.Job{}, false
}

// ifOnlyJobs appends to u.Jobs the condition of each wish told contrary to
// fact (tag.IfOnly) in a sentence with a progress mention that counts and
// no job from a cue: "If new starter details flowed straight into payroll
// without anyone retyping them, that alone would sell it" wishes the
// details to flow into payroll.
func ifOnlyJobs(u *record.Utterance, toks []record.Token, l *lexicon.Lang) []record.Job {
	n := len(u.Jobs)
	last := -1
next:
	for i := range u.Mentions {
		m := &u.Mentions[i]
		if m.Force != record.Progress || !m.Counts() || m.Sentence == last {
			continue
		}
		last = m.Sentence
		for _, j := range u.Jobs[:n] {
			if j.Sentence == m.Sentence {
				continue next
			}
		}
		k := record.TokenAt(toks, m.Start)
		s0 := sentenceStart(toks, k)
		cs, ce, ok := tag.IfOnly(sentenceOf(toks, k), l.Code)
		if !ok {
			continue
		}
		if l.Code == "nl" && cs+1 < ce && dutchSubjects[toks[s0+cs].Norm] {
			cs++ // "als ik de facturen zelf kon downloaden"
		}
		if j, ok := phrase(u.Text, toks, s0+cs, s0+ce, l); ok {
			j.Cue, j.Sentence = l.Code+".job.if-only", m.Sentence
			u.Jobs = append(u.Jobs, j)
		}
	}
	return u.Jobs
}

var dutchSubjects = map[string]bool{"ik": true, "we": true, "wij": true, "jullie": true, "u": true, "ze": true, "zij": true, "je": true, "men": true}

// thingToGet: the words an English noun phrase opens with.
var thingToGet = map[string]bool{"a": true, "an": true, "the": true, "more": true, "some": true, "one": true, "better": true, "less": true, "fewer": true}

// saysProgress adds a progress mention over cue c (says: progress) unless
// one already counts in its sentence or a neutral entry claimed it ("Hoor
// graag de bevestiging"), and reports whether it did.
func saysProgress(u *record.Utterance, toks []record.Token, c lexicon.Match, l *lexicon.Lang) bool {
	sent := toks[c.Start].Sentence
	for i := range u.Mentions {
		if m := &u.Mentions[i]; m.Sentence == sent && (m.Force == record.Progress && m.Counts() || m.Force == lexicon.Neutral) {
			return false
		}
	}
	u.Mentions = append(u.Mentions, record.Mention{
		Span:      record.Span{Start: toks[c.Start].Start, End: toks[c.End-1].End},
		Entry:     l.Cues[c.Pattern].ID,
		Force:     record.Progress,
		Weight:    1,
		Intensity: 1,
		Sentence:  sent,
		Job:       -1,
		Phase:     tag.PhaseOf(u, sent),
	})
	return true
}

// nextHolds drops the cues whose `next:` word is not there ("Как дела?"
// asks nothing) or that stand inside a sentence with `at: start`, before
// they could end another cue's phrase ("чтобы можно было скачать" keeps the
// job of "чтобы").
func nextHolds(cues []lexicon.Match, toks []record.Token, l *lexicon.Lang) []lexicon.Match {
	k := 0
	for _, c := range cues {
		if l.Cues[c.Pattern].At == "start" && !tag.OpensSentence(toks, c.Start) {
			continue
		}
		switch l.Cues[c.Pattern].Next {
		case "infinitive":
			if c.End >= len(toks) || !infinitiveForm(toks[c.End], l.Code) {
				continue
			}
		case "clause-infinitive":
			if !clauseInfinitive(toks, c.End, l.Code) {
				continue
			}
		case "passive":
			if !passiveQuestion(toks, c.End, l) {
				continue
			}
		case "gerund":
			if c.End >= len(toks) || !gerundForm(toks[c.End].Norm) {
				continue
			}
		case "object":
			if tag.ObjectAt(sentenceOf(toks, c.Start), c.End-sentenceStart(toks, c.Start)) < 0 || l.Code == "nl" && tag.Consents(toks[c.End:]) ||
				tag.GivesContact(sentenceOf(toks, c.Start)) {
				continue
			}
		}
		cues[k] = c
		k++
	}
	return cues[:k]
}

// passiveQuestion reports whether the clause from token i, in a sentence
// that asks ("?"), is in the passive. English: a subject of up to seven
// words, with no subject pronoun among them, then "be" and a participle:
// "Can [the deadline be moved]?", "Couldn't [the report simply be emailed]
// once a week?". Dutch: a participle the word list knows, then "worden",
// within twelve words: "Kan [de afspraak verplaatst worden] naar een
// middag?".
func passiveQuestion(toks []record.Token, i int, l *lexicon.Lang) bool {
	s := sentenceOf(toks, i)
	if len(s) == 0 || s[len(s)-1].Norm != "?" {
		return false
	}
	if l.Code == "nl" {
		return dutchPassive(toks, i, l) > 0
	}
	for k := i; k < len(toks) && k <= i+7 && toks[k].Sentence == toks[i].Sentence; k++ {
		n := toks[k].Norm
		if lexicon.Boundary(n) || passiveSubject[n] {
			return false
		}
		if n == "be" {
			return k > i && k+1 < len(toks) && participle(toks[k+1].Norm)
		}
	}
	return false
}

// dutchPassive returns the index of the participle before "worden" in the
// clause from token i, or 0.
func dutchPassive(toks []record.Token, i int, l *lexicon.Lang) int {
	for k := i + 1; k < len(toks) && k <= i+12 && toks[k].Sentence == toks[i].Sentence; k++ {
		n := toks[k].Norm
		if lexicon.Boundary(n) {
			return 0
		}
		if n == "worden" || n == "wordt" || n == "word" {
			if k-1 > i {
				if _, _, ok := l.ParticipleInfinitive(toks[k-1].Norm); ok {
					return k - 1
				}
			}
			return 0
		}
	}
	return 0
}

// activeJob turns job j of a passive question into what is to be done:
// English drops the "be" ("the deadline be moved" -> "the deadline
// moved", and adds: get makes it "get the deadline moved"); Dutch puts the
// participle's infinitive for participle and "worden" ("de afspraak
// verplaatst worden naar een middag" -> "de afspraak verplaatsen naar een
// middag").
func activeJob(text string, toks []record.Token, j record.Job, l *lexicon.Lang) record.Job {
	if l.Code != "nl" {
		j.Statement = strings.Replace(j.Statement, " be ", " ", 1)
		return j
	}
	i0, i1 := jobTokens(toks, j)
	p := dutchPassive(toks, i0-1, l)
	if p < i0 || p+1 >= i1 {
		return j
	}
	inf, stem, _ := l.ParticipleInfinitive(toks[p].Norm)
	var b strings.Builder
	if p > i0 {
		writeText(&b, text, toks, i0, p)
		b.WriteByte(' ')
	}
	b.WriteString(inf)
	if p+2 < i1 {
		b.WriteByte(' ')
		writeText(&b, text, toks, p+2, i1)
	}
	var sbuf [maxPhrase + 2]string
	stems := appendKeyStems(sbuf[:0], toks, i0, p, -1, l)
	stems = appendKeyStems(stems, toks, p+2, i1, -1, l)
	stems = uniqSorted(append(stems, stem))
	// "kan dat niet gewoon thuis gedaan worden?" suggests, it does not
	// negate: the job is "dat thuis doen".
	st := b.String()
	for _, w := range []string{"niet gewoon ", "niet even ", "niet ook "} {
		st = strings.Replace(st, w, "", 1)
	}
	j.Statement, j.Key = st, strings.Join(stems, " ")
	return j
}

// passiveSubject: pronouns that make "be" a copula of a person ("Can I be
// added?" asks for the speaker, "get I added" says nothing).
var passiveSubject = map[string]bool{"i": true, "you": true, "we": true, "they": true, "he": true, "she": true}

// participle reports whether an English word reads as a past participle:
// regular "-ed", or one of the common irregular ones.
func participle(n string) bool {
	return len(n) > 3 && strings.HasSuffix(n, "ed") && !notParticiples[n] && (!strings.HasSuffix(n, "eed") || n == "agreed") ||
		irregularParticiples[n]
}

// notParticiples end in "ed" but are not verbs' forms.
var notParticiples = map[string]bool{"hundred": true, "kindred": true, "sacred": true, "naked": true, "wicked": true}

// objectParticiple reports whether job j's phrase is an English object of
// one to five words then a participle: "Wednesday taken off the invoice",
// "this fixed today", "half of that batch done as sausage". The word
// before the participle is no determiner ("the updated invoice" is a noun
// phrase) and the object holds no verb's marks ("to", a subject pronoun).
func objectParticiple(toks []record.Token, j record.Job) bool {
	i0, i1 := jobTokens(toks, j)
	for k := i0 + 1; k < i1 && k <= i0+5; k++ {
		n := toks[k].Norm
		if participle(n) {
			return !determiners[toks[k-1].Norm] && !participle(toks[i0].Norm)
		}
		if !toks[k].Word && n != "'s" || n == "to" || subjects[n] || lexicon.Boundary(n) {
			return false
		}
	}
	return false
}

// determiners open a noun phrase: a participle after one is an adjective.
var determiners = map[string]bool{
	"the": true, "a": true, "an": true, "my": true, "our": true, "your": true, "their": true, "his": true,
	"her": true, "its": true, "some": true, "any": true, "no": true, "every": true, "each": true,
}

var irregularParticiples = map[string]bool{
	"sent": true, "paid": true, "done": true, "made": true, "taken": true, "given": true, "put": true, "set": true,
	"cut": true, "sold": true, "built": true, "held": true, "kept": true, "left": true, "shown": true, "told": true,
	"brought": true, "bought": true, "written": true, "split": true, "shut": true, "reset": true, "run": true,
	"redone": true, "resent": true, "rebuilt": true, "rewritten": true, "shipped": true, "sorted": true,
}

// sentenceOf returns the tokens of the sentence token i is in.
func sentenceOf(toks []record.Token, i int) []record.Token {
	b := i
	for b < len(toks) && toks[b].Sentence == toks[i].Sentence {
		b++
	}
	return toks[sentenceStart(toks, i):b]
}

// sentenceStart returns the index of the first token of token i's sentence.
func sentenceStart(toks []record.Token, i int) int {
	for i > 0 && toks[i-1].Sentence == toks[i].Sentence {
		i--
	}
	return i
}

// splitBefore separates cues that state their job before them from the
// rest; without any (the usual case) it allocates nothing.
func splitBefore(ms []lexicon.Match, l *lexicon.Lang) (after, before []lexicon.Match) {
	k := 0
	for _, m := range ms {
		if l.Cues[m.Pattern].Before == "" {
			ms[k] = m
			k++
		} else {
			before = append(before, m)
		}
	}
	return ms[:k], before
}

// clauseBefore returns the clause that ends right before a cue that states
// its job after it ("Conversie omhoog krijgen, dat is m'n doel"), if it has
// the form the cue asks for (lexicon.BeforeKinds). Leading conjunctions are
// dropped ("En de voorraad gelijk houden, zodat ...").
func clauseBefore(toks []record.Token, at int, kind string, l *lexicon.Lang) (start, end int, ok bool) {
	end = at
	for end > 0 && toks[end-1].Norm == "," && toks[end-1].Sentence == toks[at].Sentence {
		end--
	}
	if end == 0 || toks[end-1].Sentence != toks[at].Sentence {
		return 0, 0, false
	}
	start = end
	for start > 0 && toks[start-1].Sentence == toks[at].Sentence && !endsPhrase(toks, start-1, start-1) {
		if start--; end-start > maxPhrase {
			return 0, 0, false // too long for a fragment: a sentence of its own
		}
	}
	for start < end && leadConj[toks[start].Norm] {
		start++
	}
	if start >= end {
		return 0, 0, false
	}
	for k := start; k < end; k++ {
		if subjects[toks[k].Norm] {
			return 0, 0, false // "Ik heb het ingesteld, zodat ..." reports, it asks nothing
		}
	}
	switch kind {
	case "infinitive":
		return start, end, infinitiveClause(toks[start:end], l)
	case "gerund":
		if !verbalNoun(toks[start:end], l.Code) {
			return 0, 0, false
		}
		if end-start > 1 && articles[toks[start].Norm] {
			start++ // "Het exporteren van ..." -> "exporteren van ..."
		}
	}
	return start, end, true
}

// opened: an after-cue inside [start, end) already made this clause a job.
func opened(cues []lexicon.Match, start, end int) bool {
	for _, c := range cues {
		if c.Start < end && c.End > start {
			return true
		}
	}
	return false
}

// leadConj may open a fragment without belonging to the job.
var leadConj = map[string]bool{"en": true, "of": true, "dus": true, "ook": true, "and": true, "or": true, "so": true, "also": true, "и": true, "а": true}

// subjects are pronouns that make a clause a statement: a job fragment has
// none. Ambiguous object forms (je, ze, u, het; you, it) stay out.
var subjects = map[string]bool{
	"ik": true, "wij": true, "we": true, "jij": true, "hij": true, "zij": true,
	"i": true, "he": true, "she": true, "they": true,
	"я": true, "мы": true, "ты": true, "он": true, "она": true, "они": true,
}

// nlFinite are Dutch auxiliaries and copulas; in an infinitive clause they
// stand first ("Kunnen betalen met ...") or right before the final verb
// ("alles in één keer kunnen betalen"), elsewhere they are finite verbs of
// a statement ("De klanten moeten alles overtypen").
var nlFinite = map[string]bool{
	"is": true, "zijn": true, "was": true, "waren": true, "wordt": true, "worden": true, "werd": true,
	"heeft": true, "hebben": true, "had": true, "moet": true, "moeten": true, "kan": true, "kunnen": true,
	"wil": true, "willen": true, "zal": true, "zullen": true, "gaat": true, "gaan": true, "hoeft": true,
	"hoeven": true, "mag": true, "mogen": true,
}

// infinitiveClause: a Dutch clause ending in an infinitive, or in one and a
// prepositional phrase after it ("gelijk houden met bol.com"), with no
// finite verb. Other languages mark no infinitive: any fragment passes.
func infinitiveClause(ts []record.Token, l *lexicon.Lang) bool {
	if l.Code != "nl" {
		return true
	}
	v := len(ts) - 1
	if !infinitive(ts[v], l) {
		// "de klanten betalen met iDEAL" has its verb second, after its
		// subject: only a verb further in is an infinitive before a PP.
		for v = len(ts) - 2; v >= 3 && len(ts)-v <= 5 && !prepositions[ts[v+1].Norm]; v-- {
		}
		if v < 3 || len(ts)-v > 5 || !infinitive(ts[v], l) {
			return false
		}
	}
	for k := 1; k < v-1; k++ {
		if nlFinite[ts[k].Norm] {
			return false
		}
	}
	return true
}

func infinitive(t record.Token, l *lexicon.Lang) bool {
	return t.Word && !l.Stopword(t) && len([]rune(t.Norm)) >= 4 && strings.HasSuffix(t.Norm, "en")
}

// infinitiveForm: t has the ending of an infinitive (Russian -ть, -ти, -чь
// and their reflexives, Dutch -en). English marks none: any word passes.
func infinitiveForm(t record.Token, lang string) bool {
	if !t.Word {
		return false
	}
	switch lang {
	case "ru":
		for _, suf := range []string{"ть", "ти", "чь", "ться", "тись", "чься"} {
			if strings.HasSuffix(t.Norm, suf) {
				return true
			}
		}
		return false
	case "nl":
		return strings.HasSuffix(t.Norm, "en")
	}
	return true
}

// clauseInfinitive reports whether the clause from token i holds a verb to
// do: "Wilt u mij terugbellen over de ketel?" asks for something to be
// done, "Wilt u nog een kopje koffie?" offers. In Dutch that is a word of
// lexicon.VerbToDo's shape (a bare -en would take "een"), elsewhere a word
// with an infinitive ending ("Если бы можно было хотя бы часть ... подать").
func clauseInfinitive(toks []record.Token, i int, lang string) bool {
	for k, end := i, phraseEnd(toks, i); k < end; k++ {
		if !toks[k].Word {
			continue
		}
		if lang == "nl" && lexicon.VerbToDo(toks[k].Norm) || lang != "nl" && infinitiveForm(toks[k], lang) {
			return true
		}
	}
	return false
}

// prepositions open the phrase a Dutch infinitive may take after it.
var prepositions = map[string]bool{
	"met": true, "in": true, "op": true, "naar": true, "voor": true, "bij": true, "van": true,
	"aan": true, "uit": true, "via": true, "zonder": true, "tot": true, "binnen": true, "vanuit": true,
}

// articles before a Dutch verbal noun; English "the charging card" is a noun
// phrase, not a gerund.
var articles = map[string]bool{"het": true, "'t": true}

// verbalNoun: the clause starts with a verb used as a noun, optionally
// after an article: "Het exporteren van ...", "Syncing my calendar ...".
func verbalNoun(ts []record.Token, lang string) bool {
	if len(ts) > 1 && articles[ts[0].Norm] {
		ts = ts[1:]
	}
	n := ts[0].Norm
	switch lang {
	case "nl":
		return len([]rune(n)) >= 6 && strings.HasSuffix(n, "en")
	case "en":
		return len([]rune(n)) >= 6 && strings.HasSuffix(n, "ing")
	}
	return false
}

// gerundForm: an English verb's -ing form ("going", "selling"), not a
// pronoun ending in "thing".
func gerundForm(n string) bool {
	return len(n) >= 5 && strings.HasSuffix(n, "ing") && !strings.HasSuffix(n, "thing")
}

// cueNegated reports whether a negator negates the cue itself: right before
// it ("don't want to", "not really trying to"), right after it in Dutch ("ik
// wil niet"), or inside it when the cue has no negator of its own. Negators
// further away negate something else: "No idea how to export" and "I can't
// figure out how to add" still state jobs.
func cueNegated(toks []record.Token, c lexicon.Match, negs []lexicon.Match, cueHasNegator, dutch bool) bool {
	// negs are in text order without overlap (tag.NegatorsKeyed), so their
	// ends ascend; only those ending at c.Start-1 or later and starting by
	// c.End can negate c: a long utterance's cues do not each read all.
	from := sort.Search(len(negs), func(i int) bool { return negs[i].End >= c.Start-1 })
	for _, g := range negs[from:] {
		if g.Start > c.End {
			break
		}
		switch {
		case g.Start >= c.Start && g.End <= c.End:
			if !cueHasNegator {
				return true
			}
		case g.End == c.Start:
			return true
		case g.End+1 == c.Start && softeners[toks[g.End].Norm]:
			return true
		case dutch && g.Start == c.End:
			return true
		}
	}
	return false
}

// unwanted: a Dutch statement of wanting whose middle field holds the
// negator of the whole clause, "Ik wil het abonnement niet opzeggen" or
// "dat wil ik met de kinderen echt niet afsteken": what follows is what the
// customer does not want, no job. The negator sits after the cue, where
// cueNegated does not look. "niet meer" wants a stop ("ik wil die bonnen
// niet meer overtypen") and a negator after a subordinator negates that
// clause ("ik wil dat het niet meer vastloopt", "een jas die niet lekt"):
// those keep their job. Only wanting counts: "dan kan ik de factuur niet
// downloaden" states a job that fails, "Kan ik 'm niet gewoon
// terugbrengen?" asks for one.
func unwanted(toks []record.Token, c lexicon.Match, start, end int) bool {
	want := false
	for _, t := range toks[c.Start:c.End] {
		want = want || wantVerbs[t.Norm]
	}
	if !want {
		return false
	}
	for k := start; k < end; k++ {
		switch n := toks[k].Norm; {
		case embeds(n):
			return false
		case n == "niet" || n == "nooit":
			if k+1 < len(toks) && toks[k+1].Norm == "meer" {
				return false
			}
			return true
		}
	}
	return false
}

var wantVerbs = map[string]bool{"wil": true, "willen": true, "wilde": true, "wilden": true, "wou": true}

// softeners may stand between a negator and what it negates.
var softeners = map[string]bool{"really": true, "actually": true, "even": true, "echt": true, "eigenlijk": true, "per": true, "helemaal": true}

// longestCues keeps non-overlapping cue matches in text order. Of two that
// overlap, the one reaching further wins: it is the more specific cue, the
// one closest to the job ("I want" + "want to" in "I want to export":
// want-to; "ik wil graag" over "ik wil").
func longestCues(ms []lexicon.Match) []lexicon.Match {
	sort.SliceStable(ms, func(i, j int) bool {
		if ms[i].Start != ms[j].Start {
			return ms[i].Start < ms[j].Start
		}
		return ms[i].End > ms[j].End
	})
	var out []lexicon.Match
	for _, m := range ms {
		if n := len(out); n > 0 && m.Start < out[n-1].End {
			if m.End > out[n-1].End {
				out[n-1] = m
			}
			continue
		}
		out = append(out, m)
	}
	return out
}

// asksAfterComma: the phrase is a Russian verb of knowing, whose object is
// the clause after the comma Russian writes before it: "мне важно знать,
// дошёл он до школы или нет".
func asksAfterComma(toks []record.Token, start, end int) bool {
	return end == start+1 && knowVerbs[toks[start].Norm] && end+1 < len(toks) &&
		toks[end].Norm == "," && toks[end+1].Sentence == toks[end].Sentence
}

var knowVerbs = map[string]bool{"знать": true, "узнать": true, "понять": true, "понимать": true,
	"видеть": true, "увидеть": true, "проверить": true, "уточнить": true, "выяснить": true}

// qualifies: toks[j] opens a condition on the customer's own situation
// ("als ik", "if we", "without"), which may qualify a one-word job; "let me
// know when you have an update" is no job.
func qualifies(toks []record.Token, j int) bool {
	if j+1 >= len(toks) || toks[j+1].Sentence != toks[j].Sentence {
		return false
	}
	switch toks[j].Norm {
	case "zonder", "without", "без":
		return true
	case "als", "wanneer", "if", "when", "если", "когда":
		switch toks[j+1].Norm {
		case "ik", "we", "wij", "i", "я", "мы":
			return true
		}
	}
	return false
}

// skipAside steps over a parenthetical aside between commas right after a
// cue ("Хотелось бы, конечно, платить из дома", "Ik wil, als het kan, ..."),
// which would otherwise end the phrase before the job starts.
func skipAside(toks []record.Token, i int) int {
	if i >= len(toks) || toks[i].Norm != "," {
		return i
	}
	for j := i + 1; j < len(toks) && j <= i+4 && toks[j].Sentence == toks[i].Sentence; j++ {
		if toks[j].Norm == "," {
			if j > i+1 {
				return j + 1
			}
			return i
		}
		if !asides[toks[j].Norm] {
			return i
		}
	}
	return i
}

// asides are the words of short parentheticals.
var asides = map[string]bool{
	"конечно": true, "наверное": true, "пожалуйста": true, "естественно": true, "разумеется": true, "по": true, "возможности": true,
	"eigenlijk": true, "natuurlijk": true, "alsjeblieft": true, "trouwens": true, "als": true, "het": true, "kan": true, "liefst": true,
	"of": true, "course": true, "honestly": true, "please": true, "ideally": true, "obviously": true, "if": true, "possible": true,
	// fillers of speech: "Being able to, um, see the booking online"
	"um": true, "uh": true, "uhm": true, "erm": true, "er": true, "eh": true, "ehm": true, "euh": true, "like": true,
	"nou": true, "ну": true, "эм": true, "э": true, "типа": true, "короче": true,
}

// phraseEnd returns the token index where the clause starting at i ends.
func phraseEnd(toks []record.Token, i int) int {
	if i >= len(toks) {
		return i
	}
	s := toks[i].Sentence
	j, aside := i, 0
	for j < len(toks) && toks[j].Sentence == s && j-i-aside < maxPhrase {
		if c := asideClose(toks, j); c > j && j > i {
			aside += c + 1 - j
			j = c + 1
			continue
		}
		if endsPhrase(toks, i, j) && !(j > i && listGoesOn(toks, j)) {
			break
		}
		j++
	}
	if j-i-aside >= maxPhrase {
		// A cut, not the clause's end: words the cut left hanging go
		// ("... to the reception at", "... something in writing we can").
		for j > i+1 && (dangling[toks[j-1].Norm] || cutHanging[toks[j-1].Norm]) {
			j--
		}
	}
	return j
}

// cutHanging: words a cut phrase may not end on, beyond the dangling ones
// any phrase drops. At a clause's own end a preposition may ("what I'm
// paying for"); at a cut it is half of what follows, as are a subject, a
// modal or a relative.
var cutHanging = map[string]bool{
	"at": true, "from": true, "to": true, "in": true, "on": true, "for": true, "with": true, "by": true, "about": true,
	"into": true, "over": true, "under": true, "between": true, "through": true, "after": true, "before": true, "than": true, "as": true,
	"i": true, "we": true, "you": true, "they": true, "he": true, "she": true,
	"can": true, "could": true, "will": true, "would": true, "should": true, "may": true, "might": true, "must": true,
	"that": true, "who": true, "which": true, "where": true, "when": true, "if": true,
	"op": true, "aan": true, "met": true, "voor": true, "bij": true, "naar": true, "uit": true, "door": true, "om": true, "te": true,
	"die": true, "dat": true, "wat": true, "waar": true, "als": true, "ik": true, "je": true, "ze": true, "kan": true, "kunnen": true, "wil": true, "zou": true,
}

// listGoesOn reports whether the comma at j separates the items of a short
// list that a conjunction closes: "rent a BCD, regulator and wetsuit",
// "facturen, offertes en bonnen exporteren" (the Dutch verb comes after
// the list). Items are one or two words, no subject or relative among them; the
// word after the conjunction must not be one either ("..., my husband and
// I disagree" is two clauses).
func listGoesOn(toks []record.Token, j int) bool {
	if toks[j].Norm != "," {
		return false
	}
	s, item := toks[j].Sentence, 0
	if j+2 < len(toks) && toks[j+2].Sentence == s && (toks[j+1].Norm == "or" || toks[j+1].Norm == "или") && altOpeners[toks[j+2].Norm] {
		return true // an alternative: "it refitted as one piece, or a partial refund"
	}
	for k := j + 1; k < len(toks) && k <= j+10 && toks[k].Sentence == s; k++ {
		t := toks[k]
		switch {
		case t.Norm == ",":
			if item == 0 {
				return false
			}
			item = 0
		case listConj[t.Norm]:
			return item > 0 && k+1 < len(toks) && toks[k+1].Sentence == s && toks[k+1].Word && !isSubject(toks[k+1].Norm)
		case !t.Word || isSubject(t.Norm) || relatives[t.Norm] || endsPhrase(toks, j+1, k):
			return false
		default:
			if item++; item > 2 {
				return false
			}
		}
	}
	return false
}

// listConj close a list. Dutch "of" is left out: it opens a question as
// often ("aanvragen, via deze chat of moet er een mail ...").
var listConj = map[string]bool{"and": true, "or": true, "en": true, "и": true, "или": true}

// altOpeners open the noun phrase of an alternative after ", or".
var altOpeners = map[string]bool{"a": true, "an": true, "the": true, "some": true, "another": true}

// relatives open a clause, which a list item never does.
var relatives = map[string]bool{
	"which": true, "who": true, "that": true, "where": true, "what": true,
	"die": true, "dat": true, "wat": true, "waar": true, "welke": true,
	"который": true, "которая": true, "которое": true, "которые": true, "что": true, "кто": true, "где": true,
}

// maxBracket is the most tokens between the brackets of an aside that a
// phrase reads across.
const maxBracket = 6

// asideClose returns the index of the ")" closing a short bracketed aside
// that opens at j, when the clause goes on after it: "kan ik de ballonvaart
// (voucher BV-33190) op mijn naam laten zetten?" has its verb after the
// order number, and Dutch puts the verb last. Else it returns -1, and the
// bracket ends the phrase as any punctuation does. The aside is left out of
// the job's statement and key (phraseMin): an order number would make every
// job unique.
func asideClose(toks []record.Token, j int) int {
	c := asideEnd(toks, j, len(toks))
	if c < 0 || c+1 >= len(toks) || toks[c+1].Sentence != toks[j].Sentence || !toks[c+1].Word {
		return -1
	}
	return c
}

// asideEnd returns the index, below limit, of the ")" that closes a "(" at
// j within maxBracket tokens of its sentence, or of the comma that closes
// a date set off by commas ("с пятницы, 17 апреля, на любой день"); else
// -1.
func asideEnd(toks []record.Token, j, limit int) int {
	if toks[j].Norm == "," {
		return dateAside(toks, j, limit)
	}
	if toks[j].Norm != "(" {
		return -1
	}
	s := toks[j].Sentence
	for c := j + 1; c < limit && c <= j+maxBracket+1 && toks[c].Sentence == s; c++ {
		switch toks[c].Norm {
		case "(":
			return -1
		case ")":
			if c == j+1 {
				return -1
			}
			return c
		}
	}
	return -1
}

// dateAside returns the index, below limit, of the comma that closes a
// date of one to three words after the comma at j (a day number and a
// month: ", 17 апреля,", ", 9 maart,", ", March 9,"), or -1.
func dateAside(toks []record.Token, j, limit int) int {
	num, month := false, false
	for c := j + 1; c < limit && c <= j+4 && toks[c].Sentence == toks[j].Sentence; c++ {
		n := toks[c].Norm
		switch {
		case n == ",":
			if num && month {
				return c
			}
			return -1
		case months[n]:
			month = true
		case n != "" && strings.Trim(n, "0123456789.") == "" && n[0] != '.':
			num = true
		default:
			return -1
		}
	}
	return -1
}

// months: month names in the forms a date takes.
var months = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`january february march april may june july august september october november december
		jan feb mar apr jun jul aug sep sept oct nov dec
		januari februari maart mei juni juli augustus oktober
		января февраля марта апреля мая июня июля августа сентября октября ноября декабря`) {
		m[w] = true
	}
	return m
}()

// writeText writes the text of toks[from:to] as it stands, less the
// bracketed asides in it.
func writeText(b *strings.Builder, text string, toks []record.Token, from, to int) {
	start := toks[from].Start
	for k := from; k < to; k++ {
		if c := asideEnd(toks, k, to); c > k {
			if k > from {
				b.WriteString(text[start:toks[k-1].End])
			}
			if c+1 == to {
				return
			}
			if k > from {
				b.WriteByte(' ')
			}
			k, start = c, toks[c+1].Start
		}
	}
	b.WriteString(text[start:toks[to-1].End])
}

// endsPhrase: punctuation, and words that start a new clause. The phrase
// runs from token from (a clause read backwards passes j).
func endsPhrase(toks []record.Token, from, j int) bool {
	n := toks[j].Norm
	if lexicon.Boundary(n) {
		if inchMark(toks, j) {
			return false // "a 27\" monitor"
		}
		// "Хочу знать, когда приедет мастер": the comma opens the question.
		return n != "," || j+1 >= len(toks) || !questionWords[toks[j+1].Norm] || !asks(toks, from, j)
	}
	switch n {
	case "als":
		return j > 0 && !comparativeAls(toks, from, j) && !roleAls(toks, j)
	case "when", "if", "wanneer", "когда":
		// "I want to know when my parcel arrives": after a verb of knowing
		// the clause is the job's object, not its condition.
		return j > 0 && !asks(toks, from, j)
	case "maar", "omdat", "want", "zodat", "terwijl", "hoewel", "dus",
		"but", "because", "so", "although", "since", "unless", "otherwise",
		"но", "потому", "чтобы", "если":
		return j > 0
	case "instead", "вместо":
		// the rejected alternative is not part of the job: "see my claim
		// online instead of ringing", "вместо того чтобы звонить"
		return j > 0
	case "rather":
		return j > 0 && j+1 < len(toks) && toks[j+1].Norm == "than"
	case "in":
		return j > 0 && j+2 < len(toks) && toks[j+1].Norm == "plaats" && toks[j+2].Norm == "van"
	case "а":
		// "указать кресло, а не объяснять" (after a comma, too)
		return j > 0 && j+1 < len(toks) && toks[j+1].Norm == "не"
	case "and", "en", "и":
		// "export invoices and send reminders" stays one phrase, but a new
		// subject ("and I", "en ik") starts a new clause.
		return j+1 < len(toks) && isSubject(toks[j+1].Norm)
	case "or", "of", "или":
		// "... or is that a no", "... or do I have to mail it back", "... of
		// moet dat online", "... или надо ехать": a question of its own
		return j+1 < len(toks) && orQuestion[toks[j+1].Norm]
	}
	return false
}

// inchMark reports whether the quote at j, glued to the number before it,
// is an inch mark ("a 12\" sleeve", "27\" monitor"), not the end of a
// quotation: one that opened right before the number ("\"12\"") ends one.
func inchMark(toks []record.Token, j int) bool {
	if n := toks[j].Norm; n != `"` && n != "”" && n != "''" || j == 0 || toks[j].Start != toks[j-1].End {
		return false
	}
	num := toks[j-1].Norm
	if num == "" || num[0] < '0' || num[0] > '9' || strings.Trim(num, "0123456789.,") != "" {
		return false
	}
	return j < 2 || toks[j-2].End != toks[j-1].Start || !lexicon.Boundary(toks[j-2].Norm)
}

// orQuestion: after "or", a verb that opens a question of its own.
var orQuestion = map[string]bool{
	"is": true, "are": true, "was": true, "do": true, "does": true, "did": true, "can": true, "could": true,
	"should": true, "will": true, "would": true, "must": true, "shall": true, "am": true, "have": true, "has": true,
	"moet": true, "moeten": true, "kan": true, "kun": true, "kunnen": true, "mag": true, "zijn": true, "wordt": true,
	"heb": true, "hebben": true, "ga": true, "gaat": true, "zal": true, "zou": true,
	"надо": true, "нужно": true, "можно": true, "лучше": true,
}

// asks reports whether the word at j follows a verb of knowing or seeing
// in the phrase from from, with at most an object pronoun ("tell me when")
// or a comma ("знать, когда") between: it opens an indirect question. A
// question about the one addressed ("let me know when you have an
// update", "if you need anything") is a courtesy, not the job's object.
func asks(toks []record.Token, from, j int) bool {
	if j+1 < len(toks) && addressee[toks[j+1].Norm] {
		return false
	}
	k := j - 1
	if k > from && (objects[toks[k].Norm] || toks[k].Norm == ",") {
		k--
	}
	return k >= from && knowing[toks[k].Norm]
}

// knowing: verbs (as written) whose object can be an indirect question.
var knowing = map[string]bool{
	"know": true, "see": true, "check": true, "tell": true, "understand": true, "confirm": true,
	"show": true, "track": true, "decide": true, "ask": true, "notified": true, "notify": true, "alert": true,
	"weten": true, "weet": true, "zien": true, "zie": true, "checken": true, "controleren": true,
	"nagaan": true, "volgen": true, "horen": true, "snappen": true, "begrijpen": true, "bekijken": true,
	"знать": true, "узнать": true, "понять": true, "понимать": true, "видеть": true, "увидеть": true,
	"проверить": true, "проверять": true, "отслеживать": true, "отследить": true, "сообщить": true,
	"видно": true,
}

// addressee: the second person, the one a customer writes to.
var addressee = map[string]bool{"you": true, "u": true, "je": true, "jij": true, "jullie": true, "вы": true, "ты": true}

// objects may stand between a verb of knowing and its question.
var objects = map[string]bool{"me": true, "us": true, "mij": true, "ons": true, "мне": true, "нам": true}

// questionWords open a Russian indirect question after a comma.
var questionWords = map[string]bool{"когда": true, "где": true, "как": true, "что": true, "кто": true, "сколько": true, "почему": true, "куда": true}

// comparativeAls reports whether Dutch "als" at j compares ("hetzelfde
// moment als de betaling", "zo snel als mogelijk") rather than opening a
// condition ("als mijn trein uitvalt"): "zo" one word before it, or a word
// of sameness earlier in the phrase, which starts at from.
func comparativeAls(toks []record.Token, from, j int) bool {
	if j-2 >= from && toks[j-2].Norm == "zo" && toks[j-1].Word {
		return true
	}
	for k := j - 1; k >= from; k-- {
		if sameness[toks[k].Norm] {
			return true
		}
	}
	return false
}

// roleAls reports whether Dutch "als" at j says in what form or role
// ("als pdf sturen", "als noodcontact", "als bijlage") rather than opening
// a condition, which has a subject: a pronoun, an article or a possessive
// ("als ik", "als de trein uitvalt"). So another word after it is a role;
// a name ("als Jan belt") is read as one too, and the phrase runs on.
func roleAls(toks []record.Token, j int) bool {
	if j+1 >= len(toks) || toks[j+1].Sentence != toks[j].Sentence || !toks[j+1].Word {
		return false
	}
	return !alsSubjects[toks[j+1].Norm]
}

// alsSubjects open a Dutch condition after "als".
var alsSubjects = map[string]bool{
	"ik": true, "je": true, "jij": true, "u": true, "we": true, "wij": true, "ze": true, "zij": true, "hij": true,
	"het": true, "'t": true, "er": true, "d'r": true, "dat": true, "dit": true, "die": true, "deze": true, "men": true,
	"iemand": true, "iets": true, "alles": true, "niets": true, "niks": true, "niemand": true, "iedereen": true,
	"de": true, "een": true, "'n": true, "mijn": true, "m'n": true, "jouw": true, "uw": true, "ons": true, "onze": true,
	"zijn": true, "z'n": true, "haar": true, "hun": true, "jullie": true, "mensen": true, "klanten": true,
	"straks": true, "morgen": true, "dan": true, "nu": true, "later": true, "ooit": true, "eenmaal": true,
	"meer": true, "minder": true, "goed": true, "nodig": true, "mogelijk": true,
}

// sameness: Dutch words that "als" completes as a comparison.
var sameness = map[string]bool{
	"hetzelfde": true, "dezelfde": true, "zelfde": true, "evenveel": true, "evenzeer": true,
	"zoveel": true, "evenlang": true, "evengoed": true,
}

func isSubject(n string) bool {
	switch n {
	case "i", "we", "you", "they", "he", "she", "it", "ik", "wij", "je", "jij", "u", "ze", "zij", "hij", "het",
		"я", "мы", "ты", "вы", "он", "она", "они", "оно":
		return true
	}
	return false
}

// fillers dropped at the start of a phrase.
var fillers = map[string]bool{
	"graag": true, "even": true, "eigenlijk": true, "gewoon": true, "ook": true, "nog": true, "wel": true,
	"om": true, "dat": true, "er": true, "toch": true, "echt": true, "dan": true, "vriendelijk": true,
	"just": true, "really": true, "simply": true, "also": true, "actually": true, "basically": true,
	"to": true, "be": true, "able": true, "please": true,
	"просто": true, "бы": true,
}

// phrase builds the job from tokens [i, end).
func phrase(text string, toks []record.Token, i, end int, l *lexicon.Lang) (record.Job, bool) {
	return phraseMin(text, toks, i, end, l, minContent)
}

// phraseMin is phrase with a job needing min content stems: one fewer when
// the cue's own verb will join it (withVerb).
func phraseMin(text string, toks []record.Token, i, end int, l *lexicon.Lang, min int) (record.Job, bool) {
	for skip := 0; i < end && skip < maxLeadSkip+2 && fillers[toks[i].Norm]; skip++ {
		i++
	}
	if l.Code == "en" && i+2 < end && doers[toks[i].Norm] && doerModals[toks[i+1].Norm] {
		// "(if) they could keep me off the Northeast runs": who would do
		// it is not part of the job; nor the hesitation after it ("they
		// could, um, just come out").
		i += 2
		for skip := 0; i < end && skip < maxLeadSkip+2 && (fillers[toks[i].Norm] || hesitations[toks[i].Norm] || toks[i].Norm == ","); skip++ {
			i++
		}
	}
	for end > i && (!toks[end-1].Word || dangling[toks[end-1].Norm]) {
		end-- // trailing symbols and numbers, and words a cut left hanging
	}
	if end <= i || asksOnly(toks, i, end) {
		return record.Job{}, false
	}
	// Scratch on the stack: a phrase is at most about maxPhrase tokens.
	var wbuf [maxPhrase + 2]record.Token
	var sbuf [maxPhrase + 2]string
	words, stems := wbuf[:0], sbuf[:0]
	particle := -1 // index in words of a particle joined to the final verb
	getBack := -1  // index in words of a bare "terug" written as "terugkrijgen"
	for k := i; k < end; k++ {
		t := toks[k]
		if c := asideEnd(toks, k, end); c > k {
			k = c // an aside the phrase read across (phraseEnd)
			continue
		}
		// Dutch "te" before the final verbs is dropped: "facturen te
		// exporteren" -> "facturen exporteren", "de meter te laten
		// vervangen" -> "de meter laten vervangen"; a separable verb's
		// particle before it joins the verb again: "in te plannen" ->
		// "inplannen", "jullie in te schakelen voor de subsidie".
		nv := 0
		if l.Code == "nl" && t.Norm == "te" {
			nv = teVerbs(toks, k, end)
		}
		if nv > 0 {
			if n := len(words); nv == 1 && k > i && n > 0 && separable(words[n-1].Norm) {
				particle = n - 1
				if len(stems) > 0 && stems[len(stems)-1] == words[n-1].Stem && !l.Stopword(words[n-1]) {
					stems = stems[:len(stems)-1]
				}
				v := toks[k+1]
				v.Norm, v.Stem = words[n-1].Norm+v.Norm, words[n-1].Norm+v.Stem
				words = append(words, v)
				stems = append(stems, v.Stem)
				k++
			}
			continue
		}
		if l.Code == "nl" && t.Norm == "terug" && bareTerug(toks, k, end) {
			// "Ik wil mijn geld terug": Dutch leaves out the verb of
			// getting back; the job says it ("mijn geld terugkrijgen"),
			// so that it meets the jobs that name it.
			if inf, stem, ok := l.Infinitive("krijg"); ok {
				getBack = len(words)
				t.Norm, t.Stem = "terug"+inf, "terug"+stem
				words = append(words, t)
				stems = append(stems, t.Stem)
				continue
			}
		}
		words = append(words, t)
		stems = l.KeyStems(stems, t)
	}
	stems = uniqSorted(stems)
	if len(stems) < min {
		return record.Job{}, false
	}
	return record.Job{
		Span:      record.Span{Start: toks[i].Start, End: toks[end-1].End},
		Statement: join(text, words, particle, getBack),
		Key:       strings.Join(stems, " "),
	}, true
}

var (
	hesitations = map[string]bool{"um": true, "uh": true, "er": true, "erm": true, "eh": true, "uhm": true}
	doers       = map[string]bool{"they": true, "you": true, "someone": true, "somebody": true, "i": true, "we": true}
	doerModals  = map[string]bool{"could": true, "would": true, "can": true, "'d": true}
)

// teVerbs is the number of verbs (one or two: "te laten vervangen") after a
// Dutch "te" at k that end the phrase [.., end) or stand before a
// prepositional phrase ("in te schakelen voor de subsidie"); 0 when the "te"
// is not that of an infinitive clause's final verbs ("te laat", "te veel").
func teVerbs(toks []record.Token, k, end int) int {
	if k+2 == end && toks[k+1].Word {
		return 1 // the phrase's last word, as before clusters were read
	}
	for n := 1; n <= 2 && k+n < end; n++ {
		if v := toks[k+n]; !v.Word || !strings.HasSuffix(v.Norm, "en") || v.Norm == "en" || v.Norm == "een" {
			return 0
		}
		if k+n+1 == end || prepositions[toks[k+n+1].Norm] {
			return n
		}
	}
	return 0
}

// asksOnly reports whether the phrase [i, end) is only a question to ask
// ("Can I ask why it takes so long?", "Mag ik een vraag stellen over mijn
// factuur?", "Можно уточнить, ...?"): asking is no job. Asking for
// something is one ("ask for a refund", "vragen om een nieuwe pas").
func asksOnly(toks []record.Token, i, end int) bool {
	if i < end && (toks[i].Norm == "een" || toks[i].Norm == "a" || toks[i].Norm == "an" || toks[i].Norm == "'n") {
		i++
	}
	if i >= end || !askWords[toks[i].Norm] {
		return false
	}
	return i+1 >= end || (toks[i+1].Norm != "for" && toks[i+1].Norm != "om" && toks[i+1].Norm != "naar")
}

// askWords open a phrase that asks rather than wants something done.
var askWords = map[string]bool{
	"ask": true, "question": true, "questions": true,
	"vragen": true, "vraag": true, "vraagje": true, "vraagjes": true,
	"спросить": true, "уточнить": true, "вопрос": true,
}

// dangling: words that cannot end a phrase, left hanging where maxPhrase
// cut a clause ("... once a", "at the end of"): articles, possessives,
// "of", conjunctions, and Russian prepositions. English and Dutch
// prepositions may end one ("what I'm paying for", "waar ik op wacht").
var dangling = map[string]bool{
	"a": true, "an": true, "the": true, "my": true, "our": true, "your": true, "their": true, "its": true,
	"of": true, "and": true, "or": true,
	"de": true, "het": true, "een": true, "mijn": true, "m'n": true, "onze": true, "uw": true, "van": true, "en": true,
	"и": true, "или": true, "в": true, "на": true, "с": true, "по": true, "для": true, "к": true, "от": true,
	"из": true, "о": true, "у": true, "за": true, "до": true, "после": true, "перед": true, "через": true, "около": true,
}

// bareTerug reports whether the Dutch particle "terug" at k stands without
// its verb: at the end of the phrase, or before a conjunction or a mark
// ("mijn geld terug en dat het stopt").
func bareTerug(toks []record.Token, k, end int) bool {
	if k+1 >= end {
		return true
	}
	n := toks[k+1]
	return !n.Word || n.Norm == "en" || n.Norm == "of"
}

// withVerb gives job j the verb its cue held in a finite form, as an
// infinitive at the end of the phrase, Dutch word order: "Hoe zoek ik een
// oude bestelling?" -> "een oude bestelling zoeken". A separable verb's
// particle, at the end of the middle field (last, or before a
// prepositional phrase), joins it there: "Hoe vraag ik een
// bezoekersvergunning aan voor m'n ouders?" -> "een bezoekersvergunning
// aanvragen voor m'n ouders". Without a known infinitive j stays as it is.
func withVerb(text string, toks []record.Token, j record.Job, verb record.Token, l *lexicon.Lang) record.Job {
	inf, stem, ok := l.Infinitive(verb.Norm)
	if !ok {
		return j
	}
	i0, i1 := jobTokens(toks, j)
	p := -1
	for k := i0; k < i1; k++ {
		if separable(toks[k].Norm) && (k == i1-1 || afterParticle[toks[k+1].Norm]) {
			p = k
			break
		}
	}
	if p < 0 && lightVerbs[verb.Norm] {
		return j // "hoe krijg ik m'n facturen naar Excel": the object says it
	}
	var b strings.Builder
	var sbuf [maxPhrase + 2]string
	stems := sbuf[:0]
	if p < 0 {
		writeText(&b, text, toks, i0, i1)
		b.WriteByte(' ')
		b.WriteString(inf)
	} else {
		if p > i0 { // else the object was a pronoun dropped as a filler: "Hoe pas ik dat aan?"
			writeText(&b, text, toks, i0, p)
			b.WriteByte(' ')
		}
		b.WriteString(toks[p].Norm)
		b.WriteString(inf)
		if p+1 < i1 {
			b.WriteByte(' ')
			writeText(&b, text, toks, p+1, i1)
		}
		stem = toks[p].Norm + stem
	}
	stems = appendKeyStems(stems, toks, i0, i1, p, l)
	stems = uniqSorted(append(stems, stem))
	j.Statement, j.Key = b.String(), strings.Join(stems, " ")
	return j
}

// leadingVerb puts the verb a cue opened with (verb: leading) before job j:
// "Верните, пожалуйста, баллы" -> "Верните баллы". The span grows to hold
// it.
func leadingVerb(text string, j record.Job, verb record.Token, l *lexicon.Lang) record.Job {
	j.Statement = text[verb.Start:verb.End] + " " + j.Statement
	j.Span.Start = verb.Start
	j.Key = withStems(j.Key, verb, l)
	return j
}

// addressed reports whether a cue asks the company to act ("could you",
// "please", "kindly", "kunnen jullie", "wilt u").
func addressed(cue []record.Token) bool {
	for _, t := range cue {
		switch t.Norm {
		case "you", "u", "please", "kindly", "jullie", "alsjeblieft", "alstublieft", "aub":
			return true
		}
	}
	return false
}

// giving: verbs of the company handing something to the customer.
var giving = map[string]bool{
	"send": true, "resend": true, "re-send": true, "email": true, "e-mail": true, "mail": true,
	"post": true, "forward": true, "give": true, "provide": true, "issue": true,
}

// gotten states a request for the company to hand something to the
// customer from the customer's side, as a job is stated: "Could you send me
// the rates?" -> "get the rates", "Could you send a replacement copy?" ->
// "get a replacement copy". A destination other than me/us keeps the verb
// ("send the replacement to my sister's address"), and so do other
// requests ("could you cancel my order").
func gotten(text string, toks []record.Token, j record.Job, l *lexicon.Lang) record.Job {
	i0, i1 := jobTokens(toks, j)
	if i0 >= i1 || !giving[toks[i0].Norm] {
		return j
	}
	k := i0 + 1
	if k < i1 && (toks[k].Norm == "me" || toks[k].Norm == "us") {
		k++
	} else {
		for n := k; n < i1; n++ {
			if toks[n].Norm == "to" {
				return j // "send the replacement to my sister's address": where it goes is the job
			}
		}
	}
	if k >= i1 {
		return j
	}
	var b strings.Builder
	b.WriteString("get ")
	writeText(&b, text, toks, k, i1)
	stems := appendKeyStems([]string{"get"}, toks, k, i1, -1, l)
	j.Statement, j.Key = b.String(), strings.Join(uniqSorted(stems), " ")
	return j
}

// gevend: Dutch verbs of the company handing something over, as the last
// word of a request ("Kunnen jullie mij een kopie sturen?").
var gevend = map[string]bool{
	"sturen": true, "toesturen": true, "opsturen": true, "nasturen": true, "mailen": true,
	"e-mailen": true, "geven": true, "bezorgen": true, "doorsturen": true,
}

// gekregen is gotten for Dutch, where the verb comes last: "Kunnen jullie
// mij een kopie van de factuur sturen?" -> "een kopie van de factuur
// krijgen". A destination (naar, aan) keeps the verb.
func gekregen(text string, toks []record.Token, j record.Job, l *lexicon.Lang) record.Job {
	i0, i1 := jobTokens(toks, j)
	if i1-i0 < 2 || !gevend[toks[i1-1].Norm] {
		return j
	}
	inf, stem, ok := l.Infinitive("krijg")
	if !ok {
		return j
	}
	k := i0
	if toks[k].Norm == "mij" || toks[k].Norm == "me" || toks[k].Norm == "ons" {
		k++
	}
	for n := k; n < i1-1; n++ {
		if toks[n].Norm == "naar" || toks[n].Norm == "aan" {
			return j // "het contract naar mijn werkadres sturen"
		}
	}
	if k >= i1-1 {
		return j
	}
	var b strings.Builder
	writeText(&b, text, toks, k, i1-1)
	b.WriteByte(' ')
	b.WriteString(inf)
	stems := appendKeyStems(nil, toks, k, i1-1, -1, l)
	stems = l.KeyStems(stems, record.Token{Norm: inf, Stem: stem, Word: true})
	j.Statement, j.Key = b.String(), strings.Join(uniqSorted(stems), " ")
	return j
}

// ownClause states a Dutch subordinate clause with the customer as its
// subject as a job is stated: without the subject, its verb an
// infinitive. ", zodat ik een mail krijg" -> "een mail krijgen", "Ik wil
// dat ik zelf mijn facturen kan downloaden" -> "zelf mijn facturen kunnen
// downloaden", "zodat ik meteen zie welke facturen open staan" -> "meteen
// zien welke ...", "zodat we de planning delen" -> "de planning delen".
// The subject follows a subordinator, as the phrase's first word or the
// cue's last (cue). The verb ends the clause, before a clause of its own
// that may follow; a word after a determiner is a noun ("naar volgende
// week"), and a form Infinitive does not know leaves j as it is.
func ownClause(text string, toks []record.Token, j record.Job, cue []record.Token, l *lexicon.Lang) record.Job {
	i0, i1 := jobTokens(toks, j)
	k := i0
	var subject string
	switch {
	case k < i1 && firstPerson[toks[k].Norm] && k > 0 && ownClauseOpeners[toks[k-1].Norm]:
		subject = toks[k].Norm
		k++
	case len(cue) >= 2 && firstPerson[cue[len(cue)-1].Norm] && ownClauseOpeners[cue[len(cue)-2].Norm]:
		subject = cue[len(cue)-1].Norm
	default:
		return j
	}
	end := k
	for end < i1 && !(end > k && embeds(toks[end].Norm)) {
		end++
	}
	if end-k < 2 {
		return j
	}
	v, inf, stem := -1, "", ""
	if subject == "ik" {
		v = end - 1
		if lexicon.VerbToDo(toks[v].Norm) && v-1 > k && modalInf[toks[v-1].Norm] != "" {
			v-- // "kan downloaden"
		}
		if determiner[toks[v-1].Norm] {
			return j
		}
		if inf = modalInf[toks[v].Norm]; inf != "" {
			stem = inf // a stopword: no key stem
		} else if i, s, ok := l.Infinitive(toks[v].Norm); ok && i != toks[v].Norm {
			inf, stem = i, s
		} else {
			return j
		}
	} else if k == i0 {
		return j // "we" in the cue, a plural verb: nothing to change
	}
	var b strings.Builder
	if v < 0 {
		writeText(&b, text, toks, k, i1)
	} else {
		if v > k {
			writeText(&b, text, toks, k, v)
			b.WriteByte(' ')
		}
		b.WriteString(inf)
		if v+1 < i1 {
			b.WriteByte(' ')
			writeText(&b, text, toks, v+1, i1)
		}
	}
	stems := appendKeyStems(nil, toks, k, i1, v, l)
	if v >= 0 {
		stems = l.KeyStems(stems, record.Token{Norm: inf, Stem: stem, Word: true})
	}
	j.Statement, j.Key = b.String(), strings.Join(uniqSorted(stems), " ")
	return j
}

// firstPerson: the customer as a Dutch subject.
var firstPerson = map[string]bool{"ik": true, "we": true, "wij": true}

// ownClauseOpeners: conjunctions before the subject of a clause that
// states a job ("dat ik", "zodat we", "fijn als ik").
var ownClauseOpeners = map[string]bool{"dat": true, "zodat": true, "opdat": true, "waardoor": true, "als": true}

// embeds reports whether n opens a clause of its own inside a job's clause
// ("zodat ik zie welke facturen open staan"): a subordinator, or one of
// these.
func embeds(n string) bool { return subordinator[n] || moreEmbeds[n] }

var moreEmbeds = map[string]bool{"hoeveel": true, "wanneer": true, "als": true, "omdat": true, "die": true, ",": true}

// determiner: a word after one is a noun, not a verb ("naar volgende week").
var determiner = map[string]bool{
	"de": true, "het": true, "'t": true, "een": true, "mijn": true, "m'n": true, "ons": true, "onze": true,
	"je": true, "jouw": true, "uw": true, "zijn": true, "haar": true, "hun": true, "volgende": true,
	"vorige": true, "deze": true, "die": true, "dit": true, "dat": true, "elke": true, "ieder": true, "iedere": true,
}

// modalInf: Dutch modal verbs' first-person forms and their infinitives,
// which Infinitive's spelling rules do not reach (kan -> kunnen).
var modalInf = map[string]string{"kan": "kunnen", "wil": "willen", "moet": "moeten", "mag": "mogen", "hoef": "hoeven"}

// withAdded gives job j the verb its cue means (adds:): "find a venue for
// 40 people", Dutch word order "een zaal voor veertig personen vinden". The
// verb's stem joins the key.
func withAdded(j record.Job, verb record.Token, l *lexicon.Lang) record.Job {
	if l.Code == "nl" {
		j.Statement += " " + verb.Norm
	} else {
		j.Statement = verb.Norm + " " + j.Statement
	}
	j.Key = withStems(j.Key, verb, l)
	return j
}

// jobTokens returns the tokens [i0, i1) that job j spans.
func jobTokens(toks []record.Token, j record.Job) (i0, i1 int) {
	i0 = record.TokenAt(toks, j.Span.Start)
	i1 = i0
	for i1 < len(toks) && toks[i1].End <= j.Span.End {
		i1++
	}
	return i0, i1
}

// appendKeyStems appends the key stems of toks[from:to] to dst, less the
// bracketed asides in it and the token at skip (-1: none).
func appendKeyStems(dst []string, toks []record.Token, from, to, skip int, l *lexicon.Lang) []string {
	for k := from; k < to; k++ {
		if c := asideEnd(toks, k, to); c > k {
			k = c
		} else if k != skip {
			dst = l.KeyStems(dst, toks[k])
		}
	}
	return dst
}

// withStems returns key with the key stems of t added.
func withStems(key string, t record.Token, l *lexicon.Lang) string {
	return strings.Join(uniqSorted(l.KeyStems(strings.Fields(key), t)), " ")
}

// lightVerbs join a job only with a particle ("mijn geld terugkrijgen"):
// alone they add nothing a job key should cluster on.
var lightVerbs = map[string]bool{"krijg": true, "maak": true, "doe": true, "regel": true}

// afterParticle: words that may follow a separable particle at the end of
// the Dutch middle field, opening an extraposed phrase ("aan voor m'n
// ouders", "in zodat ...").
var afterParticle = map[string]bool{
	"voor": true, "met": true, "bij": true, "op": true, "in": true, "van": true, "naar": true,
	"om": true, "tot": true, "via": true, "binnen": true, "zonder": true, "na": true, "uit": true,
	"over": true, "tegen": true, "per": true, "vanaf": true, "sinds": true, "tijdens": true, "zodat": true,
	"als": true, "dat": true, "die": true, "wanneer": true,
}

// subordinates: the word at k opens a clause the cue's verb governs ("Hoe
// zorg ik dat ..."), not the job's object, so the verb stays out of the
// job; "dat" before a particle is the object ("Hoe pas ik dat aan?").
func subordinates(toks []record.Token, k int) bool {
	if toks[k].Norm == "dat" && k+1 < len(toks) && separable(toks[k+1].Norm) {
		return false
	}
	return subordinator[toks[k].Norm]
}

var subordinator = map[string]bool{"dat": true, "zodat": true, "of": true, "hoe": true, "wat": true, "welk": true, "welke": true, "wie": true, "waar": true}

// separable: the particle of a Dutch separable verb (lexicon.Particle), but
// not "om": "om te" opens a purpose clause.
func separable(w string) bool { return w != "om" && lexicon.Particle(w) }

// join writes tokens with the spacing they had in the text, one space at
// most; the token after index glued (if any) is written without one, and
// the token at index norm (if any) as its Norm, a word the phrase completed
// ("terugkrijgen"), not as the text has it.
func join(text string, ts []record.Token, glued, norm int) string {
	var b strings.Builder
	for k, t := range ts {
		if k > 0 && k-1 != glued && t.Start != ts[k-1].End {
			b.WriteByte(' ')
		}
		if k == norm {
			b.WriteString(t.Norm)
		} else {
			b.WriteString(text[t.Start:t.End])
		}
	}
	return b.String()
}

func uniqSorted(s []string) []string {
	sort.Strings(s)
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

// tie links each mention to the job in its sentence (the nearest, if several),
// else to the utterance's nearest job; of jobs as near, the first.
func tie(u *record.Utterance) {
	if len(u.Jobs) == 0 {
		return
	}
	if !ordered(u.Jobs) {
		tieEach(u)
		return
	}
	// Jobs in text order without overlap: the nearest of a range is next
	// to where the mention falls in it, found by binary search, so a long
	// utterance with many jobs and mentions costs no jobs × mentions.
	js := u.Jobs
	for mi := range u.Mentions {
		m := &u.Mentions[mi]
		lo := sort.Search(len(js), func(i int) bool { return js[i].Sentence >= m.Sentence })
		hi := lo
		for hi < len(js) && js[hi].Sentence == m.Sentence {
			hi++
		}
		if lo == hi {
			lo, hi = 0, len(js)
		}
		m.Job = lo + nearest(js[lo:hi], m.Span)
	}
}

// ordered reports non-empty jobs in text order (and so in sentence order)
// that do not overlap.
func ordered(js []record.Job) bool {
	for i, j := range js {
		if j.End <= j.Start || i > 0 && (j.Start < js[i-1].End || j.Sentence < js[i-1].Sentence) {
			return false
		}
	}
	return true
}

// nearest returns the index of the job of js (ordered, non-empty) nearest
// sp, the first of those as near. Ends ascend with starts: the jobs before
// p end at or before sp, js[p] overlaps sp or is the first after it, and
// distance grows away from both.
func nearest(js []record.Job, sp record.Span) int {
	p := sort.Search(len(js), func(i int) bool { return js[i].End > sp.Start })
	switch {
	case p == 0:
		return 0
	case p == len(js):
		return p - 1
	case dist(sp, js[p].Span) < dist(sp, js[p-1].Span):
		return p
	}
	return p - 1
}

// tieEach is tie by comparing every mention with every job, for jobs out
// of order or overlapping.
func tieEach(u *record.Utterance) {
	for mi := range u.Mentions {
		m := &u.Mentions[mi]
		best, bestSame, bestDist := -1, false, 0
		for ji, j := range u.Jobs {
			same := j.Sentence == m.Sentence
			d := dist(m.Span, j.Span)
			if best < 0 || (same && !bestSame) || (same == bestSame && d < bestDist) {
				best, bestSame, bestDist = ji, same, d
			}
		}
		m.Job = best
	}
}

func dist(a, b record.Span) int {
	switch {
	case a.End <= b.Start:
		return b.Start - a.End
	case b.End <= a.Start:
		return a.Start - b.End
	}
	return 0
}
