package jobs

import (
	"reflect"
	"testing"
)

// rich adds what the plain sample lacks: stories, outcomes, sub-forces, phases.
func rich() []Occurrence {
	occs := append([]Occurrence(nil), sample...)
	o := occ("excel export invoic", "export invoices to excel", "d7", "erin", 4, [4]int64{700, 0, 0, 0})
	o.Story = Story{Text: "When I close the month, I want to export invoices", MentionIDs: []string{"m2", "m1"}, Parts: 3}
	o.Outcomes = []OutcomeHit{{Direction: "minimise", Metric: "time", Language: "en", Object: "export", Statement: "minimise the time to export", MentionIDs: []string{"m9", "m3"}}}
	AddSubForce(&o, "push", 1, 0.7)
	o.Phase = "first thought"
	return append(occs, o)
}

func roundTrip(t *testing.T, a *Aggregate) *Aggregate {
	t.Helper()
	b, err := a.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	out := New()
	if err := out.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestAggregateRoundTrip(t *testing.T) {
	a := build(rich())
	got := roundTrip(t, a)
	if !reflect.DeepEqual(got.parts, a.parts) {
		t.Fatalf("decoded aggregate differs:\n got %+v\nwant %+v", got.parts, a.parts)
	}
	wantC, wantIDs := build(rich()).Finalize()
	gotC, gotIDs := got.Finalize()
	if !reflect.DeepEqual(gotC, wantC) || !reflect.DeepEqual(gotIDs, wantIDs) {
		t.Fatalf("finalised round trip differs:\n got %+v\nwant %+v", gotC, wantC)
	}
}

// Partials sent over the wire and merged on the far side give the same jobs
// as merging in memory: what the Beam combine relies on.
func TestMergeAfterRoundTrip(t *testing.T) {
	occs := rich()
	wantC, wantIDs := build(occs).Finalize()
	merged := New()
	for i := len(occs) - 1; i >= 0; i-- { // one occurrence per partial, reversed
		merged.Merge(roundTrip(t, build(occs[i:i+1])))
	}
	merged = roundTrip(t, merged)
	gotC, gotIDs := merged.Finalize()
	if !reflect.DeepEqual(gotC, wantC) || !reflect.DeepEqual(gotIDs, wantIDs) {
		t.Fatalf("merged after round trip differs:\n got %+v\nwant %+v", gotC, wantC)
	}
}

func TestEmptyAggregateRoundTrip(t *testing.T) {
	if got := roundTrip(t, New()); got.Len() != 0 {
		t.Fatalf("empty aggregate decoded with %d keys", got.Len())
	}
}
