package dataset

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestAcquireIsExclusive(t *testing.T) {
	state := t.TempDir()
	l, err := Acquire(state, "run-a")
	if err != nil {
		t.Fatal(err)
	}
	if l.Stale != "" {
		t.Errorf("fresh lock reported stale holder %q", l.Stale)
	}
	_, err = Acquire(state, "run-b")
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), fmt.Sprintf("pid %d", os.Getpid())) || !strings.Contains(err.Error(), "run-a") {
		t.Fatalf("second Acquire: %v, want ErrLocked naming pid and run", err)
	}
	l.Release()
	l2, err := Acquire(state, "run-c")
	if err != nil {
		t.Fatalf("after Release: %v", err)
	}
	if l2.Stale != "" {
		t.Errorf("lock released cleanly reported as stale: %q", l2.Stale)
	}
	l2.Release()
}

// Acceptance 3: two concurrent runs against one dataset: the second stops
// at once with a message naming the first; when the first dies (SIGKILL)
// its lock is detected as stale and taken over, and the run completes.
func TestConcurrentRunsAndStaleLock(t *testing.T) {
	root := t.TempDir()
	f := writeExport(t, filepath.Join(root, "in"), "t.jsonl",
		ticket{ID: 1, Requester: 1, Text: texts[0], Created: "2026-11-20T08:00:00Z"},
		ticket{ID: 2, Requester: 2, Text: texts[3], Created: "2026-11-20T08:00:00Z"})
	c := childRun{State: filepath.Join(root, "state"), Out: filepath.Join(root, "out"), Inputs: []string{f}, Now: day(1)}

	// The first run stops itself (SIGSTOP) mid-run, holding the lock.
	cmd, stderr := startChild(t, c, "JOBMINER_STOP_AT=analysed")
	defer cmd.Process.Kill()
	pid := cmd.Process.Pid
	deadline := time.Now().Add(30 * time.Second)
	for {
		b, _ := os.ReadFile(filepath.Join(c.State, LockFile))
		if holderPID(string(b)) == pid && stopped(pid) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("first run never took the lock and stopped\n%s", stderr)
		}
		time.Sleep(20 * time.Millisecond)
	}

	o := runOpts(t, c.State, c.Out, day(1), f)
	_, err := Run(context.Background(), o)
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), fmt.Sprintf("pid %d", pid)) {
		t.Fatalf("second run: %v, want ErrLocked naming pid %d", err, pid)
	}
	// The same --out with another --state is refused too.
	o2 := runOpts(t, filepath.Join(root, "other-state"), c.Out, day(1), f)
	if _, err := Run(context.Background(), o2); !errors.Is(err, ErrLocked) {
		t.Fatalf("run with another state: %v, want ErrLocked", err)
	}
	if _, err := os.Lstat(c.Out); !os.IsNotExist(err) {
		t.Errorf("the refused run touched the dataset: %v", err)
	}

	// The first run dies; its lock is stale.
	cmd.Process.Signal(syscall.SIGKILL)
	if err := cmd.Wait(); !killedBySIGKILL(err) {
		t.Fatalf("first run: %v", err)
	}
	s, err := Run(context.Background(), o)
	if err != nil {
		t.Fatalf("run after the holder died: %v", err)
	}
	if holderPID(s.Stale) != pid {
		t.Errorf("stale holder %q, want pid %d", s.Stale, pid)
	}
	if !s.Committed || s.Counts.Documents != 2 {
		t.Errorf("run after takeover: committed %v, counts %+v", s.Committed, s.Counts)
	}
	if b, _ := os.ReadFile(filepath.Join(c.State, LockFile)); len(b) != 0 {
		t.Errorf("lock file still names a holder after a clean run: %q", b)
	}
}

// stopped reports whether the process is stopped (Linux /proc), true where
// that cannot be told.
func stopped(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return true
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	return i > 0 && len(s) > i+2 && s[i+2] == 'T'
}
