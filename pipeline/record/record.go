// Package record holds the types that flow through jobminer's stages.
//
// A reader (pipeline/ingest) turns one input record (a CSV row, a JSONL line,
// a transcript file) into a Document holding Utterances, or into a Reject.
// The per-record stages then fill in each Utterance in place: text
// normalises it and finds its sentences, tokens and stems; tag adds force
// Mentions; extract adds Jobs and ties mentions to them. Only the aggregate
// step (pipeline/jobs) produces a second kind of value, the job Candidate.
//
// All offsets are byte offsets into Utterance.Text, the normalised text, so
// every quote is Text[Start:End] of the utterance it came from.
package record

import (
	"fmt"
	"time"
)

// Role is who is speaking. Only customer and unknown speech is evidence.
type Role string

const (
	Customer    Role = "customer"
	Interviewer Role = "interviewer"
	Agent       Role = "agent"
	Unknown     Role = "unknown"
)

// Evidence reports whether speech in this role may yield mentions and jobs.
func (r Role) Evidence() bool { return r == Customer || r == Unknown || r == "" }

// Force is one of the four forces of progress.
type Force string

const (
	Struggle Force = "struggle"
	Progress Force = "progress"
	Anxiety  Force = "anxiety"
	Habit    Force = "habit"
)

// Forces lists the forces in their canonical order.
var Forces = []Force{Struggle, Progress, Anxiety, Habit}

// Valid reports whether f is one of the four forces.
func (f Force) Valid() bool {
	switch f {
	case Struggle, Progress, Anxiety, Habit:
		return true
	}
	return false
}

// Channel is the kind of conversation a document comes from.
type Channel string

const (
	Interview Channel = "interview"
	Chat      Channel = "chat"
	Ticket    Channel = "ticket"
	Other     Channel = "other"
)

// Source says where a record came from, for rejects and traceability.
type Source struct {
	File     string // path relative to the input root, slash-separated
	Line     int    // 1-based line where the record starts; 0 when unknown
	RecordID string // the record's own id, if it has one
}

// String formats the source as file:line, the form used in every diagnostic.
func (s Source) String() string {
	switch {
	case s.Line > 0:
		return fmt.Sprintf("%s:%d", s.File, s.Line)
	case s.RecordID != "":
		return fmt.Sprintf("%s#%s", s.File, s.RecordID)
	}
	return s.File
}

// Reject is an input record that could not be read, with a reason a person
// understands. Rejects are data: they go to rejects.parquet and the run goes on.
type Reject struct {
	Source Source
	Reason string
}

func (r Reject) String() string { return r.Source.String() + ": " + r.Reason }

// Document is one conversation: a ticket, a chat, an interview, or a single
// row of a generic export.
type Document struct {
	ID         string // stable id derived from Source (set by the pipeline)
	Source     Source
	Format     string  // the reader that produced it: csv, jsonl, transcript, ...
	Channel    Channel // interview, chat, ticket, other
	Language   string  // ISO 639-1; declared by the input or detected
	CreatedAt  time.Time
	UpdatedAt  time.Time
	CustomerID string // customer_id / user_id / requester, when the input has one
	Utterances []Utterance
}

// Utterance is one speaker turn. Readers fill the fields down to Text; the
// analysis stages fill the rest.
type Utterance struct {
	Line     int // 1-based source line of the turn; 0 when unknown
	Speaker  string
	Role     Role
	Language string        // declared language, else detected by the text stage
	Time     time.Time     // when it was said, zero when unknown
	Offset   time.Duration // position in a recording (transcripts); 0 when unknown
	Text     string        // normalised text; all offsets below point into it
	// Asked is the survey question normalisation took off the top of the
	// text ("Enquête — Wat kunnen we verbeteren?"), "" when none: the
	// answer's force may come from what it asks for (tag: askedRule).
	Asked string

	Sentences []Span
	Tokens    []Token
	Mentions  []Mention
	Jobs      []Job
	// Phase is the switch-timeline phase the utterance speaks from (its
	// first phase cue: "first_thought", ..., "ongoing_use"), "" without a
	// cue. SentencePhases holds the same per sentence.
	Phase          string
	SentencePhases []string
}

// Span is a byte range [Start, End) of Utterance.Text.
type Span struct{ Start, End int }

// In returns the text the span covers in s.
func (sp Span) In(s string) string { return s[sp.Start:sp.End] }

// Token is a word or punctuation mark with its position and normal forms.
type Token struct {
	Span
	Sentence int    // index into Utterance.Sentences
	Norm     string // lowercased, accents kept; what literal and prefix patterns see
	Stem     string // Snowball stem of Norm (Norm itself for punctuation)
	Word     bool   // false for punctuation and symbols
}

// TokenAt returns the index of the first of toks (in text order) that
// starts at byte offset off or later: the token a span starting at off
// begins with.
func TokenAt(toks []Token, off int) int {
	lo, hi := 0, len(toks)
	for lo < hi {
		mid := (lo + hi) / 2
		if toks[mid].Start < off {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// Mention is one lexicon entry matched in an utterance.
type Mention struct {
	Span              // the matched words
	Entry     string  // lexicon entry id
	Force     Force   // the entry's force
	Weight    float64 // the entry's weight
	Intensity float64 // 1 by default; intensifiers raise it, downtoners lower it
	Negated   bool    // negated mentions are kept but count toward no score
	// Context says why a force word is not evidence of its force here,
	// though not negated: "fear" (the feared thing after an anxiety cue: "I'm
	// scared it gets expensive"), "desire" (the pain a wish would end: "so I
	// can stop chasing people"), "hypothetical" (a conditional question: "if
	// it breaks, do I lose my data?"; after "would" or "even if"; a wish's
	// condition contrary to fact), "declined" (a better thing the customer
	// turns down: "even though you're cheaper"), "over" (a struggle or fear
	// told in a five-star review or a thank-you note), "hearsay" (a
	// struggle that befell someone the customer knows: "My neighbour lost
	// £3,000"), "neutral" (a neutral lexicon entry: politeness, never
	// written). Empty for plain evidence. Like negated mentions, these count
	// toward no score.
	Context  string
	Sentence int // index into Utterance.Sentences
	Job      int // index into Utterance.Jobs, or -1
	// SubForce is the entry's sub-force ("struggle/time"), "" when it has none.
	SubForce string
	// Phase is the switch-timeline phase of the mention's sentence if it has
	// a phase cue, else of its utterance; "" when neither has one.
	Phase string
}

// Counts reports whether the mention is evidence: neither negated nor
// explained away by its context.
func (m Mention) Counts() bool { return !m.Negated && m.Context == "" }

// Job is a job phrase found in an utterance ("export my invoices to Excel").
type Job struct {
	Span             // the job phrase in the text
	Cue       string // the cue entry that introduced it
	Statement string // readable statement in natural word order
	Key       string // canonical key: sorted content-word stems, space separated
	Sentence  int
}
