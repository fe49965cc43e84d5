package pipeline

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"jobminer/pipeline/output"
)

// TestMentionCodecRoundTrip writes rows with every field set, unset and at
// its extremes through a spill and checks that replay gives them back, with
// job keys mapped to ids.
func TestMentionCodecRoundTrip(t *testing.T) {
	at := time.Date(2024, 3, 1, 8, 30, 15, 123456789, time.FixedZone("CET", 3600))
	early := time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	late := time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC)
	rows := []output.MentionRow{
		{},
		{
			MentionID: "m1", DocID: "d1", UtteranceIndex: 7, Speaker: "Anna", Role: "customer", Language: "nl",
			Force: "struggle", Term: "nl.struggle.foutmelding", Matched: "foutmelding", Sentence: "Ik krijg een foutmelding, é 👍 и",
			Negated: true, Intensity: 1.5, JobID: output.String("key a"), CreatedAt: &at, Weight: -0.25,
			MatchStart: 12, MatchEnd: 23, Source: "a/b.jsonl", Line: 1 << 40, Context: "fear",
			SubForce: output.String("struggle/time"), Phase: output.String(""),
		},
		{JobID: output.String("unknown key"), CreatedAt: &early, UtteranceIndex: -1, MatchStart: -2147483648, Line: -1},
		{CreatedAt: &late, Intensity: 1e308, Weight: 5e-324},
	}
	sp, err := newSpill(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer sp.remove()
	for i := 0; i < 3; i++ { // more than one replay batch
		for range spillBatch / 2 {
			if err := sp.write(rows); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, groupRows := range []int{1000, spillBatch, 5000, 1 << 20} {
		var got []output.MentionRow
		n, err := replay(sp, map[string]string{"key a": "job-1"}, groupRows, func(fill func(func([]output.MentionRow) error) error) ([]output.MentionRow, error) {
			var g []output.MentionRow
			err := fill(func(b []output.MentionRow) error {
				g = append(g, b...)
				return nil
			})
			return g, err
		}, func(g []output.MentionRow) error {
			if len(g) != groupRows && len(got)+len(g) != len(rows)*3*spillBatch/2 {
				t.Errorf("group rows %d: a group of %d rows at row %d", groupRows, len(g), len(got))
			}
			got = append(got, g...)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if want := int64(3 * spillBatch / 2 * len(rows)); n != want || int64(len(got)) != want {
			t.Fatalf("group rows %d: replayed %d rows (%d sent), want %d", groupRows, n, len(got), want)
		}
		checkReplayed(t, rows, got)
	}
}

func checkReplayed(t *testing.T, rows, got []output.MentionRow) {
	t.Helper()
	for i, g := range got {
		w := rows[i%len(rows)]
		if w.JobID != nil {
			w.JobID = output.String(map[string]string{"key a": "job-1"}[*w.JobID])
		}
		if w.CreatedAt != nil {
			u := w.CreatedAt.UTC()
			w.CreatedAt = &u
		}
		if !reflect.DeepEqual(g, w) {
			t.Fatalf("row %d:\n got  %+v\n want %+v", i, g, w)
		}
	}
}

// TestReplayBatches checks the batches replay gives a row group: they
// start at its first row or where the previous one ended, and end at a
// multiple of spillBatch or at its last row, as one sequential pass would
// cut them; row groups are whole and in order.
func TestReplayBatches(t *testing.T) {
	const total = 5*spillBatch + 123
	sp, err := newSpill(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer sp.remove()
	for i := 0; i < total; i += 1000 {
		rows := make([]output.MentionRow, min(1000, total-i))
		for j := range rows {
			rows[j].Line = int64(i + j)
		}
		if err := sp.write(rows); err != nil {
			t.Fatal(err)
		}
	}
	for _, groupRows := range []int{1000, spillBatch, 3*spillBatch - 1, total, 1 << 20} {
		next := int64(0)
		n, err := replay(sp, nil, groupRows, func(fill func(func([]output.MentionRow) error) error) ([2]int64, error) {
			span := [2]int64{-1, -1}
			err := fill(func(b []output.MentionRow) error {
				first, end := b[0].Line, b[len(b)-1].Line+1
				if span[0] < 0 {
					span[0] = first
				} else if first != span[1] {
					t.Errorf("group rows %d: a batch starts at row %d after one that ended at %d", groupRows, first, span[1])
				}
				if end%spillBatch != 0 && end%int64(groupRows) != 0 && end != total {
					t.Errorf("group rows %d: a batch ends at row %d", groupRows, end)
				}
				span[1] = end
				return nil
			})
			return span, err
		}, func(span [2]int64) error {
			if span[0] != next || span[1] != min(next+int64(groupRows), total) {
				t.Errorf("group rows %d: group %v after row %d", groupRows, span, next)
			}
			next = span[1]
			return nil
		})
		if err != nil || n != total || next != total {
			t.Fatalf("group rows %d: replayed %d rows up to %d (%v), want %d", groupRows, n, next, err, total)
		}
	}
}

// BenchmarkReplay replays a spill of 8 row groups of mentions into
// mentions.parquet; -cpu 1,2 shows what encoding row groups on more than one
// core gains.
func BenchmarkReplay(b *testing.B) {
	sp, err := newSpill(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer sp.remove()
	at := time.Date(2024, 3, 1, 8, 30, 15, 0, time.UTC)
	ids := map[string]string{}
	rows := make([]output.MentionRow, spillBatch)
	for n := 0; n < 8*output.DefaultRowGroupRows; n += len(rows) {
		for i := range rows {
			k := fmt.Sprintf("key %d", (n+i)%997)
			ids[k] = fmt.Sprintf("%016x", (n+i)%997)
			rows[i] = output.MentionRow{
				MentionID: fmt.Sprintf("m%09d", n+i), DocID: fmt.Sprintf("d%07d", (n+i)/9), UtteranceIndex: int32(i % 30),
				Speaker: "customer", Role: "customer", Language: []string{"en", "nl"}[i%2], Force: []string{"struggle", "progress", "anxiety", "habit"}[i%4],
				Term: fmt.Sprintf("en.struggle.t%d", i%200), Matched: fmt.Sprintf("word%d", i%500),
				Sentence:  fmt.Sprintf("I keep getting an error %d when I try to export my invoices to Excel, row %d.", i%1000, n+i),
				Intensity: 1 + float64(i%3)/2, JobID: output.String(k), CreatedAt: &at, Weight: 1, MatchStart: int32(i % 50), MatchEnd: int32(i%50 + 5),
				Source: "corpus.jsonl", Line: int64(n + i), SubForce: output.String("struggle/time"),
			}
		}
		if err := sp.write(rows); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		w, err := output.Create(b.TempDir(), output.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := replay(sp, ids, w.MentionGroupRows(), w.EncodeMentionGroup, w.WriteMentionGroup); err != nil {
			b.Fatal(err)
		}
		if err := w.Commit(output.Manifest{}); err != nil {
			b.Fatal(err)
		}
	}
}
