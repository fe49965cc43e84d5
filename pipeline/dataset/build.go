package dataset

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"jobminer/pipeline"
	"jobminer/pipeline/jobs"
	"jobminer/pipeline/output"
)

const (
	documentsDir = "documents"
	mentionsDir  = "mentions"
	rejectsDir   = "rejects"
)

func tablePath(table string, p Part) string { return filepath.Join(table, p.Date, p.Name) }

func sidecarRel(p Part) string { return filepath.Join(metaDir, partsDir, p.Date, p.Name+".json") }

// build fills the new generation: the live parts of cur (linked, or
// rewritten where rows were superseded or job ids changed), this run's part
// (from the analysis), jobs.parquet over everything, the earlier manifests
// and the new state. st is this run's to change (plan put this run's
// records in it); it becomes the new state. m gets the counts; the caller
// writes the manifest.
func build(b *builder, cur string, st *State, p *planned, a *analysis, m *Manifest, budget int) error {
	ns := &State{Version: 1, Files: st.Files, Records: st.Records}
	scratch := filepath.Join(b.tmp, "_scratch", "run")
	if budget <= 0 {
		budget = defaultJobBudget
	}

	// The reduce, over every live document: earlier parts' occurrences
	// (from their sidecars, minus superseded documents) and this run's.
	old := newJobAgg(scratch, "jobs-old", budget)
	for _, part := range st.Parts {
		id := part.ID()
		err := addOccurrences(cur, part, func(docID string) bool { return !p.replaced[id+"\x00"+docID] }, old)
		if err != nil {
			return err
		}
	}
	cands, ids, err := finalize(scratch, append(a.aggs, old))
	if err != nil {
		return err
	}
	ns.JobIDs = ids

	// Earlier parts.
	for _, part := range st.Parts {
		id := part.ID()
		live := func(docID string) bool { return !p.replaced[id+"\x00"+docID] }
		total, keep, mentions, changed, err := scanPart(cur, part, live, func(k string) bool { return ids[k] != st.JobIDs[k] })
		if err != nil {
			return err
		}
		m.Counts.Documents += keep
		m.Counts.Mentions += mentions
		if !changed && keep == total {
			for _, rel := range []string{tablePath(documentsDir, part), tablePath(mentionsDir, part), sidecarRel(part)} {
				if err := b.link(cur, rel); err != nil {
					return err
				}
			}
			ns.Parts = append(ns.Parts, part)
			continue
		}
		m.Counts.PartsRewritten++
		if keep == 0 {
			continue // every row superseded: the part goes
		}
		if err := rewritePart(b, cur, part, live, ids); err != nil {
			return err
		}
		ns.Parts = append(ns.Parts, part)
		m.Parts = append(m.Parts, tablePath(documentsDir, part), tablePath(mentionsDir, part))
	}
	for _, part := range st.Rejects {
		if err := b.link(cur, tablePath(rejectsDir, part)); err != nil {
			return err
		}
		ns.Rejects = append(ns.Rejects, part)
	}

	// This run's part: the analysed documents in part order, the mentions
	// with their final job ids. The rejects are written already.
	part, out := p.part, a.out
	if err := errors.Join(out.w.WriteJobs(pipeline.JobRows(cands)), out.w.WriteOutcomes(pipeline.OutcomeRows(cands))); err != nil {
		return err
	}
	var docsTo, mentionsTo, rejectsTo string
	// A run without documents (or rejects) adds no empty part, except the
	// first, so that every glob in the README matches at least one file.
	var side *sideWriter
	if len(p.slots) > 0 || len(ns.Parts) == 0 {
		docsTo, mentionsTo = tablePath(documentsDir, part), tablePath(mentionsDir, part)
		if side, err = b.createSidecar(part); err != nil {
			return err
		}
	}
	partID := part.ID()
	var docs, ments int64
	err = a.spill.each(func(_ int, r *spilled) error {
		if rv, ok := ns.Records.get(r.key); !ok || rv.DocID != r.doc.DocID || rv.Part != partID {
			return fmt.Errorf("record %s: analysed as document %s, planned as %s in %s", r.key, r.doc.DocID, rv.DocID, rv.Part)
		}
		docs++
		if err := out.docs.add(r.doc); err != nil {
			return err
		}
		first := true
		return a.spill.parts(r, func(ms []output.MentionRow, sb []byte) error {
			for _, mr := range ms {
				if mr.JobID != nil {
					mr.JobID = output.String(ids[*mr.JobID])
				}
				if err := out.ments.add(mr); err != nil {
					return err
				}
				ments++
			}
			if side != nil {
				side.part(sb, first)
			}
			first = false
			return nil
		})
	})
	if err != nil {
		return err
	}
	a.spill.remove() // before seal removes the scratch folder
	a.spill = nil
	if side != nil {
		if err := side.close(); err != nil {
			return err
		}
		ns.Parts = append(ns.Parts, part)
		m.Parts = append(m.Parts, docsTo, mentionsTo)
	}
	if p.counts.Rejects > 0 || len(ns.Rejects) == 0 {
		rejectsTo = tablePath(rejectsDir, part)
		ns.Rejects = append(ns.Rejects, part)
		m.Parts = append(m.Parts, rejectsTo)
	}
	if err := out.commit(docsTo, mentionsTo, output.JobsFile, rejectsTo, output.OutcomesFile); err != nil {
		return err
	}
	sortParts(ns.Parts)
	sortParts(ns.Rejects)
	m.Parts = append(m.Parts, output.JobsFile, output.OutcomesFile)
	m.Counts.MentionsNew = ments
	m.Counts.Documents += docs
	m.Counts.Mentions += ments
	m.Counts.Jobs = int64(len(cands))

	for _, in := range m.Inputs {
		if in.SHA256 != "" && !in.Unchanged {
			ns.Files[in.SHA256] = FileSeen{Path: in.Path, RunID: m.RunID}
		}
	}
	if err := linkRuns(b, cur); err != nil {
		return err
	}
	crash("state")
	return writeState(b, ns)
}

// addOccurrences adds the occurrences of part's documents that live keeps
// to old, checking its budget after each document.
func addOccurrences(cur string, part Part, live func(docID string) bool, old *jobAgg) error {
	keep := false // the big entry's document
	return readSide(cur, part, &sideVisitor{
		doc: func(d *SideDoc) error {
			if !live(d.DocID) {
				return nil
			}
			for _, oc := range d.Occurrences {
				old.add(oc)
			}
			return old.check()
		},
		head: func(e *bigEntry) error { keep = live(e.DocID); return nil },
		occ: func(_ *bigEntry, oc *jobs.Occurrence) error {
			if keep {
				old.add(*oc)
			}
			return nil
		},
		end: func(*bigEntry) error { return old.check() },
	})
}

// scanPart counts part's documents, those live keeps and their mentions,
// and says whether moved is true of any of their job keys.
func scanPart(cur string, part Part, live func(docID string) bool, moved func(key string) bool) (total, keep, mentions int64, changed bool, err error) {
	kept := false // the big entry's document
	err = readSide(cur, part, &sideVisitor{
		doc: func(d *SideDoc) error {
			total++
			if !live(d.DocID) {
				return nil
			}
			keep++
			mentions += int64(d.Mentions)
			for _, k := range d.JobKeys {
				changed = changed || moved(k)
			}
			return nil
		},
		head: func(e *bigEntry) error {
			total++
			if kept = live(e.DocID); kept {
				keep++
			}
			return nil
		},
		keys: func(e *bigEntry) error {
			if kept {
				mentions += int64(e.Mentions)
			}
			return nil
		},
		key: func(_ *bigEntry, _, k string) error {
			changed = changed || kept && moved(k)
			return nil
		},
	})
	return total, keep, mentions, changed, err
}

// linkRuns carries the earlier runs' manifests over.
func linkRuns(b *builder, cur string) error {
	if cur == "" {
		return nil
	}
	ents, err := os.ReadDir(filepath.Join(cur, runsDir))
	if err != nil {
		return err
	}
	for _, e := range ents {
		if err := b.link(cur, filepath.Join(runsDir, e.Name())); err != nil {
			return err
		}
	}
	return nil
}
