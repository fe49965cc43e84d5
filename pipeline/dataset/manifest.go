package dataset

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"jobminer/pipeline/ingest"
	"jobminer/pipeline/output"
)

const runsDir = "runs"

// Manifest is runs/<run_id>.json, written last into a generation: what one
// run read, what it changed, and the size of the dataset after it.
type Manifest struct {
	RunID      string    `json:"run_id"`
	Tool       string    `json:"tool"`
	Version    string    `json:"version"`
	Kind       string    `json:"kind"` // "run" or "compact"
	ExitStatus string    `json:"exit_status"`
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at"`
	DurationMS int64     `json:"duration_ms"`
	RunDate    string    `json:"run_date"`        // the partition this run's rows went to
	Since      string    `json:"since,omitempty"` // --since
	Counts     Counts    `json:"counts"`

	Inputs []ManifestInput `json:"inputs"`
	// Duplicates are input files not read because an input read holds
	// the same content (see ingest.Duplicate).
	Duplicates []ingest.Duplicate `json:"duplicates,omitempty"`
	Parts      []string           `json:"parts"` // files this run wrote or rewrote, relative to OUT
	Lexicons   map[string]string  `json:"lexicons"`
	Options    map[string]any     `json:"options"`
	Redaction  *output.Redaction  `json:"redaction,omitempty"`
}

// Counts are this run's work and, below, the whole dataset after it.
type Counts struct {
	InputsUnchanged    int64 `json:"inputs_unchanged"`     // skipped: content already read
	DocumentsNew       int64 `json:"documents_new"`        // records never seen before
	DocumentsUpdated   int64 `json:"documents_updated"`    // newer versions of known records
	RecordsUnchanged   int64 `json:"records_unchanged"`    // known records at the same version, skipped
	RecordsBeforeSince int64 `json:"records_before_since"` // skipped by --since
	MentionsNew        int64 `json:"mentions_new"`
	Rejects            int64 `json:"rejects"`
	PartsRewritten     int64 `json:"parts_rewritten"` // partitions rewritten for superseded rows or changed job ids

	Documents int64 `json:"documents"` // live in the dataset after the run
	Mentions  int64 `json:"mentions"`
	Jobs      int64 `json:"jobs"`
}

// ManifestInput is one input file of a run.
type ManifestInput struct {
	Path      string `json:"path"`
	Size      int64  `json:"size"`
	SHA256    string `json:"sha256"`
	Format    string `json:"format,omitempty"`
	Unchanged bool   `json:"unchanged,omitempty"` // read by an earlier run, skipped
}

// Runs lists the committed runs of the dataset at out, oldest first.
func Runs(out string) ([]Manifest, error) {
	fi, err := os.Stat(out)
	if err != nil {
		return nil, err
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("%s is not a dataset folder", out)
	}
	ents, err := os.ReadDir(filepath.Join(out, runsDir))
	if err != nil {
		return nil, fmt.Errorf("%s has no %s/ folder: not a dataset written with --state", out, runsDir)
	}
	var ms []Manifest
	for _, e := range ents {
		if !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		var m Manifest
		if err := readJSON(filepath.Join(out, runsDir, e.Name()), &m); err != nil {
			return nil, err
		}
		ms = append(ms, m)
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].RunID < ms[j].RunID })
	return ms, nil
}
