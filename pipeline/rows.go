package pipeline

import (
	"strconv"
	"time"

	"jobminer/pipeline/jobs"
	"jobminer/pipeline/output"
	"jobminer/pipeline/record"
)

// Rows turns a processed document into its documents.parquet row and its
// mentions.parquet rows. A mention's JobID holds its raw job key until the
// job ids are known (see spill).
//
// Rows of one document share their pointer fields (times, sub-forces,
// phases, job keys) and the backing string of their mention ids, saving an
// allocation per field and row; nothing writes through those pointers.
func Rows(d *record.Document) (output.DocumentRow, []output.MentionRow) {
	n := 0
	for ui := range d.Utterances {
		for _, m := range d.Utterances[ui].Mentions {
			if m.Context != "neutral" {
				n++
			}
		}
	}
	var rb rowBuilder
	rb.init(d, 0)
	var idBuf [32 * idLen]byte // most documents' ids fit: no heap buffer
	ids := idBuf[:0]
	var ms []output.MentionRow
	if n > 0 {
		ms = make([]output.MentionRow, 0, n)
		for ui := range d.Utterances {
			ms, ids = rb.add(ms, ids, ui)
		}
	}
	return rb.finish(ms, ids)
}

// rowBuilder makes a document's rows one utterance at a time (Rows,
// ProcessRows), the mention rows onto a slice that may hold other
// documents' rows before them. The ids of the rows without one yet are
// kept by the caller (ids), in a buffer on its stack: held in rowBuilder,
// they made it move to the heap, an allocation per document.
type rowBuilder struct {
	d       *record.Document
	docTime *time.Time // output.Time(d.CreatedAt)
	n       int        // mention rows made so far
	from    int        // index in the slice of the first row without an id
	ptrs    strPtrs
}

// init starts d's rows, the first of them at ms[first].
func (rb *rowBuilder) init(d *record.Document, first int) {
	rb.d, rb.docTime, rb.from = d, output.Time(d.CreatedAt), first
}

// add appends the mention rows of utterance ui to ms and their ids to ids.
func (rb *rowBuilder) add(ms []output.MentionRow, ids []byte, ui int) ([]output.MentionRow, []byte) {
	d := rb.d
	u := &d.Utterances[ui]
	// utteranceTime, converted once per utterance and only if needed; an
	// utterance at the document's instant shares its value
	created, converted := rb.docTime, u.Time.IsZero() || u.Time.Equal(d.CreatedAt)
	for mi, m := range u.Mentions {
		if m.Context == "neutral" {
			continue // politeness: shown by explain, never written
		}
		if !converted {
			created, converted = output.Time(u.Time), true
		}
		ids = appendMentionID(ids, d.ID, ui, mi)
		row := output.MentionRow{
			DocID: d.ID, UtteranceIndex: int32(ui),
			Speaker: u.Speaker, Role: string(role(u.Role)), Language: u.Language,
			Force: string(m.Force), Term: m.Entry, Matched: m.In(u.Text),
			Sentence: quote(u.Text, u.Sentences[m.Sentence], m.Span), Negated: m.Negated, Intensity: m.Intensity,
			CreatedAt: created,
			Weight:    m.Weight, MatchStart: int32(m.Start), MatchEnd: int32(m.End),
			Source: d.Source.File, Line: int64(u.Line), Context: m.Context,
			SubForce: rb.ptrs.of(m.SubForce), Phase: rb.ptrs.of(m.Phase),
		}
		if m.Job >= 0 {
			row.JobID = rb.ptrs.of(u.Jobs[m.Job].Key)
		}
		ms = append(ms, row)
		rb.n++
	}
	return ms, ids
}

// settle gives the rows made since the last settle, ms[from:], their ids,
// and returns ids emptied.
func (rb *rowBuilder) settle(ms []output.MentionRow, ids []byte) []byte {
	rows := ms[rb.from:]
	all := string(ids) // one allocation for all their ids
	for i := range rows {
		rows[i].MentionID = all[i*idLen : (i+1)*idLen]
	}
	rb.from = len(ms)
	return ids[:0]
}

// finish settles the last rows and returns d's document row and ms.
func (rb *rowBuilder) finish(ms []output.MentionRow, ids []byte) (output.DocumentRow, []output.MentionRow) {
	rb.settle(ms, ids)
	d := rb.d
	return output.DocumentRow{
		DocID: d.ID, Source: d.Source.File, RecordID: recordID(d.Source), Channel: string(d.Channel),
		Format: d.Format, Language: d.Language, CreatedAt: rb.docTime,
		NUtterances: int32(len(d.Utterances)), NMentions: int32(rb.n),
	}, ms
}

// strPtrs hands out one *string per distinct value (as output.String does,
// nil for ""), so a document's rows share them: a document has few
// sub-forces, phases and job keys but many mentions.
type strPtrs struct {
	p [16]*string
	n int
}

func (c *strPtrs) of(s string) *string {
	if s == "" {
		return nil
	}
	for _, q := range c.p[:c.n] {
		if *q == s {
			return q
		}
	}
	q := output.String(s)
	if c.n < len(c.p) {
		c.p[c.n] = q
		c.n++
	}
	return q
}

func role(r record.Role) record.Role {
	if r == "" {
		return record.Unknown
	}
	return r
}

// recordID is the record's own id, else its line number.
func recordID(s record.Source) string {
	if s.RecordID != "" {
		return s.RecordID
	}
	if s.Line > 0 {
		return itoa(s.Line)
	}
	return ""
}

// JobRows turns ranked candidates into jobs.parquet rows.
func JobRows(cs []jobs.Candidate) []output.JobRow {
	rows := make([]output.JobRow, len(cs))
	for i, c := range cs {
		rows[i] = output.JobRow{
			JobID: c.ID, Statement: c.Statement, Language: c.Language,
			NMentions: c.Mentions, NDocuments: c.Documents, NRespondents: c.Respondents,
			Struggle: c.Struggle, Progress: c.Progress, Anxiety: c.Anxiety, Habit: c.Habit, Score: c.Score,
			FirstSeen: output.Time(c.First), LastSeen: output.Time(c.Last),
			Examples: c.Examples, ExampleDocIDs: c.ExampleDocs,
			Key: c.Key, Rank: int32(c.Rank),
			JobStory: output.String(c.Story), JobStoryMentionIDs: nonNil(c.StoryMentionIDs),
			Languages: nonNil(c.Languages), Statements: nonNil(c.Statements), ScoreKind: "text",
			SubForces: c.SubForces, SubForceTotals: c.SubForceTotals, Phases: c.Phases, PhaseCounts: c.PhaseCounts,
		}
	}
	return rows
}

func itoa(n int) string { return strconv.Itoa(n) }

// nonNil writes an absent list as [], as the other list columns are.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
