package report

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"jobminer/pipeline/output"
)

// run is the content of one synthetic pipeline run.
type run struct {
	docs     []output.DocumentRow
	mentions []output.MentionRow
	jobs     []output.JobRow
	rejects  []output.RejectRow
	id       string
}

// writeRun writes r with the real output.Writer into dir, as a run does.
func writeRun(t testing.TB, dir string, r run) {
	t.Helper()
	w, err := output.Create(dir, output.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []error{w.WriteDocuments(r.docs), w.WriteMentions(r.mentions), w.WriteJobs(r.jobs), w.WriteRejects(r.rejects)} {
		if e != nil {
			t.Fatal(e)
		}
	}
	start := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	m := output.Manifest{RunID: r.id, Tool: "jobminer", Version: "test", ExitStatus: "done", StartedAt: start, FinishedAt: start.Add(time.Second),
		Lexicons: map[string]string{"en/struggle.yaml": "abc123"}, Inputs: []output.Input{{Path: "in.csv", Size: 10, Format: "csv"}}}
	if err := w.Commit(m); err != nil {
		t.Fatal(err)
	}
}

// move renames dir/file to dst, making dst's folder.
func move(t testing.TB, src, dst string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(src, dst); err != nil {
		t.Fatal(err)
	}
}

func mention(id, doc, job, force string, weight, intensity float64, negated bool, sentence, matched string) output.MentionRow {
	return output.MentionRow{
		MentionID: id, DocID: doc, Force: force, Term: "en." + force + ".x", Matched: matched, Sentence: sentence,
		Negated: negated, Intensity: intensity, Weight: weight, JobID: output.String(job), Role: "customer",
		Language: "en", Source: "in.csv", Line: 2,
	}
}
