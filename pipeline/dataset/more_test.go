package dataset

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// threeDays builds a dataset from three exports, one per day.
func threeDays(t *testing.T, root string, workers int) string {
	t.Helper()
	in := filepath.Join(root, "in")
	var files []string
	for d := 1; d <= 3; d++ {
		var tks []ticket
		for i := 0; i < 4; i++ {
			id := d*3 + i // overlaps the next day: updates
			tks = append(tks, ticket{ID: id, Requester: id % 4, Text: texts[(id+d)%len(texts)], Created: "2026-11-20T08:00:00Z",
				Updated: day(d).Format(time.RFC3339)})
		}
		files = append(files, writeExport(t, in, "day"+string(rune('0'+d))+".jsonl", tks...))
	}
	state, out := filepath.Join(root, "state"), filepath.Join(root, "out")
	for d := 1; d <= 3; d++ {
		o := runOpts(t, state, out, day(d), files[:d]...)
		o.Workers = workers
		mustRun(t, o)
	}
	return out
}

// parquetFiles maps the dataset's Parquet files (relative) to their bytes.
func parquetFiles(t *testing.T, out string) map[string][]byte {
	t.Helper()
	m := map[string][]byte{}
	real, err := filepath.EvalSymlinks(out)
	if err != nil {
		t.Fatal(err)
	}
	filepath.WalkDir(real, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".parquet") {
			rel, _ := filepath.Rel(real, p)
			m[rel] = must(os.ReadFile(p))
		}
		return err
	})
	return m
}

// Same inputs in the same batches give byte-identical files, with 1 or 2 workers.
func TestDeterministic(t *testing.T) {
	a := parquetFiles(t, threeDays(t, t.TempDir(), 1))
	b := parquetFiles(t, threeDays(t, t.TempDir(), 2))
	if len(a) == 0 || len(a) != len(b) {
		t.Fatalf("%d files vs %d", len(a), len(b))
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs", name)
		}
	}
}

func TestCompactKeepsContent(t *testing.T) {
	root := t.TempDir()
	out := threeDays(t, root, 0)
	// Two more runs on day 3 put three parts into one partition.
	extra := writeExport(t, filepath.Join(root, "in"), "late.jsonl", ticket{ID: 50, Requester: 1, Text: texts[2], Created: "2026-11-23T08:00:00Z"})
	mustRun(t, runOpts(t, filepath.Join(root, "state"), out, day(3).Add(time.Hour), extra))
	extra2 := writeExport(t, filepath.Join(root, "in"), "later.jsonl", ticket{ID: 51, Requester: 2, Text: texts[4], Created: "2026-11-23T08:00:00Z"})
	mustRun(t, runOpts(t, filepath.Join(root, "state"), out, day(3).Add(2*time.Hour), extra2))

	before := dump(t, out, drop{})
	nBefore := len(parquetFiles(t, out))
	s, err := Compact(CompactOptions{Out: out, Version: "test", Now: func() time.Time { return day(4) }})
	if err != nil {
		t.Fatal(err)
	}
	after := dump(t, out, drop{})
	before.Runs++ // compaction adds its manifest
	if !equalContent(before, after) {
		t.Errorf("compact changed the content: %s -> %s", before, after)
	}
	if n := len(parquetFiles(t, out)); n >= nBefore {
		t.Errorf("%d files before compact, %d after", nBefore, n)
	}
	if s.Counts.PartsRewritten < 3 {
		t.Errorf("compact merged %d parts", s.Counts.PartsRewritten)
	}
	if s, err := Compact(CompactOptions{Out: out, Version: "test", Now: func() time.Time { return day(4).Add(time.Hour) }}); err != nil || s.Committed {
		t.Errorf("compact of a compact dataset: committed %v, %v", s.Committed, err)
	}
	// The dataset goes on after compaction: an update to a merged record.
	upd := writeExport(t, filepath.Join(root, "in"), "upd.jsonl", ticket{ID: 50, Requester: 1, Text: texts[0], Created: "2026-11-23T08:00:00Z", Updated: "2026-11-24T08:00:00Z"})
	s2 := mustRun(t, runOpts(t, filepath.Join(root, "state"), out, day(5), upd))
	if s2.Counts.DocumentsUpdated != 1 || s2.Counts.Documents != after.docs() {
		t.Errorf("after compact: %+v", s2.Counts)
	}
	if r := duckReport(t, out); r != nil && r.Tables["documents"].Rows != r.Tables["documents"].Distinct {
		t.Errorf("DuckDB after compact and update: %s", r.key())
	}
}

func (c *content) docs() int64 { return int64(len(c.Documents)) }

func TestSinceAndDryRun(t *testing.T) {
	root := t.TempDir()
	f := writeExport(t, filepath.Join(root, "in"), "t.jsonl",
		ticket{ID: 1, Requester: 1, Text: texts[0], Created: "2026-11-01T08:00:00Z", Updated: "2026-11-02T08:00:00Z"},
		ticket{ID: 2, Requester: 2, Text: texts[3], Created: "2026-11-20T08:00:00Z"},
		ticket{ID: 3, Requester: 3, Text: texts[2], Created: "2026-11-01T08:00:00Z", Updated: "2026-11-21T08:00:00Z"})
	state, out := filepath.Join(root, "state"), filepath.Join(root, "out")
	o := runOpts(t, state, out, day(1), f)
	o.Since = time.Date(2026, 11, 15, 0, 0, 0, 0, time.UTC)
	var dry strings.Builder
	o.DryRun = &dry
	s := mustRun(t, o)
	if s.Committed || s.Counts.DocumentsNew != 2 || s.Counts.RecordsBeforeSince != 1 {
		t.Errorf("dry run: committed %v, counts %+v", s.Committed, s.Counts)
	}
	for _, want := range []string{"read   t.jsonl", "new    zendesk#2", "new    zendesk#3", "before --since zendesk#1", "would process 2 new"} {
		if !strings.Contains(dry.String(), want) {
			t.Errorf("dry run output lacks %q:\n%s", want, dry.String())
		}
	}
	if _, err := os.Lstat(out); !os.IsNotExist(err) {
		t.Errorf("dry run wrote %s", out)
	}
	if _, err := os.Stat(state); !os.IsNotExist(err) {
		t.Errorf("dry run made the state folder")
	}
	o.DryRun = nil
	s = mustRun(t, o)
	if !s.Committed || s.Counts.Documents != 2 {
		t.Errorf("run with --since: %+v", s.Counts)
	}
	// The same input again: nothing to do, nothing committed.
	o.Now = func() time.Time { return day(2) }
	if s := mustRun(t, o); s.Committed || s.Counts.InputsUnchanged != 1 {
		t.Errorf("unchanged input: committed %v, %+v", s.Committed, s.Counts)
	}
	runs, err := Runs(out)
	if err != nil || len(runs) != 1 || runs[0].Since != "2026-11-15T00:00:00Z" {
		t.Errorf("runs: %v %+v", err, runs)
	}
}

// A folder that is not a dataset (a one-off run's output) is never replaced.
func TestRefusesForeignOut(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "out")
	os.MkdirAll(out, 0o755)
	f := writeExport(t, filepath.Join(root, "in"), "t.jsonl", ticket{ID: 1, Text: texts[0], Created: "2026-11-20T08:00:00Z"})
	_, err := Run(context.Background(), runOpts(t, filepath.Join(root, "state"), out, day(1), f))
	if err == nil || !strings.Contains(err.Error(), "not a dataset written with --state") {
		t.Fatalf("got %v", err)
	}
	// A dataset of another state folder is not ours either.
	out2 := filepath.Join(root, "out2")
	mustRun(t, runOpts(t, filepath.Join(root, "s1"), out2, day(1), f))
	_, err = Run(context.Background(), runOpts(t, filepath.Join(root, "s2"), out2, day(2), f))
	if err == nil || !strings.Contains(err.Error(), "give the --state it was written with") {
		t.Fatalf("other state: %v", err)
	}
	// A state folder serves one dataset: a second OUT would have its
	// generations removed by the first's runs.
	_, err = Run(context.Background(), runOpts(t, filepath.Join(root, "s1"), filepath.Join(root, "out3"), day(2), f))
	if err == nil || !strings.Contains(err.Error(), "give each dataset its own --state") {
		t.Fatalf("shared state: %v", err)
	}
}

// Relative --state and --out, and an OUT reached through a linked folder.
func TestRelativeAndLinkedPaths(t *testing.T) {
	root := t.TempDir()
	f := writeExport(t, filepath.Join(root, "in"), "t.jsonl", ticket{ID: 1, Requester: 1, Text: texts[0], Created: "2026-11-20T08:00:00Z"})
	g := writeExport(t, filepath.Join(root, "in"), "u.jsonl", ticket{ID: 2, Requester: 2, Text: texts[2], Created: "2026-11-20T08:00:00Z"})
	os.MkdirAll(filepath.Join(root, "real", "data"), 0o755)
	if err := os.Symlink(filepath.Join(root, "real"), filepath.Join(root, "alias")); err != nil {
		t.Fatal(err)
	}
	t.Chdir(root)
	mustRun(t, runOpts(t, "alias/data/state", "alias/data/out", day(1), f))
	s := mustRun(t, runOpts(t, filepath.Join(root, "real", "data", "state"), "real/data/out", day(2), f, g))
	if !s.Committed || s.Counts.Documents != 2 || s.Counts.InputsUnchanged != 1 {
		t.Errorf("second run through other paths: %+v", s.Counts)
	}
	if c := dump(t, "alias/data/out", drop{}); len(c.Documents) != 2 {
		t.Errorf("dataset: %s", c)
	}
}
