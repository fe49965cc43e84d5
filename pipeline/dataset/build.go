package dataset

import (
	"fmt"
	"maps"
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
// rewritten where rows were superseded or job ids changed), this run's part,
// jobs.parquet over everything, the earlier manifests and the new state.
// m gets the counts; the caller writes the manifest.
func build(b *builder, cur string, st *State, p *planned, res []analysed, m *Manifest) error {
	ns := &State{Version: 1, Files: maps.Clone(st.Files), Records: maps.Clone(st.Records)}

	// The reduce, over every live document: earlier parts' occurrences
	// (from their sidecars, minus superseded documents) and this run's.
	agg := jobs.New()
	sides := make([]*Sidecar, len(st.Parts))
	for i, part := range st.Parts {
		sc, err := readSidecar(cur, part)
		if err != nil {
			return err
		}
		sides[i] = sc
		for _, d := range sc.Docs {
			if p.replaced[part.ID()+"\x00"+d.DocID] {
				continue
			}
			for _, oc := range d.Occurrences {
				agg.Add(oc)
			}
		}
	}
	for _, r := range res {
		for _, oc := range r.occ {
			agg.Add(oc)
		}
	}
	agg.Canon = pipeline.Canon // as a one-off run clusters
	cands, ids := agg.Finalize()
	ns.JobIDs = ids

	// Earlier parts.
	for i, part := range st.Parts {
		sc := sides[i]
		keep := sc.Docs[:0:0]
		for _, d := range sc.Docs {
			if !p.replaced[part.ID()+"\x00"+d.DocID] {
				keep = append(keep, d)
			}
		}
		rewrite := len(keep) != len(sc.Docs)
		for _, d := range keep {
			for _, k := range d.JobKeys {
				if ids[k] != st.JobIDs[k] {
					rewrite = true
				}
			}
		}
		for _, d := range keep {
			m.Counts.Documents++
			m.Counts.Mentions += int64(d.Mentions)
		}
		if !rewrite {
			for _, rel := range []string{tablePath(documentsDir, part), tablePath(mentionsDir, part), sidecarRel(part)} {
				if err := b.link(cur, rel); err != nil {
					return err
				}
			}
			ns.Parts = append(ns.Parts, part)
			continue
		}
		m.Counts.PartsRewritten++
		if len(keep) == 0 {
			continue // every row superseded: the part goes
		}
		if err := rewritePart(b, cur, part, keep, ids); err != nil {
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

	// This run's part.
	part := Part{Date: "run_date=" + m.RunDate, Name: "part-" + m.RunID + ".parquet"}
	sc := &Sidecar{}
	var docs []output.DocumentRow
	var ments []output.MentionRow
	for i, r := range res {
		sd := SideDoc{DocID: r.doc.DocID, Record: p.keys[i], Occurrences: r.occ, Mentions: len(r.mentions), JobKeys: map[string]string{}}
		for _, mr := range r.mentions {
			if mr.JobID != nil {
				sd.JobKeys[mr.MentionID] = *mr.JobID
				mr.JobID = output.String(ids[*mr.JobID])
			}
			ments = append(ments, mr)
		}
		docs = append(docs, r.doc)
		sc.Docs = append(sc.Docs, sd)
		ns.Records[p.keys[i]] = RecordVer{Updated: p.updated[i], DocID: r.doc.DocID, Part: part.ID()}
	}
	var rejects []output.RejectRow
	for _, r := range p.rejects {
		rejects = append(rejects, output.RejectRow{Source: r.Source.File, Line: int64(r.Source.Line), RecordID: r.Source.RecordID, Reason: r.Reason})
	}
	t := tables{docs: docs, mentions: ments, jobs: pipeline.JobRows(cands), rejects: rejects, outcomes: pipeline.OutcomeRows(cands),
		jobsTo: output.JobsFile, outcomesTo: output.OutcomesFile}
	// A run without documents (or rejects) adds no empty part, except the
	// first, so that every glob in the README matches at least one file.
	if len(docs) > 0 || len(ns.Parts) == 0 {
		t.docsTo, t.mentionsTo = tablePath(documentsDir, part), tablePath(mentionsDir, part)
		ns.Parts = append(ns.Parts, part)
		m.Parts = append(m.Parts, t.docsTo, t.mentionsTo)
		if err := writeSidecar(b, part, sc); err != nil {
			return err
		}
	}
	if len(rejects) > 0 || len(ns.Rejects) == 0 {
		t.rejectsTo = tablePath(rejectsDir, part)
		ns.Rejects = append(ns.Rejects, part)
		m.Parts = append(m.Parts, t.rejectsTo)
	}
	if err := b.write(t); err != nil {
		return err
	}
	sortParts(ns.Parts)
	sortParts(ns.Rejects)
	m.Parts = append(m.Parts, output.JobsFile, output.OutcomesFile)
	m.Counts.MentionsNew = int64(len(ments))
	m.Counts.Documents += int64(len(docs))
	m.Counts.Mentions += int64(len(ments))
	m.Counts.Jobs = int64(len(cands))

	for _, in := range m.Inputs {
		if in.SHA256 != "" && !in.Unchanged {
			ns.Files[in.SHA256] = FileSeen{Path: in.Path, RunID: m.RunID}
		}
	}
	if err := linkRuns(b, cur); err != nil {
		return err
	}
	sb, err := encodeJSON(ns)
	if err != nil {
		return err
	}
	crash("state")
	return b.writeFile(filepath.Join(metaDir, stateFile), sb)
}

// rewritePart writes part again with only the documents in keep and the
// current job ids.
func rewritePart(b *builder, cur string, part Part, keep []SideDoc, ids map[string]string) error {
	docRows, err := output.ReadDocuments(filepath.Join(cur, tablePath(documentsDir, part)))
	if err != nil {
		return err
	}
	mentionRows, err := output.ReadMentions(filepath.Join(cur, tablePath(mentionsDir, part)))
	if err != nil {
		return err
	}
	live := map[string]bool{}
	keys := map[string]string{}
	for _, d := range keep {
		live[d.DocID] = true
		maps.Copy(keys, d.JobKeys)
	}
	t := tables{docsTo: tablePath(documentsDir, part), mentionsTo: tablePath(mentionsDir, part)}
	for _, r := range docRows {
		if live[r.DocID] {
			t.docs = append(t.docs, r)
		}
	}
	for _, r := range mentionRows {
		if !live[r.DocID] {
			continue
		}
		if r.JobID != nil {
			k, ok := keys[r.MentionID]
			if !ok {
				return fmt.Errorf("%s: mention %s has a job but no job key in its sidecar", tablePath(mentionsDir, part), r.MentionID)
			}
			r.JobID = output.String(ids[k])
		}
		t.mentions = append(t.mentions, r)
	}
	if err := b.write(t); err != nil {
		return err
	}
	return writeSidecar(b, part, &Sidecar{Docs: keep})
}

func writeSidecar(b *builder, part Part, sc *Sidecar) error {
	if sc.Docs == nil {
		sc.Docs = []SideDoc{}
	}
	data, err := encodeJSON(sc)
	if err != nil {
		return err
	}
	return b.writeFile(sidecarRel(part), data)
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
