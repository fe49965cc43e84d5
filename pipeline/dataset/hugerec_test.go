package dataset

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"jobminer/pipeline"
	"jobminer/pipeline/jobs"
	"jobminer/pipeline/output"
	"jobminer/pipeline/record"
	"jobminer/pipeline/text"
)

// The pieces of a streamed sidecar entry make the bytes of the whole one,
// wherever the chunks fall.
func TestSideStreamMatchesEncode(t *testing.T) {
	occ := func(n int) []jobs.Occurrence {
		var o []jobs.Occurrence
		for i := range n {
			o = append(o, jobs.Occurrence{Key: fmt.Sprintf("export<invoices> %d", i), Statement: "export invoices", Language: "en", DocID: "d1",
				Time: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Quote: `I "want" <to> export & stuff`, Mentions: int64(i), Utterance: i})
		}
		return o
	}
	rows := func(n, every int) []output.MentionRow {
		var ms []output.MentionRow
		for i := range n {
			m := output.MentionRow{MentionID: pipeline.MentionID("d1", i%7, i), DocID: "d1"}
			if every > 0 && i%every == 0 {
				m.JobID = output.String(fmt.Sprintf("key <%d> & \"q\"", i%5))
			}
			ms = append(ms, m)
		}
		return ms
	}
	cases := []struct {
		name  string
		occ   []jobs.Occurrence
		ms    []output.MentionRow
		chunk int // rows (and occurrences) per chunk
	}{
		{"nothing", nil, nil, 1},
		{"rows without jobs", nil, rows(10, 0), 3},
		{"occurrences, no rows", occ(4), nil, 1},
		{"one chunk", occ(3), rows(20, 2), 100},
		{"many chunks", occ(9), rows(50, 3), 4},
		{"job_keys over chunkSide", occ(2), rows(60000, 1), 16384},
	}
	se := newJSONEncoder()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sd := SideDoc{DocID: "d1", Record: `zendesk#"7"`, Occurrences: c.occ, Mentions: len(c.ms), JobKeys: map[string]string{}}
			for _, m := range c.ms {
				if m.JobID != nil {
					sd.JobKeys[m.MentionID] = *m.JobID
				}
			}
			want, err := se.encode(&sd)
			if err != nil {
				t.Fatal(err)
			}
			want = bytes.Clone(want)
			s := sideStream{se: newJSONEncoder()}
			var got []byte
			pieces := 0
			put := func(b []byte) error { got = append(got, b...); pieces++; return nil }
			if err := s.start(sd.DocID, sd.Record); err != nil {
				t.Fatal(err)
			}
			for i := 0; i < max(len(c.ms), len(c.occ)) || i == 0; i += c.chunk {
				for j := i; j < min(i+c.chunk, len(c.occ)); j++ {
					if err := s.occ(&c.occ[j]); err != nil {
						t.Fatal(err)
					}
				}
				s.rows(c.ms[min(i, len(c.ms)):min(i+c.chunk, len(c.ms))])
				put(s.take())
			}
			if err := s.end(len(c.ms), put); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("streamed entry differs:\n got %.300s\nwant %.300s", got, want)
			}
			if len(want) > 2*chunkSide && pieces < 3 {
				t.Errorf("%d bytes in %d pieces: job_keys was not split", len(want), pieces)
			}
		})
	}
}

// hugeText says some 24,000 mentions with jobs, one run-on sentence:
// more than pipeline.FlushRows, in several parts.
func hugeText(what string) string {
	return strings.Repeat("it is frustrating and I am worried and I always use the old tool and I want to "+what+" and ", 6000)
}

// A huge record's rows go to its worker's overflow file in chunks: the
// record in the spill holds none of them.
func TestHugeRecordSpillsInChunks(t *testing.T) {
	spill, err := newRecSpill(filepath.Join(t.TempDir(), "records.spill"), 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer spill.remove()
	mk := func(id, txt string) *record.Document {
		return &record.Document{Source: record.Source{File: "in.jsonl", Line: 1, RecordID: id}, Format: "jsonl", Language: "en",
			Utterances: []record.Utterance{{Speaker: "c", Role: record.Customer, Text: txt}}}
	}
	w := &worker{an: text.NewAnalyzer(), se: newJSONEncoder(), ja: newJobAgg(t.TempDir(), "j", 1000), spill: spill}
	w.sx.se = w.se
	bt := &batch{docs: []*record.Document{mk("big", hugeText("export my invoices to Excel")), mk("small", "I want to export my invoices to Excel.")}, slots: []int32{0, 1}}
	o := Options{Lexicon: compiled(t)}
	if err := w.work(bt, o); err != nil {
		t.Fatal(err)
	}
	if err := spill.put(bt.recs, bt.offs, bt.slots); err != nil {
		t.Fatal(err)
	}
	var got []string
	err = spill.each(func(slot int, r *spilled) error {
		chunks, rows := 0, 0
		var side []byte
		err := spill.parts(r, func(ms []output.MentionRow, b []byte) error {
			chunks++
			rows += len(ms)
			side = append(side, b...)
			return nil
		})
		if err != nil {
			return err
		}
		if rows != int(r.doc.NMentions) {
			t.Errorf("record %s: %d rows, document says %d", r.key, rows, r.doc.NMentions)
		}
		if !bytes.Contains(side, fmt.Appendf(nil, `"mentions":%d,"job_keys":{`, rows)) {
			t.Errorf("record %s: side entry %.200s", r.key, side)
		}
		got = append(got, fmt.Sprintf("%s ext=%v inline=%d chunks>1=%v", r.key, r.ext != nil, len(r.mentions), chunks > 1))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"jsonl#big ext=true inline=0 chunks>1=true", "jsonl#small ext=false inline=1 chunks>1=false"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("records:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Chunked or whole, a dataset with huge records is the same byte for byte,
// over a first run and one that updates a huge record.
func TestHugeRecordsSameBytes(t *testing.T) {
	dir := t.TempDir()
	tks := []ticket{
		{ID: 1, Requester: 1, Text: texts[0], Created: "2026-11-01T10:00:00Z", Updated: "2026-11-01T10:00:00Z"},
		{ID: 2, Requester: 2, Text: hugeText("export my invoices to Excel"), Created: "2026-11-01T11:00:00Z", Updated: "2026-11-01T11:00:00Z"},
		{ID: 3, Requester: 3, Text: texts[2], Created: "2026-11-01T12:00:00Z", Updated: "2026-11-01T12:00:00Z"},
		{ID: 4, Requester: 4, Text: hugeText("send reminders to customers"), Created: "2026-11-01T13:00:00Z", Updated: "2026-11-01T13:00:00Z"},
	}
	in1 := writeExport(t, filepath.Join(dir, "in"), "tickets-1.jsonl", tks...)
	tks[1].Text, tks[1].Updated = hugeText("log in since the update"), "2026-11-05T10:00:00Z"
	tks[2].Text, tks[2].Updated = texts[3], "2026-11-05T10:00:00Z"
	// A normal ticket first: the format is told from the start of the file.
	in2 := writeExport(t, filepath.Join(dir, "in"), "tickets-2.jsonl", tks[2], tks[1])
	run := func(name string, chunked bool) string {
		defer func(v bool) { spillHuge = v }(spillHuge)
		spillHuge = chunked
		return runAndUpdate(t, filepath.Join(dir, name), in1, in2, 2)
	}
	sameStateFiles(t, run("whole", false), run("chunked", true))
}

// runAndUpdate runs in1 as a first run into dir (batches of 2 documents)
// and in2 as an update that must replace `updated` documents and rewrite one
// part; it returns the state folder.
func runAndUpdate(t *testing.T, dir, in1, in2 string, updated int64) string {
	t.Helper()
	st, out := filepath.Join(dir, "state"), filepath.Join(dir, "out")
	o := runOpts(t, st, out, day(1), in1)
	o.BatchDocs = 2
	mustRun(t, o)
	o = runOpts(t, st, out, day(2), in2)
	if s := mustRun(t, o); s.Counts.DocumentsUpdated != updated || s.Counts.PartsRewritten != 1 {
		t.Fatalf("second run: %+v, want %d documents updated and 1 part rewritten", s.Counts, updated)
	}
	return st
}

// sameStateFiles fails t unless the state folders a and b hold the same
// files byte for byte.
func sameStateFiles(t *testing.T, a, b string) {
	t.Helper()
	files := 0
	err := filepath.WalkDir(a, func(p string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() || e.Name() == "lock" || e.Type()&os.ModeSymlink != 0 {
			return err
		}
		rel, _ := filepath.Rel(a, p)
		x, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		y, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil {
			return err
		}
		files++
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs (%d bytes, %d in %s)", rel, len(y), len(x), a)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 10 {
		t.Errorf("only %d files compared", files)
	}
}
