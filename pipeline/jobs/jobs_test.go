package jobs

import (
	"math"
	"reflect"
	"testing"
	"time"
)

func occ(key, stmt, doc, who string, day int, forces [4]int64) Occurrence {
	return Occurrence{Key: key, Statement: stmt, Language: "en", DocID: doc, Respondent: who,
		Time: time.Date(2026, 1, day, 0, 0, 0, 0, time.UTC), Quote: stmt + " in " + doc, Mentions: 1, Forces: forces}
}

var sample = []Occurrence{
	occ("excel export invoic", "export my invoices to Excel", "d1", "alice", 3, [4]int64{1000, 0, 0, 0}),
	occ("excel export invoic", "export invoices to excel", "d2", "bob", 1, [4]int64{0, 1300, 0, 0}),
	occ("excel export invoic month", "export my invoices to Excel every month", "d3", "carol", 9, [4]int64{1500, 0, 500, 0}),
	occ("remind send", "send reminders", "d4", "alice", 5, [4]int64{0, 1000, 0, 0}),
	occ("excel export invoic", "export my invoices to Excel", "d5", "alice", 7, [4]int64{0, 0, 0, 600}),
	occ("bank link account", "link my bank account", "d6", "dave", 2, [4]int64{2000, 0, 0, 0}),
}

func build(occs []Occurrence) *Aggregate {
	a := New()
	for _, o := range occs {
		a.Add(o)
	}
	return a
}

// The reduce must not depend on how the input was split or merged.
func TestMergeIsAssociativeAndCommutative(t *testing.T) {
	want, wantIDs := build(sample).Finalize()
	splits := []struct {
		name  string
		parts [][]Occurrence
	}{
		{"halves", [][]Occurrence{sample[:3], sample[3:]}},
		{"singletons", [][]Occurrence{sample[:1], sample[1:2], sample[2:3], sample[3:4], sample[4:5], sample[5:]}},
		{"reversed", [][]Occurrence{sample[4:], sample[2:4], sample[:2]}},
	}
	for _, s := range splits {
		t.Run(s.name, func(t *testing.T) {
			// ((p0 + p1) + p2) ...
			left := New()
			for _, p := range s.parts {
				left.Merge(build(p))
			}
			// p0 + (p1 + (p2 ...))
			right := New()
			for i := len(s.parts) - 1; i >= 0; i-- {
				b := build(s.parts[i])
				b.Merge(right)
				right = b
			}
			for _, a := range []*Aggregate{left, right} {
				got, ids := a.Finalize()
				if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(ids, wantIDs) {
					t.Fatalf("merged result differs:\n got %+v\nwant %+v", got, want)
				}
			}
		})
	}
}

func TestFinalizeClustersAndScores(t *testing.T) {
	cands, ids := build(sample).Finalize()
	if ids["excel export invoic"] != ids["excel export invoic month"] {
		t.Errorf("near-equal keys not clustered: %v", ids)
	}
	if ids["excel export invoic"] == ids["remind send"] {
		t.Errorf("unrelated keys clustered")
	}
	if len(cands) != 3 {
		t.Fatalf("got %d candidates, want 3: %+v", len(cands), cands)
	}
	top := cands[0]
	if top.Key != "excel export invoic" || top.Statement != "export my invoices to Excel" {
		t.Errorf("top = %q %q", top.Key, top.Statement)
	}
	if top.Documents != 4 || top.Respondents != 3 || top.Occurrences != 4 {
		t.Errorf("reach: docs %d respondents %d occurrences %d", top.Documents, top.Respondents, top.Occurrences)
	}
	if top.Struggle != 2.5 || top.Progress != 1.3 || top.Anxiety != 0.5 || top.Habit != 0.6 {
		t.Errorf("forces %v %v %v %v", top.Struggle, top.Progress, top.Anxiety, top.Habit)
	}
	// The score must be recomputable from the other columns.
	want := math.Log2(1+3) * (1 + 2.5 + 1.3 + 0.5*(0.5+0.6))
	if math.Abs(top.Score-want) > 1e-12 {
		t.Errorf("score %v, want %v", top.Score, want)
	}
	if !top.First.Equal(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) || !top.Last.Equal(time.Date(2026, 1, 9, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("first/last %v %v", top.First, top.Last)
	}
	if len(top.Examples) != 3 || top.Examples[0] != "export my invoices to Excel every month in d3" {
		t.Errorf("examples %q", top.Examples)
	}
	for i := 1; i < len(cands); i++ {
		if cands[i].Score > cands[i-1].Score || cands[i].Rank != i+1 {
			t.Errorf("not ranked: %d %v after %v", cands[i].Rank, cands[i].Score, cands[i-1].Score)
		}
	}
}

func TestSimilar(t *testing.T) {
	tests := []struct {
		name string
		a, b []string
		want bool
	}{
		{"equal", []string{"a", "b"}, []string{"a", "b"}, true},
		{"one shared", []string{"a", "b"}, []string{"a", "c"}, false},
		{"subset covering half", []string{"a", "b"}, []string{"a", "b", "c", "d"}, true},
		{"subset too small", []string{"a", "b"}, []string{"a", "b", "c", "d", "e"}, false},
		{"jaccard", []string{"a", "b", "c", "d"}, []string{"a", "b", "c", "e"}, true},
		{"shared core", []string{"app", "file", "return", "straight", "vat"}, []string{"direct", "file", "kasboek", "return", "vat"}, true},
		{"two shared of five", []string{"excel", "export", "invoic", "month", "every"}, []string{"excel", "send", "invoic", "remind", "client"}, false},
	}
	for _, tt := range tests {
		if got := similar(tt.a, tt.b); got != tt.want {
			t.Errorf("%s: similar(%v, %v) = %v", tt.name, tt.a, tt.b, got)
		}
	}
}
