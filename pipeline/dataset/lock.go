package dataset

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// ErrLocked is returned when another live run holds the state directory.
var ErrLocked = errors.New("another jobminer run is writing this dataset")

// Lock is the exclusive right to change a dataset. It is an OS advisory lock
// (flock) on STATE/lock: the kernel drops it when its process dies, however
// it dies, so a lock left behind by a killed run is never an obstacle; the
// holder's pid, host and start time are written into the file only to tell
// people who holds it, and a file still holding them when the lock is free is
// how a dead run is detected.
type Lock struct {
	f     *os.File
	Stale string // non-empty: the holder recorded by a run that died, taken over
	next  *Lock
}

// LockFile is the lock's name inside the state directory.
const LockFile = "lock"

// Acquire takes the lock of the state directory or fails at once with an
// error wrapping ErrLocked that says who holds it.
func Acquire(state, runID string) (*Lock, error) {
	return acquireFile(filepath.Join(state, LockFile), runID)
}

// OutLockPath is the lock beside OUT: one run per --out, whatever --state
// it is given.
func OutLockPath(out string) string {
	return filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".lock")
}

// lockDataset takes the lock beside OUT, then the state folder's.
func lockDataset(state, out, runID string) (*Lock, error) {
	l, err := acquireFile(OutLockPath(out), runID)
	if err != nil {
		return nil, err
	}
	l.next, err = Acquire(state, runID)
	if err != nil {
		l.Release()
		return nil, err
	}
	if l.Stale == "" {
		l.Stale = l.next.Stale
	}
	return l, nil
}

func acquireFile(path, runID string) (*Lock, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	if err := tryLock(f); err != nil {
		holder := readHolder(f)
		f.Close()
		if errors.Is(err, errWouldBlock) {
			if holder == "" {
				holder = "unknown process"
			}
			return nil, fmt.Errorf("%w (%s; lock %s): wait for it to finish", ErrLocked, holder, path)
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	l := &Lock{f: f, Stale: readHolder(f)}
	host, _ := os.Hostname()
	info := fmt.Sprintf("pid %d on %s, run %s, started %s\n", os.Getpid(), host, runID, time.Now().UTC().Format(time.RFC3339))
	if err := f.Truncate(0); err == nil {
		if _, err := f.WriteAt([]byte(info), 0); err == nil {
			f.Sync()
		}
	}
	return l, nil
}

// Release empties the holder record (so the next run does not take this one
// for a dead run) and drops the lock.
func (l *Lock) Release() {
	if l == nil || l.f == nil {
		return
	}
	l.next.Release()
	l.f.Truncate(0)
	l.f.Sync()
	unlock(l.f)
	l.f.Close()
	l.f = nil
}

func readHolder(f *os.File) string {
	b := make([]byte, 512)
	n, _ := f.ReadAt(b, 0)
	return strings.TrimSpace(string(b[:n]))
}

// holderPID extracts the pid from a holder record, for tests and messages.
func holderPID(holder string) int {
	s, ok := strings.CutPrefix(holder, "pid ")
	if !ok {
		return 0
	}
	s, _, _ = strings.Cut(s, " ")
	n, _ := strconv.Atoi(s)
	return n
}
