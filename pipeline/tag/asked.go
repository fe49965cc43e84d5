package tag

import (
	"strings"

	"jobminer/lexicon"
	"jobminer/pipeline/record"
)

// The survey rules' term ids are "<lang>." + these (askedRule).
const (
	AskedWishEntry    = "progress.asked-wish"
	AskedConcernEntry = "anxiety.asked-concern"
)

// askedRule: a survey answer takes its force from the question above it
// (record.Utterance.Asked), which normalisation took off the text. Asked
// what could be better, the customer's first words are the wish ("Welke
// dienst mist u nog? — Ophalen en terugbrengen.", "Anything we could have
// done better? — A text when the bags are dropped."); asked what worries
// them, the fear ("Wat zijn uw zorgen? — Dat ze daar eenzaam is"). The
// answer's first sentence (after a bare "Yes") gets that force unless the
// answer already has it, denies in its first words ("No, it was
// straightforward", "Probably not much", "Всё отлично"), or, for a wish,
// tells something else there: a struggle, a habit or a fear ("we'll
// probably just go back to the inflatable one in the shed"), or what
// happened ("We found out about the $120 permit fee from the inspector").
//
// In the development sets 18 of the 25 customer answers to such a wish
// question are progress (the other 7 deny or tell a problem) and all 7
// answers to a concern question are anxiety.
func askedRule(u *record.Utterance, l *lexicon.Lang) bool {
	f := askedFor(u.Asked)
	if f == "" || hasCounted(u.Mentions, f) {
		return false
	}
	toks := u.Tokens
	start, end := sentenceAt(toks, 0)
	if end-start <= 2 && end > start && answerYes[toks[start].Norm] {
		start, end = sentenceAt(toks, end)
	}
	first := -1
	for i := start; i < end; i++ {
		if toks[i].Word {
			first = i
			break
		}
	}
	if first < 0 || answerNo[toks[first].Norm] {
		return false
	}
	sent := toks[first].Sentence
	if ns := l.Negators.FindAll(nil, toks[first:end]); len(ns) > 0 && ns[0].Start < 3 {
		return false // "Probably not much", "Not really"
	}
	if f == record.Progress && toldNow(toks[first:end]) {
		return false // a problem told: "We found out about the fee from the inspector"
	}
	if f == record.Progress {
		for i := range u.Mentions {
			if m := &u.Mentions[i]; m.Sentence == sent && m.Force != record.Progress && m.Force != lexicon.Neutral && m.Counts() {
				return false // a problem, a habit or a fear told instead
			}
		}
	}
	last := end - 1
	for last > first && !toks[last].Word {
		last--
	}
	entry := AskedWishEntry
	if f == record.Anxiety {
		entry = AskedConcernEntry
	}
	u.Mentions = append(u.Mentions, sentenceMention(u, l, toks[first:last+1], f, entry, ""))
	return true
}

// toldNow reports whether s tells what happened or what is the case now,
// a problem rather than a wish: a verb in the past other than a passive
// participle ("A text when the bags are dropped" is a wish), or "now" ("Dat
// je nu niks krijgt als je na de bevalling thuiszit").
func toldNow(s []record.Token) bool {
	for i, t := range s {
		if nowWords[t.Norm] || pastWord(t.Norm) && (i == 0 || !passiveAux[s[i-1].Norm]) {
			return true
		}
	}
	return false
}

// sentenceAt returns the token range [i, end) of the sentence that starts
// at token i (sentenceRules, askedRule and inIfOnly walk sentences with it).
func sentenceAt(toks []record.Token, i int) (int, int) {
	end := i
	for end < len(toks) && toks[end].Sentence == toks[i].Sentence {
		end++
	}
	return i, end
}

// hasCounted reports whether a mention of ms that counts gives force f.
func hasCounted(ms []record.Mention, f record.Force) bool {
	for i := range ms {
		if ms[i].Force == f && ms[i].Counts() {
			return true
		}
	}
	return false
}

// askedFor returns the force a survey question asks the customer for:
// progress when it asks what could be better, added or changed, anxiety
// when it asks about worries; "" otherwise. A question about what stopped
// or would stop the customer is left alone: its answers are fears, habits
// and problems alike; so is "what would make you ...": "book again" asks
// for a wish, "leave" or "choose lithium" for a fear.
func askedFor(q string) record.Force {
	if q == "" {
		return ""
	}
	q = strings.ToLower(q)
	for _, w := range askedConcern {
		if strings.Contains(q, w) {
			return record.Anxiety
		}
	}
	for _, w := range askedWish {
		if strings.Contains(q, w) {
			return record.Progress
		}
	}
	return ""
}

var (
	askedWish = []string{
		"better", "improv", "change", " add", "would you like", "missing", "wish", "suggest", "feature", "easier",
		"beter", "verbeter", "verander", " mist ", "missen", "toevoeg", "suggestie", "makkelijker", "wens",
		"улучш", "измени", "добав", "предлож", "не хватает", "пожелан", "хотели бы", "бы вы хотели",
	}
	askedConcern = []string{
		"concern", "worr", "fear", "afraid", "nervous", "anxious",
		"zorgen", "bezorgd", "ongerust", "bang ", "angst",
		"беспоко", "опаса", "страх", "боит", "тревож", "смущ",
	}
	nowWords   = setOf("now", "currently", "nowadays", "nu", "momenteel", "tegenwoordig", "сейчас", "теперь")
	passiveAux = setOf("is", "are", "be", "been", "being", "get", "gets", "wordt", "worden", "zijn")
	answerYes  = setOf("yes", "yeah", "ja", "jawel", "да", "конечно")
	answerNo   = setOf("no", "nope", "nah", "not", "nothing", "none", "all", "everything", "fine", "nee", "niets", "niks", "geen", "alles", "prima", "нет", "ничего", "всё", "все")
)
