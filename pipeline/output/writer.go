package output

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"os"
	"path/filepath"
	"sync"

	"github.com/parquet-go/parquet-go"
)

// DefaultRowGroupRows is the row group size used when Options.RowGroupRows is 0.
const DefaultRowGroupRows = 64 * 1024

// tmpPrefix names the per-run temporary directory inside the output dir.
const tmpPrefix = ".jobminer-tmp-"

// Options configures a Writer.
type Options struct {
	// RowGroupRows caps the rows per row group, and so the rows a table
	// buffers in memory; 0 means DefaultRowGroupRows.
	RowGroupRows int64
	// CreatedBy is written to every file's footer, e.g. "jobminer version
	// 1.2.0". Pinned so output bytes do not change when parquet-go is
	// bumped; "" means "jobminer".
	CreatedBy string
}

// Writer writes one run's output. Tables are written into a temporary
// directory inside the output directory; Commit moves each file into place
// with a rename, so readers never see a half-written file and a failed or
// aborted run leaves the previous output untouched.
//
// The Write methods may be called many times (streaming); each table buffers
// at most one row group. Different tables may be written from different
// goroutines; calls for one table are serialised.
type Writer struct {
	dir, tmp string

	documents *table[DocumentRow]
	mentions  *table[MentionRow]
	jobs      *table[JobRow]
	rejects   *table[RejectRow]
	outcomes  *table[OutcomeRow]

	mu   sync.Mutex
	done bool // committed or aborted
}

// Create makes dir if needed and a fresh temporary directory
// dir/.jobminer-tmp-XXXX, and opens the table files in it. The files
// always exist after Commit, with the table's schema even when no rows were
// written.
func Create(dir string, opts Options) (*Writer, error) {
	if opts.RowGroupRows <= 0 {
		opts.RowGroupRows = DefaultRowGroupRows
	}
	if opts.CreatedBy == "" {
		opts.CreatedBy = "jobminer"
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	tmp, err := os.MkdirTemp(dir, tmpPrefix)
	if err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	w := &Writer{dir: dir, tmp: tmp}
	common := []parquet.WriterOption{
		&parquet.WriterConfig{CreatedBy: opts.CreatedBy},
		parquet.MaxRowsPerRowGroup(opts.RowGroupRows),
		parquet.Compression(codec),
		parquet.PageBufferSize(256 * 1024),
	}
	bloom := func(cols ...string) parquet.WriterOption {
		f := make([]parquet.BloomFilterColumn, len(cols))
		for i, c := range cols {
			f[i] = parquet.SplitBlockFilter(10, c)
		}
		return parquet.BloomFilters(f...)
	}
	if w.documents, err = openTable[DocumentRow](tmp, DocumentsFile, opts.RowGroupRows, append(common, bloom("doc_id"))); err == nil {
		if w.mentions, err = openTable[MentionRow](tmp, MentionsFile, opts.RowGroupRows, append(common, bloom("doc_id", "job_id"))); err == nil {
			if w.jobs, err = openTable[JobRow](tmp, JobsFile, opts.RowGroupRows, append(common, bloom("job_id"))); err == nil {
				if w.rejects, err = openTable[RejectRow](tmp, RejectsFile, opts.RowGroupRows, common); err == nil {
					w.outcomes, err = openTable[OutcomeRow](tmp, OutcomesFile, opts.RowGroupRows, append(common, bloom("job_id")))
				}
			}
		}
	}
	if err != nil {
		w.closeFiles()
		os.RemoveAll(tmp)
		return nil, fmt.Errorf("output: %w", err)
	}
	return w, nil
}

// TempDir returns the run's temporary directory, for spill files the pipeline
// needs during the run. It is removed by Commit and Abort.
func (w *Writer) TempDir() string { return w.tmp }

// WriteDocuments appends rows to documents.parquet.
func (w *Writer) WriteDocuments(rows []DocumentRow) error { return w.documents.write(rows) }

// WriteMentions appends rows to mentions.parquet.
func (w *Writer) WriteMentions(rows []MentionRow) error { return w.mentions.write(rows) }

// WriteJobs appends rows to jobs.parquet.
func (w *Writer) WriteJobs(rows []JobRow) error { return w.jobs.write(rows) }

// WriteRejects appends rows to rejects.parquet.
func (w *Writer) WriteRejects(rows []RejectRow) error { return w.rejects.write(rows) }

// WriteOutcomes appends rows to outcomes.parquet.
func (w *Writer) WriteOutcomes(rows []OutcomeRow) error { return w.outcomes.write(rows) }

// Commit finishes the tables, writes run.json (with Counts, Rejects,
// Outputs and, if unset, DurationMS filled in from what was written), fsyncs
// everything and renames the files into the output directory, run.json last,
// then removes the temporary directory. Each file is replaced atomically; a
// crash between renames can leave a mix of old and new tables, which the
// run_id in run.json does not cover. On error the temporary directory is
// removed and files already renamed stay in place.
func (w *Writer) Commit(m Manifest) (err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return errors.New("output: writer already committed or aborted")
	}
	w.done = true
	defer func() {
		if rmErr := os.RemoveAll(w.tmp); err == nil && rmErr != nil {
			err = fmt.Errorf("output: %w", rmErr)
		}
	}()

	// The tables finish at once: each flushes its last row group and waits
	// for its fsync.
	closers := w.closers()
	outs := make([]Output, len(closers))
	errs := make([]error, len(closers))
	var wg sync.WaitGroup
	for i, c := range closers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			outs[i], errs[i] = c.finish()
		}()
	}
	wg.Wait()
	for i, c := range closers {
		if errs[i] != nil {
			w.closeFiles()
			return fmt.Errorf("output: %s: %w", c.fileName(), errs[i])
		}
	}
	m.Outputs = outs
	m.Counts = Counts{
		Documents: w.documents.rows,
		Mentions:  w.mentions.rows,
		Jobs:      w.jobs.rows,
		Rejects:   w.rejects.rows,
		Outcomes:  w.outcomes.rows,
	}
	m.Rejects = m.Counts.Rejects
	if m.DurationMS == 0 && !m.StartedAt.IsZero() && !m.FinishedAt.IsZero() {
		m.DurationMS = m.FinishedAt.Sub(m.StartedAt).Milliseconds()
	}
	b, err := m.encode()
	if err != nil {
		return fmt.Errorf("output: run.json: %w", err)
	}
	if err := WriteFileSync(filepath.Join(w.tmp, ManifestFile), b); err != nil {
		return fmt.Errorf("output: %w", err)
	}

	for _, name := range []string{DocumentsFile, MentionsFile, JobsFile, RejectsFile, OutcomesFile, ManifestFile} {
		if err := os.Rename(filepath.Join(w.tmp, name), filepath.Join(w.dir, name)); err != nil {
			return fmt.Errorf("output: %w", err)
		}
	}
	if err := SyncDir(w.dir); err != nil {
		return fmt.Errorf("output: %w", err)
	}
	return nil
}

// Abort discards the run: it closes the files and removes the temporary
// directory, leaving the previous output untouched. Abort after Commit or
// Abort is a no-op, so it is safe to defer.
func (w *Writer) Abort() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return nil
	}
	w.done = true
	w.closeFiles()
	if err := os.RemoveAll(w.tmp); err != nil {
		return fmt.Errorf("output: %w", err)
	}
	return nil
}

type finisher interface {
	finish() (Output, error)
	fileName() string
}

func (w *Writer) closers() []finisher {
	return []finisher{w.documents, w.mentions, w.jobs, w.rejects, w.outcomes}
}

// closeFiles closes any still-open table file without writing a footer.
func (w *Writer) closeFiles() {
	w.documents.abandon()
	w.mentions.abandon()
	w.jobs.abandon()
	w.rejects.abandon()
	w.outcomes.abandon()
}

// table is one Parquet file being written.
type table[T any] struct {
	mu   sync.Mutex
	name string
	path string
	f    *os.File
	out  *hashingWriter // f, as w writes to it
	w    *parquet.GenericWriter[T]
	// opts and maxRows are w's settings, for row groups encoded on their
	// own (group.go).
	opts    []parquet.WriterOption
	maxRows int64
	freeMu  sync.Mutex
	free    []*groupEncoder[T]
	rows    int64
	err     error // first write error; the file is unusable after it
}

func openTable[T any](dir, name string, maxRows int64, opts []parquet.WriterOption) (*table[T], error) {
	path := filepath.Join(dir, name)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, err
	}
	out := &hashingWriter{f: f, h: sha256.New()}
	return &table[T]{name: name, path: path, f: f, out: out, w: parquet.NewGenericWriter[T](out, opts...), opts: opts, maxRows: maxRows}, nil
}

// hashingWriter writes to f and counts and hashes what it wrote, so that
// Commit need not read the files back to describe them in run.json.
type hashingWriter struct {
	f *os.File
	h hash.Hash
	n int64
}

func (w *hashingWriter) Write(p []byte) (int, error) {
	n, err := w.f.Write(p)
	w.h.Write(p[:n])
	w.n += int64(n)
	return n, err
}

func (t *table[T]) fileName() string { return t.name }

func (t *table[T]) write(rows []T) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.f == nil {
		return fmt.Errorf("output: %s: write after Commit or Abort", t.name)
	}
	if t.err != nil {
		return t.err
	}
	n, err := t.w.Write(rows)
	t.rows += int64(n)
	if err != nil {
		t.err = fmt.Errorf("output: %s: %w", t.name, err)
		return t.err
	}
	return nil
}

// finish writes the footer, fsyncs and closes the file, and describes it.
func (t *table[T]) finish() (Output, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.err != nil {
		return Output{}, t.err
	}
	if err := t.w.Close(); err != nil {
		return Output{}, err
	}
	if err := t.f.Sync(); err != nil {
		return Output{}, err
	}
	err := t.f.Close()
	t.f = nil
	if err != nil {
		return Output{}, err
	}
	return Output{File: t.name, Rows: t.rows, Size: t.out.n, SHA256: hex.EncodeToString(t.out.h.Sum(nil))}, nil
}

// abandon closes the file if it is open; nil-safe for Create's error path.
func (t *table[T]) abandon() {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.f != nil {
		t.f.Close()
		t.f = nil
	}
}

// WriteFileSync writes b to path (created or truncated) and syncs it to disk
// before it returns, so a rename that follows publishes complete bytes.
func WriteFileSync(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// SyncDir makes the renames into dir durable.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
