package main

import (
	"archive/zip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExportUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		out  string
	}{
		{"help", []string{"export", "--help"}, exitOK, "-refi-qda"},
		{"no folder", []string{"export", "-o", "x.qdpx"}, exitUsage, "--refi-qda DIR is required"},
		{"positional", []string{"export", "somewhere"}, exitUsage, "goes after --refi-qda"},
		{"not an output", []string{"export", "--refi-qda", "OUT", "-o", "OUT/x.qdpx"}, exitFail, "run.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for i, a := range tt.args {
				tt.args[i] = strings.ReplaceAll(a, "OUT", dir)
			}
			code, o, e := jobminer(t, tt.args...)
			if code != tt.code || !strings.Contains(o+e, tt.out) {
				t.Errorf("exit %d, want %d; output does not contain %q:\n%s%s", code, tt.code, tt.out, o, e)
			}
		})
	}
}

// TestExportCommand runs the demo interviews and exports them as a project
// and as a codebook through the command line.
func TestExportCommand(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	if code, o, e := jobminer(t, "run", "../../testdata/demo/interviews", "--out", out, "--progress", "never"); code != exitOK {
		t.Fatalf("run: exit %d\n%s%s", code, o, e)
	}
	qdpx := filepath.Join(t.TempDir(), "demo.qdpx")
	code, o, e := jobminer(t, "export", "--refi-qda", out, "-o", qdpx)
	if code != exitOK || !strings.Contains(o, "coded segments") {
		t.Fatalf("export: exit %d\n%s%s", code, o, e)
	}
	zr, err := zip.OpenReader(qdpx)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	if len(names) < 2 || names[len(names)-1] != "project.qde" || !strings.HasPrefix(names[0], "sources/") {
		t.Errorf("archive entries %v", names)
	}
	if fi, err := os.Stat(qdpx); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("file mode: %v %v", fi, err)
	}

	qdc := filepath.Join(t.TempDir(), "codes.qdc")
	code, o, e = jobminer(t, "export", "--refi-qda", out, "--codebook-only", "-o", qdc)
	if code != exitOK || !strings.Contains(o, "codes ->") {
		t.Fatalf("codebook: exit %d\n%s%s", code, o, e)
	}
	b, err := os.ReadFile(qdc)
	if err != nil || !strings.Contains(string(b), `<CodeBook xmlns="urn:QDA-XML:codebook:1.0"`) {
		t.Errorf("codebook file: %v\n%.300s", err, b)
	}

	// The inputs were given relative to this folder; from elsewhere the
	// export needs --input, and a failed export leaves no file behind.
	moved := filepath.Join(t.TempDir(), "none.qdpx")
	code, _, e = jobminer(t, "export", "--refi-qda", out, "-o", moved, "--input", t.TempDir())
	if code != exitFail || !strings.Contains(e, "--input") {
		t.Errorf("wrong --input: exit %d\n%s", code, e)
	}
	if _, err := os.Stat(moved); !os.IsNotExist(err) {
		t.Errorf("a failed export left %s: %v", moved, err)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(moved), ".*tmp*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}
