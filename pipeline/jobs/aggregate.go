// Package jobs aggregates job occurrences across documents into scored job
// candidates.
//
// Aggregation is a mergeable reduce: each worker (or, later, each Beam
// bundle) builds an Aggregate from the documents it saw, and Aggregates merge
// associatively and commutatively into the same result whatever the grouping.
// Force totals are kept as integer thousandths so that merging stays exact
// (float sums depend on their order). Only Finalize looks across keys: it
// clusters near-equal keys and scores each cluster.
package jobs

import (
	"hash/fnv"
	"math"
	"sort"
	"time"

	"jobminer/pipeline/record"
)

// Milli converts a mention's weight × intensity to the integer thousandths
// the aggregate sums.
func Milli(v float64) int64 { return int64(math.Round(v * 1000)) }

// Occurrence is one job found in one utterance, with the force mentions tied to it.
type Occurrence struct {
	Key        string
	Statement  string
	Language   string
	DocID      string
	Respondent string // who said it: customer id, or source+speaker, or doc id
	Time       time.Time
	Quote      string   // the sentence the job was said in
	Mentions   int64    // mentions tied to it, negated ones included
	Forces     [4]int64 // non-negated weight × intensity per force, in thousandths (record.Forces order)
	Utterance  int
	// Story is the job story the utterance gives this job (pipeline/jtbd);
	// zero when its words do not make one. Outcomes are its desired-outcome
	// statements.
	Story    Story
	Outcomes []OutcomeHit
	// SubForces sums the counting mentions' weight × intensity per
	// sub-force, in thousandths (nil: none); Phase is the switch-timeline
	// phase of the job's sentence, else of its utterance ("" when none).
	SubForces map[string]int64
	Phase     string
}

// Story is a job story candidate: its text, the mentions it was built from
// and how many of situation, motivation and outcome it has (2 or 3).
type Story struct {
	Text       string
	MentionIDs []string
	Parts      int
	Energy     int64 // force energy of its occurrence, to prefer the liveliest
	DocID      string
	Utterance  int
}

// less orders stories best first: most parts, most energy, then by document.
func (s Story) less(o Story) bool {
	if s.Parts != o.Parts {
		return s.Parts > o.Parts
	}
	if s.Energy != o.Energy {
		return s.Energy > o.Energy
	}
	if s.DocID != o.DocID {
		return s.DocID < o.DocID
	}
	if s.Utterance != o.Utterance {
		return s.Utterance < o.Utterance
	}
	return s.Text < o.Text
}

// OutcomeHit is one desired-outcome statement of an occurrence.
type OutcomeHit struct {
	Direction, Metric, Language string
	Object, Statement           string
	MentionIDs                  []string
}

// MaxOutcomeEvidence is how many mention ids an outcome keeps as evidence:
// the smallest ids, so that merges agree.
const MaxOutcomeEvidence = 5

// outcomeAgg is an outcome of one job key, aggregated.
type outcomeAgg struct {
	N          int64
	Statements map[string]int64  // rendered statement -> occurrences
	Objects    map[string]string // rendered statement -> its object
	MentionIDs []string          // sorted, at most MaxOutcomeEvidence
}

type outcomeKey struct{ Language, Direction, Metric string }

// Example is a quote kept for a job.
type Example struct {
	Quote     string
	DocID     string
	Utterance int
	Energy    int64
}

// less orders examples best first: most force energy, then by document.
func (e Example) less(o Example) bool {
	if e.Energy != o.Energy {
		return e.Energy > o.Energy
	}
	if e.DocID != o.DocID {
		return e.DocID < o.DocID
	}
	if e.Utterance != o.Utterance {
		return e.Utterance < o.Utterance
	}
	return e.Quote < o.Quote
}

// MaxExamples is how many quotes a job keeps.
const MaxExamples = 3

// Partial is the aggregate of one job key.
type Partial struct {
	Key         string
	Statements  map[string]int64
	Languages   map[string]int64
	Occurrences int64
	Mentions    int64
	Docs        map[uint64]struct{}
	Respondents map[uint64]struct{}
	Forces      [4]int64
	First, Last time.Time
	Examples    []Example
	// LangStatements counts statements per language, for a statement in each
	// language a job was said in; Story is the best job story seen (Parts 0:
	// none); Outcomes its desired-outcome statements.
	LangStatements map[string]map[string]int64
	Story          Story
	Outcomes       map[outcomeKey]*outcomeAgg
	// SubForces: totals per sub-force in thousandths; Phases: occurrences
	// per switch-timeline phase. Both nil until the first one (timeline.go).
	SubForces map[string]int64
	Phases    map[string]int64
}

func newPartial(key string) *Partial {
	return &Partial{Key: key, Statements: map[string]int64{}, Languages: map[string]int64{},
		Docs: map[uint64]struct{}{}, Respondents: map[uint64]struct{}{},
		LangStatements: map[string]map[string]int64{}, Outcomes: map[outcomeKey]*outcomeAgg{}}
}

// Aggregate maps job keys to their partial aggregates.
type Aggregate struct {
	parts map[string]*Partial
	// Canon, when set, maps a key's stems in its main language to what
	// clustering compares (pipeline/jtbd's bilingual concepts), so that jobs
	// said in two languages can form one cluster. Keys themselves stay as
	// they are.
	Canon func(lang string, stems []string) []string
}

// New returns an empty Aggregate.
func New() *Aggregate { return &Aggregate{parts: map[string]*Partial{}} }

// Len returns the number of distinct job keys.
func (a *Aggregate) Len() int { return len(a.parts) }

// Add records one occurrence.
func (a *Aggregate) Add(o Occurrence) {
	p := a.parts[o.Key]
	if p == nil {
		p = newPartial(o.Key)
		a.parts[o.Key] = p
	}
	p.Statements[o.Statement]++
	p.Languages[o.Language]++
	p.Occurrences++
	p.Mentions += o.Mentions
	p.Docs[hash(o.DocID)] = struct{}{}
	p.Respondents[hash(o.Respondent)] = struct{}{}
	var energy int64
	for i, v := range o.Forces {
		p.Forces[i] += v
		energy += v
	}
	p.seen(o.Time, o.Time)
	p.addExamples([]Example{{Quote: o.Quote, DocID: o.DocID, Utterance: o.Utterance, Energy: energy}})
	p.addLangStatement(o.Language, o.Statement, 1)
	p.addOccurrenceTimeline(o)
	if o.Story.Parts > 0 {
		st := o.Story
		st.Energy, st.DocID, st.Utterance = energy, o.DocID, o.Utterance
		p.addStory(st)
	}
	for _, h := range o.Outcomes {
		p.addOutcome(outcomeKey{h.Language, h.Direction, h.Metric}, &outcomeAgg{N: 1,
			Statements: map[string]int64{h.Statement: 1}, Objects: map[string]string{h.Statement: h.Object},
			MentionIDs: h.MentionIDs})
	}
}

func (p *Partial) addLangStatement(lang, st string, n int64) {
	m := p.LangStatements[lang]
	if m == nil {
		m = map[string]int64{}
		p.LangStatements[lang] = m
	}
	m[st] += n
}

// addStory keeps the best story: the minimum of a total order, associative.
func (p *Partial) addStory(s Story) {
	if s.Parts > 0 && (p.Story.Parts == 0 || s.less(p.Story)) {
		p.Story = s
	}
}

func (p *Partial) addOutcome(k outcomeKey, q *outcomeAgg) {
	o := p.Outcomes[k]
	if o == nil {
		o = &outcomeAgg{Statements: map[string]int64{}, Objects: map[string]string{}}
		p.Outcomes[k] = o
	}
	o.N += q.N
	for s, n := range q.Statements {
		o.Statements[s] += n
		o.Objects[s] = q.Objects[s]
	}
	o.MentionIDs = smallest(append(append([]string(nil), o.MentionIDs...), q.MentionIDs...), MaxOutcomeEvidence)
}

// smallest returns the n smallest distinct strings of s, sorted.
func smallest(s []string, n int) []string {
	sort.Strings(s)
	out := s[:0]
	for i, v := range s {
		if (i == 0 || v != s[i-1]) && len(out) < n {
			out = append(out, v)
		}
	}
	return out
}

// Merge folds b into a. b must not be used afterwards.
func (a *Aggregate) Merge(b *Aggregate) {
	for k, q := range b.parts {
		p := a.parts[k]
		if p == nil {
			a.parts[k] = q
			continue
		}
		p.merge(q)
	}
}

func (p *Partial) merge(q *Partial) {
	for s, n := range q.Statements {
		p.Statements[s] += n
	}
	for s, n := range q.Languages {
		p.Languages[s] += n
	}
	p.Occurrences += q.Occurrences
	p.Mentions += q.Mentions
	for h := range q.Docs {
		p.Docs[h] = struct{}{}
	}
	for h := range q.Respondents {
		p.Respondents[h] = struct{}{}
	}
	for i := range p.Forces {
		p.Forces[i] += q.Forces[i]
	}
	p.seen(q.First, q.Last)
	p.addExamples(q.Examples)
	p.addTimeline(q.SubForces, q.Phases)
	for lang, m := range q.LangStatements {
		for st, n := range m {
			p.addLangStatement(lang, st, n)
		}
	}
	p.addStory(q.Story)
	for k, o := range q.Outcomes {
		p.addOutcome(k, o)
	}
}

func (p *Partial) seen(first, last time.Time) {
	if !first.IsZero() && (p.First.IsZero() || first.Before(p.First)) {
		p.First = first
	}
	if !last.IsZero() && (p.Last.IsZero() || last.After(p.Last)) {
		p.Last = last
	}
}

// addExamples keeps the best MaxExamples, one per quote text. Keeping the top
// k of a total order is associative, so merges agree.
func (p *Partial) addExamples(ex []Example) {
	all := append(append([]Example(nil), p.Examples...), ex...)
	sort.Slice(all, func(i, j int) bool { return all[i].less(all[j]) })
	out := all[:0]
	seen := map[string]bool{}
	for _, e := range all {
		if seen[e.Quote] || len(out) == MaxExamples {
			continue
		}
		seen[e.Quote] = true
		out = append(out, e)
	}
	p.Examples = out
}

func hash(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// forceIndex maps a force to its slot in Forces.
func forceIndex(f record.Force) int {
	for i, g := range record.Forces {
		if g == f {
			return i
		}
	}
	return -1
}

// AddForce adds a mention's weight × intensity to a force total, for callers
// building Occurrences.
func AddForce(forces *[4]int64, f record.Force, weight, intensity float64) {
	if i := forceIndex(f); i >= 0 {
		forces[i] += Milli(weight * intensity)
	}
}
