package tag

import (
	"jobminer/lexicon"
	"jobminer/pipeline/record"
)

// PhaseHit is a phase cue found in an utterance's tokens.
type PhaseHit struct {
	lexicon.Match // Pattern indexes Lang.PhaseCues
	Negated       bool
}

// FindPhases returns the phase cues in toks in text order, overlaps resolved
// longest first like force entries, each with its negation decided by the
// force rule ("I haven't started looking yet" is no active looking).
func FindPhases(toks []record.Token, l *lexicon.Lang) []PhaseHit {
	if l == nil || l.PhaseMatcher == nil || len(toks) == 0 {
		return nil
	}
	return findPhases(toks, l, l.Keys(nil, toks), func() []lexicon.Match { return Negators(toks, l) })
}

// findPhases is FindPhases with the Lang's keys of toks, and the negators
// found on first need.
func findPhases(toks []record.Token, l *lexicon.Lang, keys []lexicon.Key, negators func() []lexicon.Match) []PhaseHit {
	ms := l.PhaseMatcher.FindKeyed(nil, toks, keys)
	if len(ms) == 0 {
		return nil
	}
	negs := negators()
	var out []PhaseHit
	for _, m := range longestFirst(ms) {
		out = append(out, PhaseHit{Match: m, Negated: Negated(toks, m, negs, l.PhaseHasNegator[m.Pattern], l.Code == "nl")})
	}
	return out
}

// Phases sets u.SentencePhases and u.Phase from the phase cues in u ("it
// started when", "ik ben gaan vergelijken"): a sentence takes the phase of
// its first non-negated cue, the utterance that of its first cued sentence.
// Only evidence speech gets a phase: an interviewer's "when did you first
// notice" says nothing about the customer's own timeline.
func Phases(u *record.Utterance, l *lexicon.Lang) {
	u.Phase, u.SentencePhases = "", nil
	if l == nil || !u.Role.Evidence() || l.PhaseMatcher == nil || len(u.Tokens) == 0 {
		return
	}
	phases(u, l, l.Keys(nil, u.Tokens), func() []lexicon.Match { return Negators(u.Tokens, l) })
}

func phases(u *record.Utterance, l *lexicon.Lang, keys []lexicon.Key, negators func() []lexicon.Match) {
	u.Phase, u.SentencePhases = "", nil
	if l.PhaseMatcher == nil {
		return
	}
	for _, h := range findPhases(u.Tokens, l, keys, negators) {
		if h.Negated {
			continue
		}
		if u.SentencePhases == nil {
			u.SentencePhases = make([]string, len(u.Sentences))
		}
		s := u.Tokens[h.Start].Sentence
		if u.SentencePhases[s] == "" {
			u.SentencePhases[s] = l.PhaseCues[h.Pattern].Phase
		}
	}
	for _, p := range u.SentencePhases {
		if p != "" {
			u.Phase = p
			break
		}
	}
}

// PhaseOf is the phase of sentence s of u: its own cue's, else the
// utterance's; "" when neither has one.
func PhaseOf(u *record.Utterance, s int) string {
	if s >= 0 && s < len(u.SentencePhases) && u.SentencePhases[s] != "" {
		return u.SentencePhases[s]
	}
	return u.Phase
}
