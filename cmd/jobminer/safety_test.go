package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jobminer/pipeline/output"
)

// snapshot lists the files under dir (through a link at dir) with their
// contents, to show that a refused run left a folder as it was.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir+string(filepath.Separator), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		files[p] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func sameFiles(t *testing.T, what string, before, after map[string]string) {
	t.Helper()
	if len(before) != len(after) {
		t.Errorf("%s: %d files before, %d after", what, len(before), len(after))
	}
	for p, b := range before {
		if after[p] != b {
			t.Errorf("%s: %s changed", what, p)
		}
	}
}

func demoCopy(t *testing.T) string {
	t.Helper()
	in := filepath.Join(t.TempDir(), "exports")
	if err := os.CopyFS(in, os.DirFS("../../testdata/demo/interviews")); err != nil {
		t.Fatal(err)
	}
	return in
}

// The mistakes of a night shift: each is refused, or harmless, and a
// refused run changes nothing.
func TestRunRefusals(t *testing.T) {
	root := t.TempDir()
	in := demoCopy(t)
	empty := filepath.Join(root, "empty")
	os.MkdirAll(empty, 0o755)
	os.WriteFile(filepath.Join(empty, ".DS_Store"), []byte("x"), 0o644) // hidden files do not count
	state, ds, res := filepath.Join(root, "state"), filepath.Join(root, "ds"), filepath.Join(root, "res")
	mustRun(t, exitOK, "run", "--state", state, in, "--out", ds)
	mustRun(t, exitOK, "run", in, "--out", res)

	for _, tt := range []struct {
		name string
		args []string
		dir  string // unchanged
		code int
		msg  string
	}{
		{"one-off run into a dataset", []string{"run", in, "--out", ds}, ds, exitFail, "is a dataset written with --state"},
		{"one-off run into a state folder", []string{"run", in, "--out", state}, state, exitFail, "is the state folder of a dataset"},
		{"empty input over results", []string{"run", empty, "--out", res}, res, exitFail, "no input files in " + empty},
		{"empty input into a dataset", []string{"run", "--state", state, empty, "--out", ds}, ds, exitFail, "no input files"},
		{"all inputs excluded", []string{"run", in, "--out", res, "--exclude", "*"}, res, exitFail, "(4 excluded)"},
		{"missing input", []string{"run", filepath.Join(root, "gone"), "--out", res}, res, exitFail, "no such file or folder"},
		{"negative workers", []string{"run", in, "--out", res, "--workers", "-3"}, res, exitUsage, "--workers -3"},
		{"bad exclude glob", []string{"run", in, "--out", res, "--exclude", "[a-"}, res, exitUsage, "--exclude"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := snapshot(t, tt.dir)
			code, o, e := jobminer(t, tt.args...)
			if code != tt.code || !strings.Contains(e, tt.msg) {
				t.Errorf("exit %d, want %d with %q\n%s%s", code, tt.code, tt.msg, o, e)
			}
			sameFiles(t, tt.name, before, snapshot(t, tt.dir))
		})
	}
	// An empty output on purpose.
	code, o, e := jobminer(t, "run", empty, "--out", res, "--allow-empty")
	if code != exitOK || !strings.Contains(o, "0 inputs") {
		t.Errorf("--allow-empty: exit %d\n%s%s", code, o, e)
	}
}

func mustRun(t *testing.T, want int, args ...string) string {
	t.Helper()
	code, o, e := jobminer(t, args...)
	if code != want {
		t.Fatalf("%v: exit %d, want %d\n%s%s", args, code, want, o, e)
	}
	return o
}

// Results and state written inside the export folder are not read back by
// the next run; --exclude leaves files out and lists them in run.json.
func TestRunOwnOutputNotInput(t *testing.T) {
	in := demoCopy(t)
	os.WriteFile(filepath.Join(in, "README.md"), []byte("# about these exports\n"), 0o644)
	res := filepath.Join(in, "results")
	first := mustRun(t, exitOK, "run", in, "--out", res, "--exclude", "README.md")
	if again := mustRun(t, exitOK, "run", in, "--out", res, "--exclude", "README.md"); again != first {
		t.Errorf("second run into the input folder read its own output:\n%s\n%s", first, again)
	}
	m, err := output.ReadManifest(filepath.Join(res, output.ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(m.Excluded, " ") != "README.md" || m.Rejects != 0 {
		t.Errorf("run.json: excluded %v, %d rejects; want README.md and none", m.Excluded, m.Rejects)
	}
	// A --state dataset and its state inside the folder, and the one-off
	// results beside them: none is read.
	state, ds := filepath.Join(in, "state"), filepath.Join(in, "ds")
	mustRun(t, exitOK, "run", "--state", state, in, "--out", ds, "--exclude", "README.md")
	if o := mustRun(t, exitOK, "run", "--state", state, in, "--out", ds, "--exclude", "README.md"); !strings.Contains(o, "nothing new") {
		t.Errorf("second --state run found new work in its own dataset: %s", o)
	}
	if again := mustRun(t, exitOK, "run", in, "--out", res, "--exclude", "README.md"); again != first {
		t.Errorf("one-off run read the dataset inside its input:\n%s\n%s", first, again)
	}
}

// Ctrl-C: exit 130, a message saying what was kept, the output untouched.
func TestRunInterrupted(t *testing.T) {
	in := demoCopy(t)
	res, state, ds := filepath.Join(t.TempDir(), "res"), filepath.Join(t.TempDir(), "state"), filepath.Join(t.TempDir(), "ds")
	mustRun(t, exitOK, "run", in, "--out", res)
	before := snapshot(t, res)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tt := range []struct {
		args []string
		msg  string
	}{
		{[]string{"run", in, "--out", res}, "interrupted; the previous output in " + res + " is unchanged"},
		{[]string{"run", "--state", state, in, "--out", ds}, "interrupted; no run committed"},
	} {
		var o, e strings.Builder
		if code := Main(ctx, tt.args, &o, &e); code != exitInterrupted || !strings.Contains(e.String(), tt.msg) {
			t.Errorf("%v: exit %d, want %d with %q\n%s%s", tt.args, code, exitInterrupted, tt.msg, o.String(), e.String())
		}
	}
	sameFiles(t, "interrupted run", before, snapshot(t, res))
	if _, err := os.Lstat(ds); !os.IsNotExist(err) {
		t.Errorf("interrupted first --state run left %s: %v", ds, err)
	}
}

// help CMD is CMD --help; defaults read as what they are.
func TestHelp(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"help", "run"}, "(default off)"},
		{[]string{"help", "run"}, "-allow-empty"},
		{[]string{"help", "eval"}, "(default true)"},
		{[]string{"help", "lexicon"}, "lexicon lint"},
		{[]string{"help", "formats"}, "Usage: jobminer formats"},
	} {
		code, o, e := jobminer(t, tt.args...)
		if code != exitOK || !strings.Contains(o+e, tt.want) || strings.Contains(o+e, "Commands:") {
			t.Errorf("%v: exit %d, want %q and not the general usage\n%s%s", tt.args, code, tt.want, o, e)
		}
	}
	if code, _, e := jobminer(t, "help", "frobnicate"); code != exitUsage || !strings.Contains(e, "unknown command") {
		t.Errorf("help frobnicate: exit %d\n%s", code, e)
	}
}

// An export downloaded twice is read once: the same documents, jobs and
// summary as without the copy, and run.json names the copy.
func TestRunDuplicateInput(t *testing.T) {
	in := demoCopy(t)
	res := filepath.Join(t.TempDir(), "res")
	first := mustRun(t, exitOK, "run", in, "--out", res)
	before, err := output.ReadManifest(filepath.Join(res, output.ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(in, "interview-03-en.txt"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(in, "interview-03-en (1).txt"), b, 0o644)
	code, again, stderr := jobminer(t, "run", in, "--out", res)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if again != first {
		t.Errorf("the copy changed the summary:\n%s\n%s", first, again)
	}
	if !strings.Contains(stderr, "same content") || !strings.Contains(stderr, "interview-03-en.txt") {
		t.Errorf("stderr does not say which input was not read:\n%s", stderr)
	}
	m, err := output.ReadManifest(filepath.Join(res, output.ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	if m.Counts != before.Counts || len(m.Duplicates) != 1 ||
		m.Duplicates[0] != (output.Duplicate{Path: "interview-03-en.txt", SameAs: "interview-03-en (1).txt"}) {
		t.Errorf("run.json: counts %+v (before %+v), duplicates %+v", m.Counts, before.Counts, m.Duplicates)
	}
}
