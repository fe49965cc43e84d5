package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWalkDuplicates(t *testing.T) {
	export := map[string][]byte{}
	src := "testdata/slack/export"
	if err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(src, p)
		export[filepath.ToSlash(rel)] = b
		return err
	}); err != nil {
		t.Fatal(err)
	}
	withPrefix := func(prefix string, change string) map[string][]byte {
		m := map[string][]byte{}
		for n, b := range export {
			if n == change {
				b = append([]byte(nil), b...)
				b[len(b)-2] = ' ' // same size, other bytes
			}
			m[prefix+n] = b
		}
		return m
	}

	tests := []struct {
		name  string
		files map[string][]byte
		// inputs read and duplicates ("path=same_as"), in order
		inputs, dups string
	}{
		{name: "a file downloaded twice",
			files:  map[string][]byte{"tickets.csv": []byte("id,body\n1,hallo\n"), "tickets (1).csv": []byte("id,body\n1,hallo\n")},
			inputs: "tickets (1).csv", dups: "tickets.csv=tickets (1).csv"},
		{name: "same size, other bytes",
			files:  map[string][]byte{"a.csv": []byte("id,body\n1,hallo\n"), "b.csv": []byte("id,body\n1,hallO\n")},
			inputs: "a.csv b.csv"},
		{name: "three copies in folders",
			files:  map[string][]byte{"x/t.jsonl": []byte(`{"id":1}` + "\n"), "y/t.jsonl": []byte(`{"id":1}` + "\n"), "z/t.jsonl": []byte(`{"id":1}` + "\n")},
			inputs: "x/t.jsonl", dups: "y/t.jsonl=x/t.jsonl z/t.jsonl=x/t.jsonl"},
		{name: "a link to a file of the walk",
			files:  map[string][]byte{"a.csv": []byte("id,body\n1,hallo\n"), "b.csv": []byte("link:a.csv")},
			inputs: "a.csv", dups: "b.csv=a.csv"},
		{name: "a file and its gzipped copy",
			files:  map[string][]byte{"t.csv": []byte("id,body\n1,hallo\n"), "t.csv.gz": gzipped(t, "id,body\n1,hallo\n")},
			inputs: "t.csv", dups: "t.csv.gz=t.csv"},
		{name: "a gzip of other content beside a file",
			files:  map[string][]byte{"t.csv": []byte("id,body\n1,hallo\n"), "t.csv.GZ": gzipped(t, "id,body\n1,hallo\n2,doei\n")},
			inputs: "t.csv t.csv.GZ"},
		{name: "a gzip that is a prefix of the file",
			files:  map[string][]byte{"t.csv": []byte("id,body\n1,hallo\n2,doei\n"), "t.csv.gz": gzipped(t, "id,body\n1,hallo\n")},
			inputs: "t.csv t.csv.gz"},
		{name: "a gzip alone",
			files:  map[string][]byte{"t.csv.gz": gzipped(t, "id,body\n1,hallo\n")},
			inputs: "t.csv.gz"},
		{name: "empty files are each read",
			files:  map[string][]byte{"a.csv": nil, "b.csv": nil},
			inputs: "a.csv b.csv"},
		{name: "a Slack export as folder and as zip",
			files:  merge(withPrefix("acme/", ""), map[string][]byte{"acme.zip": zipOf(t, withPrefix("", ""))}),
			inputs: "acme", dups: "acme.zip=acme"},
		{name: "the zip holds the export in a folder, with macOS litter",
			files: merge(withPrefix("acme/", ""), map[string][]byte{"acme.zip": zipOf(t, merge(withPrefix("acme/", ""),
				map[string][]byte{"__MACOSX/acme/._users.json": []byte("x"), "acme/.DS_Store": []byte("x")}))}),
			inputs: "acme", dups: "acme.zip=acme"},
		{name: "a zip of another export (one day differs)",
			files:  merge(withPrefix("acme/", ""), map[string][]byte{"acme.zip": zipOf(t, withPrefix("", "support/2026-11-23.json"))}),
			inputs: "acme acme.zip"},
		{name: "a zip of part of the export",
			files:  merge(withPrefix("acme/", ""), map[string][]byte{"acme.zip": zipOf(t, map[string][]byte{"users.json": export["users.json"], "channels.json": export["channels.json"]})}),
			inputs: "acme acme.zip"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			for n, b := range tt.files {
				if target, ok := strings.CutPrefix(string(b), "link:"); ok {
					mustSymlink(t, filepath.Join(root, target), filepath.Join(root, n))
					continue
				}
				writeFile(t, filepath.Join(root, filepath.FromSlash(n)), b)
			}
			w, err := WalkWith([]string{root}, WalkOptions{})
			if err != nil {
				t.Fatal(err)
			}
			var rels, dups []string
			for _, in := range w.Inputs {
				rels = append(rels, in.Rel)
			}
			for _, d := range w.Duplicates {
				dups = append(dups, d.Path+"="+d.SameAs)
			}
			if got := strings.Join(rels, " "); got != tt.inputs {
				t.Errorf("inputs = %q, want %q", got, tt.inputs)
			}
			if got := strings.Join(dups, " "); got != tt.dups {
				t.Errorf("duplicates = %q, want %q", got, tt.dups)
			}
		})
	}
}

func merge(ms ...map[string][]byte) map[string][]byte {
	out := map[string][]byte{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}
