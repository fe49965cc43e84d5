package report

import (
	"path/filepath"
	"testing"

	"github.com/parquet-go/parquet-go"

	"jobminer/pipeline/output"
)

// oldMention is a mentions row as written before the extra columns (weight,
// offsets, source, line, context) existed.
type oldMention struct {
	MentionID string  `parquet:"mention_id"`
	DocID     string  `parquet:"doc_id"`
	Force     string  `parquet:"force"`
	Matched   string  `parquet:"matched"`
	Sentence  string  `parquet:"sentence"`
	Negated   bool    `parquet:"negated"`
	Intensity float64 `parquet:"intensity"`
	JobID     *string `parquet:"job_id,optional"`
}

// TestReadsOlderSchema: files from an older version, lacking columns added
// since, still read (the missing columns are zero), so a dataset can mix runs
// of different versions.
func TestReadsOlderSchema(t *testing.T) {
	dir := t.TempDir()
	job := "j1"
	if err := parquet.WriteFile(filepath.Join(dir, output.MentionsFile), []oldMention{
		{MentionID: "m1", DocID: "d1", Force: "struggle", Matched: "slow", Sentence: "so slow", Intensity: 2, JobID: &job},
	}); err != nil {
		t.Fatal(err)
	}
	if err := parquet.WriteFile(filepath.Join(dir, output.JobsFile), []output.JobRow{{JobID: job, Statement: "x", Score: 1}}); err != nil {
		t.Fatal(err)
	}
	ds, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	d, err := Build(ds, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Overview.Mentions != 1 || len(d.Jobs) != 1 || len(d.Jobs[0].Quotes) != 1 || d.Jobs[0].Quotes[0].Match != "slow" {
		t.Errorf("overview %+v, jobs %+v", d.Overview, d.Jobs)
	}
}
