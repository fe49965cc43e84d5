package ingest

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"jobminer/pipeline/record"
)

// WalkOptions leave files and folders out of a walk.
type WalkOptions struct {
	// Skip lists folders that are never read: the run's own --out and
	// --state, which may sit inside an input folder.
	Skip []string
	// Exclude lists globs (path.Match syntax); a file or folder whose path
	// relative to its root, or whose base name, matches one is not read.
	Exclude []string
}

// Walked is what a walk found.
type Walked struct {
	Inputs   []Input
	Rejects  []record.Reject
	Skipped  []string // folders not read: in Skip, or holding a jobminer output
	Excluded []string // files and folders (with a trailing /) matched by Exclude
	// Duplicates are inputs left out because an input kept holds the same
	// content (see dropDuplicates).
	Duplicates []Duplicate
}

// Walk expands files and folders into the inputs to read, sorted by Rel
// (then Path) so runs are deterministic. Inside folders it recurses, skips
// hidden files and folders (name starting with '.'), follows symlinks to
// files but not to folders (so there are no loops), and turns unreadable
// entries, broken links and non-regular files into Rejects. A root given
// directly is used even if hidden or a symlink; Rel is its base name for a
// file and the path relative to it for files inside a folder. A root that
// does not exist is an error: it is a typo on the command line, not data.
// A file reached twice (same cleaned path) is listed once. A Slack export
// folder (users.json and channels.json inside) is one Input whose Path is
// the folder, Size the total of its files; Read reads it as a whole.
// An input with the same content as one before it (by Rel), or a zip of a
// Slack export folder also found, is left out (Walked.Duplicates).
// Folders holding a jobminer output are not read (see WalkWith).
func Walk(roots []string) ([]Input, []record.Reject, error) {
	w, err := WalkWith(roots, WalkOptions{})
	return w.Inputs, w.Rejects, err
}

// WalkWith is Walk leaving out o.Skip, o.Exclude and every folder that
// holds a jobminer output (a one-off run's run.json beside jobs.parquet, or
// a dataset generation's _jobminer/), so that results written inside an
// export folder are not read back as input by the next run.
func WalkWith(roots []string, o WalkOptions) (Walked, error) {
	var w Walked
	for _, g := range o.Exclude {
		if _, err := path.Match(g, ""); err != nil {
			return w, fmt.Errorf("exclude %q: %w", g, err)
		}
	}
	skip := newSkipSet(o.Skip)
	seen := make(map[string]bool)
	slackDirs := make(map[string]bool) // Paths of the Slack export folders added
	add := func(path, rel string, size int64) {
		key := path
		if abs, err := filepath.Abs(path); err == nil {
			key = abs
		}
		if seen[key] {
			return
		}
		seen[key] = true
		// Rel names the file in every output row: valid UTF-8 even when
		// the name on disk is not. Path stays as found, to open it.
		w.Inputs = append(w.Inputs, Input{Path: path, Rel: clean(rel), Size: size})
	}
	reject := func(rel string, format string, args ...any) {
		w.Rejects = append(w.Rejects, record.Reject{Source: record.Source{File: clean(rel)}, Reason: clean(fmt.Sprintf(format, args...))})
	}
	excluded := func(rel string) bool {
		for _, g := range o.Exclude {
			if ok, _ := path.Match(g, rel); ok {
				return true
			}
			if ok, _ := path.Match(g, path.Base(rel)); ok {
				return true
			}
		}
		return false
	}
	// skipDir reports whether the folder at p (resolved: p through the
	// links in its root) is one not to read, and notes it.
	skipDir := func(p, resolved string) bool {
		if skip.has(p, resolved) || isJobminerOutput(p) {
			w.Skipped = append(w.Skipped, p)
			return true
		}
		return false
	}

	for _, root := range roots {
		info, err := os.Stat(root) // follows a symlinked root: the user named it
		if errors.Is(err, fs.ErrNotExist) {
			return Walked{}, fmt.Errorf("input %s: no such file or folder", root)
		}
		if err != nil {
			reject(filepath.ToSlash(root), "cannot read: %v", err)
			continue
		}
		if !info.IsDir() {
			switch {
			case excluded(filepath.Base(root)):
				w.Excluded = append(w.Excluded, filepath.Base(root))
			case !info.Mode().IsRegular():
				reject(filepath.Base(root), "not a regular file")
			default:
				add(root, filepath.Base(root), info.Size())
			}
			continue
		}
		// Entries are compared with Skip also as found through the links
		// in the root's path: WalkDir follows no other link.
		resolvedRoot := root
		if r, err := filepath.EvalSymlinks(root); err == nil {
			resolvedRoot = r
		}
		if skipDir(root, resolvedRoot) {
			continue
		}
		if isSlackExport(root) {
			slackDirs[root] = true
			add(root, filepath.Base(root), slackExportSize(root))
			continue
		}
		// WalkDir does not follow a root that is a link; with a trailing
		// separator the system does.
		walkFrom := root
		if fi, err := os.Lstat(root); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
			walkFrom = root + string(filepath.Separator)
		}
		err = filepath.WalkDir(walkFrom, func(p string, d fs.DirEntry, err error) error {
			rel, _ := filepath.Rel(root, p)
			rel = filepath.ToSlash(rel)
			if err != nil {
				reject(rel, "cannot read: %v", err)
				if d != nil && d.IsDir() && p != walkFrom {
					return fs.SkipDir
				}
				return nil
			}
			if p == walkFrom {
				return nil
			}
			if strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if excluded(rel) {
				if d.IsDir() {
					w.Excluded = append(w.Excluded, rel+"/")
					return fs.SkipDir
				}
				w.Excluded = append(w.Excluded, rel)
				return nil
			}
			switch {
			case d.IsDir():
				if skipDir(p, filepath.Join(resolvedRoot, rel)) {
					return fs.SkipDir
				}
				if isSlackExport(p) {
					slackDirs[p] = true
					add(p, rel, slackExportSize(p))
					return fs.SkipDir
				}
				return nil
			case d.Type()&fs.ModeSymlink != 0:
				target, err := os.Stat(p)
				switch {
				case err != nil:
					reject(rel, "broken symlink: %v", err)
				case target.IsDir():
					// A --state dataset's OUT is such a link.
					if resolved, err := filepath.EvalSymlinks(p); err == nil && skipDir(p, resolved) {
						return nil
					}
					reject(rel, "symlinked folder not followed (it could loop); give it as an input of its own")
				case target.Mode().IsRegular():
					add(p, rel, target.Size())
				default:
					reject(rel, "not a regular file")
				}
			case d.Type().IsRegular():
				info, err := d.Info()
				if err != nil {
					reject(rel, "cannot read: %v", err)
					return nil
				}
				add(p, rel, info.Size())
			default:
				reject(rel, "not a regular file")
			}
			return nil
		})
		if err != nil {
			return Walked{}, err
		}
	}
	sort.SliceStable(w.Inputs, func(i, j int) bool {
		if w.Inputs[i].Rel != w.Inputs[j].Rel {
			return w.Inputs[i].Rel < w.Inputs[j].Rel
		}
		return w.Inputs[i].Path < w.Inputs[j].Path
	})
	w.Inputs, w.Duplicates = dropDuplicates(w.Inputs, func(p string) bool { return slackDirs[p] })
	sort.SliceStable(w.Rejects, func(i, j int) bool { return w.Rejects[i].Source.File < w.Rejects[j].Source.File })
	return w, nil
}

// skipSet holds folders as cleaned absolute paths, both as given and with
// their links resolved.
type skipSet map[string]bool

func newSkipSet(dirs []string) skipSet {
	s := skipSet{}
	for _, d := range dirs {
		if d == "" {
			continue
		}
		if abs, err := filepath.Abs(d); err == nil {
			s[abs] = true
		}
		if r, err := filepath.EvalSymlinks(d); err == nil {
			if abs, err := filepath.Abs(r); err == nil {
				s[abs] = true
			}
		}
	}
	return s
}

// has reports whether the folder found at p, whose path with links
// resolved is resolved, is in the set.
func (s skipSet) has(p, resolved string) bool {
	if len(s) == 0 {
		return false
	}
	for _, q := range []string{p, resolved} {
		if abs, err := filepath.Abs(q); err == nil && s[abs] {
			return true
		}
	}
	return false
}

// DatasetMetaDir is the state folder inside every generation of a dataset
// written with --state (pipeline/dataset): the mark of a dataset.
const DatasetMetaDir = "_jobminer"

// isJobminerOutput reports whether dir holds what jobminer writes: a
// one-off run's run.json beside its jobs.parquet (pipeline/output), a
// dataset generation's _jobminer/ folder, or a --state folder's lock
// beside its out file (pipeline/dataset).
func isJobminerOutput(dir string) bool {
	if fi, err := os.Stat(filepath.Join(dir, DatasetMetaDir)); err == nil && fi.IsDir() {
		return true
	}
	return hasFiles(dir, "run.json", "jobs.parquet") || IsStateFolder(dir)
}

// IsStateFolder reports whether dir is a --state folder: its lock beside
// its out file (pipeline/dataset).
func IsStateFolder(dir string) bool { return hasFiles(dir, "lock", "out") }

func hasFiles(dir string, names ...string) bool {
	for _, n := range names {
		if fi, err := os.Stat(filepath.Join(dir, n)); err != nil || !fi.Mode().IsRegular() {
			return false
		}
	}
	return true
}
