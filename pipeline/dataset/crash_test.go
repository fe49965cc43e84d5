package dataset

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// childEnv carries a run for the test binary to do as a child process (see
// TestMain), so that it can be killed with SIGKILL.
const childEnv = "JOBMINER_DATASET_CHILD"

type childRun struct {
	State, Out string
	Inputs     []string
	Now        time.Time
	Compact    bool // jobminer compact OUT instead of a run
}

// do runs c in this process.
func (c childRun) do(t testing.TB) (Summary, error) {
	if c.Compact {
		return Compact(CompactOptions{Out: c.Out, Version: "test", Now: func() time.Time { return c.Now }})
	}
	return Run(context.Background(), runOpts(t, c.State, c.Out, c.Now, c.Inputs...))
}

func TestMain(m *testing.M) {
	if spec := os.Getenv(childEnv); spec != "" {
		os.Exit(child(spec))
	}
	os.Exit(m.Run())
}

func child(spec string) int {
	var c childRun
	if err := json.Unmarshal([]byte(spec), &c); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	if _, err := c.do(&testing.T{}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		if errors.Is(err, ErrLocked) {
			return 3
		}
		return 1
	}
	return 0
}

// startChild starts a run in a child process; env adds e.g. a crash point.
func startChild(t *testing.T, c childRun, env ...string) (*exec.Cmd, *strings.Builder) {
	t.Helper()
	spec, _ := json.Marshal(c)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(append(os.Environ(), childEnv+"="+string(spec)), env...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, &stderr
}

func killedBySIGKILL(err error) bool {
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		return false
	}
	ws, ok := ee.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL
}

func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	if out, err := exec.Command("cp", "-a", src, dst).CombinedOutput(); err != nil {
		t.Fatalf("cp -a: %v\n%s", err, out)
	}
}

// leftovers lists what a finished run should have cleaned up: unfinished
// generations, link temporaries, more than two generations.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	var bad []string
	gens := 0
	ents, _ := os.ReadDir(filepath.Join(dir, "state"))
	for _, e := range ents {
		switch n := e.Name(); {
		case strings.HasPrefix(n, genPrefix):
			gens++
		case n != LockFile && n != OutFile:
			bad = append(bad, "state/"+n)
		}
	}
	if gens > 2 {
		bad = append(bad, fmt.Sprintf("%d generations", gens))
	}
	ents, _ = os.ReadDir(dir)
	for _, e := range ents {
		if n := e.Name(); n != "state" && n != "out" && n != ".out.lock" {
			bad = append(bad, n)
		}
	}
	for _, lock := range []string{filepath.Join(dir, "state", LockFile), OutLockPath(filepath.Join(dir, "out"))} {
		if l, _ := os.ReadFile(lock); len(l) != 0 {
			bad = append(bad, "lock still names a holder: "+string(l))
		}
	}
	return bad
}

// Acceptance 2: a run killed with SIGKILL at any point leaves the dataset as
// it was before the run or as it is after it, readable by DuckDB, and the
// next run completes the work. Named crash points cover reading, analysing,
// writing, linking, sealing and switching, on a first run and on a run that
// updates records in two earlier partitions; more kills land at random times.
func TestKilledRunLeavesBeforeOrAfter(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes")
	}
	root := t.TempDir()
	in := filepath.Join(root, "in")
	tk := func(id, txt int, upd string) ticket {
		return ticket{ID: id, Requester: 100 + id%5, Text: texts[txt%len(texts)], Created: "2026-11-20T08:00:00Z", Updated: upd}
	}
	var a, b, c1, c2 []ticket
	for i := 1; i <= 8; i++ {
		a = append(a, tk(i, i, "2026-11-21T08:00:00Z"))
	}
	for i := 9; i <= 14; i++ {
		b = append(b, tk(i, i, "2026-11-22T08:00:00Z"))
	}
	b = append(b, tk(2, 7, "2026-11-22T09:00:00Z"))
	c1 = []ticket{tk(3, 1, "2026-11-23T08:00:00Z"), tk(10, 0, "2026-11-23T08:00:00Z"), tk(15, 3, "2026-11-23T08:00:00Z")}
	c2 = []ticket{tk(5, 6, "2026-11-23T09:00:00Z"), tk(16, 9, "2026-11-23T09:00:00Z"), {ID: 17, Text: "{{not a ticket"}}
	fa := writeExport(t, in, "a.jsonl", a...)
	fb := writeExport(t, in, "b.jsonl", b...)
	fc1 := writeExport(t, in, "c1.jsonl", c1...)
	fc2 := writeExport(t, in, "c2.jsonl", c2...)
	os.WriteFile(fc2, append(must(os.ReadFile(fc2)), "not json at all\n"...), 0o644)

	runIn := func(dir string, now time.Time, inputs ...string) childRun {
		return childRun{State: filepath.Join(dir, "state"), Out: filepath.Join(dir, "out"), Inputs: inputs, Now: now}
	}
	inproc := func(c childRun) {
		if _, err := c.do(t); err != nil {
			t.Fatalf("%+v: %v", c, err)
		}
	}

	// Scenarios: a first run over an empty folder, and a third run that
	// updates records of both earlier partitions (rewrites) and adds new.
	type scenario struct {
		name          string
		tpl           string
		run           func(dir string) childRun
		before, after *content
		points        []string
	}
	empty := filepath.Join(root, "tpl-empty")
	os.MkdirAll(empty, 0o755)
	two := filepath.Join(root, "tpl-two")
	inproc(runIn(two, day(1), fa))
	inproc(runIn(two, day(2), fa, fb))
	// Two runs on day 2 put two parts in one partition, for compact.
	three := filepath.Join(root, "tpl-three")
	copyTree(t, two, three)
	inproc(runIn(three, day(2).Add(time.Hour), fa, fb, fc1))
	scenarios := []*scenario{
		{name: "first", tpl: empty, run: func(d string) childRun { return runIn(d, day(1), fa) },
			points: []string{"write:1", "seal", "renamed", "symlink", "switched"}},
		{name: "third", tpl: two, run: func(d string) childRun { return runIn(d, day(3), fa, fb, fc1, fc2) },
			points: []string{"locked", "read:1", "read:2", "analysed", "link:1", "link:3", "write:1", "write:2", "write:3",
				"state", "manifest", "seal", "renamed", "symlink", "switched", "gc:1"}},
		{name: "compact", tpl: three, run: func(d string) childRun {
			c := runIn(d, day(3), nil...)
			c.Compact = true
			return c
		}, points: []string{"locked", "write:1", "seal", "switched"}},
	}
	var duckDirs []string
	type check struct{ dir, scenario, point string }
	var checks []check
	n := 0
	for _, sc := range scenarios {
		sc.before = dump(t, filepath.Join(sc.tpl, "out"), drop{})
		ref := filepath.Join(root, "ref-"+sc.name)
		copyTree(t, sc.tpl, ref)
		inproc(sc.run(ref))
		sc.after = dump(t, filepath.Join(ref, "out"), drop{})
		if equalContent(sc.before, sc.after) {
			t.Fatalf("%s: the run changes nothing", sc.name)
		}
		duckDirs = append(duckDirs, filepath.Join(sc.tpl, "out"), filepath.Join(ref, "out"))

		// One uncrashed child run, to time the random kills.
		timing := filepath.Join(root, "timing-"+sc.name)
		copyTree(t, sc.tpl, timing)
		t0 := time.Now()
		cmd, stderr := startChild(t, sc.run(timing))
		if err := cmd.Wait(); err != nil {
			t.Fatalf("%s: child run: %v\n%s", sc.name, err, stderr)
		}
		span := time.Since(t0)
		rng := rand.New(rand.NewPCG(7, uint64(len(sc.name))))
		points := append([]string(nil), sc.points...)
		for range 2 {
			points = append(points, fmt.Sprintf("random:%dms", rng.IntN(int(span.Milliseconds()*8/10)+1)))
		}

		for _, point := range points {
			n++
			dir := filepath.Join(root, fmt.Sprintf("kill-%02d", n))
			copyTree(t, sc.tpl, dir)
			var err error
			var stderr *strings.Builder
			if ms, ok := strings.CutPrefix(point, "random:"); ok {
				d, _ := time.ParseDuration(ms)
				var cmd *exec.Cmd
				cmd, stderr = startChild(t, sc.run(dir))
				time.Sleep(d)
				cmd.Process.Kill()
				err = cmd.Wait()
				if err == nil {
					t.Logf("%s %s: the run finished before the kill", sc.name, point)
				}
			} else {
				var cmd *exec.Cmd
				cmd, stderr = startChild(t, sc.run(dir), "JOBMINER_CRASH_AT="+point)
				err = cmd.Wait()
				if !killedBySIGKILL(err) {
					t.Errorf("%s: crash point %s was never reached (%v)\n%s", sc.name, point, err, stderr)
					continue
				}
			}
			if err != nil && !killedBySIGKILL(err) {
				t.Errorf("%s %s: child failed instead of dying: %v\n%s", sc.name, point, err, stderr)
				continue
			}
			got := dump(t, filepath.Join(dir, "out"), drop{})
			state := "before"
			switch {
			case equalContent(got, sc.after):
				state = "after"
			case !equalContent(got, sc.before):
				t.Errorf("%s killed at %s: dataset is %s; before %s, after %s", sc.name, point, got, sc.before, sc.after)
			}
			t.Logf("%s killed at %-12s -> %s", sc.name, point, state)
			killed := dir + "-killed"
			copyTree(t, dir, killed)
			checks = append(checks, check{killed, sc.name, point})

			// The next run completes the work and cleans up.
			inproc(sc.run(dir))
			if got := dump(t, filepath.Join(dir, "out"), drop{}); !equalContent(got, sc.after) {
				t.Errorf("%s killed at %s, then run again: %s, want %s", sc.name, point, got, sc.after)
			}
			if bad := leftovers(t, dir); len(bad) > 0 {
				t.Errorf("%s killed at %s, then run again: left %v", sc.name, point, bad)
			}
			checks = append(checks, check{dir, sc.name, point + " then rerun"})
		}
	}
	if n < 20 {
		t.Fatalf("only %d kills", n)
	}

	// DuckDB reads every killed and every completed dataset, and sees the
	// before or the after state.
	for _, c := range checks {
		duckDirs = append(duckDirs, filepath.Join(c.dir, "out"))
	}
	rs := duckReports(t, duckDirs...)
	if rs == nil {
		return
	}
	ref := map[string][2]string{}
	for i, sc := range scenarios {
		ref[sc.name] = [2]string{rs[2*i].key(), rs[2*i+1].key()}
		if rs[2*i+1].Error != "" {
			t.Fatalf("%s: DuckDB cannot read the reference dataset: %s", sc.name, rs[2*i+1].Error)
		}
	}
	for i, c := range checks {
		r := rs[2*len(scenarios)+i]
		before, after := ref[c.scenario][0], ref[c.scenario][1]
		if r.Error != "" && r.Error != "absent" {
			t.Errorf("%s at %s: DuckDB cannot read the dataset: %s", c.scenario, c.point, r.Error)
			continue
		}
		if k := r.key(); k != before && k != after {
			t.Errorf("%s at %s: DuckDB sees neither the before nor the after state: %s", c.scenario, c.point, k)
		}
		if strings.HasSuffix(c.point, "rerun") && r.key() != after {
			t.Errorf("%s at %s: DuckDB does not see the after state", c.scenario, c.point)
		}
	}
	t.Logf("DuckDB read %d datasets", len(rs))
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
