package tag

import (
	"sort"

	"jobminer/lexicon"
	"jobminer/pipeline/record"
)

// ModelEntry is the term id of a struggle mention the learned model added
// (lexicon.Model): "<lang>." + ModelEntry.
const ModelEntry = "struggle.model"

// modelMaxText: the model was trained on single turns of a few sentences;
// a longer text (a whole transcript in one turn) holds enough words to
// tip any score, so it is left to the lexicon.
const modelMaxText = 1000

// modelStruggle asks the language's struggle model about a customer turn in
// which no struggle entry counted: when it is very sure, the turn gets one
// struggle mention over the sentence that holds the strongest feature (or,
// when a feature pair spans two sentences, the one that scores highest).
func modelStruggle(u *record.Utterance, l *lexicon.Lang) {
	m := l.Model
	if m == nil || len(u.Text) > modelMaxText || len(u.Sentences) == 0 {
		return
	}
	for i := range u.Mentions {
		if f := u.Mentions[i].Force; (f == record.Struggle || f == record.Habit) && u.Mentions[i].Counts() {
			return
		}
	}
	score, top := m.ScoreText(u.Text)
	if score < m.Threshold {
		return
	}
	var fbuf [128]string
	sent := -1
	for i, sp := range u.Sentences {
		if hasFeature(lexicon.ModelFeatures(fbuf[:0], sp.In(u.Text)), top) {
			sent = i
			break
		}
	}
	if sent < 0 {
		// The strongest feature spans two sentences: quote the one the
		// model finds most like a struggle, not a greeting ("Hoi!").
		best := 0.0
		for i, sp := range u.Sentences {
			if sc, _ := m.ScoreText(sp.In(u.Text)); sent < 0 || sc > best {
				sent, best = i, sc
			}
		}
	}
	sp := u.Sentences[sent]
	u.Mentions = append(u.Mentions, record.Mention{
		Span:      sp,
		Entry:     l.Code + "." + ModelEntry,
		Force:     record.Struggle,
		Weight:    0.8,
		Intensity: 1,
		Sentence:  sent,
		Job:       -1,
		Phase:     PhaseOf(u, sent),
	})
	sort.SliceStable(u.Mentions, func(i, j int) bool { return u.Mentions[i].Start < u.Mentions[j].Start })
}

func hasFeature(fs []string, f string) bool {
	i := sort.SearchStrings(fs, f)
	return i < len(fs) && fs[i] == f
}
