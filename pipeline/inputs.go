package pipeline

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"jobminer/pipeline/ingest"
	"jobminer/pipeline/output"
)

// DatasetMetaDir is the state folder inside every generation of a dataset
// (ingest.DatasetMetaDir, where the walk that skips datasets needs it).
const DatasetMetaDir = ingest.DatasetMetaDir

// RefuseDataset refuses a one-off run into out when out is a dataset
// written with --state, or its state folder: its single-file tables would
// land in the dataset's generation folder and corrupt it, or among the
// state's files.
func RefuseDataset(out string) error {
	if ingest.IsStateFolder(out) {
		return fmt.Errorf("%s is the state folder of a dataset written with --state (it has lock and out); a one-off run would write its tables into it: give another --out, or add --state %s with the dataset's folder as --out", out, out)
	}
	fi, err := os.Stat(filepath.Join(out, DatasetMetaDir))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("output %s: %w", out, err)
	}
	if !fi.IsDir() {
		return nil
	}
	return fmt.Errorf("%s is a dataset written with --state (it has %s/); a one-off run would write its tables into it: give a new --out, or add --state with the dataset's state folder", out, DatasetMetaDir)
}

// CheckWalked refuses a walk that found no file to read: an empty,
// missing or unmounted export folder would otherwise replace the results
// in out with empty tables. allowEmpty (--allow-empty) lets it pass.
func CheckWalked(roots []string, w ingest.Walked, out string, allowEmpty bool) error {
	if len(w.Inputs) > 0 || allowEmpty {
		return nil
	}
	var left []string
	if n := len(w.Excluded); n > 0 {
		left = append(left, fmt.Sprintf("%d excluded", n))
	}
	if n := len(w.Rejects); n > 0 {
		left = append(left, fmt.Sprintf("%d unreadable", n))
	}
	if n := len(w.Skipped); n > 0 {
		left = append(left, fmt.Sprintf("%d jobminer output folders skipped", n))
	}
	detail := ""
	if len(left) > 0 {
		detail = " (" + strings.Join(left, ", ") + ")"
	}
	return fmt.Errorf("no input files in %s%s; %s is unchanged: check the path (an empty or unmounted export folder?), or pass --allow-empty to write empty tables",
		strings.Join(roots, ", "), detail, out)
}

// LogWalked tells what a walk left out, at info level.
func LogWalked(log *slog.Logger, w ingest.Walked) {
	for _, dir := range w.Skipped {
		log.Info("folder skipped: it is this run's output or state, or holds a jobminer output", "path", dir)
	}
	if len(w.Excluded) > 0 {
		log.Info("files excluded by --exclude", "count", len(w.Excluded), "files", w.Excluded)
	}
	for _, d := range w.Duplicates {
		log.Warn("input not read: it holds the same content as another input, which is read", "path", d.Path, "same_as", d.SameAs)
	}
}

// manifestDuplicates lists the duplicates a walk left out for run.json.
func manifestDuplicates(ds []ingest.Duplicate) []output.Duplicate {
	var out []output.Duplicate
	for _, d := range ds {
		out = append(out, output.Duplicate{Path: d.Path, SameAs: d.SameAs})
	}
	return out
}
