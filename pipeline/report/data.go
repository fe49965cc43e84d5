package report

import (
	"math"
	"strconv"
)

// Data is everything the page shows, embedded in the HTML as one JSON block
// (<script type="application/json" id="data">). It holds no labels, so it is
// the same for every --lang, and no wall-clock time, so the same dataset and
// options give the same bytes: slices are sorted and numbers are Num.
type Data struct {
	Schema   int       `json:"schema"`
	Overview Overview  `json:"overview"`
	Limits   Limits    `json:"limits"`
	Facets   Facets    `json:"facets"`
	Jobs     []Job     `json:"jobs"`
	Timeline *Timeline `json:"timeline"` // nil when the data has fewer than two periods
}

// Overview holds totals over the whole dataset, not only what is embedded.
type Overview struct {
	Runs                  []Run        `json:"runs"`
	Inputs                int          `json:"inputs"`
	InputBytes            int64        `json:"input_bytes"`
	InputFormats          []Count      `json:"input_formats"`
	Documents             int64        `json:"documents"`
	Utterances            int64        `json:"utterances"`              // all speakers
	UtterancesWithMention int64        `json:"utterances_with_mention"` // customer/unknown turns with a force word
	DocGroups             []DocGroup   `json:"doc_groups"`              // per channel and language
	Mentions              int64        `json:"mentions"`
	Forces                []ForceTotal `json:"forces"` // canonical force order
	Jobs                  int64        `json:"jobs"`
	Rejects               int64        `json:"rejects"`
	RejectReasons         []Count      `json:"reject_reasons"` // most frequent first
	RejectSamples         []Reject     `json:"reject_samples"`
	Redactions            []Count      `json:"redactions"` // per kind; nil when no run recorded redaction
	RedactedRuns          int          `json:"redacted_runs"`
	PseudonymisedRuns     int          `json:"pseudonymised_runs"`
	Lexicon               Lexicon      `json:"lexicon"`
}

// Run is one pipeline run behind the dataset (one run.json).
type Run struct {
	ID         string `json:"id"`
	Version    string `json:"version"`
	StartedAt  string `json:"started_at"`
	FinishedAt string `json:"finished_at"`
	Status     string `json:"status"`
}

// Count is a name with a number.
type Count struct {
	Name  string `json:"name"`
	Count int64  `json:"count"`
}

// DocGroup counts documents of one channel and language.
type DocGroup struct {
	Channel    string `json:"channel"`
	Language   string `json:"language"`
	Documents  int64  `json:"documents"`
	Utterances int64  `json:"utterances"`
	Mentions   int64  `json:"mentions"`
}

// ForceTotal sums one force over all mentions. Evidence excludes negated
// mentions and those with a context (fear, desire, declined, hypothetical); Weighted
// is the sum of weight × intensity over the evidence, as in the score.
type ForceTotal struct {
	Force    string `json:"force"`
	Evidence int64  `json:"evidence"`
	Negated  int64  `json:"negated"`
	Context  int64  `json:"context"`
	Weighted Num    `json:"weighted"`
}

// Reject is one sample reject.
type Reject struct {
	Source string `json:"source"`
	Line   int64  `json:"line"`
	Reason string `json:"reason"`
}

// Lexicon identifies the lexicons the runs used: Version is the first 12
// hex digits of the sha256 over the sorted "name sha256" lines.
type Lexicon struct {
	Version string  `json:"version"`
	Files   []Count `json:"files"` // Count is unused (0); Name is "file sha256-prefix"
	Mixed   bool    `json:"mixed"` // runs used different lexicons
}

// Limits says what was left out of the page.
type Limits struct {
	MaxJobs     int   `json:"max_jobs"`
	MaxQuotes   int   `json:"max_quotes"`
	JobsShown   int   `json:"jobs_shown"`
	JobsTotal   int64 `json:"jobs_total"`
	QuotesShown int   `json:"quotes_shown"`
	QuotesTotal int64 `json:"quotes_total"` // mentions tied to the jobs shown
}

// Facets lists the values the filters offer, sorted.
type Facets struct {
	Languages []string `json:"languages"`
	Channels  []string `json:"channels"`
	Forces    []string `json:"forces"`
}

// Job is one ranked job candidate with its embedded evidence.
type Job struct {
	ID          string   `json:"id"`
	Rank        int      `json:"rank"`
	Statement   string   `json:"statement"`
	Language    string   `json:"language"`
	Key         string   `json:"key"`
	Score       Num      `json:"score"`
	Reach       Num      `json:"reach"` // log2(1 + respondents), the score's first factor
	Respondents int64    `json:"respondents"`
	Documents   int64    `json:"documents"`
	Mentions    int64    `json:"mentions"`
	Struggle    Num      `json:"struggle"`
	Progress    Num      `json:"progress"`
	Anxiety     Num      `json:"anxiety"`
	Habit       Num      `json:"habit"`
	FirstSeen   string   `json:"first_seen"`
	LastSeen    string   `json:"last_seen"`
	Channels    []string `json:"channels"` // channels of all its mentions
	Quotes      []Quote  `json:"quotes"`
	QuotesTotal int64    `json:"quotes_total"`
}

// Quote is one mention shown as evidence. The sentence is split around the
// first occurrence of the matched words (Before + Match + After == the
// sentence), so the page highlights without offset arithmetic.
type Quote struct {
	Force    string `json:"force"`
	Term     string `json:"term"`
	Before   string `json:"before"`
	Match    string `json:"match"`
	After    string `json:"after"`
	Negated  bool   `json:"negated"`
	Context  string `json:"context"`
	Strength Num    `json:"strength"` // weight × intensity
	Role     string `json:"role"`
	Channel  string `json:"channel"`
	Language string `json:"language"`
	Date     string `json:"date"` // YYYY-MM-DD, "" when unknown
	Source   string `json:"source"`
	Line     int64  `json:"line"`
	DocID    string `json:"doc"`
}

// Timeline holds the weighted evidence per force per period.
type Timeline struct {
	Unit    string   `json:"unit"` // run, day, week or month
	Periods []Period `json:"periods"`
	Undated int64    `json:"undated"` // evidence mentions without a date
}

// Period is one point of the timeline; the values follow Facets.Forces order.
type Period struct {
	Label    string  `json:"label"`
	Weighted []Num   `json:"weighted"`
	Count    []int64 `json:"count"`
}

// Num is a float64 written with at most four decimals, so the data section
// does not change with the last bits of a sum.
type Num float64

// MarshalJSON implements json.Marshaler.
func (n Num) MarshalJSON() ([]byte, error) {
	f := float64(n)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("0"), nil
	}
	f = math.Round(f*1e4) / 1e4
	if f == 0 {
		f = 0 // no "-0"
	}
	return strconv.AppendFloat(nil, f, 'f', -1, 64), nil
}
