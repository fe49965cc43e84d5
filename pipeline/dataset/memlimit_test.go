package dataset

import (
	"log/slog"
	"math"
	"runtime/debug"
	"testing"
)

func TestMemFit(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(64 << 20))
	m := newMemFit(slog.New(slog.DiscardHandler))
	m.fit(100_000) // 10 MB: within half the limit
	if got := debug.SetMemoryLimit(-1); got != 64<<20 {
		t.Fatalf("limit %d with a small index, want the caller's", got)
	}
	m.fit(2_000_000)
	if got, need := debug.SetMemoryLimit(-1), int64(32<<20+2_000_000*indexBytesPerRecord); got < need {
		t.Fatalf("limit %d for 2M records, want at least %d", got, need)
	}
	m.restore()
	if got := debug.SetMemoryLimit(-1); got != 64<<20 {
		t.Fatalf("limit %d after restore, want %d", got, 64<<20)
	}

	debug.SetMemoryLimit(math.MaxInt64) // no limit: nothing to fit
	m = newMemFit(slog.New(slog.DiscardHandler))
	m.fit(100_000_000)
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Fatalf("limit %d, want none set", got)
	}
}
