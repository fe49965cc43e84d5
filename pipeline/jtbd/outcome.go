package jtbd

import (
	"slices"
	"sort"
	"strings"

	"jobminer/pipeline/record"
)

// Outcome is a desired-outcome statement found for one job of an utterance:
// direction + metric + object, where the object is the job phrase as the
// customer said it. Mentions are the indexes into the utterance's Mentions
// that make it evidence: force mentions tied to the job in the sentence of
// the cue.
type Outcome struct {
	Job       int // index into the utterance's Jobs
	Direction string
	Metric    string
	Object    string
	Statement string
	Mentions  []int
}

// negated outcome cues ("not slow", "niet lastig") say no outcome.
var cueNegators = map[string]bool{
	"not": true, "n't": true, "never": true, "no": true, "niet": true, "geen": true, "nooit": true,
	"не": true, "нет": true, "никогда": true,
}

// Outcomes finds the outcome statements of u's jobs. A cue counts only in
// a sentence where a force mention (evidence, or a wish's pain) is tied to a
// job, and not right after a negator; it goes to the job of the nearest such
// mention. One outcome per (job, direction, metric), in job then lexicon
// order.
func (l *Lexicon) Outcomes(u *record.Utterance, lang string) []Outcome {
	if l == nil || len(u.Jobs) == 0 {
		return nil
	}
	// Only sentences holding such a mention can give an outcome: find them
	// first, so the cue scan skips every other token (most of them).
	var ebuf [64]bool
	eligible := ebuf[:0]
	some := false
	for _, m := range u.Mentions {
		if m.Job >= 0 && (m.Counts() || m.Context == "desire") {
			for m.Sentence >= len(eligible) {
				eligible = append(eligible, false)
			}
			eligible[m.Sentence], some = true, true
		}
	}
	if !some {
		return nil
	}
	cues, first := l.cues[lang], l.firsts[lang]
	if first == nil {
		return nil
	}
	var out []Outcome
	var index map[outcomeKey]int
	toks := u.Tokens
	var cbuf [16]int32
	for i := range toks {
		if s := toks[i].Sentence; s >= len(eligible) || !eligible[s] {
			continue
		}
		for _, ci := range first.candidates(cbuf[:0], &toks[i]) {
			c := &cues[ci]
			end, ok := matchCue(toks, i, c.words)
			if !ok || negatedAt(toks, i) {
				continue
			}
			sent := toks[i].Sentence
			// The sentence's mentions: mentions are in text order.
			from := sort.Search(len(u.Mentions), func(mi int) bool { return u.Mentions[mi].Sentence >= sent })
			to := from
			for to < len(u.Mentions) && u.Mentions[to].Sentence == sent {
				to++
			}
			best, bestDist := -1, 0
			for mi := from; mi < to; mi++ {
				m := &u.Mentions[mi]
				if m.Job < 0 || !(m.Counts() || m.Context == "desire") {
					continue
				}
				d := spanDist(m.Span, record.Span{Start: toks[i].Start, End: toks[end-1].End})
				if best < 0 || d < bestDist {
					best, bestDist = mi, d
				}
			}
			if best < 0 {
				continue
			}
			ji := u.Mentions[best].Job
			k := outcomeKey{ji, c.direction, c.metric}
			oi, seen := index[k]
			if !seen {
				if index == nil {
					index = map[outcomeKey]int{}
				}
				obj := u.Jobs[ji].Span.In(u.Text)
				tmpl := l.templates[lang][c.direction+" "+c.metric]
				out = append(out, Outcome{Job: ji, Direction: c.direction, Metric: c.metric, Object: obj,
					Statement: strings.Replace(tmpl, "{object}", obj, 1)})
				oi = len(out) - 1
				index[k] = oi
			}
			for mi := from; mi < to; mi++ {
				if m := &u.Mentions[mi]; m.Job == ji && (m.Counts() || m.Context == "desire") {
					out[oi].Mentions = addSorted(out[oi].Mentions, mi)
				}
			}
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Job < out[b].Job })
	return out
}

// candidates appends to dst the cues whose first word fits t, in lexicon
// order: the only ones matchCue can match at t.
func (x *cueIndex) candidates(dst []int32, t *record.Token) []int32 {
	dst = append(dst, x.byStem[t.Stem]...)
	sources := min(len(dst), 1)
	if c := x.byNorm[t.Norm]; len(c) > 0 {
		dst = append(dst, c...)
		sources++
	}
	for _, p := range x.byPrefix {
		if strings.HasPrefix(t.Norm, p.val) {
			dst = append(dst, p.cue)
			sources++
		}
	}
	if sources > 1 {
		slices.Sort(dst)
	}
	return dst
}

func matchCue(toks []record.Token, i int, ws []cueWord) (int, bool) {
	k := i
	for _, w := range ws {
		if k >= len(toks) || toks[k].Sentence != toks[i].Sentence {
			return 0, false
		}
		t := &toks[k]
		switch w.kind {
		case 's':
			if t.Stem != w.val {
				return 0, false
			}
		case 'p':
			if !strings.HasPrefix(t.Norm, w.val) {
				return 0, false
			}
		case '=':
			if t.Norm != w.val {
				return 0, false
			}
		}
		k++
	}
	return k, true
}

// negatedAt: a negator one or two words before the cue, in its sentence.
func negatedAt(toks []record.Token, i int) bool {
	for k := i - 1; k >= 0 && k >= i-2 && toks[k].Sentence == toks[i].Sentence; k-- {
		if cueNegators[toks[k].Norm] {
			return true
		}
	}
	return false
}

func spanDist(a, b record.Span) int {
	switch {
	case a.End <= b.Start:
		return b.Start - a.End
	case b.End <= a.Start:
		return a.Start - b.End
	}
	return 0
}

// addSorted adds v to s, ascending, unless it is there. Sentences are read
// in order, so v mostly goes at the end; the search keeps one job with
// mentions in thousands of sentences (a long transcript turn) from costing
// quadratic time (2.8 MB took 35 s with a scan).
func addSorted(s []int, v int) []int {
	i, found := slices.BinarySearch(s, v)
	if found {
		return s
	}
	return slices.Insert(s, i, v)
}

type outcomeKey struct {
	job               int
	direction, metric string
}
