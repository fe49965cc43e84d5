package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/parquet-go/parquet-go"

	"jobminer/pipeline/output"
)

// Dataset is where a report reads from: either one run's output folder
// (documents.parquet, mentions.parquet, jobs.parquet, rejects.parquet,
// run.json) or an incremental dataset whose tables are folders of Hive
// partitions (mentions/run_date=2026-11-01/part-0.parquet) with one manifest
// per run in runs/*.json. Both layouts may be mixed: each table is the file
// NAME.parquet if present plus every *.parquet under the folder NAME/.
type Dataset struct {
	Dir       string
	Manifests []output.Manifest // run.json and runs/*.json, in file-name order
	// Redactions[i] is the "redaction" object of Manifests[i], nil when the
	// run did not record one. Read from the JSON, not the Manifest type, so
	// manifests written before and after redaction existed both read.
	Redactions []*Redaction
	Documents  []Part
	Mentions   []Part
	Jobs       []Part
	Rejects    []Part
}

// Redaction is what a run recorded about personal data it removed.
type Redaction struct {
	Enabled       bool             `json:"enabled"`
	Pseudonymised bool             `json:"pseudonymised"`
	Counts        map[string]int64 `json:"counts"`
}

// Part is one Parquet file of a table, with the Hive partition values
// (key=value folder names) on its path, e.g. {"run_date": "2026-11-01"}.
type Part struct {
	Path       string
	Partitions map[string]string
}

// Open finds the tables and manifests under dir. It fails when dir holds no
// jobs table, because then it is not a jobminer output.
func Open(dir string) (*Dataset, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%s: not a folder (want a run's output folder or a dataset)", dir)
	}
	d := &Dataset{Dir: dir}
	tables := []struct {
		file string
		dst  *[]Part
	}{
		{output.DocumentsFile, &d.Documents},
		{output.MentionsFile, &d.Mentions},
		{output.JobsFile, &d.Jobs},
		{output.RejectsFile, &d.Rejects},
	}
	for _, t := range tables {
		parts, err := findParts(dir, t.file)
		if err != nil {
			return nil, err
		}
		*t.dst = parts
	}
	if len(d.Jobs) == 0 {
		return nil, fmt.Errorf("%s: no %s and no jobs/ folder: not a jobminer output folder or dataset", dir, output.JobsFile)
	}
	var manifests []string
	if _, err := os.Stat(filepath.Join(dir, output.ManifestFile)); err == nil {
		manifests = append(manifests, filepath.Join(dir, output.ManifestFile))
	}
	runs, _ := filepath.Glob(filepath.Join(dir, "runs", "*.json"))
	sort.Strings(runs)
	manifests = append(manifests, runs...)
	for _, p := range manifests {
		m, err := output.ReadManifest(p)
		if err != nil {
			return nil, err
		}
		d.Manifests = append(d.Manifests, m)
		var extra struct {
			Redaction *Redaction `json:"redaction"`
		}
		if b, err := os.ReadFile(p); err == nil {
			_ = json.Unmarshal(b, &extra) // ReadManifest has parsed it already
		}
		d.Redactions = append(d.Redactions, extra.Redaction)
	}
	return d, nil
}

// findParts returns dir/file (when it exists) and every .parquet file under
// dir/<file without extension>/, sorted by path so reading order, and so
// every sum, is the same on every machine.
func findParts(dir, file string) ([]Part, error) {
	var parts []Part
	if st, err := os.Stat(filepath.Join(dir, file)); err == nil && !st.IsDir() {
		parts = append(parts, Part{Path: filepath.Join(dir, file)})
	}
	root := filepath.Join(dir, strings.TrimSuffix(file, ".parquet"))
	if st, err := os.Stat(root); err != nil || !st.IsDir() {
		return parts, nil
	}
	var found []Part
	err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := e.Name()
		if p != root && strings.HasPrefix(name, ".") {
			if e.IsDir() {
				return filepath.SkipDir // writers' temporary folders
			}
			return nil
		}
		if e.IsDir() || !strings.HasSuffix(name, ".parquet") {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		part := Part{Path: p}
		for _, seg := range strings.Split(filepath.ToSlash(filepath.Dir(rel)), "/") {
			if k, v, ok := strings.Cut(seg, "="); ok && k != "" {
				if part.Partitions == nil {
					part.Partitions = map[string]string{}
				}
				part.Partitions[k] = v
			}
		}
		found = append(found, part)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(found, func(i, j int) bool { return found[i].Path < found[j].Path })
	return append(parts, found...), nil
}

// eachRow streams the rows of one Parquet file to fn in batches, so a table
// of any size is read in bounded memory. Rows are converted to T by column
// name, so files with columns added later still read.
func eachRow[T any](path string, fn func(*T) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	r := parquet.NewGenericReader[T](pf)
	defer r.Close()
	buf := make([]T, 1024)
	for {
		n, err := r.Read(buf)
		for i := range n {
			if ferr := fn(&buf[i]); ferr != nil {
				return ferr
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if n == 0 {
			return nil
		}
	}
}
