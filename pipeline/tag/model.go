package tag

import (
	"sort"

	"jobminer/lexicon"
	"jobminer/pipeline/record"
)

// ModelEntry is the term id of a mention that force f's learned model
// (lexicon.Model) added, after "<lang>.": "struggle.model", "anxiety.model".
func ModelEntry(f record.Force) string { return string(f) + ".model" }

// ModelForces are the forces a language's models may speak for. Which of
// them are asked is settled from the lexicon's mentions before any model
// adds one (modelMentions), so the order only orders their mentions.
var ModelForces = []record.Force{record.Struggle, record.Anxiety, record.Habit}

// modelMaxText: the models were trained on single turns of a few sentences;
// a longer text (a whole transcript in one turn) holds enough words to
// tip any score, so it is left to the lexicon.
const modelMaxText = 1000

// modelMentions asks the language's learned models about a customer turn:
// each speaks only where no mention of its force counts (struggle's also
// stays quiet where a habit mention counts, which tells the same situation
// as a routine), and only when very sure. It then adds one mention over the
// sentence it scores highest.
func modelMentions(u *record.Utterance, l *lexicon.Lang) {
	if len(l.Models) == 0 || len(u.Text) > modelMaxText || len(u.Sentences) == 0 {
		return
	}
	var mbuf [4]*lexicon.Model
	var fbuf [4]record.Force
	ms, fs := mbuf[:0], fbuf[:0]
	for _, f := range ModelForces {
		if m := l.Models[f]; m != nil && !counted(u, f) {
			ms, fs = append(ms, m), append(fs, f)
		}
	}
	if len(ms) == 0 {
		return
	}
	var sbuf [4]float64
	scores := sbuf[:len(ms)]
	lexicon.ScoreTexts(u.Text, ms, scores)
	added := false
	for i, m := range ms {
		if scores[i] >= m.Threshold {
			modelMention(u, l, m, fs[i])
			added = true
		}
	}
	if added {
		sort.SliceStable(u.Mentions, func(i, j int) bool { return u.Mentions[i].Start < u.Mentions[j].Start })
	}
}

// counted: a mention that counts already gives u force f.
func counted(u *record.Utterance, f record.Force) bool {
	for i := range u.Mentions {
		g := u.Mentions[i].Force
		if (g == f || f == record.Struggle && g == record.Habit) && u.Mentions[i].Counts() {
			return true
		}
	}
	return false
}

// modelMention adds model m's mention of force f to u, over the sentence
// the model scores highest on its own: the turn's strongest single feature
// can stand in a sentence that says nothing ("Green coffee invoices come by
// email as PDF. Right now I print them, which is silly.") or span two.
func modelMention(u *record.Utterance, l *lexicon.Lang, m *lexicon.Model, f record.Force) {
	sent, best := 0, 0.0
	for i, sp := range u.Sentences {
		if sc, _ := m.ScoreText(sp.In(u.Text)); i == 0 || sc > best {
			sent, best = i, sc
		}
	}
	u.Mentions = append(u.Mentions, record.Mention{
		Span:      u.Sentences[sent],
		Entry:     l.Code + "." + ModelEntry(f),
		Force:     f,
		Weight:    0.8,
		Intensity: 1,
		Sentence:  sent,
		Job:       -1,
		Phase:     PhaseOf(u, sent),
	})
}
