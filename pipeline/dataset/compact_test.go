package dataset

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"jobminer/pipeline/output"
)

// partition writes a dataset whose day-2 partition has three parts (three
// runs that day, with rejects) and whose day-1 partition has one, and
// returns OUT.
func partition(t *testing.T, root string) string {
	t.Helper()
	state, out, in := filepath.Join(root, "state"), filepath.Join(root, "out"), filepath.Join(root, "in")
	id := 0
	export := func(name string, n int) string {
		var tks []ticket
		for range n {
			id++
			// Long sentences fill the 256 KiB pages of the mentions
			// table, so pages cut where the Write batches fall show.
			txt := strings.TrimSuffix(texts[id%len(texts)], ".") + strings.Repeat(fmt.Sprintf(" and then %d", id), 400) + "."
			tks = append(tks, ticket{ID: id, Requester: id % 11, Text: txt, Created: "2026-11-20T08:00:00Z"})
		}
		p := writeExport(t, in, name, tks...)
		bad := must(os.ReadFile(p))
		for i := range 30 {
			bad = fmt.Appendf(bad, "not json %d %s\n", i, strings.Repeat(fmt.Sprint(id+i), 1000))
		}
		if err := os.WriteFile(p, bad, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	mustRun(t, runOpts(t, state, out, day(1), export("a.jsonl", 20)))
	for i, n := range []int{120, 90, 60} {
		mustRun(t, runOpts(t, state, out, day(2).Add(time.Duration(i)*time.Hour), export(fmt.Sprintf("b%d.jsonl", i), n)))
	}
	return out
}

// Compact streams a partition in batches: with batches of 64 rows written
// and 5 read, the new generation is the one default batches give, and each
// merged file has the bytes of the partition's rows read whole and written
// with one Write (as compact did before it streamed).
func TestCompactStreamsSameBytes(t *testing.T) {
	root := t.TempDir()
	compact := func(name string, small bool) (out, prev string) {
		out = partition(t, filepath.Join(root, name))
		prev = must(filepath.EvalSymlinks(out))
		if small {
			defer func(w, r int) { writeBatch, readBatch = w, r }(writeBatch, readBatch)
			writeBatch, readBatch = 64, 5
		}
		s, err := Compact(CompactOptions{Out: out, Version: "test", Now: func() time.Time { return day(3) }})
		if err != nil {
			t.Fatal(err)
		}
		if !s.Committed || s.Counts.PartsRewritten != 6 {
			t.Fatalf("%s: committed %v, %d parts merged, want 6 (3 parts, 3 rejects parts)", name, s.Committed, s.Counts.PartsRewritten)
		}
		return out, prev
	}
	outD, _ := compact("defaults", false)
	outS, prev := compact("small", true)

	want, got := files(t, outD), files(t, outS)
	for name, w := range want {
		if !bytes.Equal(got[name], w) {
			t.Errorf("small batches: %s differs", name)
		}
	}
	if len(got) != len(want) {
		t.Errorf("small batches: %d files, want %d", len(got), len(want))
	}

	// The whole-in-memory result, from the generation before compact.
	old := must(loadState(prev))
	var group []Part
	for _, p := range old.Parts {
		if p.Date == "run_date="+day(2).Format("2006-01-02") {
			group = append(group, p)
		}
	}
	if len(group) != 3 {
		t.Fatalf("day 2 has parts %v, want three", group)
	}
	var (
		docs    []output.DocumentRow
		ments   []output.MentionRow
		rejects []output.RejectRow
		sc      Sidecar
	)
	for _, p := range group {
		docs = append(docs, must(output.ReadDocuments(filepath.Join(prev, tablePath(documentsDir, p))))...)
		ments = append(ments, must(output.ReadMentions(filepath.Join(prev, tablePath(mentionsDir, p))))...)
		rejects = append(rejects, must(output.ReadRejects(filepath.Join(prev, tablePath(rejectsDir, p))))...)
		sc.Docs = append(sc.Docs, must(readSidecar(prev, p)).Docs...)
	}
	if len(ments) <= 3*64 || len(docs) <= 3*64 || len(rejects) <= 64 {
		t.Fatalf("%d documents, %d mentions, %d rejects: too few for batches of 64", len(docs), len(ments), len(rejects))
	}
	b := &builder{tmp: t.TempDir(), createdBy: "jobminer test"}
	s := must(b.open())
	if err := s.w.WriteDocuments(docs); err != nil {
		t.Fatal(err)
	}
	if err := s.w.WriteMentions(ments); err != nil {
		t.Fatal(err)
	}
	if err := s.w.WriteRejects(rejects); err != nil {
		t.Fatal(err)
	}
	if err := s.commit("d.parquet", "m.parquet", "", "r.parquet", ""); err != nil {
		t.Fatal(err)
	}
	np := Part{Date: group[0].Date, Name: "part-" + runID(day(3)) + ".parquet"}
	whole := map[string][]byte{
		tablePath(documentsDir, np): must(os.ReadFile(filepath.Join(b.tmp, "d.parquet"))),
		tablePath(mentionsDir, np):  must(os.ReadFile(filepath.Join(b.tmp, "m.parquet"))),
		tablePath(rejectsDir, np):   must(os.ReadFile(filepath.Join(b.tmp, "r.parquet"))),
		sidecarRel(np):              must(encodeJSON(&sc)),
	}
	for name, w := range whole {
		for _, c := range []struct {
			name  string
			files map[string][]byte
		}{{"defaults", want}, {"small", got}} {
			if g, ok := c.files[name]; !ok {
				t.Errorf("%s: no %s", c.name, name)
			} else if !bytes.Equal(g, w) {
				t.Errorf("%s: %s is not the whole-in-memory result", c.name, name)
			}
		}
	}
}
