package jobs

import (
	"bufio"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
)

// Spilling keeps the job aggregation within bounded memory however large
// the input. A worker whose aggregate has grown past its budget writes every
// partial to one of n hash partitions on disk (Spill.Write) and starts
// afresh. FinalizeSpilled then merges one hash partition at a time into
// per-key partials, clusters the keys from a small index of them (Groups
// needs only occurrences and languages), routes the merged partials to
// partitions by cluster and scores one cluster partition at a time. Merging
// is exact, so the candidates equal those of Finalize over one in-memory
// aggregate: the same ids, counts, statements and ranks.

// Spill is a set of n partition files of encoded partials.
type Spill struct {
	dir, name string
	files     []*os.File
	bufs      []*bufio.Writer
	encs      []*gob.Encoder
}

// NewSpill creates n empty partition files named name-<i> in dir.
func NewSpill(dir, name string, n int) (*Spill, error) {
	s := &Spill{dir: dir, name: name}
	for i := 0; i < n; i++ {
		f, err := os.Create(s.Path(i))
		if err != nil {
			s.Close()
			return nil, err
		}
		b := bufio.NewWriterSize(f, 64<<10)
		s.files, s.bufs, s.encs = append(s.files, f), append(s.bufs, b), append(s.encs, gob.NewEncoder(b))
	}
	return s, nil
}

// Parts is the number of partitions.
func (s *Spill) Parts() int { return len(s.files) }

// Path is the file of partition i.
func (s *Spill) Path(i int) string { return filepath.Join(s.dir, fmt.Sprintf("%s-%03d", s.name, i)) }

// Write moves every partial of a to its hash partition and empties a.
func (s *Spill) Write(a *Aggregate) error {
	for _, k := range a.sortedKeys() {
		if err := s.WritePartial(int(hash(k)%uint64(len(s.files))), a.parts[k]); err != nil {
			return err
		}
	}
	a.parts = map[string]*Partial{}
	return nil
}

// WritePartial appends p to partition i.
func (s *Spill) WritePartial(i int, p *Partial) error {
	w := toWire(p)
	if err := s.encs[i].Encode(&w); err != nil {
		return fmt.Errorf("jobs: spill %s: %w", s.Path(i), err)
	}
	return nil
}

// Close flushes and closes the files; they stay on disk for reading.
func (s *Spill) Close() error {
	var first error
	for i, f := range s.files {
		if s.bufs[i] != nil {
			if err := s.bufs[i].Flush(); err != nil && first == nil {
				first = err
			}
			s.bufs[i] = nil
		}
		if err := f.Close(); err != nil && first == nil && !errors.Is(err, os.ErrClosed) {
			first = err
		}
	}
	return first
}

// readPartials decodes the partials of one partition file in order.
func readPartials(path string, fn func(*Partial) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	dec := gob.NewDecoder(bufio.NewReaderSize(f, 64<<10))
	for {
		var w wirePartial
		if err := dec.Decode(&w); err == io.EOF {
			return nil
		} else if err != nil {
			return fmt.Errorf("jobs: read spill %s: %w", path, err)
		}
		if err := fn(fromWire(&w)); err != nil {
			return err
		}
	}
}

// addPartial merges p into a under its key.
func (a *Aggregate) addPartial(p *Partial) error {
	if q := a.parts[p.Key]; q != nil {
		q.merge(p)
		return nil
	}
	a.parts[p.Key] = p
	return nil
}

func (a *Aggregate) sortedKeys() []string {
	keys := make([]string, 0, len(a.parts))
	for k := range a.parts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// FinalizeSpilled finalises the partials written to spills (all with the
// same number of partitions) plus those still in rest, in memory for one
// partition at a time; scratch files go to dir. canon is Aggregate.Canon.
// The result equals Finalize over the merge of everything.
func FinalizeSpilled(dir string, spills []*Spill, rest []*Aggregate, canon func(string, []string) []string) ([]Candidate, map[string]string, error) {
	n := spills[0].Parts()
	for _, a := range rest {
		if err := spills[0].Write(a); err != nil {
			return nil, nil, err
		}
	}
	for _, s := range spills {
		if err := s.Close(); err != nil {
			return nil, nil, err
		}
	}

	// Merge each hash partition into per-key partials, keep the index
	// clustering needs, and set the merged partials aside.
	merged, err := NewSpill(dir, "jobs-merged", n)
	if err != nil {
		return nil, nil, err
	}
	index := New()
	index.Canon = canon
	for i := 0; i < n; i++ {
		m := New()
		for _, s := range spills {
			if err := readPartials(s.Path(i), m.addPartial); err != nil {
				merged.Close()
				return nil, nil, err
			}
			os.Remove(s.Path(i))
		}
		for _, k := range m.sortedKeys() {
			p := m.parts[k]
			index.parts[k] = &Partial{Key: k, Occurrences: p.Occurrences, Languages: p.Languages}
			if err := merged.WritePartial(i, p); err != nil {
				merged.Close()
				return nil, nil, err
			}
		}
	}
	if err := merged.Close(); err != nil {
		return nil, nil, err
	}

	// Cluster, then route every key's partial to the partition of its cluster.
	groups := index.Groups()
	group := make(map[string]int, len(index.parts))
	for gi, keys := range groups {
		for _, k := range keys {
			group[k] = gi
		}
	}
	index = nil
	byGroup, err := NewSpill(dir, "jobs-clusters", n)
	if err != nil {
		return nil, nil, err
	}
	for i := 0; i < n; i++ {
		err := readPartials(merged.Path(i), func(p *Partial) error {
			return byGroup.WritePartial(group[p.Key]%n, p)
		})
		if err != nil {
			byGroup.Close()
			return nil, nil, err
		}
		os.Remove(merged.Path(i))
	}
	if err := byGroup.Close(); err != nil {
		return nil, nil, err
	}

	// Score one cluster partition at a time.
	var out []Candidate
	ids := map[string]string{}
	for i := 0; i < n; i++ {
		m := New()
		if err := readPartials(byGroup.Path(i), m.addPartial); err != nil {
			return nil, nil, err
		}
		os.Remove(byGroup.Path(i))
		var part [][]string
		for gi := i; gi < len(groups); gi += n {
			part = append(part, groups[gi])
		}
		cands, pids := m.Candidates(part)
		out = append(out, cands...)
		for k, id := range pids {
			ids[k] = id
		}
	}
	Rank(out)
	return out, ids, nil
}
