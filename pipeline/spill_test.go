package pipeline

import (
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
	var got []output.MentionRow
	n, err := sp.replay(map[string]string{"key a": "job-1"}, func(b []output.MentionRow) error {
		got = append(got, b...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := int64(3 * spillBatch / 2 * len(rows)); n != want || int64(len(got)) != want {
		t.Fatalf("replayed %d rows (%d sent), want %d", n, len(got), want)
	}
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
