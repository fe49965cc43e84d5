package ingest

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"jobminer/pipeline/record"
)

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
func Walk(roots []string) ([]Input, []record.Reject, error) {
	var inputs []Input
	var rejects []record.Reject
	seen := make(map[string]bool)
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
		inputs = append(inputs, Input{Path: path, Rel: clean(rel), Size: size})
	}
	reject := func(rel string, format string, args ...any) {
		rejects = append(rejects, record.Reject{Source: record.Source{File: clean(rel)}, Reason: clean(fmt.Sprintf(format, args...))})
	}

	for _, root := range roots {
		info, err := os.Stat(root) // follows a symlinked root: the user named it
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil, fmt.Errorf("input %s: no such file or folder", root)
		}
		if err != nil {
			reject(filepath.ToSlash(root), "cannot read: %v", err)
			continue
		}
		if info.IsDir() && isSlackExport(root) {
			add(root, filepath.Base(root), slackExportSize(root))
			continue
		}
		if !info.IsDir() {
			if !info.Mode().IsRegular() {
				reject(filepath.Base(root), "not a regular file")
				continue
			}
			add(root, filepath.Base(root), info.Size())
			continue
		}
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			rel, _ := filepath.Rel(root, path)
			rel = filepath.ToSlash(rel)
			if err != nil {
				reject(rel, "cannot read: %v", err)
				if d != nil && d.IsDir() && path != root {
					return fs.SkipDir
				}
				return nil
			}
			if path == root {
				return nil
			}
			if strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			switch {
			case d.IsDir():
				if isSlackExport(path) {
					add(path, rel, slackExportSize(path))
					return fs.SkipDir
				}
				return nil
			case d.Type()&fs.ModeSymlink != 0:
				target, err := os.Stat(path)
				switch {
				case err != nil:
					reject(rel, "broken symlink: %v", err)
				case target.IsDir():
					reject(rel, "symlinked folder not followed (it could loop); give it as an input of its own")
				case target.Mode().IsRegular():
					add(path, rel, target.Size())
				default:
					reject(rel, "not a regular file")
				}
			case d.Type().IsRegular():
				info, err := d.Info()
				if err != nil {
					reject(rel, "cannot read: %v", err)
					return nil
				}
				add(path, rel, info.Size())
			default:
				reject(rel, "not a regular file")
			}
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	sort.SliceStable(inputs, func(i, j int) bool {
		if inputs[i].Rel != inputs[j].Rel {
			return inputs[i].Rel < inputs[j].Rel
		}
		return inputs[i].Path < inputs[j].Path
	})
	sort.SliceStable(rejects, func(i, j int) bool { return rejects[i].Source.File < rejects[j].Source.File })
	return inputs, rejects, nil
}
