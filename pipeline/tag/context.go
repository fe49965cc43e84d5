package tag

import (
	"sort"
	"strings"

	"jobminer/lexicon"
	"jobminer/pipeline/record"
)

// contextualise marks struggle mentions that are not a struggle the customer
// has, but the content of another force:
//
//   - fear: after an anxiety mention in the same sentence, the struggle word
//     names what is feared ("I'm worried I'll be charged twice").
//   - desire: after a progress mention and a word of release (stop, no
//     longer, without, niet meer, zonder) in the same clause, it names the
//     pain a wish would end ("so that I can stop chasing people"). Without
//     the release word the struggle stands: "I want to make a complaint".
//   - fear (progress): a progress word in the scope of an anxiety word names
//     what is feared ("I'm nervous about moving online"); see fearedWish.
//   - declined (progress): the better thing the customer turns down; see
//     declined.
//   - hypothetical: in a conditional question ("if there's a glitch, do I
//     lose my money?"), after "would" (irrealis) or in a clause that opens
//     with "even if" ("к другим не пойдём, даже если у вас дороже выйдет":
//     the customer concedes a cost that may never come), or in the
//     condition of a wish contrary to fact ("If it crashed at checkout, I'd
//     lose the order"; IfOnly).
//   - over (struggle, anxiety): told in a five-star review or a thank-you
//     note; see reviewOver.
//   - hearsay (struggle): what befell someone the customer knows, told as
//     the reason for a fear; see hearsay (sentenceRules).
//
// The mentions stay (with Context set) so that explain and the mentions table
// show what was seen and why it does not count.
func contextualise(u *record.Utterance, l *lexicon.Lang) {
	toks := u.Tokens
	// TagKeyed makes the mentions in text order (longestFirst), so those of
	// one sentence are next to each other: an utterance with thousands of
	// them is not read through for each.
	first := 0 // the first mention of the current sentence
	for i := range u.Mentions {
		m := &u.Mentions[i]
		if m.Sentence != u.Mentions[first].Sentence {
			first = i
		}
		if m.Force == record.Progress && !m.Negated {
			if fearedWish(u, first, i) {
				m.Context = "fear"
			} else if declined(u, first, i) {
				m.Context = "declined"
			}
			continue
		}
		if m.Force != record.Struggle || m.Negated {
			continue
		}
		turn := -1 // an anxiety word must end after the last turn before m
		for _, o := range u.Mentions[first:i] {
			if o.Negated || o.Sentence != m.Sentence {
				continue
			}
			if o.Force == record.Anxiety && turn < 0 {
				turn = lastTurn(toks, m.Span)
			}
			if o.Force == record.Anxiety && o.End > turn {
				m.Context = "fear"
				break
			}
			if o.Force == record.Progress && sameClause(toks, o.Span, m.Span) && releasing(toks, o.Span, m.Span) {
				m.Context = "desire"
				break
			}
		}
		if m.Context == "" && (conditionalQuestion(toks, m.Span) || irrealis(toks, m.Span) || evenIf(toks, m.Span) || inIfOnly(toks, m.Span, l.Code)) {
			m.Context = "hypothetical"
		}
	}
	sentenceRules(u, l)
}

// reviewOver: a five-star review tells a problem or a fear that is over
// ("I was sceptical going in, no regrets now", "we thought our older
// customers would hate it. Turns out ..."): none of the 35 five-star reviews
// in the development sets and the gate is struggle or anxiety, while their
// words gave one to 4 of them. Its struggle and anxiety mentions get the
// context "over" and count toward no score. So do those of a thank-you
// note (thanksNote).
func reviewOver(u *record.Utterance) {
	if !fiveStars(u.Text) {
		return
	}
	for i := range u.Mentions {
		if m := &u.Mentions[i]; QuietInFiveStars(m.Force) && m.Counts() {
			m.Context = "over"
		}
	}
}

// fearedWish: a progress word right after an anxiety word, in its clause or
// in the clause it governs, names what is feared or doubted, not what pulls:
// "I'm nervous about moving online", "я опасаюсь снова записываться
// онлайн", "не уверена, что хочу давать доступ", "ik twijfel of ik wil
// overstappen". A contrast or a new main clause in between ends the scope:
// "I'm nervous, but I want to switch" keeps its progress.
func fearedWish(u *record.Utterance, first, i int) bool {
	m := &u.Mentions[i]
	for k := i - 1; k >= first; k-- {
		o := &u.Mentions[k]
		if o.Sentence != m.Sentence || o.Force != record.Anxiety || o.Negated || o.End > m.Start {
			continue
		}
		return governs(u.Tokens, o.Span, m.Span)
	}
	return false
}

// governs: b follows a within 6 tokens, with nothing between them but words
// of the same clause, or a comma that opens a complement clause ("..., что",
// "..., dat", "..., that").
func governs(toks []record.Token, a, b record.Span) bool {
	j := record.TokenAt(toks, a.End)
	n := 0
	for ; j < len(toks) && toks[j].Start < b.Start; j++ {
		if n++; n > 6 {
			return false
		}
		norm := toks[j].Norm
		if norm == "," && j+1 < len(toks) && complementizers[toks[j+1].Norm] {
			continue
		}
		if breaksClause(norm) {
			return false
		}
	}
	return true
}

var complementizers = map[string]bool{
	"that": true, "whether": true, "if": true, "to": true,
	"dat": true, "of": true, "om": true,
	"что": true, "чтобы": true, "ли": true,
}

// lastTurn returns the byte offset of the last dash, semicolon or contrast
// word before sp in its sentence (0 when there is none): one starts a new
// statement, out of the scope of a fear before it. "Боюсь, что опять
// сломают — у нас тогда зеркало разбили, а компенсацию так и не выплатили"
// fears a breakage and reports a struggle.
func lastTurn(toks []record.Token, sp record.Span) int {
	k := record.TokenAt(toks, sp.Start)
	if k >= len(toks) {
		return 0
	}
	s := toks[k].Sentence
	for j := k - 1; j >= 0 && toks[j].Sentence == s; j-- {
		if turns[toks[j].Norm] {
			return toks[j].Start
		}
	}
	return 0
}

var turns = map[string]bool{
	"—": true, "–": true, ";": true, "but": true, "however": true, "maar": true, "alleen": true,
	"но": true, "однако": true, "зато": true,
}

// declined: a progress word names the better thing the customer turns
// down, not a pull: in a concessive clause of a sentence that states a
// habit ("I'll stay with my garage, even though you're cheaper", "ik blijf
// daar gewoon, ook al zijn jullie goedkoper"), or as the subject of a
// good-enough refusal in its own clause ("die automatische incasso hoeft
// voor ons niet", "the new app isn't for me").
func declined(u *record.Utterance, first, i int) bool {
	m := &u.Mentions[i]
	if concededAdvantage(u.Tokens, m.Span) {
		return true
	}
	conceded := concessive(u.Tokens, m.Span)
	// The mentions are in text order: those of m's sentence start at first.
	for k := first; k < len(u.Mentions) && u.Mentions[k].Sentence == m.Sentence; k++ {
		o := &u.Mentions[k]
		if k == i || o.Force != record.Habit || o.Negated {
			continue
		}
		if conceded && (o.End <= m.Start || !sameClause(u.Tokens, m.Span, o.Span)) {
			return true
		}
		if o.SubForce == "habit/good-enough" && o.Start >= m.End && sameClause(u.Tokens, m.Span, o.Span) {
			return true
		}
	}
	return false
}

// concededAdvantage: a better thing stated as a fact and then set aside by
// a contrast ("Online is 't wel honderd euro goedkoper, maar als er dan
// iets kapotgaat ...", "Met de sloep ben je sneller, maar ...", "Sure,
// you're cheaper, but ...") is what the customer weighs against, not a
// pull: a comparative alone as the mention, a copula before it in its
// clause, and the clause ending at a comma and a contrast word. "Het moet
// sneller, maar ..." has no copula; "It's what I want, but ..." no
// comparative.
func concededAdvantage(toks []record.Token, sp record.Span) bool {
	k := record.TokenAt(toks, sp.Start)
	if k >= len(toks) || toks[k].End != sp.End || !comparative(toks[k].Norm) {
		return false
	}
	s := toks[k].Sentence
	copula := false
	for j := k - 1; j >= 0 && toks[j].Sentence == s && !breaksClause(toks[j].Norm); j-- {
		if copulas[toks[j].Norm] {
			copula = true
			break
		}
	}
	if !copula {
		return false
	}
	for j := record.TokenAt(toks, sp.End); j+1 < len(toks) && toks[j].Sentence == s; j++ {
		if breaksClause(toks[j].Norm) {
			return toks[j].Norm == "," && contrasts[toks[j+1].Norm] && toks[j+1].Sentence == s
		}
	}
	return false
}

// comparative: a word in the form of a comparative (cheaper, goedkoper,
// beter, дешевле, быстрее).
func comparative(w string) bool {
	return strings.HasSuffix(w, "er") || strings.HasSuffix(w, "ее") || strings.HasSuffix(w, "ше")
}

var (
	copulas   = setOf("is", "zijn", "ben", "bent", "was", "waren", "are", "'re", "'s", "were", "будет", "был", "была", "было", "были")
	contrasts = setOf("maar", "but", "но", "однако")
)

// concessive: the clause holding sp opens with a concession ("although",
// "even though", "hoewel", "ook al", "хотя", "даже если").
func concessive(toks []record.Token, sp record.Span) bool {
	k := record.TokenAt(toks, sp.Start)
	if k >= len(toks) {
		return false
	}
	brk, first := clauseOpening(toks, k)
	if brk >= 0 && concessions[toks[brk].Norm] {
		return true
	}
	return first+1 < k && concessions2[[2]string{toks[first].Norm, toks[first+1].Norm}]
}

// evenIf: the clause holding sp opens with "even if", "zelfs als" or "даже
// если" (not "ook als", which is as often "even when": "ook als ik de app net
// nog open had").
func evenIf(toks []record.Token, sp record.Span) bool {
	k := record.TokenAt(toks, sp.Start)
	if k >= len(toks) {
		return false
	}
	_, first := clauseOpening(toks, k)
	return first+1 < k && evenIfs[[2]string{toks[first].Norm, toks[first+1].Norm}]
}

// clauseOpening returns, for token k, the token that breaks its clause
// before it (-1 at the sentence start) and the clause's first token.
func clauseOpening(toks []record.Token, k int) (brk, first int) {
	s := toks[k].Sentence
	for j := k - 1; j >= 0 && toks[j].Sentence == s; j-- {
		if breaksClause(toks[j].Norm) {
			return j, j + 1
		}
	}
	first = k
	for first > 0 && toks[first-1].Sentence == s {
		first--
	}
	return -1, first
}

var evenIfs = map[[2]string]bool{{"even", "if"}: true, {"zelfs", "als"}: true, {"даже", "если"}: true}

var concessions = map[string]bool{"although": true, "though": true, "hoewel": true, "хотя": true}

var concessions2 = map[[2]string]bool{
	{"even", "though"}: true, {"even", "if"}: true, {"ook", "al"}: true, {"zelfs", "als"}: true, {"даже", "если"}: true,
}

// irrealis: "would"/"zou"/"бы" earlier in the mention's clause puts a
// struggle word in an imagined world ("that would be a nightmare", "dat zou
// zonde zijn"): the customer fears or weighs it, but does not live it.
func irrealis(toks []record.Token, sp record.Span) bool {
	k := record.TokenAt(toks, sp.Start)
	if k >= len(toks) {
		return false
	}
	s := toks[k].Sentence
	for j := k - 1; j >= 0 && toks[j].Sentence == s && k-j <= 6; j-- {
		if breaksClause(toks[j].Norm) {
			return false
		}
		if irrealisWords[toks[j].Norm] {
			return true
		}
	}
	return false
}

var irrealisWords = map[string]bool{"would": true, "wouldn't": true, "zou": true, "zouden": true, "бы": true}

// sameClause: no clause break between the end of a and the start of b.
func sameClause(toks []record.Token, a, b record.Span) bool {
	for j := record.TokenAt(toks, a.End); j < len(toks) && toks[j].Start < b.Start; j++ {
		if breaksClause(toks[j].Norm) {
			return false
		}
	}
	return true
}

// releasing: a word of release stands between a and b (or starts b).
func releasing(toks []record.Token, a, b record.Span) bool {
	for j := record.TokenAt(toks, a.Start); j < len(toks) && toks[j].Start <= b.Start; j++ {
		if release[toks[j].Norm] {
			return true
		}
	}
	return false
}

var release = map[string]bool{
	"stop": true, "stops": true, "stopping": true, "without": true, "longer": true, "avoid": true, "never": true,
	"zonder": true, "meer": true, "hoeven": true, "hoef": true, "stoppen": true, "voorkomen": true, "nooit": true,
	"перестать": true, "без": true, "больше": true,
}

// conditionalQuestion: the mention sits in a sentence that ends with "?" and
// has a conditional word before the mention ("if", "als", "what if").
func conditionalQuestion(toks []record.Token, sp record.Span) bool {
	k := record.TokenAt(toks, sp.Start)
	if k >= len(toks) {
		return false
	}
	s := toks[k].Sentence
	cond := false
	for j := k - 1; j >= 0 && toks[j].Sentence == s; j-- {
		if conditionals[toks[j].Norm] {
			cond = true
			break
		}
	}
	if !cond {
		return false
	}
	last := k
	for last+1 < len(toks) && toks[last+1].Sentence == s {
		last++
	}
	return toks[last].Norm == "?" || toks[last].Norm == "?!"
}

var conditionals = map[string]bool{
	"if": true, "unless": true, "suppose": true, "supposing": true, "als": true, "indien": true,
	"mocht": true, "stel": true, "wanneer": true, "если": true, "вдруг": true,
}

// The sentence rules add mentions that come from the shape of a sentence,
// not from a lexicon entry; their term ids are "<lang>." + these.
const (
	IfQuestionEntry  = "anxiety.if-question"   // consequenceQuestion
	CanQuestionEntry = "progress.can-question" // capabilityQuestion
	BareNeedEntry    = "progress.bare-need"    // bareNeed
	ImperativeEntry  = "progress.imperative"   // Imperative
	WishClauseEntry  = "progress.wish-clause"  // wishClause
	IndignantEntry   = "struggle.indignant"    // indignant
	HearsayEntry     = "anxiety.hearsay"       // hearsay
)

// sentenceRules adds an anxiety mention to each consequence question and
// each hearsay tale, a progress mention to each capability question (or
// bare need, imperative, wish clause, wish contrary to fact: IfOnly), and a
// struggle mention to each indignant question, unless the sentence already
// has a mention of that force; then, for a survey answer, the force its
// question asks for (askedRule).
func sentenceRules(u *record.Utterance, l *lexicon.Lang) {
	toks := u.Tokens
	added := false
	// The mentions found so far are in text order, and those added here in
	// sentence order: each part is searched for the sentence's, so a long
	// utterance with many questions is not read through for each.
	n := len(u.Mentions)
	has := func(sent int, f record.Force) bool {
		return hasForce(u.Mentions[:n], sent, f) || hasForce(u.Mentions[n:], sent, f)
	}
	for start := 0; start < len(toks); {
		_, end := sentenceAt(toks, start)
		sent := toks[start].Sentence
		if cs, ce, ok := consequenceQuestion(toks[start:end]); ok && !has(sent, record.Anxiety) {
			u.Mentions = append(u.Mentions, sentenceMention(u, l, toks[start+cs:start+ce], record.Anxiety, IfQuestionEntry, "anxiety/uncertainty"))
			added = true
		}
		if cb, ce, ok := capabilityQuestion(toks[start:end]); ok && !has(sent, record.Progress) && !has(sent, lexicon.Neutral) {
			u.Mentions = append(u.Mentions, sentenceMention(u, l, toks[start+cb:start+ce], record.Progress, CanQuestionEntry, ""))
			added = true
		} else if nb, ok := bareNeed(toks[start:end]); ok && !has(sent, record.Progress) && !has(sent, lexicon.Neutral) {
			u.Mentions = append(u.Mentions, sentenceMention(u, l, toks[start+nb:start+nb+1], record.Progress, BareNeedEntry, ""))
			added = true
		} else if iv, ok := Imperative(toks[start:end], l.Code); ok && !has(sent, record.Progress) && !has(sent, lexicon.Neutral) {
			u.Mentions = append(u.Mentions, sentenceMention(u, l, toks[start+iv:start+iv+1], record.Progress, ImperativeEntry, ""))
			added = true
		} else if wc, ok := wishClause(toks[start:end], l.Code); ok && !has(sent, record.Progress) && !has(sent, lexicon.Neutral) {
			u.Mentions = append(u.Mentions, sentenceMention(u, l, toks[start+wc:start+wc+1], record.Progress, WishClauseEntry, ""))
			added = true
		} else if cs, _, ok := IfOnly(toks[start:end], l.Code); ok && !has(sent, record.Progress) && !has(sent, lexicon.Neutral) && !has(sent, record.Struggle) && !has(sent, record.Anxiety) {
			op := cs - 1 // the opener: "if", "als", "если бы"
			if l.Code == "ru" {
				op--
			}
			u.Mentions = append(u.Mentions, sentenceMention(u, l, toks[start+op:start+cs], record.Progress, IfOnlyEntry, ""))
			added = true
		}
		if he, ok := hearsay(toks[start:end]); ok && hearsayStruggle(u, n, toks[start+he:end]) && !has(sent, record.Anxiety) {
			u.Mentions = append(u.Mentions, sentenceMention(u, l, toks[start:start+he], record.Anxiety, HearsayEntry, ""))
			added = true
		}
		if indignant(toks[start:end]) && !has(sent, record.Struggle) {
			u.Mentions = append(u.Mentions, sentenceMention(u, l, toks[end-1:end], record.Struggle, IndignantEntry, ""))
			added = true
		}
		start = end
	}
	if u.Asked != "" && askedRule(u, l) {
		added = true
	}
	if added {
		sort.SliceStable(u.Mentions, func(i, j int) bool { return u.Mentions[i].Start < u.Mentions[j].Start })
	}
}

// hearsay: a sentence that opens with what happened to someone the customer
// knows ("Our neighbour at number 14 was made to take out a uPVC door", "У
// соседки через такое приложение всю пенсию списали", "Mijn buurman kreeg
// een rijtest opgelegd") is a cautionary tale: told as the reason for a
// fear, not a problem the customer has. In the development sets 29 of the
// 43 customer turns with such a sentence carry anxiety, 6 struggle alone.
// It returns the end of the opener, which starts the sentence. The struggle
// model's quote of a tale is checked in modelMention.
func hearsay(s []record.Token) (int, bool) {
	i := 0
	for i < len(s) && (leadInWord(s[i].Norm) || leadIn[s[i].Norm]) {
		i++
	}
	if i < len(s) && s[i].Norm == "у" {
		i++ // "У соседки ..."
	}
	if i < len(s) && hearsayOwn[s[i].Norm] {
		i++ // "my", "mijn", "een"
	}
	if i < len(s) && hearsayWho[s[i].Norm] {
		return i + 1, true
	}
	return 0, false
}

// toldPast reports whether s holds a verb in the past: a tale is told in
// it ("was made to", "kreeg", "is ... kwijtgeraakt", "списали"), while
// neighbours who cause the customer's trouble do it now ("Onze buren hebben
// twee honden die urenlang blaffen"). The struggle model's hearsay needs it
// (it quotes a whole sentence and knows no struggle word); a lexicon
// struggle word in the tale is evidence enough.
func toldPast(s []record.Token) bool {
	for _, t := range s {
		if pastWord(t.Norm) {
			return true
		}
	}
	return false
}

// pastWord reports whether w is a verb in the past: a past tense or a
// participle.
func pastWord(w string) bool {
	switch {
	case pastWords[w]:
		return true
	case len(w) > 4 && strings.HasSuffix(w, "ed") && w != "need" && w != "feed" && w != "speed":
		return true // English regular past
	case len(w) > 5 && strings.HasPrefix(w, "ge") && (strings.HasSuffix(w, "d") || strings.HasSuffix(w, "t")):
		return true // Dutch participle; strong ones in -en are in pastWords
	case strings.HasSuffix(w, "ло") || strings.HasSuffix(w, "ли") || strings.HasSuffix(w, "ла") || strings.HasSuffix(w, "лся") || strings.HasSuffix(w, "лась"):
		return len(w) > 6 // Russian past
	}
	return false
}

var pastWords = setOf("was", "were", "had", "got", "lost", "went", "paid", "did", "made", "took", "gave", "sold", "bought", "found",
	"kreeg", "kregen", "werd", "werden", "ging", "gingen", "moest", "moesten", "hadden", "waren", "gekregen",
	"kwijtgeraakt", "verloren", "betaald", "gezegd")

// hearsayStruggle marks the struggle mentions found by the lexicon
// (u.Mentions[:n]) in the rest of a hearsay sentence, rest, with the context
// "hearsay", up to the first word of the customer's own ("... and every time
// we were over there I'd come home and our room felt sad" is the customer's
// struggle again). It reports whether it marked one.
func hearsayStruggle(u *record.Utterance, n int, rest []record.Token) bool {
	if len(rest) == 0 {
		return false
	}
	until := rest[len(rest)-1].End
	if k := firstOwn(rest); k < len(rest) {
		until = rest[k].Start
	}
	found := false
	for i := range u.Mentions[:n] {
		m := &u.Mentions[i]
		if m.Sentence == rest[0].Sentence && m.Start >= rest[0].Start && m.End <= until && m.Force == record.Struggle && m.Counts() {
			m.Context = "hearsay"
			found = true
		}
	}
	return found
}

// firstOwn returns the index of the first word of the customer's own in
// toks (ownWord), or len(toks).
func firstOwn(toks []record.Token) int {
	for k, t := range toks {
		if ownWord[t.Norm] {
			return k
		}
	}
	return len(toks)
}

// ownWord: the customer's own words for themselves and theirs.
var ownWord = setOf("i", "we", "my", "our", "me", "us", "ik", "wij", "mijn", "m'n", "ons", "onze", "mij",
	"я", "мы", "мне", "нам", "мой", "моя", "моё", "наш", "наша", "наше", "меня", "нас")

var (
	hearsayOwn = setOf("my", "our", "a", "mijn", "m'n", "onze", "een")
	hearsayWho = setOf(
		"neighbour", "neighbor", "neighbours", "neighbors", "friend", "friends", "brother", "sister", "cousin", "colleague",
		"buddy", "mate", "brother-in-law", "sister-in-law", "son-in-law", "daughter-in-law", "father-in-law", "mother-in-law",
		"buurman", "buurvrouw", "buren", "zwager", "schoonzus", "vriend", "vriendin", "collega", "kennis", "broer", "zus",
		"соседки", "соседке", "соседка", "соседа", "соседу", "сосед", "знакомого", "знакомому", "знакомый", "подруги",
		"подруге", "подруга", "брата", "брату", "брат", "сестры", "сестре", "сестра", "друга", "другу", "друг", "коллеги", "коллеге")
)

func sentenceMention(u *record.Utterance, l *lexicon.Lang, span []record.Token, f record.Force, entry, sub string) record.Mention {
	sent := span[0].Sentence
	return record.Mention{
		Span:      record.Span{Start: span[0].Start, End: span[len(span)-1].End},
		Entry:     l.Code + "." + entry,
		Force:     f,
		Weight:    1,
		Intensity: 1,
		Sentence:  sent,
		Job:       -1,
		SubForce:  sub,
		Phase:     PhaseOf(u, sent),
	}
}

func hasForce(ms []record.Mention, sentence int, f record.Force) bool {
	// ms is in sentence order.
	for i := sort.Search(len(ms), func(i int) bool { return ms[i].Sentence >= sentence }); i < len(ms) && ms[i].Sentence == sentence; i++ {
		if m := &ms[i]; m.Force == f && !m.Negated {
			return true
		}
	}
	return false
}

// capabilityQuestion: a question that opens by asking whether something can
// be done ("Kan ik ergens mijn ritten downloaden?", "Could you send a new
// copy?", "Is het mogelijk om ...?", "Можно ли ...?") states a job the
// customer wants done; so does one whose last clause opens so ("We're away
// in August, can you stop the paper?"). Asking leave to ask ("Mag ik een
// vraag stellen?", "Can I ask something?") or asking to be told ("Can you
// tell me when ...?") does not, nor a sentence a neutral entry already
// claimed. It returns the span of the opener, with a lead-in before it.
func capabilityQuestion(s []record.Token) (begin, end int, ok bool) {
	if len(s) < 4 {
		return 0, 0, false
	}
	if last := s[len(s)-1].Norm; last != "?" && last != "?!" {
		return 0, 0, false
	}
	i := 0
	if leadIn[s[0].Norm] {
		i = 1
	} else if politeLeadIn[s[0].Norm] {
		// "Подскажите, можно ли ...?", "Hallo, kan ik ...?"
		i = 1
		if s[1].Norm == "," {
			i = 2
		}
	}
	w := 0 // the words asking when: "wanneer", "hoe snel"
	switch {
	case askWhen[s[i].Norm]:
		w = 1
	case i+1 < len(s) && (s[i].Norm == "hoe" || s[i].Norm == "how") && askHowSoon[s[i+1].Norm]:
		w = 2
	}
	if n := opener(s, i+w); w > 0 && n > 0 && !firstPersonSubject[s[i+w+n-1].Norm] {
		// "Wanneer kan er iemand langskomen?", "Hoe snel kan er iemand
		// komen?": when, asked of someone, not a condition; "When can I
		// expect ...?" asks for information.
		i += w
	}
	op := 0
	if op = opener(s, i); op > 0 {
		end = i + op
	} else if !conditional[s[i].Norm] {
		// After a condition ("Als jullie gaan spuiten, kan dat geen
		// kwaad?") the question weighs a consequence, not a request.
		for k := i; k+1 < len(s); k++ {
			// A comma, or a full stop left inside the sentence (chat with a
			// lowercase word after it: "будет с 10 до 14. а можно к 9?").
			// A colon after a lead ("Vraagje: kunnen jullie ...?", "Quick
			// question: can you ...?") opens the question as a comma does.
			if s[k].Norm == "," || s[k].Norm == ":" || s[k].Norm == "." && s[k+1].Word {
				b := k + 1
				if leadIn[s[b].Norm] {
					b++ // "..., en kunnen we daar schaatsen huren?"
				}
				if op = opener(s, b); op > 0 {
					begin, end = b, b+op
					break
				}
			}
		}
	}
	if end == 0 {
		return 0, 0, false
	}
	for _, t := range s[end:] {
		if askingToAsk[t.Norm] && !(askVerb[t.Norm] && otherSubject[s[end-1].Norm]) {
			return 0, 0, false
		}
	}
	if offerOpener[s[end-op].Norm] && !hasDutchInfinitive(s[end:]) {
		return 0, 0, false // "Wilt u nog een kopje koffie?" offers
	}
	if end < len(s) && (s[end-1].Norm == "het" || s[end-1].Norm == "'t" || s[end-1].Norm == "t") && (speculates[s[end].Norm] || hasNorm(s[end:], "alleen")) {
		// "Kan het kwaad?", "Kan het zijn dat ...?", "Kan het nu alleen nog
		// via de webshop?" ask what is, not for something to be done
		return 0, 0, false
	}
	return begin, end, true
}

// conditional opens a sentence with a condition.
var conditional = map[string]bool{"als": true, "indien": true, "mocht": true, "wanneer": true, "if": true, "when": true, "если": true, "когда": true}

// speculates: after "kan het", a question about what is, not a request
// ("Kan het zijn dat ...?", "Kan het kwaad?", "Kan het kloppen dat ...?").
var speculates = map[string]bool{"zijn": true, "kwaad": true, "kloppen": true, "dat": true, "gebeuren": true, "waar": true}

func hasNorm(s []record.Token, n string) bool {
	for _, t := range s {
		if t.Norm == n {
			return true
		}
	}
	return false
}

// askWhen: "when" before a capability opener asks for a time ("When can
// someone come out?"); before a subject it opens a condition.
var (
	askWhen    = map[string]bool{"wanneer": true, "when": true, "когда": true}
	askHowSoon = map[string]bool{"snel": true, "gauw": true, "soon": true, "quickly": true}
)

var firstPersonSubject = map[string]bool{"ik": true, "we": true, "i": true, "я": true, "мы": true}

// opener returns the length of the capability opener at s[i:], or 0.
func opener(s []record.Token, i int) int {
	for _, op := range capabilityOpeners {
		if i+len(op) > len(s) {
			continue
		}
		ok := true
		for k, w := range op {
			if s[i+k].Norm != w {
				ok = false
				break
			}
		}
		if ok {
			return len(op)
		}
	}
	return 0
}

// offerOpener: "wilt u", "willen jullie" ask for something to be done only
// with a verb to do ("Wilt u mij terugbellen?"); without one they offer.
var offerOpener = map[string]bool{"wilt": true, "willen": true}

// hasDutchInfinitive reports whether s holds a verb to do (lexicon.VerbToDo).
func hasDutchInfinitive(s []record.Token) bool {
	for _, t := range s {
		if t.Word && lexicon.VerbToDo(t.Norm) {
			return true
		}
	}
	return false
}

// politeLeadIn opens a question politely, with a comma after it or not.
var politeLeadIn = map[string]bool{
	"подскажите": true, "скажите": true, "пожалуйста": true, "здравствуйте": true,
	"hallo": true, "hoi": true, "alstublieft": true, "hi": true, "hello": true, "please": true,
}

// indignant: a sentence that ends in doubled question marks or "?!"
// ("the same book as march??", "Hallo??", "nepplanten?!") is a customer's
// indignation: 15 of the 16 customer turns with one in the development sets
// carry struggle. A sentence with words before the marks only: "??" alone
// may be a lost message.
func indignant(s []record.Token) bool {
	if len(s) < 2 || !s[len(s)-2].Word {
		return false
	}
	switch s[len(s)-1].Norm {
	case "??", "???", "?!", "!?", "?!?", "??!", "?!!":
		return true
	}
	return false
}

// bareNeed: a chat request that opens with the need itself, its subject
// dropped ("need a 33 seater for the lads sat 7th", "hi, need help with the
// invoice", "здрасьте. ямобур нужен на субботу" does not: the need is not
// the opener; "Нужна входная дверь, проём 880 на 2050"). Only as the
// sentence's first word after a greeting: inside a sentence "need" has a
// subject of its own ("they need a new one", "фото нужны на выпускной").
// It returns the index of the need word.
func bareNeed(s []record.Token) (int, bool) {
	i := 0
	for i < len(s) && leadInWord(s[i].Norm) {
		i++
	}
	// "Need to ..." is left to the need-to entries ("Need to know when it
	// arrives" asks to be told).
	if i+1 >= len(s) || !bareNeedWords[s[i].Norm] || !s[i+1].Word || s[i+1].Norm == "to" {
		return 0, false
	}
	return i, true
}

// wishClause: a Russian sentence that is a чтобы-clause alone, its verb in
// the past form of the subjunctive, says the state wished for, as a survey
// answer or a chat line does ("Чтобы диспетчер перезванивал за полчаса до
// приезда", "Чтоб договор мне объяснили по-человечески", "Чтобы день
// отправки можно было выбрать самой"). With an infinitive the clause is a
// fronted purpose ("Чтобы оформить пенсию, нужно ..."), and a wish verb
// before it ("Хочу, чтобы ...") is the lexicon's. Dutch: dutchWishClause.
// It returns the index of чтобы or dat.
func wishClause(s []record.Token, lang string) (int, bool) {
	if lang != "ru" && lang != "nl" {
		return 0, false
	}
	i := 0
	for i < len(s) && (leadInWord(s[i].Norm) || leadIn[s[i].Norm]) {
		i++
	}
	if lang == "nl" {
		return dutchWishClause(s, i)
	}
	if i >= len(s) || s[i].Norm != "чтобы" && s[i].Norm != "чтоб" {
		return 0, false
	}
	for _, t := range s[i+1:] {
		if !t.Word {
			if t.Norm == "," || t.Norm == ":" || t.Norm == ";" {
				return 0, false // the clause ends before its verb shows
			}
			continue
		}
		if pastForm(t.Norm) {
			return i, true
		}
	}
	return 0, false
}

// dutchWishClause: the Dutch has no subjunctive to tell a wish; a
// dat-clause with its subject, standing alone as the answer to a survey's
// what-to-improve, says the state wished for ("Dat ik zelf kan zien wanneer
// m'n certificaten verlopen", "En dat er eens iemand van de bond komt").
// "Dat is ..." opens with a verb and is a demonstrative; with a negation in
// its own clause it mostly tells the problem ("Dat je nu niks krijgt als
// ..."). Its subject may be anyone ("Dat ze gewoon bij je thuis komen",
// "Dat de prijzen in de app hetzelfde zijn als in de winkel"), but not
// "het": "Dat het dan officieel wordt" is a fear.
func dutchWishClause(s []record.Token, i int) (int, bool) {
	if i+1 >= len(s) || s[i].Norm != "dat" || !datSubject[s[i+1].Norm] {
		return 0, false
	}
	for _, t := range s[i+2:] {
		if t.Norm == "," || lexicon.Boundary(t.Norm) {
			break // the negation of a later clause is not the wish's ("..., want ik durf niet")
		}
		if dutchNegator[t.Norm] {
			return 0, false
		}
	}
	return i, true
}

var (
	datSubject   = setOf("ik", "we", "wij", "jullie", "u", "er", "iemand", "men", "je", "mijn", "m'n", "onze", "ons", "ze", "zij", "hij", "de")
	dutchNegator = setOf("niet", "geen", "niks", "niets", "nooit", "nergens", "niemand")
)

// pastForm: a Russian word in the form of a past-tense verb (-л, -ла, -ло,
// -ли, and their reflexives), the subjunctive's form after чтобы.
func pastForm(w string) bool {
	for _, end := range []string{"л", "ла", "ло", "ли", "лся", "лась", "лось", "лись"} {
		if strings.HasSuffix(w, end) && len(w) > len(end)+2 {
			return true
		}
	}
	return false
}

// Imperative finds a request in the imperative that opens sentence s, after
// at most openers: a verb of asking something done, then its object ("Text
// us the morning of the visit", "Transfer my share to my son", "Stuur me de
// plattegrond"). It returns the verb's index. The object must follow at once:
// "Change is hard" and "Update: it works now" name things, not requests.
func Imperative(s []record.Token, lang string) (int, bool) {
	verbs := imperativeVerbs[lang]
	if verbs == nil {
		return 0, false
	}
	i := 0
	for i < len(s) && (leadInWord(s[i].Norm) || leadIn[s[i].Norm]) {
		i++
	}
	if i+1 >= len(s) || !verbs[s[i].Norm] || ObjectAt(s, i+1) < 0 {
		return 0, false
	}
	if lang == "nl" && Consents(s[i+1:]) || GivesContact(s) {
		return 0, false
	}
	return i, true
}

// GivesContact reports whether sentence s gives an e-mail address or a phone
// number, raw or redacted ("Bel me op [PHONE] of mail [EMAIL]"): contact
// details, not a request for something new.
func GivesContact(s []record.Token) bool {
	for k := range s {
		n := s[k].Norm
		if strings.IndexByte(n, '@') >= 0 || k > 0 && s[k-1].Norm == "[" && (n == "email" || n == "phone") {
			return true
		}
		digits := 0
		for i := 0; i < len(n); i++ {
			if n[i] >= '0' && n[i] <= '9' {
				digits++
			}
		}
		if digits >= 6 {
			return true
		}
	}
	return false
}

// Consents reports whether a Dutch imperative's clause s holds "maar" as its
// particle of consent, within its first words: "Zet die optie maar", "zet
// me er dan maar voor op" accept an offer, they ask for nothing new.
func Consents(s []record.Token) bool {
	for k := 0; k < len(s) && k < 5; k++ {
		if s[k].Norm == "maar" {
			return true
		}
		if lexicon.Boundary(s[k].Norm) {
			return false
		}
	}
	return false
}

// imperativeVerbs: verbs a customer asks the company with, in the form
// their imperative takes. Not "let" ("Let me know"), "keep" ("Keep me
// posted"), "find" ("Find attached"), "see" or "note": boilerplate.
var imperativeVerbs = map[string]map[string]bool{
	"en": setOf("send", "resend", "text", "email", "e-mail", "call", "ring", "phone", "cancel", "refund", "transfer",
		"update", "change", "remove", "add", "move", "book", "rebook", "reschedule", "fix", "repair", "replace", "swap",
		"switch", "upgrade", "downgrade", "extend", "pause", "freeze", "renew", "reissue", "correct", "credit", "waive",
		"forward", "deliver", "ship", "return", "reset", "unlock", "unblock", "delete", "close", "stop", "give", "put",
		"sort", "check", "reprint", "repost", "post", "split", "merge", "issue", "arrange"),
	"nl": setOf("stuur", "verstuur", "mail", "bel", "annuleer", "stort", "zet", "verwijder", "regel", "corrigeer",
		"wijzig", "verzet", "verleng", "stop", "geef", "vervang", "repareer", "lever", "breng", "haal", "blokkeer",
		"deblokkeer", "activeer", "verplaats", "crediteer", "herstel"),
}

func setOf(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// ObjectStarts reports whether word n can open an imperative's object: a
// determiner, possessive or object pronoun ("send me", "cancel my", "stuur
// ons de").
func ObjectStarts(n string) bool { return objectStarters[n] }

// ObjectAt returns the index of the imperative's object at s[i], or after
// one adverb there ("Stuur voortaan een plattegrond", "Send back the
// form"), or -1.
func ObjectAt(s []record.Token, i int) int {
	if i < len(s) && imperativeAdverbs[s[i].Norm] {
		i++
	}
	if i < len(s) && ObjectStarts(s[i].Norm) {
		return i
	}
	return -1
}

var imperativeAdverbs = setOf("voortaan", "even", "gewoon", "ook", "nog", "svp", "back", "also", "over")

var objectStarters = setOf(
	"me", "us", "my", "our", "the", "a", "an", "it", "this", "that", "these", "those", "them", "all", "both", "his", "her", "their",
	"mij", "ons", "onze", "mijn", "m'n", "de", "het", "'t", "een", "die", "dat", "deze", "alle", "hem", "haar", "hun",
)

// leadInWord: a word a chat sentence may start with before what it says: a
// greeting, a polite lead-in, a comma.
func leadInWord(n string) bool { return politeLeadIn[n] || chatOpeners[n] || n == "," }

// OpensSentence reports whether token i opens its sentence, after at most
// openers and a joining word ("Hi, need ...", "Добрый день. Нужна ...", "И
// пересчитайте ..."): where a chat request states its need with the subject
// left out (lexicon.Cue.At).
func OpensSentence(toks []record.Token, i int) bool {
	for k := i - 1; k >= 0 && toks[k].Sentence == toks[i].Sentence; k-- {
		if !leadInWord(toks[k].Norm) && !leadIn[toks[k].Norm] {
			return false
		}
	}
	return true
}

var bareNeedWords = map[string]bool{"need": true, "нужен": true, "нужна": true, "нужны": true}

var chatOpeners = map[string]bool{
	"hey": true, "hiya": true, "ok": true, "okay": true, "alright": true, "right": true, "morning": true, "mate": true, "guys": true,
	"здрасьте": true, "привет": true, "добрый": true, "день": true, "вечер": true,
}

var leadIn = map[string]bool{"en": true, "maar": true, "dus": true, "ook": true, "of": true, "and": true, "but": true, "so": true, "also": true, "or": true, "а": true, "и": true, "также": true, "или": true}

// capabilityOpeners are matched on lowercase forms, longest first where one
// is a prefix of another.
var capabilityOpeners = [][]string{
	{"kan", "ik"}, {"kun", "ik"}, {"kan", "je"}, {"kun", "je"}, {"kunnen", "jullie"}, {"kunt", "u"}, {"kunnen", "we"},
	{"kan", "dat"}, {"mag", "ik"}, {"is", "het", "mogelijk"}, {"zou", "ik"}, {"zouden", "jullie"}, {"zou", "u"},
	{"wilt", "u"}, {"willen", "jullie"},
	{"can", "i"}, {"can", "you"}, {"can", "we"}, {"could", "i"}, {"could", "you"}, {"could", "we"}, {"is", "there", "a", "way"},
	{"can", "someone"}, {"could", "someone"}, {"can", "somebody"}, {"could", "somebody"}, {"kan", "er", "iemand"}, {"kan", "iemand"},
	{"kan", "m'n"}, {"kan", "mijn"}, {"kunnen", "m'n"}, {"kunnen", "mijn"},
	// Asked for someone else: "Kunnen ze samen één kluis huren?", "Mag mijn
	// vrouw de bestelling ophalen?"
	{"kunnen", "ze"}, {"kan", "ze"}, {"mag", "mijn"}, {"mag", "m'n"}, {"mogen", "ze"},
	{"can", "my"}, {"could", "my"},
	// Asked of a thing, often in the passive: "Kan de afspraak verplaatst
	// worden?", "Can the deadline be moved?"
	{"kan", "de"}, {"kan", "die"}, {"kan", "deze"}, {"kunnen", "de"}, {"kunnen", "die"},
	{"can", "the"}, {"could", "the"}, {"can", "this"}, {"could", "this"}, {"can", "a"}, {"could", "a"},
	{"could", "n't"}, {"ca", "n't"}, {"would", "n't"}, {"wo", "n't"},
	{"kan", "het"}, {"kan", "'t"}, {"kan", "t"},
	{"is", "it", "possible"}, {"would", "it", "be", "possible"},
	{"можно", "ли"}, {"можно"}, {"могу", "ли"}, {"можете", "ли"}, {"нельзя", "ли"}, {"могли", "бы"},
	{"можете"}, {"сможете"},
	// "Когда может приехать мастер?": "может" alone is also "maybe".
	{"может", "приехать"}, {"может", "подъехать"}, {"может", "прийти"}, {"может", "зайти"},
}

// askingToAsk words make a capability question a request for leave to ask.
var askingToAsk = map[string]bool{
	"vraag": true, "vraagje": true, "vragen": true, "stellen": true, "ask": true, "question": true, "questions": true,
	"спросить": true, "вопрос": true, "уточнить": true,
	// Asking to be told something is a request for information, which the
	// neutral lexicons keep out of the counts too ("Can you tell me when ...").
	"know": true, "tell": true, "weten": true, "vertellen": true, "узнать": true, "сказать": true, "подсказать": true,
}

// askVerb: the verbs of askingToAsk. Asked of someone else ("Kunnen jullie
// de handtekening per sms vragen?", "Could you ask the driver to ring?")
// they request a thing done, not leave to ask.
var askVerb = map[string]bool{"vragen": true, "ask": true, "спросить": true}

// otherSubject: the addressee, or another person, as the subject that ends
// a capability opener ("kunnen jullie", "could you", "можете ли вы").
var otherSubject = map[string]bool{
	"jullie": true, "u": true, "je": true, "jij": true, "ze": true, "zij": true,
	"you": true, "they": true, "вы": true, "ты": true, "они": true,
}

// consequenceQuestion: a question that asks what will happen to the customer
// if they act ("If I cancel, do I lose my points?", "Als ik overstap, moet
// ik dan opnieuw betalen?", "А если я перейду, я не останусь без связи?")
// voices an anxiety: a condition with the customer as subject, and a main
// clause that is not a how/where/when/can question (those ask for
// information or permission).
// consequenceQuestion finds, in one sentence, the condition cue and its
// first-person subject ("if I", "als we", "если я"); it returns their token
// range.
func consequenceQuestion(s []record.Token) (cs, ce int, ok bool) {
	if len(s) < 4 {
		return 0, 0, false
	}
	if last := s[len(s)-1].Norm; last != "?" && last != "?!" {
		return 0, 0, false
	}
	cs = -1
	for i := 0; i+1 < len(s); i++ {
		if !conditionals[s[i].Norm] || s[i].Norm == "wanneer" {
			continue
		}
		for j := i + 1; j < len(s) && j <= i+2; j++ {
			if firstPerson[s[j].Norm] {
				cs, ce = i, j+1
				break
			}
		}
		if cs >= 0 {
			break
		}
	}
	if cs < 0 {
		return 0, 0, false
	}
	// The main clause: the sentence start when the condition comes later,
	// else the words after the condition's comma.
	main := 0
	if cs <= 1 {
		main = -1
		for j := ce; j < len(s); j++ {
			if s[j].Norm == "," {
				main = j + 1
				break
			}
		}
		if main < 0 || main >= len(s) {
			return 0, 0, false
		}
	}
	for j := main; j < len(s) && j < main+2; j++ {
		if infoQuestion[s[j].Norm] && !(j+1 < len(s) && fearfulWhat[s[j+1].Norm]) {
			return 0, 0, false
		}
	}
	return cs, ce, true
}

// fearfulWhat after "what"/"wat" asks about a consequence, not for
// information: "what happens to my data", "what stops it from", "wat gebeurt
// er met".
var fearfulWhat = map[string]bool{
	"happens": true, "happened": true, "stops": true, "prevents": true, "guarantees": true, "protects": true,
	"gebeurt": true, "gebeurde": true, "garandeert": true, "voorkomt": true,
	"будет": true, "случится": true, "гарантирует": true,
}

var firstPerson = map[string]bool{
	"i": true, "we": true, "ik": true, "wij": true, "я": true, "мы": true,
}

// infoQuestion words open a question that asks how, where, when, or for
// permission: not a fear of consequences.
var infoQuestion = map[string]bool{
	"how": true, "where": true, "when": true, "which": true, "what": true, "who": true, "can": true, "could": true, "may": true,
	"hoe": true, "waar": true, "wanneer": true, "welke": true, "wat": true, "wie": true, "kan": true, "kun": true, "kunnen": true,
	"mag": true, "kunt": true,
	"как": true, "где": true, "когда": true, "какой": true, "какие": true, "что": true, "кто": true, "можно": true, "могу": true,
}
