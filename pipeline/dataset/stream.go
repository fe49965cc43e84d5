package dataset

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"strconv"

	"jobminer/pipeline/output"
)

// writeBatch is how many rows a table buffers before it writes them. It must
// be a multiple of 64: parquet-go cuts every Write into chunks of 64 rows and
// checks the page size between chunks, so writing in such batches gives the
// bytes one Write of all the rows gives (TestBatchedWritesSameBytes).
var writeBatch = 4096

// rowBuf batches the rows of one table.
type rowBuf[T any] struct {
	buf   []T
	write func([]T) error
}

func (r *rowBuf[T]) add(v T) error {
	r.buf = append(r.buf, v)
	if len(r.buf) >= writeBatch {
		return r.flush()
	}
	return nil
}

func (r *rowBuf[T]) flush() error {
	if len(r.buf) == 0 {
		return nil
	}
	err := r.write(r.buf)
	clear(r.buf) // drop references for the collector
	r.buf = r.buf[:0]
	return err
}

// stream is one output.Writer in a scratch folder of the generation, fed
// row by row: the tables of a part are written as they are produced.
type stream struct {
	b       *builder
	dir     string
	w       *output.Writer
	docs    rowBuf[output.DocumentRow]
	ments   rowBuf[output.MentionRow]
	rejects rowBuf[output.RejectRow]
}

func (b *builder) open() (*stream, error) {
	b.scratch++
	dir := filepath.Join(b.tmp, "_scratch", strconv.Itoa(b.scratch))
	w, err := output.Create(dir, output.Options{CreatedBy: b.createdBy})
	if err != nil {
		return nil, err
	}
	s := &stream{b: b, dir: dir, w: w}
	s.docs.write, s.ments.write, s.rejects.write = w.WriteDocuments, w.WriteMentions, w.WriteRejects
	return s, nil
}

// commit finishes the tables (fsynced by Commit) and moves the wanted files
// into place; dst names where each goes ("" = not wanted).
func (s *stream) commit(docsTo, mentionsTo, jobsTo, rejectsTo, outcomesTo string) error {
	if err := errors.Join(s.docs.flush(), s.ments.flush(), s.rejects.flush()); err != nil {
		s.w.Abort()
		return err
	}
	crash("write")
	if err := s.w.Commit(output.Manifest{}); err != nil {
		return err
	}
	for _, mv := range [][2]string{{output.DocumentsFile, docsTo}, {output.MentionsFile, mentionsTo}, {output.JobsFile, jobsTo}, {output.RejectsFile, rejectsTo}, {output.OutcomesFile, outcomesTo}} {
		if mv[1] == "" {
			continue
		}
		dst := filepath.Join(s.b.tmp, mv[1])
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := os.Rename(filepath.Join(s.dir, mv[0]), dst); err != nil {
			return err
		}
	}
	return os.RemoveAll(s.dir)
}

func (s *stream) abort() { s.w.Abort() }

// fill opens a stream, lets write feed it and commits it (see commit), or
// aborts it if either fails.
func (b *builder) fill(write func(*stream) error, docsTo, mentionsTo, jobsTo, rejectsTo, outcomesTo string) (err error) {
	s, err := b.open()
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			s.abort()
		}
	}()
	if err := write(s); err != nil {
		return err
	}
	return s.commit(docsTo, mentionsTo, jobsTo, rejectsTo, outcomesTo)
}

// fileWriter writes one file of the generation through a buffer and fsyncs
// it on close, as output.WriteFileSync does for a whole one.
type fileWriter struct {
	f   *os.File
	w   *bufio.Writer
	err error
}

func (b *builder) create(rel string) (*fileWriter, error) {
	dst := filepath.Join(b.tmp, rel)
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(dst, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, err
	}
	return &fileWriter{f: f, w: bufio.NewWriterSize(f, 256<<10)}, nil
}

func (fw *fileWriter) write(p []byte) {
	if fw.err == nil {
		_, fw.err = fw.w.Write(p)
	}
}

func (fw *fileWriter) close() error {
	err := fw.err
	if err == nil {
		err = fw.w.Flush()
	}
	if err == nil {
		err = fw.f.Sync()
	}
	if cerr := fw.f.Close(); err == nil {
		err = cerr
	}
	return err
}
