package pipeline

import (
	"strconv"

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
	docTime := output.Time(d.CreatedAt)
	dr := output.DocumentRow{
		DocID: d.ID, Source: d.Source.File, RecordID: recordID(d.Source), Channel: string(d.Channel),
		Format: d.Format, Language: d.Language, CreatedAt: docTime,
		NUtterances: int32(len(d.Utterances)),
	}
	n := 0
	for ui := range d.Utterances {
		for _, m := range d.Utterances[ui].Mentions {
			if m.Context != "neutral" {
				n++
			}
		}
	}
	dr.NMentions = int32(n)
	if n == 0 {
		return dr, nil
	}
	ms := make([]output.MentionRow, 0, n)
	var idBuf [32 * idLen]byte
	ids := idBuf[:0]
	var ptrs strPtrs
	for ui := range d.Utterances {
		u := &d.Utterances[ui]
		// utteranceTime, converted once per utterance and only if needed; an
		// utterance at the document's instant shares its value
		created, converted := docTime, u.Time.IsZero() || u.Time.Equal(d.CreatedAt)
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
				SubForce: ptrs.of(m.SubForce), Phase: ptrs.of(m.Phase),
			}
			if m.Job >= 0 {
				row.JobID = ptrs.of(u.Jobs[m.Job].Key)
			}
			ms = append(ms, row)
		}
	}
	all := string(ids) // one allocation for every mention id of d
	for i := range ms {
		ms[i].MentionID = all[i*idLen : (i+1)*idLen]
	}
	return dr, ms
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
