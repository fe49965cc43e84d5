package pipeline

import (
	"context"
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

func TestSendWaitsForRoom(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	inflight, todo := make(chan struct{}, 1), make(chan int, 2)
	if !Send(ctx, inflight, todo, 1) {
		t.Fatal("first send refused with room free")
	}
	cancel() // the one slot is taken: the next send can only give up
	if Send(ctx, inflight, todo, 2) {
		t.Fatal("second send went through with no room")
	}
	if len(todo) != 1 {
		t.Fatalf("%d items sent, want 1", len(todo))
	}
}
