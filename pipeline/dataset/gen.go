package dataset

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"jobminer/pipeline/output"
)

// Generations. OUT is a symbolic link that jobminer owns; it points at one
// immutable generation directory STATE/gen-<run_id>. A run builds the next
// generation in STATE/.gen-<run_id>.tmp (hard links to every unchanged file
// of the current one, new files for the rest), fsyncs it, renames it to
// gen-<run_id> and then switches OUT with one rename(2) of a new link over
// it. That rename is the commit: a reader, or the next run after a crash,
// sees the whole previous generation or the whole new one, never a mix.
// The previous generation is kept, so a query that started before the switch
// can finish; older ones are removed.

const (
	genPrefix = "gen-"
	tmpSuffix = ".tmp"
)

// current returns the generation OUT points at, "" when OUT does not exist
// yet. OUT must be a link into state: anything else is not ours to replace.
func current(state, out string) (string, error) {
	fi, err := os.Lstat(out)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	if fi.Mode()&fs.ModeSymlink == 0 {
		return "", fmt.Errorf("%s exists and is not a dataset written with --state (a one-off run's output?); give a new --out", out)
	}
	// Resolved as the kernel resolves it: a ".." in a relative link follows
	// the physical parent, not the path as typed.
	target, err := filepath.EvalSymlinks(out)
	if err != nil {
		return "", fmt.Errorf("%s: %w (its generation in the state folder is gone?)", out, err)
	}
	if target, err = filepath.Abs(target); err != nil {
		return "", err
	}
	if !sameDir(filepath.Dir(target), state) || !strings.HasPrefix(filepath.Base(target), genPrefix) {
		return "", fmt.Errorf("%s points at %s, not at a generation in the state folder %s: give the --state it was written with", out, target, state)
	}
	return target, nil
}

// sameDir compares two folders, through any links in their paths.
func sameDir(a, b string) bool {
	if a == b {
		return true
	}
	resolve := func(p string) (string, error) {
		r, err := filepath.EvalSymlinks(p)
		if err != nil {
			return "", err
		}
		return filepath.Abs(r)
	}
	ra, errA := resolve(a)
	rb, errB := resolve(b)
	return errA == nil && errB == nil && ra == rb
}

// builder assembles a new generation in a temporary directory.
type builder struct {
	tmp, final string
	createdBy  string
	scratch    int
}

func newBuilder(state, id, createdBy string) (*builder, error) {
	abs, err := filepath.Abs(state)
	if err != nil {
		return nil, err
	}
	b := &builder{tmp: filepath.Join(abs, "."+genPrefix+id+tmpSuffix), final: filepath.Join(abs, genPrefix+id), createdBy: createdBy}
	os.RemoveAll(b.tmp)
	if _, err := os.Stat(b.final); err == nil {
		return nil, fmt.Errorf("generation %s exists already", b.final)
	}
	return b, os.MkdirAll(b.tmp, 0o755)
}

// link puts the file rel of generation from into the new generation, as a
// hard link: files are never changed once written, so generations share them.
func (b *builder) link(from, rel string) error {
	dst := filepath.Join(b.tmp, rel)
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	crash("link")
	return os.Link(filepath.Join(from, rel), dst)
}

func (b *builder) writeFile(rel string, data []byte) error {
	dst := filepath.Join(b.tmp, rel)
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return output.WriteFileSync(dst, data)
}

// seal makes the generation durable and gives it its final name.
func (b *builder) seal() error {
	if err := os.RemoveAll(filepath.Join(b.tmp, "_scratch")); err != nil {
		return err
	}
	var dirs []string
	err := filepath.WalkDir(b.tmp, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			dirs = append(dirs, p)
		}
		return err
	})
	if err != nil {
		return err
	}
	// Deepest first, so each entry is durable before the entry naming it.
	for i := len(dirs) - 1; i >= 0; i-- {
		if err := output.SyncDir(dirs[i]); err != nil {
			return err
		}
	}
	crash("seal")
	if err := os.Rename(b.tmp, b.final); err != nil {
		return err
	}
	crash("renamed")
	return output.SyncDir(filepath.Dir(b.final))
}

func (b *builder) abort() { os.RemoveAll(b.tmp) }

// switchTo points out at gen with one rename(2): the commit.
func switchTo(out, gen string) error {
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	// Relative, so the pair can be moved together; computed on resolved
	// paths, as the kernel will follow it.
	target := gen
	rp, err1 := filepath.EvalSymlinks(parent)
	rg, err2 := filepath.EvalSymlinks(filepath.Dir(gen))
	if err1 == nil && err2 == nil {
		if rel, err := filepath.Rel(rp, filepath.Join(rg, filepath.Base(gen))); err == nil {
			target = rel
		}
	}
	tmp := filepath.Join(parent, "."+filepath.Base(out)+".new-"+filepath.Base(gen))
	os.Remove(tmp)
	if err := os.Symlink(target, tmp); err != nil {
		return err
	}
	crash("symlink")
	if err := os.Rename(tmp, out); err != nil {
		os.Remove(tmp)
		return err
	}
	crash("switched")
	return output.SyncDir(parent)
}

// collect removes what crashed or superseded runs left: unfinished
// generations, link temporaries, and generations other than keep.
func collect(state, out string, keep ...string) {
	keepSet := map[string]bool{}
	for _, k := range keep {
		if k != "" {
			keepSet[filepath.Base(k)] = true
		}
	}
	ents, _ := os.ReadDir(state)
	for _, e := range ents {
		n := e.Name()
		switch {
		case strings.HasPrefix(n, "."+genPrefix) && strings.HasSuffix(n, tmpSuffix),
			strings.HasPrefix(n, genPrefix) && !keepSet[n]:
			crash("gc")
			os.RemoveAll(filepath.Join(state, n))
		}
	}
	parent := filepath.Dir(out)
	ents, _ = os.ReadDir(parent)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), "."+filepath.Base(out)+".new-") {
			os.Remove(filepath.Join(parent, e.Name()))
		}
	}
}

// Crash points, for the crash-safety tests: JOBMINER_CRASH_AT=name kills the
// process with SIGKILL at the first pass through the named point,
// JOBMINER_CRASH_AT=name:3 at the third. JOBMINER_STOP_AT does the same with
// SIGSTOP (the process stays, holding its lock). Unset in normal use.
var crashes struct {
	sync.Mutex
	hits map[string]int
}

func crash(name string) {
	for _, env := range []string{"JOBMINER_CRASH_AT", "JOBMINER_STOP_AT"} {
		want := os.Getenv(env)
		if want == "" {
			continue
		}
		point, nth, _ := strings.Cut(want, ":")
		if point != name {
			continue
		}
		n := 1
		if nth != "" {
			n, _ = strconv.Atoi(nth)
		}
		crashes.Lock()
		if crashes.hits == nil {
			crashes.hits = map[string]int{}
		}
		crashes.hits[env]++
		hit := crashes.hits[env] == n
		crashes.Unlock()
		if hit {
			selfSignal(env == "JOBMINER_STOP_AT")
		}
	}
}
