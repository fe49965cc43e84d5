package output

import (
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// writeSample writes the sample rows (split over two calls per table, to
// exercise streaming) and commits them into a fresh directory.
func writeSample(t *testing.T, dir string, opts Options) {
	t.Helper()
	w, err := Create(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	d, m, j, r := sampleDocuments(), sampleMentions(), sampleJobs(), sampleRejects()
	must(w.WriteDocuments(d[:1]))
	must(w.WriteDocuments(d[1:]))
	must(w.WriteMentions(m[:2]))
	must(w.WriteMentions(m[2:]))
	must(w.WriteJobs(j))
	must(w.WriteRejects(r[:1]))
	must(w.WriteRejects(r[1:]))
	must(w.WriteOutcomes(sampleOutcomes()))
	must(w.Commit(Manifest{RunID: "run-1", Tool: "jobminer", Version: "test",
		StartedAt:  time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC),
		FinishedAt: time.Date(2026, 11, 22, 10, 0, 1, 500e6, time.UTC)}))
}

// nilListsToEmpty mirrors what a read returns for a nil list: an empty one.
func nilListsToEmpty(rows []JobRow) []JobRow {
	out := make([]JobRow, len(rows))
	for i, r := range rows {
		if r.Examples == nil {
			r.Examples = []string{}
		}
		if r.ExampleDocIDs == nil {
			r.ExampleDocIDs = []string{}
		}
		for _, l := range []*[]string{&r.JobStoryMentionIDs, &r.Languages, &r.Statements} {
			if *l == nil {
				*l = []string{}
			}
		}
		if r.SubForces == nil {
			r.SubForces = []string{}
		}
		if r.SubForceTotals == nil {
			r.SubForceTotals = []float64{}
		}
		if r.Phases == nil {
			r.Phases = []string{}
		}
		if r.PhaseCounts == nil {
			r.PhaseCounts = []int64{}
		}
		out[i] = r
	}
	return out
}

func TestRoundTrip(t *testing.T) {
	// A row group of 2 rows forces several row groups per table.
	for _, opts := range []Options{{}, {RowGroupRows: 2}} {
		dir := t.TempDir()
		writeSample(t, dir, opts)
		tests := []struct {
			name string
			read func(string) (any, error)
			want any
		}{
			{"documents", func(p string) (any, error) { return ReadDocuments(p) }, sampleDocuments()},
			{"mentions", func(p string) (any, error) { return ReadMentions(p) }, sampleMentions()},
			{"jobs", func(p string) (any, error) { return ReadJobs(p) }, nilListsToEmpty(sampleJobs())},
			{"rejects", func(p string) (any, error) { return ReadRejects(p) }, sampleRejects()},
			{"outcomes", func(p string) (any, error) { return ReadOutcomes(p) }, sampleOutcomes()},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := tt.read(filepath.Join(dir, tt.name+".parquet"))
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, tt.want) {
					t.Errorf("RowGroupRows=%d: read back\n%#v\nwant\n%#v", opts.RowGroupRows, got, tt.want)
				}
			})
		}
	}
}

func TestTime(t *testing.T) {
	ams := time.FixedZone("CET", 3600)
	tests := []struct {
		name string
		in   time.Time
		want *time.Time
	}{
		{"zero is NULL", time.Time{}, nil},
		{"converted to UTC and truncated to ms", time.Date(2026, 11, 22, 10, 0, 0, 123456789, ams),
			ptr(time.Date(2026, 11, 22, 9, 0, 0, 123e6, time.UTC))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Time(tt.in)
			if (got == nil) != (tt.want == nil) || got != nil && (!got.Equal(*tt.want) || got.Location() != time.UTC) {
				t.Errorf("Time(%v) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }
