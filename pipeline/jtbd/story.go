package jtbd

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"jobminer/lexicon"
	"jobminer/pipeline/record"
)

// Story is a job story assembled from one utterance: "When <situation>, I
// want to <motivation>, so that <outcome>". Situation, Motivation and Outcome
// are verbatim spans of the utterance text; only the scaffolding around them
// (When / I want to / so that, Als / wil ik / zodat) is fixed text.
// Mentions are the indexes into the utterance's Mentions the pieces were
// taken from: the struggle mention of the situation, a mention in the job's
// own sentence, the progress (or desire) mention of the outcome.
type Story struct {
	Lang       string
	Situation  string // "" when the utterance has none
	Motivation string // the job phrase as said
	Outcome    string // "" when the utterance has none
	Mentions   []int
	canPrefix  bool // the outcome clause began with "I can": say "so I can"
	noTo       bool // the job phrase starts with its object ("the app to ..."): "I want", not "I want to"
	// mainClause: a Dutch situation with main-clause word order ("ik lever
	// alles aan en dan duurt het weken") cannot follow "Als", which wants
	// the verb last; it stands first as said, then "; dan wil ik".
	mainClause bool
}

// Parts counts the pieces present: 2 or 3 for a story Pieces returns.
func (s Story) Parts() int {
	n := 1
	if s.Situation != "" {
		n++
	}
	if s.Outcome != "" {
		n++
	}
	return n
}

// scaffold is the fixed text of the template per language: before the
// situation, before the motivation (with and without a situation), before
// the outcome ("so I can" form, plain form), and before the motivation
// after a situation that is a main clause (Dutch only; Story.mainClause).
type scaffold struct{ when, want, wantFirst, soCan, so, mainWant string }

var scaffolds = map[string]scaffold{
	"en": {"When ", ", I want to ", "I want to ", ", so I can ", ", so that ", ""},
	"nl": {"Als ", ", wil ik ", "Ik wil ", ", zodat ik ", ", zodat ", "; dan wil ik "},
	"ru": {"Когда ", ", я хочу ", "Я хочу ", ", чтобы я мог ", ", чтобы ", ""},
}

// objectFirst are words that start an English job phrase with its object
// rather than its verb ("I'd like the app to match payments"): the story
// says "I want the app to ...", not "I want to the app to ...".
var objectFirst = map[string]bool{
	"the": true, "a": true, "an": true, "this": true, "that": true, "these": true, "those": true,
	"my": true, "our": true, "your": true, "their": true, "his": true, "her": true, "its": true,
	"all": true, "every": true, "each": true, "some": true, "them": true, "it": true, "him": true,
	"me": true, "us": true, "everything": true, "everyone": true, "someone": true,
	"clients": true, "customers": true, "people": true,
}

// Scaffolding returns the fixed words of the template in lang, for tests
// that check a story holds nothing else.
func Scaffolding(lang string) []string {
	s, ok := scaffolds[lang]
	if !ok {
		s = scaffolds["en"]
	}
	return []string{s.when, s.want, s.wantFirst, s.soCan, s.so, s.mainWant}
}

// Text renders the story.
func (s Story) Text() string {
	sc, ok := scaffolds[s.Lang]
	if !ok {
		sc = scaffolds["en"]
	}
	want, wantFirst := sc.want, sc.wantFirst
	if s.noTo {
		want, wantFirst = strings.TrimSuffix(want, "to "), strings.TrimSuffix(wantFirst, "to ")
	}
	var b strings.Builder
	if s.Situation != "" && s.mainClause && sc.mainWant != "" {
		b.WriteString(upperInitial(s.Situation))
		b.WriteString(sc.mainWant)
	} else if s.Situation != "" {
		b.WriteString(sc.when)
		b.WriteString(s.Situation)
		b.WriteString(want)
	} else {
		b.WriteString(wantFirst)
	}
	b.WriteString(s.Motivation)
	if s.Outcome != "" {
		if s.canPrefix {
			b.WriteString(sc.soCan)
		} else {
			b.WriteString(sc.so)
		}
		b.WriteString(s.Outcome)
	}
	return b.String()
}

const (
	minClauseWords = 3  // a situation or outcome says at least this much ("Heel vervelend" is a feeling, not a situation)
	maxClauseWords = 20 // longer clauses are run-ons, not a situation
)

// Teller makes the stories of one utterance's jobs. What they share is
// found once per utterance, not once per job: the clauses, and the mentions
// tied to each job. An utterance may hold thousands of jobs and mentions (a
// long transcript turn), and per job the work is then only its own.
type Teller struct {
	u       *record.Utterance
	lang    string
	clauses []Clause // nil until a story needs them
	// byJob[at[ji]:at[ji+1]] are the indexes of the mentions tied to job
	// ji, ascending.
	byJob, at []int
}

// NewTeller prepares the stories of u's jobs in lang.
func NewTeller(u *record.Utterance, lang string) *Teller {
	t := &Teller{u: u, lang: lang, at: make([]int, len(u.Jobs)+2)}
	for _, m := range u.Mentions {
		if m.Job >= 0 && m.Job < len(u.Jobs) {
			t.at[m.Job+2]++
		}
	}
	for ji := 2; ji < len(t.at); ji++ {
		t.at[ji] += t.at[ji-1]
	}
	t.byJob = make([]int, t.at[len(t.at)-1])
	for mi, m := range u.Mentions {
		if m.Job >= 0 && m.Job < len(u.Jobs) {
			t.byJob[t.at[m.Job+1]] = mi
			t.at[m.Job+1]++
		}
	}
	t.at = t.at[:len(u.Jobs)+1]
	return t
}

// Mentions returns the indexes of the mentions tied to job ji, ascending.
func (t *Teller) Mentions(ji int) []int { return t.byJob[t.at[ji]:t.at[ji+1]] }

// Pieces is NewTeller(u, lang).Pieces(ji), for one job.
func Pieces(u *record.Utterance, ji int, lang string) (Story, bool) {
	return NewTeller(u, lang).Pieces(ji)
}

// Pieces assembles the story of job ji of the utterance (analysed, tagged,
// extracted), in its words. It needs the job phrase, a mention in the job's
// sentence tied to it, and at least one of: a situation (the clause of a
// struggle mention tied to the job, outside the job phrase) or an outcome
// (a clause after the job phrase holding a progress mention or a wish's
// pain, tied to the job). Without them there is no story: nothing is made
// up.
func (t *Teller) Pieces(ji int) (Story, bool) {
	u, lang := t.u, t.lang
	if ji < 0 || ji >= len(u.Jobs) {
		return Story{}, false
	}
	j := u.Jobs[ji]
	if noWant[cueSlug(j.Cue)] {
		return Story{}, false
	}
	s := Story{Lang: lang, Motivation: j.Span.In(u.Text)}
	jobTok := tokenRange(u.Tokens, j.Span)
	if ti := jobTok[0]; lang == "en" && ti >= 0 && objectFirst[u.Tokens[ti].Norm] {
		s.noTo = true
	}
	tied := t.Mentions(ji)
	anchor := -1
	for _, mi := range tied {
		if m := &u.Mentions[mi]; m.Context != "neutral" && m.Sentence == j.Sentence {
			anchor = mi
			break
		}
	}
	if anchor < 0 {
		return Story{}, false
	}
	if t.clauses == nil {
		t.clauses = Clauses(u.Tokens, lang)
	}
	clauses := t.clauses

	// Candidates for each piece, best first; the first whose clause reads
	// as a clause (clauseText) is taken. A clause in the job's own sentence
	// that opens with "when" or "so that" is the customer saying the
	// situation or outcome outright; the anchor mention is its evidence.
	type cand struct{ rank, clause, mention int }
	better := func(a, b cand) bool {
		if a.rank != b.rank {
			return a.rank < b.rank
		}
		return a.clause < b.clause
	}
	var sits, outs []cand
	for _, mi := range tied {
		m := &u.Mentions[mi]
		if m.Force != record.Struggle || !m.Counts() {
			continue
		}
		ci := clauseOf(clauses, u.Tokens, m.Span)
		if ci < 0 || overlaps(clauses[ci], jobTok) || clauses[ci].Marker == markPurpose {
			continue // a pain after "so that" is what the job would end: an outcome
		}
		r := 2
		if clauses[ci].Marker == markSituation {
			r = 0
		}
		sits = append(sits, cand{r, ci, mi})
	}
	for _, mi := range tied {
		m := &u.Mentions[mi]
		if m.Negated || !(m.Force == record.Progress && m.Context == "" || m.Context == "desire") {
			continue
		}
		ci := clauseOf(clauses, u.Tokens, m.Span)
		if ci < 0 || overlaps(clauses[ci], jobTok) || clauses[ci].Start < jobTok[1] {
			continue // the outcome follows the job phrase
		}
		r := 2
		if clauses[ci].Marker == markPurpose {
			r = 0
		}
		outs = append(outs, cand{r, ci, mi})
	}
	// The clauses of the job's sentence: clauses are in text order.
	first := sort.Search(len(clauses), func(ci int) bool { return u.Tokens[clauses[ci].Start].Sentence >= j.Sentence })
	for ci := first; ci < len(clauses) && u.Tokens[clauses[ci].Start].Sentence == j.Sentence; ci++ {
		c := clauses[ci]
		if overlaps(c, jobTok) {
			continue
		}
		if c.Marker == markSituation && strongSituation[c.word] {
			sits = append(sits, cand{1, ci, anchor})
		}
		if c.Marker == markPurpose && c.Start >= jobTok[1] {
			outs = append(outs, cand{1, ci, anchor})
		}
	}
	sort.Slice(sits, func(a, b int) bool { return better(sits[a], sits[b]) })
	sort.Slice(outs, func(a, b int) bool { return better(outs[a], outs[b]) })
	sitM, outM := -1, -1
	for _, c := range sits {
		if verdict(u, clauses[c.clause]) {
			continue
		}
		if txt, ok := clauseText(u, clauses[c.clause], false); ok {
			s.Situation, sitM = txt, c.mention
			s.mainClause = lang == "nl" && !subordinating[clauses[c.clause].word]
			break
		}
	}
	for _, c := range outs {
		if txt, ok := clauseText(u, clauses[c.clause], true); ok {
			s.Outcome, s.canPrefix = stripCan(u, clauses[c.clause], txt, lang)
			outM = c.mention
			break
		}
	}
	if s.Situation == "" && s.Outcome == "" {
		return Story{}, false
	}
	if s.Situation != "" {
		s.Mentions = append(s.Mentions, sitM)
	}
	if s.Situation == "" || sitM != anchor {
		s.Mentions = append(s.Mentions, anchor)
	}
	if s.Outcome != "" && outM != anchor && outM != sitM {
		s.Mentions = append(s.Mentions, outM)
	}
	return s, true
}

// verdict reports a clause that only judges something said elsewhere, "Dat
// is m'n grootste ergernis", "That's a pain": a demonstrative and a copula.
// Its struggle word counts, but "When that is a pain" is no situation.
// The clause is read from its first token, not after its marker and
// connectives: "that" is dropped as a connective, and "That is a pain" must
// not become "is a pain".
func verdict(u *record.Utterance, c Clause) bool {
	i := c.Start
	for i < c.End && connectives[u.Tokens[i].Norm] && !demonstratives[u.Tokens[i].Norm] {
		i++
	}
	if i+1 >= c.End {
		return false
	}
	w := u.Tokens[i].Norm
	if w == "da's" || w == "that's" {
		return true
	}
	return demonstratives[w] && copulas[u.Tokens[i+1].Norm]
}

var (
	demonstratives = map[string]bool{"that": true, "this": true, "dat": true, "dit": true, "das": true, "это": true}
	copulas        = map[string]bool{"is": true, "was": true, "'s": true, "are": true, "were": true, "blijft": true, "wordt": true, "werd": true, "был": true, "было": true, "была": true}
)

// noWant are job cues after which "I want to <job phrase>" would put words
// in the customer's mouth: an obligation ("I have to match all payments by
// hand") is the workaround they suffer, and "ik wil niet meer X" wants the
// opposite of X. Their jobs get no story (their outcomes still count).
var noWant = map[string]bool{"have-to": true, "keep-having-to": true, "ik-moet": true, "ik-wil-niet-meer": true}

// cueSlug is the cue id without its "lang.job." prefix.
func cueSlug(id string) string { return id[strings.LastIndexByte(id, '.')+1:] }

// Clause is a token range [Start, End) of an utterance: a sentence cut at
// punctuation and at words that open a new clause. Marker says what its
// opening word signals.
type Clause struct {
	Start, End int
	Marker     marker
	word       string // the opening marker as written, lowercase ("every time")
	skip       int    // leading marker and connective tokens left out of its text
}

// strongSituation markers open a situation even without a struggle word in
// it ("when I close the month"); "if" and "after" open conditions and
// questions as often, so they need one.
var strongSituation = map[string]bool{
	"when": true, "whenever": true, "every time": true, "each time": true,
	"als": true, "wanneer": true, "telkens": true, "elke keer": true, "iedere keer": true,
	"когда": true, "каждый раз": true,
}

type marker uint8

const (
	markNone      marker = iota
	markSituation        // when, whenever, every time, als, wanneer, elke keer, когда, если
	markPurpose          // so, so that, zodat, чтобы
)

// openers are words a clause starts at, per language; the value says what
// they signal. ("want" opens a clause in Dutch only: in English it is the
// cue.)
var openers = map[string]map[string]marker{
	"en": {"when": markSituation, "whenever": markSituation, "if": markSituation, "after": markSituation, "before": markSituation,
		"so":  markPurpose,
		"but": markNone, "because": markNone, "although": markNone, "while": markNone, "since": markNone, "unless": markNone},
	"nl": {"als": markSituation, "wanneer": markSituation, "telkens": markSituation, "nadat": markSituation, "voordat": markSituation,
		"zodat": markPurpose,
		"maar":  markNone, "omdat": markNone, "want": markNone, "terwijl": markNone, "hoewel": markNone, "dus": markNone},
	"ru": {"когда": markSituation, "если": markSituation, "чтобы": markPurpose, "но": markNone, "потому": markNone},
}

// situation phrases of two words that open a clause: "every time", "elke keer".
var openerPairs = map[[2]string]marker{
	{"every", "time"}: markSituation, {"each", "time"}: markSituation,
	{"elke", "keer"}: markSituation, {"iedere", "keer"}: markSituation,
	{"каждый", "раз"}: markSituation,
}

// connectives dropped from the start of a clause's text: the template
// supplies its own.
var connectives = map[string]bool{
	"and": true, "then": true, "that": true, "en": true, "dan": true, "и": true, "тогда": true,
}

// Clauses cuts the tokens of an utterance in lang into clauses.
func Clauses(toks []record.Token, lang string) []Clause {
	open := openers[lang]
	var out []Clause
	start := 0
	cur := Clause{}
	flush := func(end int) {
		if end > start {
			cur.Start, cur.End = start, end
			out = append(out, cur)
		}
		cur = Clause{}
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if i > start && toks[i-1].Sentence != t.Sentence {
			flush(i)
			start = i
		}
		if lexicon.Boundary(t.Norm) || !t.Word && !isWordish(t) {
			flush(i)
			start = i + 1
			continue
		}
		if i+1 < len(toks) {
			if mk, ok := openerPairs[[2]string{t.Norm, toks[i+1].Norm}]; ok {
				if i > start {
					flush(i)
					start = i
				}
				cur.Marker, cur.word, cur.skip = mk, t.Norm+" "+toks[i+1].Norm, 2
				i++
				continue
			}
		}
		if mk, ok := open[t.Norm]; ok {
			if i > start {
				flush(i)
				start = i
			}
			cur.Marker, cur.word, cur.skip = mk, t.Norm, 1
			if mk == markPurpose && i+1 < len(toks) && toks[i+1].Norm == "that" {
				cur.skip = 2
				i++
			}
		}
	}
	flush(len(toks))
	return out
}

// isWordish: numbers and other non-word tokens that are not punctuation
// stay inside a clause ("20 at once").
func isWordish(t record.Token) bool { return !lexicon.Boundary(t.Norm) }

// clauseText is the clause's words after its marker and connectives, as a
// span of the text; ok is false when it is too short or too long.
func clauseText(u *record.Utterance, c Clause, purpose bool) (string, bool) {
	i := c.Start + c.skip
	for i < c.End && connectives[u.Tokens[i].Norm] {
		i++
	}
	end := c.End
	for end > i && !u.Tokens[end-1].Word {
		end--
	}
	words := 0
	for k := i; k < end; k++ {
		if u.Tokens[k].Word {
			words++
		}
	}
	if words < minClauseWords || words > maxClauseWords {
		return "", false
	}
	txt := u.Text[u.Tokens[i].Start:u.Tokens[end-1].End]
	if i == 0 || u.Tokens[i-1].Sentence != u.Tokens[i].Sentence {
		txt = lowerInitial(txt, u.Tokens[i])
	}
	return txt, true
}

// subordinating: Dutch clause openers after which the verb comes last, as
// "Als" wants it; after others ("maar", "want", "dus", none) a clause has
// main-clause order.
var subordinating = map[string]bool{
	"als": true, "wanneer": true, "telkens": true, "nadat": true, "voordat": true,
	"omdat": true, "terwijl": true, "hoewel": true,
}

// upperInitial capitalises the first letter of a story that opens with its
// situation.
func upperInitial(txt string) string {
	r, n := utf8.DecodeRuneInString(txt)
	if r == utf8.RuneError || unicode.IsUpper(r) {
		return txt
	}
	return string(unicode.ToUpper(r)) + txt[n:]
}

// lowerInitial lowercases the capital a clause has only because it opened
// its sentence ("It's the third time" inside "When it's the third time"):
// a word that is otherwise lowercase, and not English "I".
func lowerInitial(txt string, t record.Token) string {
	w := txt[:t.End-t.Start]
	if w == "I" || strings.HasPrefix(w, "I'") {
		return txt
	}
	r := []rune(w)
	if len(r) == 0 || !unicode.IsUpper(r[0]) || strings.ToLower(string(r[1:])) != string(r[1:]) {
		return txt
	}
	return string(unicode.ToLower(r[0])) + txt[len(string(r[0])):]
}

// stripCan drops a leading "I can" from an outcome so the template's "so I
// can" is not doubled.
func stripCan(u *record.Utterance, c Clause, txt, lang string) (string, bool) {
	var pre []string
	switch lang {
	case "en":
		pre = []string{"i can ", "i could ", "i'll be able to "}
	case "nl":
		pre = []string{"ik "}
	case "ru":
		pre = []string{"я мог ", "я могла ", "я "}
	}
	low := strings.ToLower(txt)
	for _, p := range pre {
		if strings.HasPrefix(low, p) && len(txt) > len(p) {
			return txt[len(p):], true
		}
	}
	return txt, false
}

// tokenRange returns the token indexes [from, to) covering sp.
func tokenRange(toks []record.Token, sp record.Span) [2]int {
	// Tokens are in order and do not overlap: their ends ascend too.
	i := sort.Search(len(toks), func(i int) bool { return toks[i].End > sp.Start })
	if i == len(toks) || toks[i].Start >= sp.End {
		return [2]int{-1, -1}
	}
	k := i + 1
	for k < len(toks) && toks[k].Start < sp.End {
		k++
	}
	return [2]int{i, k}
}

func clauseOf(cs []Clause, toks []record.Token, sp record.Span) int {
	r := tokenRange(toks, sp)
	if r[0] < 0 {
		return -1
	}
	// Clauses are in text order and do not overlap.
	i := sort.Search(len(cs), func(i int) bool { return cs[i].End > r[0] })
	if i < len(cs) && cs[i].Start <= r[0] {
		return i
	}
	return -1
}

func overlaps(c Clause, r [2]int) bool { return r[0] >= 0 && c.Start < r[1] && r[0] < c.End }
