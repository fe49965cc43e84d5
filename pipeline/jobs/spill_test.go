package jobs

import (
	"fmt"
	"math/rand"
	"reflect"
	"strings"
	"testing"
)

// randomOccurrences draws keys from a small vocabulary so that keys repeat,
// overlap and cluster, with every field the aggregate keeps.
func randomOccurrences(n int, seed int64) []Occurrence {
	r := rand.New(rand.NewSource(seed))
	words := []string{"excel", "export", "invoic", "bank", "link", "account", "remind", "send", "receipt", "scan", "vat", "file"}
	var out []Occurrence
	for i := 0; i < n; i++ {
		k := 2 + r.Intn(3)
		var ws []string
		for j := 0; j < k; j++ {
			ws = append(ws, words[r.Intn(len(words))])
		}
		key := strings.Join(ws, " ")
		o := occ(key, "want to "+key, fmt.Sprintf("d%d", r.Intn(n/2+1)), fmt.Sprintf("p%d", r.Intn(40)), 1+r.Intn(28),
			[4]int64{int64(r.Intn(2000)), int64(r.Intn(2000)), int64(r.Intn(900)), int64(r.Intn(900))})
		if r.Intn(3) == 0 {
			o.Language = "nl"
		}
		if r.Intn(4) == 0 {
			o.Story = Story{Text: "story " + key, MentionIDs: []string{fmt.Sprintf("m%d", i)}, Parts: 2 + r.Intn(2), Energy: int64(r.Intn(5)), DocID: o.DocID}
		}
		if r.Intn(4) == 0 {
			o.Outcomes = []OutcomeHit{{Direction: "minimise", Metric: []string{"time", "effort"}[r.Intn(2)], Language: o.Language,
				Object: key, Statement: "minimise the time to " + key, MentionIDs: []string{fmt.Sprintf("m%d", i)}}}
		}
		if r.Intn(3) == 0 {
			AddSubForce(&o, "struggle/time", 1, 0.5)
			o.Phase = "first_use"
		}
		out = append(out, o)
	}
	return out
}

// Finalising from spills, in any split, gives exactly what Finalize gives
// over one aggregate of everything.
func TestFinalizeSpilledEqualsFinalize(t *testing.T) {
	occs := append(append(randomOccurrences(3000, 7), rich()...), jtbdSample()...)
	whole := build(occs)
	whole.Canon = testCanon
	want, wantIDs := whole.Finalize()

	for _, parts := range []int{1, 3, 16} {
		dir := t.TempDir()
		var spills []*Spill
		var rest []*Aggregate
		for w := 0; w < 3; w++ {
			s, err := NewSpill(dir, fmt.Sprintf("w%d", w), parts)
			if err != nil {
				t.Fatal(err)
			}
			spills = append(spills, s)
			a := New()
			for i := w; i < len(occs); i += 3 {
				a.Add(occs[i])
				if i%(97*(w+1)) == 0 { // flush now and then, as a worker past its budget does
					if err := s.Write(a); err != nil {
						t.Fatal(err)
					}
				}
			}
			rest = append(rest, a)
		}
		got, gotIDs, err := FinalizeSpilled(dir, spills, rest, testCanon)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) < 10 {
			t.Fatalf("only %d candidates: the test data does not exercise clustering", len(got))
		}
		if !reflect.DeepEqual(got, want) {
			for i := range want {
				if i < len(got) && !reflect.DeepEqual(got[i], want[i]) {
					t.Fatalf("%d partitions: candidate %d\n got %+v\nwant %+v", parts, i, got[i], want[i])
				}
			}
			t.Fatalf("%d partitions: %d candidates, want %d", parts, len(got), len(want))
		}
		if !reflect.DeepEqual(gotIDs, wantIDs) {
			t.Fatalf("%d partitions: job ids differ", parts)
		}
	}
}
