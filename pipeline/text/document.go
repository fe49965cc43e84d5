package text

import (
	"jobminer/pipeline/record"
)

// sureConfidence is the confidence at which an utterance keeps its own
// detected language against the document's: below it, a short "ok thx" in a
// Dutch chat is Dutch.
const sureConfidence = 0.6

// DetectDocument sets Language on every utterance whose Language is "" and on
// the document when its Language is "".
//
// The document's language, when not declared, is the language with the most
// evidence over its utterances: declared utterance languages count fully,
// detected ones by confidence, both weighted by text length. An utterance
// whose own detection is unsure (confidence < 0.6) or empty takes the
// document's language; a clearly different one (an English sentence in a
// Dutch chat) keeps its own. When nothing can be detected at all, languages
// stay "". Deterministic: ties go to the language whose code sorts first.
func DetectDocument(d *record.Document) {
	type guess struct {
		lang string
		conf float64
	}
	guesses := make([]guess, len(d.Utterances))
	weight := map[string]float64{}
	for i := range d.Utterances {
		u := &d.Utterances[i]
		n := float64(len(u.Text))
		if u.Language != "" {
			weight[u.Language] += n
			continue
		}
		l, c := cachedLanguage(u.Text)
		guesses[i] = guess{l, c}
		if l != "" {
			weight[l] += n * c
		}
	}
	if d.Language == "" {
		best, top := "", 0.0
		for l, w := range weight {
			if w > top || w == top && l < best {
				best, top = l, w
			}
		}
		d.Language = best
	}
	for i := range d.Utterances {
		u := &d.Utterances[i]
		if u.Language != "" {
			continue
		}
		if g := guesses[i]; g.lang != "" && (g.conf >= sureConfidence || d.Language == "") {
			u.Language = g.lang
		} else {
			u.Language = d.Language
		}
	}
}
