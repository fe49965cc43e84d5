// Package report turns a run's output folder (or an incremental dataset of
// Hive-partitioned tables) into one self-contained HTML file: an overview,
// the ranked jobs with their score components and a forces-of-progress
// picture, their evidence quotes, forces over time, and filters and search
// that work offline.
//
// The page holds no URL: its data is one JSON block (see Data and DataJSON),
// its styles and script are inline, and its pictures are SVG drawn by that
// script. Size is bounded by Options, not by the dataset: Build streams the
// mentions and keeps only the top jobs and their best quotes.
package report

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
)

// WriteFile builds the report of the dataset in dir and writes it to path
// through a temporary file and a rename, so a failed run leaves no half
// written report.
func WriteFile(dir, path, lang string, opts Options) (*Data, error) {
	if _, err := labelsFor(lang); err != nil {
		return nil, err
	}
	ds, err := Open(dir)
	if err != nil {
		return nil, err
	}
	data, err := Build(ds, opts)
	if err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".report-*.html")
	if err != nil {
		return nil, err
	}
	defer os.Remove(f.Name())
	w := bufio.NewWriterSize(f, 1<<16)
	if err := Render(w, data, lang); err != nil {
		f.Close()
		return nil, err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		return nil, err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	return data, nil
}
