package dataset

import (
	"log/slog"
	"math"
	"runtime/debug"
)

// The record index (State.Records and JobIDs) is the one part of a dataset
// run that grows with the data: about 50 bytes of heap per live record
// (recIndex; TestRecIndexHeap measures it on a million records), and while
// the first pass reads, some 40 more per new record for the planning map and
// the slots. Measured together: the live heap (GODEBUG=gctrace=1) at the end
// of the first pass of a first run on the 200 MB bench corpus (710,000
// records) was 64 MiB, about 95 bytes a record.
// A soft memory limit (--memory-limit) below that keeps the garbage
// collector running back to back, at up to half the CPU, without freeing
// anything: a 1 GB backfill took 35 minutes that way on a busy machine, the
// collector using 47% of the CPU.
// So the limit grows to the index plus half the limit set, which leaves the
// rest of the run (its live heap is some 50-100 MB) room to allocate.
const indexBytesPerRecord = 100 // heap per record, rounded up

// memFit raises the soft memory limit, if one is set, as the index grows.
type memFit struct {
	orig, cur int64
	log       *slog.Logger
}

func newMemFit(log *slog.Logger) *memFit {
	l := debug.SetMemoryLimit(-1)
	return &memFit{orig: l, cur: l, log: log}
}

// fit makes room for an index of n records.
func (m *memFit) fit(n int) {
	if m.orig == math.MaxInt64 {
		return
	}
	need := m.orig/2 + int64(n)*indexBytesPerRecord
	if need <= m.cur {
		return
	}
	// In steps of an eighth, so a growing index does not set it per record.
	m.cur = need + need/8
	debug.SetMemoryLimit(m.cur)
}

// restore puts back the limit there was, and says where it went.
func (m *memFit) restore() {
	if m.cur != m.orig {
		m.log.Info("memory limit was raised by the record index's size", "limit_mb", m.orig>>20, "raised_to_mb", m.cur>>20)
		debug.SetMemoryLimit(m.orig)
	}
}
