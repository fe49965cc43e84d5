package jobs

import (
	"fmt"
	"math/rand"
	"reflect"
	"slices"
	"strings"
	"sync"
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

// parallel calls every partition once with a slot below workers(n), and
// returns the error of the lowest partition that failed.
func TestParallel(t *testing.T) {
	for _, tc := range []struct {
		n    int
		fail []int
	}{{0, nil}, {1, nil}, {16, nil}, {16, []int{5}}, {16, []int{9, 3}}} {
		calls := make([]int32, tc.n)
		var mu sync.Mutex
		err := parallel(tc.n, func(slot, i int) error {
			if slot < 0 || slot >= workers(tc.n) {
				t.Errorf("n %d: slot %d", tc.n, slot)
			}
			mu.Lock()
			calls[i]++
			mu.Unlock()
			if slices.Contains(tc.fail, i) {
				return fmt.Errorf("part %d", i)
			}
			return nil
		})
		if len(tc.fail) == 0 {
			if err != nil {
				t.Errorf("n %d: %v", tc.n, err)
			}
			for i, c := range calls {
				if c != 1 {
					t.Errorf("n %d: partition %d called %d times", tc.n, i, c)
				}
			}
			continue
		}
		// Partitions start in order, so the lowest failing one has run
		// whenever a later one has.
		if want := fmt.Sprintf("part %d", slices.Min(tc.fail)); err == nil || err.Error() != want {
			t.Errorf("n %d: error %v, want %s", tc.n, err, want)
		}
	}
}
