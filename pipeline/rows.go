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
func Rows(d *record.Document) (output.DocumentRow, []output.MentionRow) {
	dr := output.DocumentRow{
		DocID: d.ID, Source: d.Source.File, RecordID: recordID(d.Source), Channel: string(d.Channel),
		Format: d.Format, Language: d.Language, CreatedAt: output.Time(d.CreatedAt),
		NUtterances: int32(len(d.Utterances)),
	}
	var ms []output.MentionRow
	for ui := range d.Utterances {
		u := &d.Utterances[ui]
		for mi, m := range u.Mentions {
			if m.Context == "neutral" {
				continue // politeness: shown by explain, never written
			}
			row := output.MentionRow{
				MentionID: MentionID(d.ID, ui, mi), DocID: d.ID, UtteranceIndex: int32(ui),
				Speaker: u.Speaker, Role: string(role(u.Role)), Language: u.Language,
				Force: string(m.Force), Term: m.Entry, Matched: m.In(u.Text),
				Sentence: u.Sentences[m.Sentence].In(u.Text), Negated: m.Negated, Intensity: m.Intensity,
				CreatedAt: output.Time(utteranceTime(d, u)),
				Weight:    m.Weight, MatchStart: int32(m.Start), MatchEnd: int32(m.End),
				Source: d.Source.File, Line: int64(u.Line), Context: m.Context,
				SubForce: output.String(m.SubForce), Phase: output.String(m.Phase),
			}
			if m.Job >= 0 {
				row.JobID = output.String(u.Jobs[m.Job].Key)
			}
			ms = append(ms, row)
		}
	}
	dr.NMentions = int32(len(ms))
	return dr, ms
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
