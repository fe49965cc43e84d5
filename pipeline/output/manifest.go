package output

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"time"
)

// Manifest is run.json: what a run read, how it was configured and what it
// wrote, for people and schedulers. The pipeline fills the run fields;
// Commit fills Counts, Rejects, Outputs and (when zero) DurationMS, because
// only the Writer knows what reached the files.
type Manifest struct {
	RunID      string    `json:"run_id"`
	Tool       string    `json:"tool"`    // "jobminer"
	Version    string    `json:"version"` // tool version
	ExitStatus string    `json:"exit_status"`
	ExitCode   int       `json:"exit_code"`
	StartedAt  time.Time `json:"started_at"`  // written RFC3339, UTC
	FinishedAt time.Time `json:"finished_at"` // written RFC3339, UTC
	DurationMS int64     `json:"duration_ms"`

	Lexicons map[string]string `json:"lexicons"` // lexicon name -> sha256 of its file
	Inputs   []Input           `json:"inputs"`
	Excluded []string          `json:"excluded,omitempty"` // input files left out by --exclude, relative to their root
	// Duplicates are input files left out because an input read holds the
	// same content (a file downloaded twice, a Slack export as folder and
	// zip): reading both would count every record twice.
	Duplicates []Duplicate    `json:"duplicates,omitempty"`
	Options    map[string]any `json:"options"` // effective options; keys are written sorted

	Redaction *Redaction `json:"redaction,omitempty"` // personal data removed from the text (set by the pipeline)
	Speech    *Speech    `json:"speech,omitempty"`    // how much was said (set by the pipeline)

	Counts  Counts   `json:"counts"`  // rows per table (set by Commit)
	Rejects int64    `json:"rejects"` // = Counts.Rejects, at top level for schedulers
	Outputs []Output `json:"outputs"` // the files Commit wrote (set by Commit)
}

// Redaction records whether personal data was redacted and speakers
// pseudonymised, and how many values of each kind ("email", "phone", "iban",
// "bsn", "card", "address", "url") were replaced.
type Redaction struct {
	Enabled       bool             `json:"enabled"`
	Pseudonymised bool             `json:"pseudonymised"`
	Counts        map[string]int64 `json:"counts"`
}

// Input is one input file of a run.
type Input struct {
	Path   string `json:"path"` // relative to the input root, slash-separated
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
	Format string `json:"format"`
}

// Duplicate is an input file left out of a run: Path holds the same
// content as SameAs, which was read. Both are relative to their root.
type Duplicate struct {
	Path   string `json:"path"`
	SameAs string `json:"same_as"`
}

// Speech is how much speech a run analysed: the base that mention and job
// counts are relative to, and the fair unit for comparing the speed of input
// formats (a CSV or a transcript carries more speech per input byte than
// JSONL with its repeated keys).
type Speech struct {
	Utterances int64 `json:"utterances"`
	// Evidence utterances are those of customers and unknown speakers, the
	// only ones tagged; their text is counted in UTF-8 bytes after
	// normalising.
	EvidenceUtterances int64 `json:"evidence_utterances"`
	EvidenceTextBytes  int64 `json:"evidence_text_bytes"`
}

// Counts holds the number of rows written per table.
type Counts struct {
	Documents int64 `json:"documents"`
	Mentions  int64 `json:"mentions"`
	Jobs      int64 `json:"jobs"`
	Rejects   int64 `json:"rejects"`
	Outcomes  int64 `json:"outcomes"`
}

// Output describes one Parquet file written by the run.
type Output struct {
	File   string `json:"file"`
	Rows   int64  `json:"rows"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// encode renders m as indented JSON with a trailing newline. Times are
// converted to UTC so the file does not depend on the machine's zone.
func (m Manifest) encode() ([]byte, error) {
	m.StartedAt = m.StartedAt.UTC()
	m.FinishedAt = m.FinishedAt.UTC()
	if m.Lexicons == nil {
		m.Lexicons = map[string]string{}
	}
	if m.Inputs == nil {
		m.Inputs = []Input{}
	}
	if m.Options == nil {
		m.Options = map[string]any{}
	}
	if m.Outputs == nil {
		m.Outputs = []Output{}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ReadManifest reads a run.json written by Commit.
func ReadManifest(path string) (Manifest, error) {
	var m Manifest
	b, err := os.ReadFile(path)
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}
