// Package output writes a run's tables as Parquet files plus a run.json
// manifest, and reads them back for `jobminer inspect` and tests.
//
// The column names and types of the tables are a contract with BI users:
// columns may be added at the end of a row struct, never renamed, retyped or
// reordered. TestDuckDBReadsContract checks the contract through DuckDB.
//
// Conventions: timestamps are TIMESTAMP(MILLIS, isAdjustedToUTC) and a nil
// *time.Time is a real NULL; a nil *string is a real NULL; lists use the
// standard Parquet LIST type and a nil slice is written as an empty list.
package output

import "time"

// File names of the tables and the manifest inside the output directory.
const (
	DocumentsFile = "documents.parquet"
	MentionsFile  = "mentions.parquet"
	JobsFile      = "jobs.parquet"
	OutcomesFile  = "outcomes.parquet"
	RejectsFile   = "rejects.parquet"
	ManifestFile  = "run.json"
)

// DocumentRow is one conversation (documents.parquet).
type DocumentRow struct {
	DocID       string     `parquet:"doc_id"`
	Source      string     `parquet:"source"` // input path relative to the input root
	RecordID    string     `parquet:"record_id"`
	Channel     string     `parquet:"channel,dict"`
	Format      string     `parquet:"format,dict"`
	Language    string     `parquet:"language,dict"`
	CreatedAt   *time.Time `parquet:"created_at,timestamp(millisecond),optional"`
	NUtterances int32      `parquet:"n_utterances"`
	NMentions   int32      `parquet:"n_mentions"`
}

// MentionRow is one lexicon match in customer speech (mentions.parquet).
// MatchStart and MatchEnd are byte offsets of Matched in the utterance's
// normalised text.
type MentionRow struct {
	MentionID      string     `parquet:"mention_id"`
	DocID          string     `parquet:"doc_id"`
	UtteranceIndex int32      `parquet:"utterance_index"`
	Speaker        string     `parquet:"speaker,dict"`
	Role           string     `parquet:"role,dict"`
	Language       string     `parquet:"language,dict"`
	Force          string     `parquet:"force,dict"`
	Term           string     `parquet:"term,dict"` // lexicon entry id
	Matched        string     `parquet:"matched"`   // surface text
	Sentence       string     `parquet:"sentence"`
	Negated        bool       `parquet:"negated"`
	Intensity      float64    `parquet:"intensity"`
	JobID          *string    `parquet:"job_id,optional"`
	CreatedAt      *time.Time `parquet:"created_at,timestamp(millisecond),optional"`
	// Extra columns, after the contract ones.
	Weight     float64 `parquet:"weight"`
	MatchStart int32   `parquet:"match_start"`
	MatchEnd   int32   `parquet:"match_end"`
	Source     string  `parquet:"source,dict"`
	Line       int64   `parquet:"line"`
	// Context: "" for evidence; "fear", "desire", "declined", "hypothetical", "over" or "hearsay" for a force
	// word that names what is feared, the pain a wish would end, a better
	// thing turned down, or a conditional question. Such mentions, like negated ones, count toward
	// no score.
	Context string `parquet:"context,dict"`
	// SubForce is the lexicon entry's sub-force ("struggle/time", see
	// lexicon/README.md), NULL when the entry names none. Phase is the
	// switch-timeline phase (first_thought, passive_looking, active_looking,
	// deciding, first_use, ongoing_use) of the mention's sentence if it has a
	// phase cue, else of its utterance; NULL when neither has one.
	SubForce *string `parquet:"sub_force,dict,optional"`
	Phase    *string `parquet:"phase,dict,optional"`
}

// JobRow is one scored job (jobs.parquet). Examples holds up to three quotes;
// ExampleDocIDs[i] is the document Examples[i] was taken from.
type JobRow struct {
	JobID         string     `parquet:"job_id"`
	Statement     string     `parquet:"statement"`
	Language      string     `parquet:"language,dict"`
	NMentions     int64      `parquet:"n_mentions"`
	NDocuments    int64      `parquet:"n_documents"`
	NRespondents  int64      `parquet:"n_respondents"`
	Struggle      float64    `parquet:"struggle"`
	Progress      float64    `parquet:"progress"`
	Anxiety       float64    `parquet:"anxiety"`
	Habit         float64    `parquet:"habit"`
	Score         float64    `parquet:"score"`
	FirstSeen     *time.Time `parquet:"first_seen,timestamp(millisecond),optional"`
	LastSeen      *time.Time `parquet:"last_seen,timestamp(millisecond),optional"`
	Examples      []string   `parquet:"examples,list"`
	ExampleDocIDs []string   `parquet:"example_doc_ids,list"`
	// Extra columns, after the contract ones.
	Key  string `parquet:"key"` // canonical job key
	Rank int32  `parquet:"rank"`
	// JobStory is "When <situation>, I want to <job>, so that <outcome>" with
	// every word but the template's taken verbatim from the mentions in
	// JobStoryMentionIDs (and their sentences); NULL when the customer's words
	// give no situation and no outcome. One of the two may be missing.
	JobStory           *string  `parquet:"job_story,optional"`
	JobStoryMentionIDs []string `parquet:"job_story_mention_ids,list"`
	// Languages the job was said in, most occurrences first; Statements[i] is
	// the job's statement in Languages[i].
	Languages  []string `parquet:"languages,list"`
	Statements []string `parquet:"statements,list"`
	// Opportunity is the survey's importance + max(importance - satisfaction,
	// 0) on 0-10 ratings (NULL without a survey rating); ScoreKind says which
	// score ranks the job: "text" (Score, from the words) or "survey".
	Importance   *float64 `parquet:"importance,optional"`
	Satisfaction *float64 `parquet:"satisfaction,optional"`
	Opportunity  *float64 `parquet:"opportunity,optional"`
	ScoreKind    string   `parquet:"score_kind,dict"`
	// SubForces lists the sub-forces of the job's counting mentions by name,
	// SubForceTotals[i] the weight × intensity total of SubForces[i]. Phases
	// lists the switch-timeline phases its occurrences were said in, in
	// timeline order, PhaseCounts[i] how many occurrences had Phases[i].
	SubForces      []string  `parquet:"sub_forces,list"`
	SubForceTotals []float64 `parquet:"sub_force_totals,list"`
	Phases         []string  `parquet:"phases,list"`
	PhaseCounts    []int64   `parquet:"phase_counts,list"`
}

// OutcomeRow is one desired-outcome statement of a job (outcomes.parquet):
// direction (minimise, maximise) + metric (time, effort, errors, cost) +
// object (the job phrase as said), rendered as Statement in Language.
type OutcomeRow struct {
	OutcomeID    string   `parquet:"outcome_id"`
	JobID        string   `parquet:"job_id"`
	Direction    string   `parquet:"direction,dict"`
	Metric       string   `parquet:"metric,dict"`
	Object       string   `parquet:"object"`
	Statement    string   `parquet:"statement"`
	Language     string   `parquet:"language,dict"`
	NOccurrences int64    `parquet:"n_occurrences"` // job occurrences that gave it
	EvidenceIDs  []string `parquet:"evidence_mention_ids,list"`
	// As on jobs: survey ratings when the survey rated this outcome.
	Importance   *float64 `parquet:"importance,optional"`
	Satisfaction *float64 `parquet:"satisfaction,optional"`
	Opportunity  *float64 `parquet:"opportunity,optional"`
	ScoreKind    string   `parquet:"score_kind,dict"`
}

// RejectRow is one input record that could not be read (rejects.parquet).
type RejectRow struct {
	Source   string `parquet:"source,dict"`
	Line     int64  `parquet:"line"`
	RecordID string `parquet:"record_id"`
	Reason   string `parquet:"reason"`
}

// Time converts t to the column representation: nil for the zero time (so it
// is written as NULL), otherwise t in UTC truncated to milliseconds, which is
// exactly what a read back returns.
func Time(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC().Truncate(time.Millisecond)
	return &u
}

// String returns nil for "" (written as NULL), otherwise a pointer to s.
func String(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
