// Package tag finds the forces of progress in customer speech: it runs a
// language's compiled lexicon over an utterance's tokens and records each
// match as a Mention, with negation and intensity decided from the words
// around it. It is a pure function of (utterance, lexicon).
package tag

import (
	"cmp"
	"slices"

	"jobminer/lexicon"
	"jobminer/pipeline/record"
)

// Window sizes, in tokens, within the mention's clause.
const (
	negBefore   = 3 // a negator this close before a mention negates it
	negAfterNL  = 4 // Dutch puts niet/geen after the verb: "het werkt niet"
	intensifyBy = 2 // an intensifier this close before a mention scales it
)

// Tag appends u's mentions. Speech that is not evidence (interviewers,
// agents) gets none; the utterance must already be analysed (tokens, stems).
func Tag(u *record.Utterance, l *lexicon.Lang) {
	var kbuf [128]lexicon.Key
	var keys []lexicon.Key
	if Taggable(u, l) {
		keys = l.Keys(kbuf[:0], u.Tokens)
	}
	TagKeyed(u, l, keys)
}

// Taggable reports whether u gets tagged (and its jobs extracted) with l:
// keys are needed only then.
func Taggable(u *record.Utterance, l *lexicon.Lang) bool {
	return l != nil && u.Role.Evidence() && len(u.Tokens) > 0
}

// TagKeyed is Tag with the keys of u.Tokens in l (l.Keys, or
// text.Analyzer.AnalyzeKeys with l), which every matcher reads: each token
// is looked up once, or not at all.
func TagKeyed(u *record.Utterance, l *lexicon.Lang, keys []lexicon.Key) {
	u.Mentions = u.Mentions[:0]
	u.Phase, u.SentencePhases = "", nil
	if !Taggable(u, l) {
		return
	}
	toks := u.Tokens
	// Scratch for the matches, which die with this call.
	var fbuf, ibuf [16]lexicon.Match
	var negs []lexicon.Match
	negsDone := false
	negators := func() []lexicon.Match {
		if !negsDone {
			negs, negsDone = NegatorsKeyed(toks, l, keys), true
		}
		return negs
	}
	phases(u, l, keys, negators)
	matches := l.Forces.FindKeyed(fbuf[:0], toks, keys)
	if len(matches) == 0 {
		sentenceRules(u, l)
		priceRise(u, l)
		reviewOver(u)
		modelMentions(u, l)
		return
	}
	matches = longestFirst(matches)
	negs = negators()
	ints := l.Intensifiers.FindKeyed(ibuf[:0], toks, keys)
	// One allocation for the mentions below, not one per doubling.
	u.Mentions = slices.Grow(u.Mentions, len(matches))
	var flipBuf [4]int
	flipped := flipBuf[:0]
	for _, m := range matches {
		e := &l.Entries[m.Pattern]
		mt := record.Mention{
			Span:      record.Span{Start: toks[m.Start].Start, End: toks[m.End-1].End},
			Entry:     e.ID,
			Force:     e.Force,
			Weight:    e.Weight,
			Intensity: intensity(toks, m, ints, l.Factors),
			Negated:   negated(toks, m, negs, l.EntryHasNegator[m.Pattern], l.Code) || echoDenied(toks, m),
			Sentence:  toks[m.Start].Sentence,
			Job:       -1,
			SubForce:  e.SubForce,
			Phase:     PhaseOf(u, toks[m.Start].Sentence),
		}
		if mt.Negated && e.Negated != "" {
			// "Ik wil niet halverwege stil komen te liggen": a wish
			// denied is the fear the entry names (lexicon: negated).
			mt.Force, mt.Negated, mt.SubForce = e.Negated, false, ""
			flipped = append(flipped, len(u.Mentions))
		}
		if e.Force == lexicon.Neutral {
			// It won its overlaps, which was its job; it is kept so that
			// explain can show it, and is never written or counted.
			mt.Context = "neutral"
		}
		u.Mentions = append(u.Mentions, mt)
	}
	unflip(u, flipped)
	contextualise(u, l)
	priceRise(u, l)
	reviewOver(u)
	modelMentions(u, l)
}

// unflip undoes the flip of a denied wish (the mentions at flipped) where
// its sentence states a force of its own: in "Ik wil niet overstappen"
// the "niet" belongs to the habit, and the wish stays a negated wish.
func unflip(u *record.Utterance, flipped []int) {
	for _, i := range flipped {
		m := &u.Mentions[i]
		for j := range u.Mentions {
			o := &u.Mentions[j]
			if j != i && o.Sentence == m.Sentence && o.Force != record.Progress && o.Context != "neutral" && o.Counts() && !slices.Contains(flipped, j) {
				m.Force, m.Negated = record.Progress, true
				break
			}
		}
	}
}

// Negators finds the negation cues in toks. Overlapping ones ("not" inside
// "not at all") count once.
func Negators(toks []record.Token, l *lexicon.Lang) []lexicon.Match {
	return longestFirst(l.Negators.FindAll(nil, toks))
}

// NegatorsKeyed is Negators with the keys of toks in l.
func NegatorsKeyed(toks []record.Token, l *lexicon.Lang, keys []lexicon.Key) []lexicon.Match {
	return longestFirst(l.Negators.FindKeyed(nil, toks, keys))
}

// longestFirst keeps, among overlapping matches, the one covering the most
// tokens (the more specific pattern: "more hassle than it's worth" over
// "hassle"); ties go to the earlier start, then the lower pattern index. The
// result is in text order.
func longestFirst(ms []lexicon.Match) []lexicon.Match {
	if len(ms) == 0 {
		return ms
	}
	slices.SortStableFunc(ms, func(a, b lexicon.Match) int {
		if la, lb := a.End-a.Start, b.End-b.Start; la != lb {
			return cmp.Compare(lb, la)
		}
		if a.Start != b.Start {
			return cmp.Compare(a.Start, b.Start)
		}
		return cmp.Compare(a.Pattern, b.Pattern)
	})
	// Kept matches go to the front of ms: the write index never passes the
	// read index. A bit per token says whether a kept match covers it, so
	// that an utterance with thousands of matches is not checked pairwise
	// (matches are never empty, so sharing a token is overlapping).
	lo, hi := ms[0].Start, ms[0].End
	for _, m := range ms {
		lo, hi = min(lo, m.Start), max(hi, m.End)
	}
	var buf [4]uint64
	covered := buf[:]
	if w := (hi-lo)/64 + 1; w > len(buf) {
		covered = make([]uint64, w)
	}
	kept := ms[:0]
	for _, m := range ms {
		overlap := false
		for t := m.Start - lo; t < m.End-lo; t++ {
			if covered[t/64]&(1<<(t%64)) != 0 {
				overlap = true
				break
			}
		}
		if !overlap {
			kept = append(kept, m)
			for t := m.Start - lo; t < m.End-lo; t++ {
				covered[t/64] |= 1 << (t % 64)
			}
		}
	}
	// Kept matches do not overlap, so their starts differ.
	slices.SortFunc(kept, func(a, b lexicon.Match) int { return cmp.Compare(a.Start, b.Start) })
	return kept
}

// clause returns the token range [lo, hi) of the clause around m: bounded by
// punctuation, the sentence, and contrast words.
func clause(toks []record.Token, m lexicon.Match) (lo, hi int) {
	s := toks[m.Start].Sentence
	lo = m.Start
	for lo > 0 && toks[lo-1].Sentence == s && !breaksClause(toks[lo-1].Norm) {
		lo--
	}
	hi = m.End
	for hi < len(toks) && toks[hi].Sentence == s && !breaksClause(toks[hi].Norm) {
		hi++
	}
	return lo, hi
}

// breaksClause: punctuation and the contrast and cause words after which a
// new clause starts ("het werkt, maar niet snel" must not negate "werkt").
func breaksClause(norm string) bool {
	if lexicon.Boundary(norm) {
		return true
	}
	switch norm {
	case "maar", "alleen", "omdat", "want", "hoewel", "terwijl", "zodat",
		"but", "however", "because", "although", "though", "whereas",
		"но", "однако", "потому", "хотя", "зато":
		return true
	}
	return false
}

// Negated counts negators in the scope of match m. A negator inside the
// match is part of its meaning when the pattern spells one out ("werkt
// niet"), and a negation when it only fell into a gap ("I ... want to" over
// "I don't want to"). An odd count negates: double negation cancels.
// The job extractor uses the same rule for its cues.
func Negated(toks []record.Token, m lexicon.Match, negs []lexicon.Match, patternHasNegator, dutch bool) bool {
	lang := ""
	if dutch {
		lang = "nl"
	}
	return negated(toks, m, negs, patternHasNegator, lang)
}

// negated is Negated with the language's own after-negation: Dutch puts
// niet after the verb ("het werkt niet"), Russian denies existence after the
// noun ("проблем не было", "ошибок нет").
// echoDenied reports whether the mention m is a word the customer echoes
// as a question and then denies, as interviewees answer a leading
// question: "Stressful? Not really, no.", "Eng? Nee, niet echt.",
// "Страшно — да нет, не сказать." The echo is the mention alone (at most
// one word before it) ending in "?" or a dash, or in a comma with the no
// right after it ("Stress, nah."); the denial opens what
// follows it, in the same or the next sentence. "Frustrating? Yes, very."
// stays.
func echoDenied(toks []record.Token, m lexicon.Match) bool {
	s := toks[m.Start].Sentence
	first := m.Start
	for first > 0 && toks[first-1].Sentence == s {
		first--
	}
	if m.Start-first > 1 || m.End >= len(toks) {
		return false
	}
	comma := false
	switch toks[m.End].Norm {
	case "?", "?!", "—", "–", "-":
	case ",":
		// Spoken: "Stress, nah.", "Ingewikkeld, nee, ik app de hele
		// dag": only a bare no, not "Annoying, no?" nor "no wonder".
		comma = true
	default:
		return false
	}
	d := m.End + 1
	for d < len(toks) && !toks[d].Word {
		if toks[d].Sentence != s && toks[d].Sentence != s+1 {
			return false
		}
		d++
	}
	if d >= len(toks) || toks[d].Sentence > s+1 {
		return false
	}
	next := ""
	if d+1 < len(toks) && toks[d+1].Sentence == toks[d].Sentence {
		next = toks[d+1].Norm
	}
	if comma && (d != m.End+1 || next == "?" || next == "wonder" || next == "kidding") {
		return false
	}
	switch toks[d].Norm {
	case "no", "nope", "nah", "nee", "neuh", "нет":
		return next != "idea" && next != "clue" && next != "doubt"
	case "not", "niet", "не":
		return hedges[next] // "Not really", "Niet echt", "Не сказать"; not "Не хочу ..."
	case "да":
		return next == "нет" || next == "не" // "да нет", "да не": no
	}
	return false
}

// hedges after not/niet/не make a denial ("not really"); other words make
// a sentence of its own ("Не хочу остаться без денег").
var hedges = map[string]bool{
	"really": true, "at": true, "much": true, "particularly": true, "especially": true, "quite": true, "exactly": true, "so": true, "that": true, "very": true,
	"echt": true, "bepaald": true, "zo": true, "zozeer": true, "helemaal": true, "erg": true, "heel": true, "per": true,
	"сказать": true, "очень": true, "особо": true, "совсем": true, "то": true, "слишком": true, "так": true,
	"сказала": true, "сказал": true,
}

func negated(toks []record.Token, m lexicon.Match, negs []lexicon.Match, patternHasNegator bool, lang string) bool {
	if len(negs) == 0 || lang == "ru" && concord(toks[m.Start:m.End]) {
		return false
	}
	lo, hi := clause(toks, m)
	n := 0
	// negs are in order of start (longestFirst); every one that counts
	// starts inside the clause.
	for _, g := range negs[startingAt(negs, lo):] {
		if g.Start >= hi {
			break
		}
		if g.Start >= m.Start && g.End <= m.End {
			if !patternHasNegator {
				n++
			}
			continue
		}
		if g.Start < lo || g.End > hi {
			continue
		}
		switch {
		case g.End <= m.Start && m.Start-g.End < negBefore:
			// "zonder reden geblokkeerd", "without warning it crashed":
			// a preposition negates its own object, not a word after it.
			if prepositional[toks[g.Start].Norm] && !onlyFunctionWords(toks[g.End:m.Start]) {
				continue
			}
			n++
		case lang == "nl" && g.Start >= m.End && g.Start-m.End < negAfterNL && postverbal[toks[g.Start].Norm] &&
			!subordinateBetween(toks, m.End, g.Start):
			n++
		case lang == "ru" && g.Start >= m.End && g.Start-m.End < negAfterNL && existentialNo(toks, g) &&
			!subordinateBetween(toks, m.End, g.Start):
			n++
		}
	}
	return n%2 == 1
}

// concord: Russian negation is concordant, so a match that holds a ни-word
// ("ни слова", "никто", "ничего") carries its own negation, and the не of
// its clause agrees with it instead of cancelling it: "в брони не было ни
// слова" is one negation, the struggle "ни слова".
func concord(toks []record.Token) bool {
	for _, t := range toks {
		if niWords[t.Norm] {
			return true
		}
	}
	return false
}

var niWords = map[string]bool{
	"ни": true, "никто": true, "никого": true, "никому": true, "ничего": true, "ничем": true, "ничто": true,
	"никак": true, "никогда": true, "нигде": true, "никуда": true, "ниоткуда": true, "нисколько": true,
	"никакой": true, "никакого": true, "никакие": true, "никаких": true, "никакая": true, "никакую": true,
}

// prepositional negators govern a noun phrase: "zonder gedoe", "without any
// hassle" negate the force word only when nothing but function words stands
// between.
var prepositional = map[string]bool{"zonder": true, "without": true, "без": true}

// functionWords may stand between a prepositional negator and the word it
// negates: articles, demonstratives and quantifiers.
var functionWords = map[string]bool{
	"een": true, "de": true, "het": true, "'t": true, "al": true, "dat": true, "die": true, "dit": true, "deze": true,
	"enig": true, "enige": true, "veel": true, "te": true, "extra": true, "zo'n": true, "alle": true, "onnodig": true,
	"a": true, "an": true, "the": true, "any": true, "all": true, "that": true, "this": true, "those": true, "these": true,
	"much": true, "too": true, "such": true, "more": true, "unnecessary": true, "having": true, "to": true,
	"anyone": true, "anybody": true, "someone": true, "me": true, "us": true, "them": true, "you": true, "ever": true, "again": true,
	"iemand": true, "mij": true, "ons": true, "hoeven": true, "nog": true, "weer": true, "eerst": true, "ook": true,
	"всяких": true, "лишних": true, "лишней": true, "лишнего": true, "никаких": true, "какой-либо": true,
}

func onlyFunctionWords(toks []record.Token) bool {
	for _, t := range toks {
		if !functionWords[t.Norm] {
			return false
		}
	}
	return true
}

// existentialNo: a Russian "нет"/"нету", or "не" before a form of быть,
// after the noun it denies ("проблем с оплатой не было").
func existentialNo(toks []record.Token, g lexicon.Match) bool {
	switch toks[g.Start].Norm {
	case "нет", "нету":
		return true
	case "не":
		if g.Start+1 < len(toks) {
			switch toks[g.Start+1].Norm {
			case "было", "был", "была", "были", "будет", "бывает", "бывало":
				return true
			}
		}
	}
	return false
}

// postverbal are the Dutch negators that negate what comes before them
// ("het werkt niet", "dat helpt niets"); geen and zonder negate what follows
// ("ik wil kunnen betalen zonder gedoe" negates nothing before it).
var postverbal = map[string]bool{"niet": true, "nooit": true, "niets": true, "niks": true, "nergens": true, "nimmer": true}

// subordinateBetween: a subordinate clause, or in Dutch a coordinated one,
// starts in toks[from:to] ("ik twijfel of het werkt niet" is rare; "ik
// twijfel of het niet werkt" is not a negated doubt; in "de deur hangt
// scheef en sluit niet" the niet is the second verb's).
func subordinateBetween(toks []record.Token, from, to int) bool {
	for j := from; j < to; j++ {
		switch toks[j].Norm {
		case "dat", "of", "als", "wanneer", "zodat", "omdat", "die", "wat", "en",
			"что", "чтобы", "который", "которая", "которые", "если", "когда":
			return true
		}
	}
	return false
}

// intensity multiplies the factors of intensifiers just before the mention,
// and of those inside it that are not part of its pattern's words.
func intensity(toks []record.Token, m lexicon.Match, ints []lexicon.Match, factors []float64) float64 {
	f := 1.0
	if len(ints) == 0 {
		return f
	}
	lo, _ := clause(toks, m)
	// ints are in order of start (FindKeyed); one that counts starts at lo
	// or later and before m.
	for _, g := range ints[startingAt(ints, lo):] {
		if g.Start >= m.Start {
			break
		}
		if g.End > m.Start {
			continue
		}
		if m.Start-g.End < intensifyBy {
			f *= factors[g.Pattern]
		}
	}
	return f
}

// startingAt returns the index of the first of ms, in order of start, that
// starts at token t or later.
func startingAt(ms []lexicon.Match, t int) int {
	i, _ := slices.BinarySearchFunc(ms, t, func(m lexicon.Match, t int) int { return cmp.Compare(m.Start, t) })
	return i
}
