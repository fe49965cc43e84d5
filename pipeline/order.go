package pipeline

import "context"

// InOrder receives every item of done, which workers send in any order,
// and calls fn on them in the order of their sequence numbers (0, 1, 2,
// ...), holding early ones until their turn. It returns when done is closed.
// This is what makes a run's output independent of the number of workers;
// the reader bounds how many items can wait here.
func InOrder[T any](done <-chan T, seq func(T) int, fn func(T)) {
	pending := map[int]T{}
	next := 0
	for it := range done {
		pending[seq(it)] = it
		for {
			it, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			fn(it)
		}
	}
}

// Send hands b to todo once fewer than cap(inflight) items are between the
// reader and InOrder's fn, which must take a slot back (<-inflight) for each
// item: memory stays bounded even when one slow item holds up the order.
// It reports false when ctx ends first.
func Send[T any](ctx context.Context, inflight chan<- struct{}, todo chan<- T, b T) bool {
	select {
	case inflight <- struct{}{}:
	case <-ctx.Done():
		return false
	}
	select {
	case todo <- b:
		return true
	case <-ctx.Done():
		return false
	}
}
