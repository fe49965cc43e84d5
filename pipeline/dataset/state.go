package dataset

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"jobminer/pipeline"
	"jobminer/pipeline/jobs"
)

// State is what a generation remembers about the work done so far. It lives
// inside the generation (_jobminer/state.json), so it is switched together
// with the data it describes and can never disagree with it.
type State struct {
	Version int                 `json:"version"`
	Files   map[string]FileSeen `json:"files"`   // sha256 of an input file -> where and when it was read
	Records *recIndex           `json:"-"`       // record key -> the version that is live; "records" in state.json (writeState, readState)
	Parts   []Part              `json:"parts"`   // live documents/mentions parts, in order
	Rejects []Part              `json:"rejects"` // live rejects parts, in order
	JobIDs  map[string]string   `json:"job_ids"` // raw job key -> job id, as written in every live mentions part
}

// FileSeen is one input file already read.
type FileSeen struct {
	Path  string `json:"path"`
	RunID string `json:"run_id"`
}

// RecordVer is the live version of one record.
type RecordVer struct {
	Updated time.Time `json:"updated,omitzero"` // the record's updated time; zero when the export has none
	DocID   string    `json:"doc_id"`
	Part    string    `json:"part"` // Part.ID holding its rows
}

// Part is one file per table in one partition: documents/<Date>/<Name> and
// mentions/<Date>/<Name> (with the sidecar _jobminer/parts/<Date>/<Name>.json),
// or rejects/<Date>/<Name>.
type Part struct {
	Date string `json:"date"` // partition directory, "run_date=2026-11-22"
	Name string `json:"name"` // file name, "part-<run_id>.parquet"
}

// ID names the part in State.Records.
func (p Part) ID() string { return p.Date + "/" + p.Name }

// Sidecar holds, per document of a part, what is needed to rebuild jobs and
// rewrite the part without reading the input again: the job occurrences (the
// mergeable input of jobs.parquet) and each mention's raw job key (the
// mentions file holds only the job id, which can change when new data moves
// a job's cluster).
type Sidecar struct {
	Docs []SideDoc `json:"docs"`
}

// SideDoc is one document of a part.
type SideDoc struct {
	DocID       string            `json:"doc_id"`
	Record      string            `json:"record"`
	Occurrences []jobs.Occurrence `json:"occurrences"`
	Mentions    int               `json:"mentions"` // rows in the mentions file
	JobKeys     map[string]string `json:"job_keys"` // mention_id -> raw job key
}

const (
	metaDir   = pipeline.DatasetMetaDir // "_jobminer": Hive, Spark and the globs in the README skip names starting with _
	stateFile = "state.json"
	partsDir  = "parts"
)

func emptyState() *State {
	return &State{Version: 1, Files: map[string]FileSeen{}, Records: newRecIndex(), JobIDs: map[string]string{}}
}

func loadState(gen string) (*State, error) {
	if gen == "" {
		return emptyState(), nil
	}
	path := filepath.Join(gen, metaDir, stateFile)
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	s := emptyState()
	if err := readState(bufio.NewReaderSize(f, 256<<10), s); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if s.Version != 1 {
		return nil, fmt.Errorf("%s: state version %d, this jobminer reads 1", gen, s.Version)
	}
	return s, nil
}

func sidecarPath(gen string, p Part) string {
	return filepath.Join(gen, metaDir, partsDir, p.Date, p.Name+".json")
}

func readSidecar(gen string, p Part) (*Sidecar, error) {
	var s Sidecar
	return &s, readJSON(sidecarPath(gen, p), &s)
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// encodeJSON is deterministic: struct order, map keys sorted, no HTML
// escaping. Manifests are indented for people; state and sidecars, which
// grow with the dataset, are not.
func encodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if _, ok := v.(*Manifest); ok {
		enc.SetIndent("", "  ")
	}
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func sortParts(ps []Part) {
	sort.Slice(ps, func(i, j int) bool { return ps[i].ID() < ps[j].ID() })
}
