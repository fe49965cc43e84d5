package jobs

import (
	"bufio"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
)

// Spilling keeps the job aggregation within bounded memory however large
// the input. A worker whose aggregate has grown past its budget writes every
// partial to one of n hash partitions on disk (Spill.Write) and starts
// afresh. FinalizeSpilled then merges each hash partition into per-key
// partials, clusters the keys from a small index of them (Groups needs only
// occurrences and languages), routes the merged partials to partitions by
// cluster and scores each cluster partition, holding one partition per
// core (GOMAXPROCS) in memory at a time. Merging
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
// same number of partitions) plus those still in rest, in memory for a few
// partitions at a time; scratch files go to dir. canon is Aggregate.Canon.
// The result equals Finalize over the merge of everything. The partitions
// are independent, so each step works on up to GOMAXPROCS of them at once:
// this is the run's serial tail otherwise. rest is emptied.
func FinalizeSpilled(dir string, spills []*Spill, rest []*Aggregate, canon func(string, []string) []string) ([]Candidate, map[string]string, error) {
	n := spills[0].Parts()
	for _, s := range spills {
		if err := s.Close(); err != nil {
			return nil, nil, err
		}
	}
	// Spill rest too, each aggregate to files of its own, on several
	// goroutines; they merge as if spills[0] had them at its end, rest[0]'s
	// first, which is where Write would have put them.
	restSpills := make([]*Spill, len(rest))
	err := parallel(len(rest), func(_, j int) error {
		s, err := NewSpill(dir, fmt.Sprintf("jobs-rest-%d", j), n)
		if err != nil {
			return err
		}
		restSpills[j] = s
		if err := s.Write(rest[j]); err != nil {
			s.Close()
			return err
		}
		return s.Close()
	})
	if err != nil {
		return nil, nil, err
	}
	spills = append(append(spills[:1:1], restSpills...), spills[1:]...)

	// Merge each hash partition into per-key partials, keep the index
	// clustering needs, and set the merged partials aside.
	merged, err := NewSpill(dir, "jobs-merged", n)
	if err != nil {
		return nil, nil, err
	}
	indexParts := make([][]*Partial, n)
	err = parallel(n, func(_, i int) error {
		m := New()
		for _, s := range spills {
			if err := readPartials(s.Path(i), m.addPartial); err != nil {
				return err
			}
			os.Remove(s.Path(i))
		}
		keys := m.sortedKeys()
		idx := make([]*Partial, len(keys))
		for j, k := range keys {
			p := m.parts[k]
			idx[j] = &Partial{Key: k, Occurrences: p.Occurrences, Languages: p.Languages}
			if err := merged.WritePartial(i, p); err != nil {
				return err
			}
		}
		indexParts[i] = idx
		return nil
	})
	if cerr := merged.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, nil, err
	}
	index := New()
	index.Canon = canon
	for i, idx := range indexParts {
		for _, p := range idx {
			index.parts[p.Key] = p
		}
		indexParts[i] = nil
	}

	// Cluster, then route every key's partial to the partition of its
	// cluster. Each goroutine routes into spills of its own (byGroup[slot]);
	// a key is in one of them only, so their order does not matter.
	groups := index.Groups()
	group := make(map[string]int, len(index.parts))
	for gi, keys := range groups {
		for _, k := range keys {
			group[k] = gi
		}
	}
	index = nil
	byGroup := make([]*Spill, workers(n))
	closeAll := func() error {
		var first error
		for _, s := range byGroup {
			if s != nil {
				if err := s.Close(); err != nil && first == nil {
					first = err
				}
			}
		}
		return first
	}
	for slot := range byGroup {
		if byGroup[slot], err = NewSpill(dir, fmt.Sprintf("jobs-clusters-%d", slot), n); err != nil {
			closeAll()
			return nil, nil, err
		}
	}
	err = parallel(n, func(slot, i int) error {
		err := readPartials(merged.Path(i), func(p *Partial) error {
			return byGroup[slot].WritePartial(group[p.Key]%n, p)
		})
		os.Remove(merged.Path(i))
		return err
	})
	if cerr := closeAll(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, nil, err
	}

	// Score the cluster partitions; the candidates are ranked at the end,
	// so the order they come in does not matter.
	cands := make([][]Candidate, n)
	pids := make([]map[string]string, n)
	err = parallel(n, func(_, i int) error {
		m := New()
		for _, s := range byGroup {
			if err := readPartials(s.Path(i), m.addPartial); err != nil {
				return err
			}
			os.Remove(s.Path(i))
		}
		var part [][]string
		for gi := i; gi < len(groups); gi += n {
			part = append(part, groups[gi])
		}
		cands[i], pids[i] = m.Candidates(part)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	var out []Candidate
	ids := map[string]string{}
	for i := range cands {
		out = append(out, cands[i]...)
		for k, id := range pids[i] {
			ids[k] = id
		}
		cands[i], pids[i] = nil, nil
	}
	Rank(out)
	return out, ids, nil
}

// workers is how many partitions of n FinalizeSpilled holds at once.
func workers(n int) int { return max(1, min(n, runtime.GOMAXPROCS(0))) }

// parallel calls fn(slot, i) for every partition i < n on workers(n)
// goroutines; slot (< workers(n)) names the goroutine, for state of its
// own. After the first error no new partition starts; it returns the error
// of the lowest partition that failed.
func parallel(n int, fn func(slot, i int) error) error {
	errs := make([]error, n)
	var next atomic.Int64
	var failed atomic.Bool
	var wg sync.WaitGroup
	for slot := range workers(n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !failed.Load() {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if errs[i] = fn(slot, i); errs[i] != nil {
					failed.Store(true)
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
