package ingest

import (
	"fmt"
	"strings"
	"testing"
)

func TestMemo(t *testing.T) {
	calls := 0
	fn := func(s string) string { calls++; return NormalizeLang(s) }
	var m memo[string]
	var inputs []string
	for i := range memoMax + 10 {
		inputs = append(inputs, fmt.Sprintf("nl-%d", i))
	}
	inputs = append(inputs, "NL", "Dutch", "", strings.Repeat("x", memoKeyMax+1))
	for round := range 2 {
		calls = 0
		for _, s := range inputs {
			if got, want := m.get(s, fn), NormalizeLang(s); got != want {
				t.Fatalf("get(%q) = %q, want %q", s, got, want)
			}
		}
		if len(m.m) != memoMax {
			t.Fatalf("memo holds %d entries, want at most %d", len(m.m), memoMax)
		}
		// The second round calls fn only for what did not fit.
		if want := []int{len(inputs), len(inputs) - memoMax}[round]; calls != want {
			t.Errorf("round %d: %d calls, want %d", round, calls, want)
		}
	}
}
