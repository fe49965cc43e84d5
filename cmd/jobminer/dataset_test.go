package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jobminer/pipeline/dataset"
)

// The scheduler's view of `run --state`: exit codes, messages, runs, compact.
func TestIncrementalCommands(t *testing.T) {
	root := t.TempDir()
	in := filepath.Join(root, "in")
	os.MkdirAll(in, 0o755)
	os.WriteFile(filepath.Join(in, "day1.jsonl"), []byte(
		`{"id":1,"subject":"Export","description":"I need to export my invoices to Excel every month and it takes ages.","requester_id":11,"created_at":"2026-11-20T10:00:00Z","updated_at":"2026-11-20T10:00:00Z"}`+"\n"+
			`{"id":2,"subject":"Login","description":"I can't log in since the update, it is really annoying.","requester_id":12,"created_at":"2026-11-20T11:00:00Z"}`+"\n"+
			"not json at all\n"), 0o644)
	state, out := filepath.Join(root, "state"), filepath.Join(root, "out")

	code, o, e := jobminer(t, "run", "--state", state, in, "--out", out, "--dry-run")
	if code != exitOK || !strings.Contains(o, "new    zendesk#1") || !strings.Contains(o, "would process 2 new") {
		t.Fatalf("dry run: exit %d\n%s%s", code, o, e)
	}
	if _, err := os.Lstat(out); !os.IsNotExist(err) {
		t.Fatalf("dry run wrote the dataset")
	}

	// One reject in three records: above a 10% limit, so exit 3, committed.
	code, o, e = jobminer(t, "run", "--state", state, in, "--out", out, "--max-reject-rate", "0.1", "--log-format", "json")
	if code != exitRejects || !strings.Contains(e, "above --max-reject-rate") || !strings.Contains(o, "2 new and 0 updated documents") {
		t.Fatalf("first run: exit %d, want %d\n%s%s", code, exitRejects, o, e)
	}
	for _, want := range []string{`"msg":"run committed"`, `"run_id":"`, `"documents_new":2`, `"rejects":1`, `"duration_ms":`} {
		if !strings.Contains(e, want) {
			t.Errorf("JSON log lacks %s:\n%s", want, e)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "jobs.parquet")); err != nil {
		t.Fatalf("exit 3 but nothing committed: %v", err)
	}
	code, o, e = jobminer(t, "run", "--state", state, in, "--out", out, "--max-reject-rate", "0.5")
	if code != exitOK || !strings.Contains(o, "nothing new") {
		t.Fatalf("second run: exit %d\n%s%s", code, o, e)
	}

	code, o, e = jobminer(t, "runs", out)
	if code != exitOK || strings.Count(o, "\n") != 2 || !strings.Contains(o, "run_id") {
		t.Fatalf("runs: exit %d\n%s%s", code, o, e)
	}
	code, o, e = jobminer(t, "compact", out)
	if code != exitOK || !strings.Contains(o, "nothing to compact") { // one part per partition; merging is tested in pipeline/dataset
		t.Fatalf("compact: exit %d\n%s%s", code, o, e)
	}

	// A run that holds the lock: the next stops at once, exit 1.
	l, err := dataset.Acquire(state, "holder")
	if err != nil {
		t.Fatal(err)
	}
	code, _, e = jobminer(t, "run", "--state", state, in, "--out", out)
	l.Release()
	if code != exitFail || !strings.Contains(e, "another jobminer run is writing this dataset") {
		t.Fatalf("locked: exit %d\n%s", code, e)
	}

	for _, tt := range []struct {
		args []string
		msg  string
	}{
		{[]string{"run", in, "--out", out, "--since", "2026-11-01"}, "need --state"},
		{[]string{"run", in, "--out", out, "--dry-run"}, "need --state"},
		{[]string{"run", "--state", state, in, "--out", out, "--since", "yesterday"}, "--since"},
		{[]string{"run", in, "--out", out, "--max-reject-rate", "2"}, "fraction"},
		{[]string{"runs"}, "want one dataset folder"},
		{[]string{"compact", "a", "b"}, "want one dataset folder"},
	} {
		code, o, e := jobminer(t, tt.args...)
		if code != exitUsage || !strings.Contains(o+e, tt.msg) {
			t.Errorf("%v: exit %d, want %d with %q\n%s%s", tt.args, code, exitUsage, tt.msg, o, e)
		}
	}
	// A one-off run's folder is not a dataset.
	plain := filepath.Join(root, "plain")
	if code, _, e := jobminer(t, "run", in, "--out", plain, "--max-reject-rate", "0.2"); code != exitRejects {
		t.Fatalf("one-off run with 1 of 3 records rejected: exit %d, want %d\n%s", code, exitRejects, e)
	}
	if code, _, _ := jobminer(t, "run", in, "--out", plain, "--max-reject-rate", "0.5"); code != exitOK {
		t.Fatalf("one-off run under the limit: exit %d", code)
	}
	code, _, e = jobminer(t, "run", "--state", filepath.Join(root, "s2"), in, "--out", plain)
	if code != exitFail || !strings.Contains(e, "not a dataset written with --state") {
		t.Errorf("run --state over a one-off output: exit %d\n%s", code, e)
	}
}
