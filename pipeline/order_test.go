package pipeline

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestInOrder(t *testing.T) {
	for _, n := range []int{0, 1, 2, 100} {
		seqs := make([]int, n)
		for i := range seqs {
			seqs[i] = i
		}
		rand.New(rand.NewPCG(1, uint64(n))).Shuffle(n, func(i, j int) { seqs[i], seqs[j] = seqs[j], seqs[i] })
		done := make(chan int, n)
		for _, s := range seqs {
			done <- s
		}
		close(done)
		var got []int
		InOrder(done, func(s int) int { return s }, func(s int) { got = append(got, s) })
		slices.Sort(seqs)
		if !slices.Equal(got, seqs) {
			t.Errorf("n=%d: got %v, want 0..%d in order", n, got, n-1)
		}
	}
}
