package dataset

import (
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"jobminer/pipeline/output"
)

// CompactOptions configure Compact.
type CompactOptions struct {
	Out     string
	Version string
	Log     *slog.Logger
	Now     func() time.Time
}

// Compact merges the parts of each partition into one file per table, in
// part order, without changing the table's content. It streams the rows
// (copyParts), so its memory does not grow with the partition. It commits a
// new generation like a run, under the same lock, with a manifest of kind
// "compact". The state folder is the one OUT points into. When every
// partition has one file already it commits nothing (Summary.Committed false).
func Compact(o CompactOptions) (Summary, error) {
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	start := now()
	id := runID(start)
	sum := Summary{RunID: id}
	out := filepath.Clean(o.Out)
	target, err := filepath.EvalSymlinks(out)
	if err != nil {
		return sum, err
	}
	state := filepath.Dir(target)
	lock, err := lockDataset(state, out, id)
	if err != nil {
		return sum, err
	}
	defer lock.Release()
	sum.Stale = lock.Stale
	crash("locked")
	cur, err := current(state, out)
	if err != nil {
		return sum, err
	}
	if cur == "" {
		return sum, fmt.Errorf("%s: no dataset", out)
	}
	collect(state, out, cur, previousOf(cur))
	st, err := loadState(cur)
	if err != nil {
		return sum, err
	}
	if !needsCompaction(st) {
		return sum, nil
	}
	b, err := newBuilder(state, id, "jobminer "+o.Version)
	if err != nil {
		return sum, err
	}
	ok := false
	defer func() {
		if !ok {
			b.abort()
		}
	}()
	m := &sum.Manifest
	*m = Manifest{RunID: id, Tool: "jobminer", Version: o.Version, Kind: "compact", StartedAt: start,
		RunDate: start.UTC().Format("2006-01-02"), Inputs: []ManifestInput{}, Lexicons: map[string]string{}}
	// st is not used for records again: ns takes its index and renames parts in it.
	ns := &State{Version: 1, Files: st.Files, Records: st.Records, JobIDs: st.JobIDs}
	name := "part-" + id + ".parquet"

	for _, group := range byDate(st.Parts) {
		if len(group) == 1 {
			for _, rel := range []string{tablePath(documentsDir, group[0]), tablePath(mentionsDir, group[0]), sidecarRel(group[0])} {
				if err := b.link(cur, rel); err != nil {
					return sum, err
				}
			}
			ns.Parts = append(ns.Parts, group[0])
			continue
		}
		np := Part{Date: group[0].Date, Name: name}
		if err := copyParts(b, cur, group, np, nil, nil); err != nil {
			return sum, err
		}
		moved := map[string]string{} // part id -> np's
		for _, part := range group {
			moved[part.ID()] = np.ID()
		}
		ns.Records.renameParts(moved)
		ns.Parts = append(ns.Parts, np)
		m.Parts = append(m.Parts, tablePath(documentsDir, np), tablePath(mentionsDir, np))
		m.Counts.PartsRewritten += int64(len(group))
	}
	for _, group := range byDate(st.Rejects) {
		if len(group) == 1 {
			if err := b.link(cur, tablePath(rejectsDir, group[0])); err != nil {
				return sum, err
			}
			ns.Rejects = append(ns.Rejects, group[0])
			continue
		}
		np := Part{Date: group[0].Date, Name: name}
		if err := copyRejects(b, cur, group, np); err != nil {
			return sum, err
		}
		ns.Rejects = append(ns.Rejects, np)
		m.Parts = append(m.Parts, tablePath(rejectsDir, np))
		m.Counts.PartsRewritten += int64(len(group))
	}
	for _, f := range []string{output.JobsFile, output.OutcomesFile} {
		if err := b.link(cur, f); err != nil {
			return sum, err
		}
	}
	if err := linkRuns(b, cur); err != nil {
		return sum, err
	}
	m.Counts.Documents = int64(ns.Records.len())
	var prev Manifest
	if ms, err := Runs(cur); err == nil && len(ms) > 0 {
		prev = ms[len(ms)-1]
	}
	m.Counts.Mentions, m.Counts.Jobs = prev.Counts.Mentions, prev.Counts.Jobs
	if err := writeState(b, ns); err != nil {
		return sum, err
	}
	m.FinishedAt = now()
	m.DurationMS = m.FinishedAt.Sub(start).Milliseconds()
	m.ExitStatus = "done"
	mb, err := encodeJSON(m)
	if err != nil {
		return sum, err
	}
	if err := b.writeFile(filepath.Join(runsDir, id+".json"), mb); err != nil {
		return sum, err
	}
	if err := b.seal(); err != nil {
		return sum, err
	}
	ok = true
	if err := switchTo(out, b.final); err != nil {
		return sum, err
	}
	sum.Committed = true
	collect(state, out, b.final, cur)
	if o.Log != nil {
		o.Log.Info("compacted", "run_id", id, "parts_merged", m.Counts.PartsRewritten, "duration_ms", m.DurationMS)
	}
	return sum, nil
}

// copyRejects writes the rejects of the parts from, in order, as the part to.
func copyRejects(b *builder, cur string, from []Part, to Part) error {
	return b.fill(func(s *stream) error {
		for _, part := range from {
			if err := copyRows(filepath.Join(cur, tablePath(rejectsDir, part)), s.rejects.add); err != nil {
				return err
			}
		}
		return nil
	}, "", "", "", tablePath(rejectsDir, to), "")
}

func needsCompaction(st *State) bool {
	for _, ps := range [][]Part{st.Parts, st.Rejects} {
		for _, g := range byDate(ps) {
			if len(g) > 1 {
				return true
			}
		}
	}
	return false
}

// byDate groups parts (sorted) by partition.
func byDate(ps []Part) [][]Part {
	var out [][]Part
	for _, p := range ps {
		if n := len(out); n > 0 && out[n-1][0].Date == p.Date {
			out[n-1] = append(out[n-1], p)
			continue
		}
		out = append(out, []Part{p})
	}
	return out
}
