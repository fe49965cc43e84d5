package dataset

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// threeRuns writes exports that exercise every path of a run: a first
// run; a second with updates, new records, a record twice in one file (the
// later, newer version wins and is written at the first one's place), a tie
// (the first wins), an older second version, and a record updated again in
// a later file of the same run; a third that supersedes rows of both earlier
// parts and has rejects.
func threeRuns(t *testing.T, dir string) [][]string {
	t.Helper()
	tk := func(id, txt int, upd string) ticket {
		return ticket{ID: id, Requester: 100 + id%7, Text: texts[txt%len(texts)], Created: "2026-11-20T08:00:00Z", Updated: upd}
	}
	var a, b, c, d []ticket
	for i := 1; i <= 30; i++ {
		a = append(a, tk(i, i, "2026-11-21T08:00:00Z"))
	}
	b = []ticket{tk(31, 1, "2026-11-22T08:00:00Z"), tk(3, 4, "2026-11-22T08:00:00Z"), tk(32, 2, "2026-11-22T08:00:00Z"),
		tk(31, 7, "2026-11-22T09:00:00Z"), // newer, later: wins in 31's place
		tk(3, 5, "2026-11-22T08:00:00Z"),  // tie: the first stays
		tk(32, 6, "2026-11-22T07:00:00Z"), // older: the first stays
		tk(33, 8, "2026-11-22T08:00:00Z"), tk(4, 9, "2026-11-22T08:00:00Z")}
	c = []ticket{tk(33, 3, "2026-11-22T10:00:00Z"), tk(34, 0, "2026-11-22T10:00:00Z"), tk(5, 2, "2026-11-22T10:00:00Z")}
	d = []ticket{tk(6, 6, "2026-11-23T08:00:00Z"), tk(31, 0, "2026-11-23T08:00:00Z"), tk(35, 1, "2026-11-23T08:00:00Z"), {ID: 36, Text: "{{not a ticket"}}
	fa := writeExport(t, dir, "a.jsonl", a...)
	fb := writeExport(t, dir, "b.jsonl", b...)
	fc := writeExport(t, dir, "c.jsonl", c...)
	fd := writeExport(t, dir, "d.jsonl", d...)
	os.WriteFile(fd, append(must(os.ReadFile(fd)), "not json at all\n"...), 0o644)
	return [][]string{{fa}, {fa, fb, fc}, {fa, fb, fc, fd}}
}

// files reads every file of a dataset generation.
func files(t *testing.T, out string) map[string][]byte {
	t.Helper()
	gen, err := filepath.EvalSymlinks(out)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]byte{}
	err = filepath.WalkDir(gen, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(gen, p)
		got[rel] = must(os.ReadFile(p))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// Tiny batches, budgets and write batches make every run spill its jobs,
// hand each document to a worker on its own and write the tables 64 rows at
// a time: the dataset is the same, byte for byte, as with the defaults.
func TestSmallBudgetsSameDataset(t *testing.T) {
	root := t.TempDir()
	runs := threeRuns(t, filepath.Join(root, "in"))
	build := func(name string, small bool) []map[string][]byte {
		if small {
			defer func(n int) { writeBatch = n }(writeBatch)
			writeBatch = 64
		}
		state, out := filepath.Join(root, name, "state"), filepath.Join(root, name, "out")
		var gens []map[string][]byte
		for i, in := range runs {
			o := runOpts(t, state, out, day(i+1), in...)
			if small {
				o.BatchDocs, o.JobBudget, o.Workers = 1, 1, 3
			}
			if s := mustRun(t, o); !s.Committed {
				t.Fatalf("%s run %d committed nothing", name, i+1)
			}
			gens = append(gens, files(t, out))
		}
		return gens
	}
	want, got := build("defaults", false), build("small", true)
	if n := len(want[2]); n < 12 {
		t.Fatalf("third generation has %d files, want parts of three runs", n)
	}
	for i := range want {
		for name, w := range want[i] {
			if g, ok := got[i][name]; !ok {
				t.Errorf("run %d: %s missing", i+1, name)
			} else if !bytes.Equal(g, w) {
				t.Errorf("run %d: %s differs", i+1, name)
			}
		}
		if len(got[i]) != len(want[i]) {
			t.Errorf("run %d: %d files, want %d", i+1, len(got[i]), len(want[i]))
		}
	}
	st := must(loadState(must(filepath.EvalSymlinks(filepath.Join(root, "small", "out")))))
	if len(st.Parts) != 3 {
		t.Errorf("parts %v, want three", st.Parts)
	}
}

// An input that changes between the two passes fails the run, names the
// file, and commits nothing.
func TestInputChangedBetweenPasses(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(path string) error
	}{
		{"appended", func(p string) error {
			return os.WriteFile(p, append(must(os.ReadFile(p)), ticket{ID: 99, Text: texts[1], Created: "2026-11-20T08:00:00Z"}.line()+"\n"...), 0o644)
		}},
		{"record replaced", func(p string) error {
			b := must(os.ReadFile(p))
			return os.WriteFile(p, bytes.Replace(b, []byte(`"id":2,`), []byte(`"id":7,`), 1), 0o644)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			f := writeExport(t, t.TempDir(), "t.jsonl",
				ticket{ID: 1, Requester: 1, Text: texts[0], Created: "2026-11-20T08:00:00Z"},
				ticket{ID: 2, Requester: 2, Text: texts[2], Created: "2026-11-20T08:00:00Z"})
			state, out := filepath.Join(root, "state"), filepath.Join(root, "out")
			betweenPasses = func() {
				if err := tc.change(f); err != nil {
					t.Fatal(err)
				}
			}
			defer func() { betweenPasses = nil }()
			_, err := Run(context.Background(), runOpts(t, state, out, day(1), f))
			if err == nil || !strings.Contains(err.Error(), "t.jsonl changed while the run read it") {
				t.Fatalf("got %v", err)
			}
			if _, err := os.Lstat(out); !os.IsNotExist(err) {
				t.Errorf("a failed run made %s", out)
			}
			betweenPasses = nil
			if s := mustRun(t, runOpts(t, state, out, day(1), f)); s.Counts.Documents < 2 {
				t.Errorf("the next run: %+v", s.Counts)
			}
			if bad := leftovers(t, root); len(bad) > 0 {
				t.Errorf("left %v", bad)
			}
		})
	}
}

// A part is rewritten by reading its sidecar and its rows side by side: rows
// that do not follow the sidecar stop the run instead of being mixed up.
func TestRewriteChecksSidecarOrder(t *testing.T) {
	root := t.TempDir()
	in := t.TempDir()
	tk := func(id, txt int, upd string) ticket {
		return ticket{ID: id, Requester: id, Text: texts[txt], Created: "2026-11-20T08:00:00Z", Updated: upd}
	}
	f1 := writeExport(t, in, "a.jsonl", tk(1, 0, "2026-11-21T08:00:00Z"), tk(2, 1, "2026-11-21T08:00:00Z"), tk(3, 2, "2026-11-21T08:00:00Z"))
	f2 := writeExport(t, in, "b.jsonl", tk(2, 3, "2026-11-22T08:00:00Z"))
	state, out := filepath.Join(root, "state"), filepath.Join(root, "out")
	mustRun(t, runOpts(t, state, out, day(1), f1))
	gen := must(filepath.EvalSymlinks(out))
	st := must(loadState(gen))
	sc := must(readSidecar(gen, st.Parts[0]))
	sc.Docs[0], sc.Docs[2] = sc.Docs[2], sc.Docs[0]
	os.WriteFile(sidecarPath(gen, st.Parts[0]), must(encodeJSON(sc)), 0o644)
	_, err := Run(context.Background(), runOpts(t, state, out, day(2), f1, f2))
	if err == nil || !strings.Contains(err.Error(), "do not follow the sidecar") {
		t.Fatalf("got %v", err)
	}
}
