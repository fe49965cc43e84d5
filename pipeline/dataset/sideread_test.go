package dataset

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"jobminer/pipeline"
	"jobminer/pipeline/jobs"
)

// readBad reads a sidecar file holding data, in pieces where it is big;
// it returns the file's path and readSide's error.
func readBad(t *testing.T, data string) (string, error) {
	dir, part := t.TempDir(), Part{Date: "d", Name: "p"}
	path := sidecarPath(dir, part)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	nop := func(*bigEntry) error { return nil }
	return path, readSide(dir, part, &sideVisitor{doc: func(*SideDoc) error { return nil }, head: nop})
}

// writeSidecar writes docs as a sidecar of part in dir.
func writeSidecar(t *testing.T, dir string, part Part, docs []SideDoc) {
	t.Helper()
	b := &builder{tmp: dir}
	w := must(b.createSidecar(part))
	se := newJSONEncoder()
	for i := range docs {
		w.add(must(se.encode(&docs[i])))
	}
	if err := w.close(); err != nil {
		t.Fatal(err)
	}
}

// bigSideDocs are entries with what a big one can hold: many keys, nulls
// and empties, escapes and non-ASCII text.
func bigSideDocs(keys int) []SideDoc {
	d := SideDoc{DocID: "big", Record: `jsonl#"big"\1`, Mentions: keys + 3, JobKeys: map[string]string{}}
	for i := range keys {
		k := []string{"excel export invoic", `a "quoted" \ key`, "отчёт экспорт", "tab\tkey"}[i%4]
		d.JobKeys[pipeline.MentionID("big", i/50, i)] = k
		if i%100 == 0 {
			d.Occurrences = append(d.Occurrences, jobs.Occurrence{Key: k, DocID: "big", Respondent: "doc\x00big", Quote: strings.Repeat(`say "\ `, i%7), Mentions: int64(i)})
		}
	}
	d.JobKeys["not-a-hex-id"] = "odd"
	return append(sampleSideDocs(),
		d,
		SideDoc{DocID: "nulls", Record: "r", Mentions: 1},
		SideDoc{DocID: "empties", Record: "r", Occurrences: []jobs.Occurrence{}, JobKeys: map[string]string{}},
	)
}

// pieces gathers what readSide gives for big entries back into SideDocs.
func pieces(t *testing.T, dir string, part Part) (docs []SideDoc, whole, big int) {
	t.Helper()
	var d *SideDoc
	err := readSide(dir, part, &sideVisitor{
		doc: func(sd *SideDoc) error { whole++; docs = append(docs, *sd); return nil },
		head: func(e *bigEntry) error {
			big++
			d = &SideDoc{DocID: e.DocID, Record: e.Record}
			return nil
		},
		occ: func(_ *bigEntry, oc *jobs.Occurrence) error { d.Occurrences = append(d.Occurrences, *oc); return nil },
		keys: func(e *bigEntry) error {
			d.Mentions = e.Mentions
			if !e.OccNull && d.Occurrences == nil {
				d.Occurrences = []jobs.Occurrence{}
			}
			if !e.KeysNull {
				d.JobKeys = map[string]string{}
			}
			return nil
		},
		key: func(_ *bigEntry, m, k string) error { d.JobKeys[m] = k; return nil },
		end: func(*bigEntry) error { docs = append(docs, *d); return nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	return docs, whole, big
}

// Entries read in pieces are those read whole, wherever the reader's window
// ends.
func TestReadSidePieces(t *testing.T) {
	defer func(b, w int) { bigSideDoc, sideWindow = b, w }(bigSideDoc, sideWindow)
	dir := t.TempDir()
	part := Part{Date: "d", Name: "p"}
	docs := bigSideDocs(3000)
	writeSidecar(t, dir, part, docs)
	want := must(readSidecar(dir, part)).Docs
	cases := []struct {
		big, window        int
		wantWhole, wantBig int
	}{
		{math.MaxInt, 1 << 10, len(docs), 0},
		{0, 1, 0, len(docs)},
		{0, 7, 0, len(docs)},
		{0, 4096, 0, len(docs)},
		{10_000, 13, len(docs) - 1, 1},
		{10_000, 1 << 16, len(docs) - 1, 1},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("big=%d,window=%d", c.big, c.window), func(t *testing.T) {
			bigSideDoc, sideWindow = c.big, c.window
			got, whole, big := pieces(t, dir, part)
			if whole != c.wantWhole || big != c.wantBig {
				t.Errorf("%d whole and %d big entries, want %d and %d", whole, big, c.wantWhole, c.wantBig)
			}
			if !reflect.DeepEqual(got, want) {
				for i := range min(len(got), len(want)) {
					if !reflect.DeepEqual(got[i], want[i]) {
						t.Errorf("entry %d:\n got %.300v\nwant %.300v", i, got[i], want[i])
					}
				}
				t.Fatalf("%d entries, want %d", len(got), len(want))
			}
		})
	}
}

// A big entry's pieces come without the entry (or the file) in memory:
// past its head, which the window holds (bigSideDoc bytes), the heap does
// not grow.
func TestReadSideBigEntryStreams(t *testing.T) {
	dir := t.TempDir()
	part := Part{Date: "d", Name: "p"}
	const keys = 400_000
	writeSidecar(t, dir, part, bigSideDocs(keys))
	size := must(os.Stat(sidecarPath(dir, part))).Size()
	live := func() uint64 {
		var ms runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	var base, peak uint64
	n := 0
	err := readSide(dir, part, &sideVisitor{
		doc:  func(*SideDoc) error { return nil },
		head: func(*bigEntry) error { base = live(); return nil },
		key: func(_ *bigEntry, _, _ string) error {
			if n++; n%(keys/8) == 0 {
				if l := live(); l > base {
					peak = max(peak, l-base)
				}
			}
			return nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != keys+1 {
		t.Errorf("%d job keys, want %d", n, keys+1)
	}
	if size < 10<<20 || peak > 1<<20 {
		t.Errorf("reading %d MB of sidecar, the heap grew by %d KB", size>>20, peak>>10)
	}
}

// Sidecars that are not as jobminer writes them fail, read whole or in
// pieces.
func TestReadSideErrors(t *testing.T) {
	defer func(b int) { bigSideDoc = b }(bigSideDoc)
	for _, big := range []int{math.MaxInt, 0} {
		bigSideDoc = big
		for _, bad := range []string{
			`{"docs":[{"doc_id":1}]}`, `{"docs":{}}`, `[]`, `{"docs":[`, `{"docs":[{"doc_id":"a"}`, `{"docs":[{"doc_id":"a",}]}`,
			`{"docs":[{"doc_id":"a"}}`, `{"docs":[{"doc_id":"a" "record":"b"}]}`, `{"docs":[{"doc_id":"a\"}]}`,
		} {
			if _, err := readBad(t, bad); err == nil {
				t.Errorf("big=%d %s: no error", big, bad)
			}
		}
	}
	// In pieces only: what jobminer never writes.
	bigSideDoc = 0
	for _, bad := range []string{
		`{"docs":[{"record":"b","doc_id":"a"}]}`, `{"docs":[{"mentions":1,"mentions":2}]}`,
		`{"docs":[{"job_keys":{"b":"x","a":"y"}}]}`, `{"docs":[{"job_keys":{"a":1}}]}`, `{"docs":[{"job_keys":nul}]}`,
	} {
		if path, err := readBad(t, bad); err == nil {
			t.Errorf("%s: no error", bad)
		} else if !strings.Contains(err.Error(), path) {
			t.Errorf("%s: error %v does not name the file", bad, err)
		}
	}
}

// A later run that rewrites the part holding huge records, keeping them
// and moving job ids, writes the same bytes reading their sidecar entries
// whole or in pieces.
func TestBigSideEntriesSameBytes(t *testing.T) {
	// Two jobs, their mentions interleaved: job_keys' order is not theirs.
	twoJobs := strings.Repeat("It is frustrating, I want to export my invoices to Excel. I am worried, I want to send reminders to customers. ", 5000)
	dir := t.TempDir()
	tks := []ticket{
		{ID: 1, Requester: 1, Text: texts[0], Created: "2026-11-01T10:00:00Z", Updated: "2026-11-01T10:00:00Z"},
		{ID: 2, Requester: 2, Text: hugeText("export my invoices to Excel"), Created: "2026-11-01T11:00:00Z", Updated: "2026-11-01T11:00:00Z"},
		{ID: 3, Requester: 3, Text: texts[2], Created: "2026-11-01T12:00:00Z", Updated: "2026-11-01T12:00:00Z"},
		{ID: 4, Requester: 4, Text: twoJobs, Created: "2026-11-01T13:00:00Z", Updated: "2026-11-01T13:00:00Z"},
	}
	in1 := writeExport(t, filepath.Join(dir, "in"), "tickets-1.jsonl", tks...)
	tks[2].Text, tks[2].Updated = texts[3], "2026-11-05T10:00:00Z"
	more := []ticket{tks[2]}
	for i := range 6 { // the cluster of the huge records' jobs grows
		more = append(more, ticket{ID: 10 + i, Requester: 10 + i, Text: texts[i%2], Created: "2026-11-05T11:00:00Z", Updated: "2026-11-05T11:00:00Z"})
	}
	in2 := writeExport(t, filepath.Join(dir, "in"), "tickets-2.jsonl", more...)
	run := func(name string, big int) string {
		defer func(v int) { bigSideDoc = v }(bigSideDoc)
		bigSideDoc = big
		return runAndUpdate(t, filepath.Join(dir, name), in1, in2, 1)
	}
	sameStateFiles(t, run("whole", math.MaxInt), run("pieces", 512))
}

// The reduce's and the rewrite check's passes over a sidecar count the same
// read whole or in pieces.
func TestScanPartPieces(t *testing.T) {
	defer func(b int) { bigSideDoc = b }(bigSideDoc)
	dir := t.TempDir()
	part := Part{Date: "d", Name: "p"}
	docs := bigSideDocs(1000)
	writeSidecar(t, dir, part, docs)
	type got struct {
		total, keep, mentions int64
		changed               bool
		occs                  int
	}
	cases := []struct {
		name  string
		live  func(string) bool
		moved func(string) bool
		want  got
	}{
		{"all, none moved", func(string) bool { return true }, func(string) bool { return false }, got{5, 5, 1006, false, 11}},
		{"all, big's key moved", func(string) bool { return true }, func(k string) bool { return k == "tab\tkey" }, got{5, 5, 1006, true, 11}},
		{"big superseded", func(d string) bool { return d != "big" }, func(k string) bool { return k == "tab\tkey" }, got{5, 4, 3, false, 1}},
		{"d1 superseded", func(d string) bool { return d != "d1" }, func(k string) bool { return k == "a & key" }, got{5, 4, 1004, false, 10}},
	}
	for _, big := range []int{math.MaxInt, 0} {
		bigSideDoc = big
		for _, c := range cases {
			var g got
			var err error
			g.total, g.keep, g.mentions, g.changed, err = scanPart(dir, part, c.live, c.moved)
			if err != nil {
				t.Fatal(err)
			}
			old := newJobAgg(t.TempDir(), "j", math.MaxInt)
			if err := addOccurrences(dir, part, c.live, old); err != nil {
				t.Fatal(err)
			}
			g.occs = old.taken
			if g != c.want {
				t.Errorf("big=%d %s: %+v, want %+v", big, c.name, g, c.want)
			}
		}
	}
}
