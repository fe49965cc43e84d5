package jobs

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"sort"
	"time"
)

// MarshalBinary encodes the aggregate (not Canon) so that a distributed
// runner (cmd/jobminer-beam) can move partial aggregates between workers.
// The bytes are not canonical (gob writes maps in iteration order), so they
// must not serve as a grouping key; UnmarshalBinary restores an aggregate
// that merges and finalises exactly like the original.
func (a *Aggregate) MarshalBinary() ([]byte, error) {
	keys := make([]string, 0, len(a.parts))
	for k := range a.parts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	w := make([]wirePartial, len(keys))
	for i, k := range keys {
		w[i] = toWire(a.parts[k])
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(w); err != nil {
		return nil, fmt.Errorf("jobs: encode aggregate: %w", err)
	}
	return buf.Bytes(), nil
}

// UnmarshalBinary replaces a's keys with those encoded in b; Canon is kept.
func (a *Aggregate) UnmarshalBinary(b []byte) error {
	var w []wirePartial
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&w); err != nil {
		return fmt.Errorf("jobs: decode aggregate: %w", err)
	}
	a.parts = make(map[string]*Partial, len(w))
	for i := range w {
		p := fromWire(&w[i])
		a.parts[p.Key] = p
	}
	return nil
}

// wirePartial is a Partial in a form gob can carry: sets as sorted slices,
// outcomes as a sorted list, and whether the lazily made maps exist (gob
// drops empty maps, and nil and empty differ in the output's lists).
type wirePartial struct {
	Key            string
	Statements     map[string]int64
	Languages      map[string]int64
	Occurrences    int64
	Mentions       int64
	Docs           []uint64
	Respondents    []uint64
	Forces         [4]int64
	First, Last    time.Time
	Examples       []Example
	LangStatements map[string]map[string]int64
	Story          Story
	Outcomes       []wireOutcome
	SubForces      map[string]int64
	HasSubForces   bool
	Phases         map[string]int64
	HasPhases      bool
}

type wireOutcome struct {
	Language, Direction, Metric string
	N                           int64
	Statements                  map[string]int64
	Objects                     map[string]string
	MentionIDs                  []string
}

func sortedSet(m map[uint64]struct{}) []uint64 {
	s := make([]uint64, 0, len(m))
	for h := range m {
		s = append(s, h)
	}
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s
}

func toWire(p *Partial) wirePartial {
	w := wirePartial{Key: p.Key, Statements: p.Statements, Languages: p.Languages,
		Occurrences: p.Occurrences, Mentions: p.Mentions, Docs: sortedSet(p.Docs), Respondents: sortedSet(p.Respondents),
		Forces: p.Forces, First: p.First, Last: p.Last, Examples: p.Examples, LangStatements: p.LangStatements,
		Story: p.Story, SubForces: p.SubForces, HasSubForces: p.SubForces != nil, Phases: p.Phases, HasPhases: p.Phases != nil}
	for k, o := range p.Outcomes {
		w.Outcomes = append(w.Outcomes, wireOutcome{Language: k.Language, Direction: k.Direction, Metric: k.Metric,
			N: o.N, Statements: o.Statements, Objects: o.Objects, MentionIDs: o.MentionIDs})
	}
	sort.Slice(w.Outcomes, func(i, j int) bool {
		a, b := w.Outcomes[i], w.Outcomes[j]
		if a.Language != b.Language {
			return a.Language < b.Language
		}
		if a.Direction != b.Direction {
			return a.Direction < b.Direction
		}
		return a.Metric < b.Metric
	})
	return w
}

func fromWire(w *wirePartial) *Partial {
	p := newPartial(w.Key)
	for k, v := range w.Statements {
		p.Statements[k] = v
	}
	for k, v := range w.Languages {
		p.Languages[k] = v
	}
	p.Occurrences, p.Mentions, p.Forces = w.Occurrences, w.Mentions, w.Forces
	for _, h := range w.Docs {
		p.Docs[h] = struct{}{}
	}
	for _, h := range w.Respondents {
		p.Respondents[h] = struct{}{}
	}
	p.First, p.Last = w.First, w.Last
	p.Examples = w.Examples
	for lang, m := range w.LangStatements {
		p.addLangStatementsFrom(lang, m)
	}
	p.Story = w.Story
	for _, o := range w.Outcomes {
		q := &outcomeAgg{N: o.N, Statements: map[string]int64{}, Objects: map[string]string{}, MentionIDs: o.MentionIDs}
		for k, v := range o.Statements {
			q.Statements[k] = v
		}
		for k, v := range o.Objects {
			q.Objects[k] = v
		}
		p.Outcomes[outcomeKey{o.Language, o.Direction, o.Metric}] = q
	}
	if w.HasSubForces {
		p.SubForces = map[string]int64{}
		for k, v := range w.SubForces {
			p.SubForces[k] = v
		}
	}
	if w.HasPhases {
		p.Phases = map[string]int64{}
		for k, v := range w.Phases {
			p.Phases[k] = v
		}
	}
	return p
}

func (p *Partial) addLangStatementsFrom(lang string, m map[string]int64) {
	for st, n := range m {
		p.addLangStatement(lang, st, n)
	}
}
