// Package extract finds the jobs customers say they are trying to get done.
// A job cue from the lexicon ("I want to", "hoe kan ik", "het lukt me niet
// om") opens a job phrase that runs to the end of its clause; the phrase
// becomes a readable statement and a canonical key (its content-word stems,
// sorted), and the utterance's force mentions are tied to the nearest job.
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
	u.Jobs = u.Jobs[:0]
	if l == nil || !u.Role.Evidence() || len(u.Tokens) == 0 {
		return
	}
	toks := u.Tokens
	cues := longestCues(l.Jobs.FindAll(nil, toks))
	var negs []lexicon.Match
	if len(cues) > 0 {
		negs = tag.Negators(toks, l)
	}
	for i, c := range cues {
		// "I don't want to get stuck in a contract" states no job.
		if cueNegated(toks, c, negs, l.CueHasNegator[c.Pattern], l.Code == "nl") {
			continue
		}
		start := skipAside(toks, c.End)
		end := phraseEnd(toks, start)
		if i+1 < len(cues) && cues[i+1].Start < end {
			end = cues[i+1].Start // the next cue starts a new phrase
		}
		j, ok := phrase(u.Text, toks, start, end, l)
		if !ok && qualifies(toks, end) && (i+1 == len(cues) || cues[i+1].Start > end) {
			// A bare verb before a condition ("hoe kan ik inloggen als ik
			// m'n telefoon niet heb?") is qualified by it: keep both.
			if e := phraseEnd(toks, end+1); i+1 == len(cues) || cues[i+1].Start >= e {
				j, ok = phrase(u.Text, toks, start, e, l)
			}
		}
		if ok {
			j.Cue = l.Cues[c.Pattern].ID
			j.Sentence = toks[c.Start].Sentence
			u.Jobs = append(u.Jobs, j)
		}
	}
	tie(u)
}

// cueNegated reports whether a negator negates the cue itself: right before
// it ("don't want to", "not really trying to"), right after it in Dutch ("ik
// wil niet"), or inside it when the cue has no negator of its own. Negators
// further away negate something else: "No idea how to export" and "I can't
// figure out how to add" still state jobs.
func cueNegated(toks []record.Token, c lexicon.Match, negs []lexicon.Match, cueHasNegator, dutch bool) bool {
	for _, g := range negs {
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
}

// phraseEnd returns the token index where the clause starting at i ends.
func phraseEnd(toks []record.Token, i int) int {
	if i >= len(toks) {
		return i
	}
	s := toks[i].Sentence
	j := i
	for j < len(toks) && toks[j].Sentence == s && !endsPhrase(toks, j) && j-i < maxPhrase {
		j++
	}
	return j
}

// endsPhrase: punctuation, and words that start a new clause.
func endsPhrase(toks []record.Token, j int) bool {
	n := toks[j].Norm
	if lexicon.Boundary(n) {
		return true
	}
	switch n {
	case "maar", "omdat", "want", "zodat", "terwijl", "hoewel", "als", "wanneer", "dus",
		"but", "because", "so", "although", "when", "if", "since", "unless", "otherwise",
		"но", "потому", "чтобы", "если", "когда":
		return j > 0
	case "and", "en", "и":
		// "export invoices and send reminders" stays one phrase, but a new
		// subject ("and I", "en ik") starts a new clause.
		return j+1 < len(toks) && isSubject(toks[j+1].Norm)
	}
	return false
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
	"om": true, "dat": true, "er": true, "toch": true, "echt": true,
	"just": true, "really": true, "simply": true, "also": true, "actually": true, "basically": true,
	"to": true, "be": true, "able": true, "please": true,
	"просто": true, "бы": true,
}

// phrase builds the job from tokens [i, end).
func phrase(text string, toks []record.Token, i, end int, l *lexicon.Lang) (record.Job, bool) {
	for skip := 0; i < end && skip < maxLeadSkip+2 && fillers[toks[i].Norm]; skip++ {
		i++
	}
	for end > i && !toks[end-1].Word {
		end-- // trailing symbols and numbers
	}
	if end <= i {
		return record.Job{}, false
	}
	var words []record.Token
	var stems []string
	for k := i; k < end; k++ {
		t := toks[k]
		// Dutch "te" before the final verb is dropped: "facturen te exporteren" -> "facturen exporteren".
		if l.Code == "nl" && t.Norm == "te" && k+1 < end && k+1 == end-1 {
			continue
		}
		words = append(words, t)
		if t.Word && !l.Stopword(t) && len([]rune(t.Norm)) > 1 {
			stems = append(stems, t.Stem)
		}
	}
	stems = uniqSorted(stems)
	if len(stems) < minContent {
		return record.Job{}, false
	}
	return record.Job{
		Span:      record.Span{Start: toks[i].Start, End: toks[end-1].End},
		Statement: join(text, words),
		Key:       strings.Join(stems, " "),
	}, true
}

// join writes tokens with the spacing they had in the text, one space at most.
func join(text string, ts []record.Token) string {
	var b strings.Builder
	for k, t := range ts {
		if k > 0 && t.Start > ts[k-1].End {
			b.WriteByte(' ')
		} else if k > 0 && t.Start < ts[k-1].End {
			b.WriteByte(' ')
		}
		b.WriteString(text[t.Start:t.End])
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
// else to the utterance's nearest job.
func tie(u *record.Utterance) {
	if len(u.Jobs) == 0 {
		return
	}
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
