package ingest

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func gzipped(t *testing.T, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(s))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestWalk(t *testing.T) {
	root := t.TempDir()
	other := t.TempDir()
	gz := gzipped(t, "id,text\n1,ingepakt\n2,ook\n")
	writeFile(t, filepath.Join(root, "b.csv"), []byte("text\nb\n"))
	writeFile(t, filepath.Join(root, "a", "z.jsonl"), []byte(`{"text":"z"}`+"\n"))
	writeFile(t, filepath.Join(root, "a", "c.csv.gz"), gz)
	writeFile(t, filepath.Join(root, ".hidden.csv"), []byte("text\nx\n"))
	writeFile(t, filepath.Join(root, ".git", "config.csv"), []byte("text\nx\n"))
	writeFile(t, filepath.Join(root, "a", ".cache", "x.csv"), []byte("text\nx\n"))
	writeFile(t, filepath.Join(other, "single.txt"), []byte("Klant: hoi\n"))
	mustSymlink(t, root, filepath.Join(root, "a", "loop")) // a folder loop
	writeFile(t, filepath.Join(other, "linked.csv"), []byte("text\nl\n"))
	mustSymlink(t, filepath.Join(other, "linked.csv"), filepath.Join(root, "link.csv")) // a file link is read
	mustSymlink(t, filepath.Join(root, "gone"), filepath.Join(root, "broken.csv"))

	inputs, rejects, err := Walk([]string{root, filepath.Join(other, "single.txt")})
	if err != nil {
		t.Fatal(err)
	}
	var rels []string
	for _, in := range inputs {
		rels = append(rels, in.Rel)
	}
	if got, want := strings.Join(rels, " "), "a/c.csv.gz a/z.jsonl b.csv link.csv single.txt"; got != want {
		t.Errorf("Rels = %s, want %s", got, want)
	}
	var rj []string
	for _, r := range rejects {
		rj = append(rj, r.Source.File)
	}
	if got, want := strings.Join(rj, " "), "a/loop broken.csv"; got != want {
		t.Errorf("rejects for %s, want %s (%v)", got, want, rejects)
	}
	if !strings.Contains(rejects[0].Reason, "not followed") || !strings.Contains(rejects[1].Reason, "broken symlink") {
		t.Errorf("reasons: %v", rejects)
	}

	// The .gz file is read transparently; Stats describe it as stored.
	in := inputs[0]
	if in.Size != int64(len(gz)) {
		t.Errorf("Size = %d, want %d", in.Size, len(gz))
	}
	var items []Item
	st, err := Read(in, Options{}, func(it Item) { items = append(items, it) })
	if err != nil {
		t.Fatal(err)
	}
	checkBrief(t, items, []string{
		"doc 2 id=1 ch=other lang=", "  2 /unknown/: ingepakt",
		"doc 3 id=2 ch=other lang=", "  3 /unknown/: ook",
	})
	sum := sha256.Sum256(gz)
	if st.Format != "csv" || st.Bytes != int64(len(gz)) || st.SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("Stats = %+v, want csv, %d bytes, sha %x", st, len(gz), sum)
	}
	if items[0].Doc.Source.File != "a/c.csv.gz" {
		t.Errorf("Source.File = %q", items[0].Doc.Source.File)
	}

	if _, _, err := Walk([]string{filepath.Join(root, "nope")}); err == nil {
		t.Error("Walk of a missing root: want an error")
	}
}

func mustSymlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("symlinks not supported: %v", err)
	}
}

func TestReadStats(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name    string
		file    string
		data    []byte
		opts    Options
		format  string
		items   int
		wantErr string
	}{
		{name: "hash covers the whole file even when reading stops at the header", file: "h.csv",
			data: []byte("subject\n" + strings.Repeat("x\n", 100000)), format: "csv", items: 1},
		{name: "forced format wins over the extension", file: "t.csv", data: []byte("Klant: hoi\n"),
			opts: Options{Format: "Transcript"}, format: "transcript", items: 1},
		{name: "unknown forced format", file: "t.csv", data: []byte("text\nx\n"), opts: Options{Format: "xml"},
			wantErr: `unknown format "xml"`},
		{name: "undetectable file", file: "notes.txt", data: []byte("Zomaar wat tekst.\n"),
			wantErr: "cannot tell the format of notes.txt"},
		{name: "empty file is a reject, not an error", file: "e.jsonl", data: nil, format: "jsonl", items: 1},
		{name: "corrupt gzip", file: "c.csv.gz", data: append([]byte{0x1f, 0x8b}, "garbage garbage"...),
			wantErr: "gzip"},
		{name: "BOM before JSON", file: "b.jsonl", data: []byte("\ufeff{\"text\":\"x\"}\n"), format: "jsonl", items: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.file)
			writeFile(t, path, tt.data)
			n := 0
			st, err := Read(Input{Path: path, Rel: tt.file}, tt.opts, func(Item) { n++ })
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("err = %v, want %q", err, tt.wantErr)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(tt.data)
			if st.SHA256 != hex.EncodeToString(sum[:]) || st.Bytes != int64(len(tt.data)) {
				t.Errorf("Stats = %+v, want %d bytes sha %x", st, len(tt.data), sum)
			}
			if st.Format != tt.format || n != tt.items {
				t.Errorf("format %q items %d, want %q %d", st.Format, n, tt.format, tt.items)
			}
		})
	}
}

func TestOptionsValidate(t *testing.T) {
	tests := []struct {
		name    string
		opts    Options
		wantErr string
	}{
		{name: "zero value", opts: Options{}},
		{name: "known format and fields", opts: Options{Format: "JSONL", Map: map[string]string{"text": "Beschrijving", "Created_At": "Datum"}}},
		{name: "unknown format", opts: Options{Format: "pdf"}, wantErr: `unknown format "pdf"`},
		{name: "unknown field", opts: Options{Map: map[string]string{"body": "x"}}, wantErr: `unknown field "body"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.opts.Validate()
			if (err == nil) != (tt.wantErr == "") || (err != nil && !strings.Contains(err.Error(), tt.wantErr)) {
				t.Errorf("Validate() = %v, want %q", err, tt.wantErr)
			}
		})
	}
}

// A run's own output and state, and any folder holding a jobminer output,
// are not read back as input; --exclude globs leave files out.
func TestWalkWith(t *testing.T) {
	root := t.TempDir()
	for _, f := range []string{
		"a.csv", "README.md", "docs/LICENSE", "docs/b.csv", "archive/old.csv",
		"results/run.json", "results/jobs.parquet", "results/documents.parquet", // a one-off run's output
		"gen/_jobminer/state.json", "gen/jobs.parquet", // a dataset generation
		"state/lock", "state/out", // a --state folder
		"mine/x.parquet", // the run's own --out, not yet written
		"only/run.json",  // a run.json alone is data
	} {
		writeFile(t, filepath.Join(root, f), []byte("text\n"+f+"\n")) // distinct: equal files are duplicates
	}
	mustSymlink(t, filepath.Join(root, "gen"), filepath.Join(root, "dataset")) // a --state OUT
	linked := filepath.Join(t.TempDir(), "linked")
	mustSymlink(t, root, linked)

	tests := []struct {
		name              string
		roots             []string
		opts              WalkOptions
		inputs, excl, skp string
		wantErr           string
	}{
		{name: "outputs and own out skipped", roots: []string{root}, opts: WalkOptions{Skip: []string{filepath.Join(root, "mine")}},
			inputs: "README.md a.csv archive/old.csv docs/LICENSE docs/b.csv only/run.json", skp: "dataset gen mine results state"},
		{name: "own out given through a link to the root", roots: []string{linked}, opts: WalkOptions{Skip: []string{filepath.Join(root, "mine")}},
			inputs: "README.md a.csv archive/old.csv docs/LICENSE docs/b.csv only/run.json", skp: "dataset gen mine results state"},
		{name: "own out as a relative path", roots: []string{root}, opts: WalkOptions{Skip: []string{relTo(t, filepath.Join(root, "mine"))}},
			inputs: "README.md a.csv archive/old.csv docs/LICENSE docs/b.csv only/run.json", skp: "dataset gen mine results state"},
		{name: "exclude by name, by path and a folder", roots: []string{root},
			opts:   WalkOptions{Skip: []string{filepath.Join(root, "mine")}, Exclude: []string{"README.md", "LICENSE", "archive", "only/*.json"}},
			inputs: "a.csv docs/b.csv", excl: "README.md archive/ docs/LICENSE only/run.json", skp: "dataset gen mine results state"},
		{name: "a file root matched by name", roots: []string{filepath.Join(root, "README.md")}, opts: WalkOptions{Exclude: []string{"*.md"}},
			excl: "README.md"},
		{name: "bad glob", roots: []string{root}, opts: WalkOptions{Exclude: []string{"[a-"}}, wantErr: "exclude"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, err := WalkWith(tt.roots, tt.opts)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var rels, skipped []string
			for _, in := range w.Inputs {
				rels = append(rels, in.Rel)
			}
			for _, s := range w.Skipped {
				skipped = append(skipped, filepath.Base(s))
			}
			if got := strings.Join(rels, " "); got != tt.inputs {
				t.Errorf("inputs = %s, want %s", got, tt.inputs)
			}
			if got := strings.Join(w.Excluded, " "); got != tt.excl {
				t.Errorf("excluded = %s, want %s", got, tt.excl)
			}
			if got := strings.Join(skipped, " "); got != tt.skp {
				t.Errorf("skipped = %s, want %s", got, tt.skp)
			}
			if len(w.Rejects) > 0 {
				t.Errorf("rejects: %v", w.Rejects)
			}
		})
	}
}

// relTo gives path relative to the working directory.
func relTo(t *testing.T, path string) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	rel, err := filepath.Rel(wd, path)
	if err != nil {
		t.Fatal(err)
	}
	return rel
}
