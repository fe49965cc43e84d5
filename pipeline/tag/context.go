package tag

import (
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
//   - hypothetical: in a conditional question ("if there's a glitch, do I
//     lose my money?").
//
// The mentions stay (with Context set) so that explain and the mentions table
// show what was seen and why it does not count.
func contextualise(u *record.Utterance, l *lexicon.Lang) {
	toks := u.Tokens
	for i := range u.Mentions {
		m := &u.Mentions[i]
		if m.Force != record.Struggle || m.Negated {
			continue
		}
		for _, o := range u.Mentions[:i] {
			if o.Negated || o.Sentence != m.Sentence {
				continue
			}
			if o.Force == record.Anxiety {
				m.Context = "fear"
				break
			}
			if o.Force == record.Progress && sameClause(toks, o.Span, m.Span) && releasing(toks, o.Span, m.Span) {
				m.Context = "desire"
				break
			}
		}
		if m.Context == "" && conditionalQuestion(toks, m.Span) {
			m.Context = "hypothetical"
		}
	}
}

// tokenAt returns the index of the token starting at byte offset off.
func tokenAt(toks []record.Token, off int) int {
	lo, hi := 0, len(toks)
	for lo < hi {
		mid := (lo + hi) / 2
		if toks[mid].Start < off {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// sameClause: no clause break between the end of a and the start of b.
func sameClause(toks []record.Token, a, b record.Span) bool {
	for j := tokenAt(toks, a.End); j < len(toks) && toks[j].Start < b.Start; j++ {
		if breaksClause(toks[j].Norm) {
			return false
		}
	}
	return true
}

// releasing: a word of release stands between a and b (or starts b).
func releasing(toks []record.Token, a, b record.Span) bool {
	for j := tokenAt(toks, a.Start); j < len(toks) && toks[j].Start <= b.Start; j++ {
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
	k := tokenAt(toks, sp.Start)
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
