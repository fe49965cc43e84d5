package tag

import (
	"jobminer/pipeline/record"
)

// IfOnlyEntry is the term id, after "<lang>.", of the progress mention
// IfOnly adds (sentenceRules).
const IfOnlyEntry = "progress.if-only"

// IfOnly finds a wish told as a condition contrary to fact: a sentence that
// opens with "if", whose condition is in the past or with "could"/"would"
// (what is not so), and whose consequence is "I'd", "we would", "that alone
// would" ("If new starter details flowed straight into payroll without
// anyone retyping them, that alone would sell it to my director"; "If they
// could just come out and swap it, I'd give them five stars"). Dutch says
// it with "als" and "zou" ("Als ik de facturen zelf kon downloaden, zou ik
// een hoop tijd besparen"), Russian with "если бы" and "бы" ("Если бы в
// приложении было видно свободные окошки, я бы не звонила"). It returns the
// condition's tokens [start, end) in s, after "if". A condition in the
// present weighs a consequence ("If I sell now, I'd get nothing for it": a
// fear), and is left alone; so is "если бы не" (what helped: "если бы не
// ваш мастер").
func IfOnly(s []record.Token, lang string) (int, int, bool) {
	i := 0
	for i < len(s) && (leadInWord(s[i].Norm) || leadIn[s[i].Norm] || s[i].Norm == "honestly") {
		i++
	}
	if i+2 >= len(s) {
		return 0, 0, false
	}
	start := i + 1
	switch lang {
	case "en", "nl":
		if !ifOpeners[s[i].Norm] {
			return 0, 0, false
		}
	case "ru":
		if s[i].Norm != "если" || s[i+1].Norm != "бы" && s[i+1].Norm != "б" || s[i+2].Norm == "не" {
			return 0, 0, false
		}
		start = i + 2
	default:
		return 0, 0, false
	}
	// The consequence opens after a comma that closes the condition.
	for k := start + 1; k+1 < len(s); k++ {
		if s[k].Norm != "," && s[k].Norm != "—" && s[k].Norm != "–" {
			continue
		}
		if wouldAt(s[k+1:], lang) {
			if lang == "ru" || counterfactual(s[start:k]) {
				return start, k, true
			}
			return 0, 0, false
		}
	}
	return 0, 0, false
}

// wouldAt reports whether s opens a consequence in the conditional mood:
// "I'd", "we would", "that alone would"; "(dan) zou ik", "ik zou"; "я бы",
// "было бы".
func wouldAt(s []record.Token, lang string) bool {
	switch lang {
	case "en":
		if len(s) > 0 && ifOnlyWould[s[0].Norm] {
			return true // "I'd" as one token
		}
		if len(s) == 0 || !ifOnlySubject[s[0].Norm] {
			return false
		}
		for j := 1; j < len(s) && j <= 2; j++ {
			if s[j].Norm == "'d" || s[j].Norm == "would" {
				return true
			}
		}
	case "nl":
		for j := 0; j < len(s) && j <= 2; j++ {
			if s[j].Norm == "zou" || s[j].Norm == "zouden" {
				return true
			}
		}
	case "ru":
		for j := 0; j < len(s) && j <= 2; j++ {
			if s[j].Norm == "бы" || s[j].Norm == "б" {
				return true
			}
		}
	}
	return false
}

// counterfactual: the condition s is told in the past or with a modal of
// the unreal ("if they added", "if they could", "als ik kon"), before its
// first comma: "if I sell now, with him injured" is in the present.
func counterfactual(s []record.Token) bool {
	for _, t := range s {
		if t.Norm == "," {
			return false
		}
		if unreal[t.Norm] || pastWord(t.Norm) && !passiveAux[t.Norm] {
			return true
		}
	}
	return false
}

var (
	ifOpeners     = setOf("if", "als", "indien")
	ifOnlySubject = setOf("i", "we", "that", "it", "this", "they")
	ifOnlyWould   = setOf("i'd", "we'd", "that'd", "it'd", "they'd")
	unreal        = setOf("could", "would", "kon", "konden", "zou", "zouden", "had", "hadden", "was", "waren", "wist", "mocht", "mochten")
)

// inIfOnly reports whether span sp lies in the condition of an IfOnly
// sentence.
func inIfOnly(toks []record.Token, sp record.Span, lang string) bool {
	k := record.TokenAt(toks, sp.Start)
	if k >= len(toks) {
		return false
	}
	s0 := k
	for s0 > 0 && toks[s0-1].Sentence == toks[k].Sentence {
		s0--
	}
	_, s1 := sentenceAt(toks, s0)
	cs, ce, ok := IfOnly(toks[s0:s1], lang)
	return ok && k >= s0+cs && k < s0+ce
}
