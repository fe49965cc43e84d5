package tag

import (
	"jobminer/pipeline/record"
)

// IfOnlyEntry is the term id, after "<lang>.", of the progress mention
// IfOnly adds (sentenceRules).
const IfOnlyEntry = "progress.if-only"

// IfOnly finds an English wish told as a condition contrary to fact: a
// sentence that opens with "if", whose condition is in the past or with
// "could"/"would" (what is not so), and whose consequence is "I'd",
// "we would", "that alone would" ("If new starter details flowed straight
// into payroll without anyone retyping them, that alone would sell it to
// my director"; "If they could just come out and swap it, I'd give them
// five stars"). It returns the condition's tokens [start, end) in s, after
// "if". A condition in the present weighs a consequence ("If I sell now,
// I'd get nothing for it": a fear), and is left alone.
func IfOnly(s []record.Token, lang string) (int, int, bool) {
	if lang != "en" {
		return 0, 0, false
	}
	i := 0
	for i < len(s) && (leadInWord(s[i].Norm) || leadIn[s[i].Norm] || s[i].Norm == "honestly") {
		i++
	}
	if i+2 >= len(s) || s[i].Norm != "if" {
		return 0, 0, false
	}
	start := i + 1
	// The consequence: a subject, at most one word ("alone", "honestly"),
	// then 'd or would, after a comma that closes the condition.
	for k := start + 1; k+1 < len(s); k++ {
		if s[k].Norm != "," {
			continue
		}
		would := ifOnlyWould[s[k+1].Norm] // "I'd" as one token
		for j := k + 2; !would && ifOnlySubject[s[k+1].Norm] && j < len(s) && j <= k+3; j++ {
			would = s[j].Norm == "'d" || s[j].Norm == "would"
		}
		if would {
			if counterfactual(s[start:k]) {
				return start, k, true
			}
			return 0, 0, false
		}
	}
	return 0, 0, false
}

// counterfactual: the condition s is told in the past or with a modal of
// the unreal ("if they added", "if they could", "if it would"), before its
// first comma: "if I sell now, with him injured" is in the present.
func counterfactual(s []record.Token) bool {
	for _, t := range s {
		if t.Norm == "," {
			return false
		}
		if t.Norm == "could" || t.Norm == "would" || pastWord(t.Norm) && !passiveAux[t.Norm] {
			return true
		}
	}
	return false
}

var (
	ifOnlySubject = setOf("i", "we", "that", "it", "this", "they")
	ifOnlyWould   = setOf("i'd", "we'd", "that'd", "it'd", "they'd")
)

// inIfOnly reports whether span sp lies in the condition of an IfOnly
// sentence.
func inIfOnly(toks []record.Token, sp record.Span, lang string) bool {
	if lang != "en" {
		return false
	}
	k := record.TokenAt(toks, sp.Start)
	if k >= len(toks) {
		return false
	}
	s0, s1 := k, k
	for s0 > 0 && toks[s0-1].Sentence == toks[k].Sentence {
		s0--
	}
	for s1 < len(toks) && toks[s1].Sentence == toks[k].Sentence {
		s1++
	}
	cs, ce, ok := IfOnly(toks[s0:s1], lang)
	return ok && k >= s0+cs && k < s0+ce
}
