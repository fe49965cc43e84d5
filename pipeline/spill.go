package pipeline

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/klauspost/compress/s2"

	"jobminer/pipeline/output"
	"jobminer/pipeline/spillcodec"
)

// spill holds the mentions of a run on disk until the job ids are known:
// clustering merges job keys across the whole input, so a mention's job id
// is only final after the last document. Mentions are written in input order
// with their raw job key and replayed once with the key replaced by the id.
// Memory stays bounded: one buffer in, a few row groups out.
//
// The spill is read back once, right away, by this process, so it is a flat
// record stream (spillcodec) rather than Parquet: writing and reading a
// Parquet spill cost about as much as tagging the sentences. Each
// spillBatch rows are one block, compressed with S2 (mostly quotes and
// ids: a third to a quarter of the bytes; past a gigabyte of input the
// spill's disk traffic grew faster than the input), and the byte
// offset of every block is noted, so that the replay can start reading at
// any row group.
type spill struct {
	path  string
	f     *os.File
	w     *bufio.Writer
	enc   spillcodec.Encoder
	block []byte // the records of the block being written
	comp  []byte // scratch for its compressed form
	rows  int64
	size  int64   // bytes written
	marks []int64 // marks[i]: offset of the block of rows i*spillBatch...
}

const spillBatch = 4096

func newSpill(dir string) (*spill, error) {
	p := filepath.Join(dir, "mentions.spill")
	f, err := os.Create(p)
	if err != nil {
		return nil, err
	}
	return &spill{path: p, f: f, w: bufio.NewWriterSize(f, 1<<20)}, nil
}

func (s *spill) write(rows []output.MentionRow) error {
	for i := range rows {
		if s.rows%spillBatch == 0 {
			if err := s.flushBlock(); err != nil {
				return err
			}
			s.marks = append(s.marks, s.size)
		}
		s.enc.Reset()
		s.enc.PutMention(&rows[i])
		s.block = s.enc.AppendRecord(s.block)
		s.rows++
	}
	return nil
}

// flushBlock writes the block being filled, if any: its compressed length
// as a uvarint, then the S2 block.
func (s *spill) flushBlock() error {
	if len(s.block) == 0 {
		return nil
	}
	s.comp = s2.Encode(s.comp[:cap(s.comp)], s.block)
	var head [binary.MaxVarintLen64]byte
	n := binary.PutUvarint(head[:], uint64(len(s.comp)))
	if _, err := s.w.Write(head[:n]); err != nil {
		return err
	}
	if _, err := s.w.Write(s.comp); err != nil {
		return err
	}
	s.size += int64(n + len(s.comp))
	s.block = s.block[:0]
	return nil
}

// replay sends the spill's rows, with job keys mapped to job ids, to the
// row groups of groupRows rows that encode makes, and the row groups in
// order to commit. It returns the number of rows. Row groups are decoded
// and encoded on up to GOMAXPROCS goroutines at once, each from its own
// place in the spill: replay is the run's last step, when the other cores
// are idle. At most one more row group than that is held at once.
//
// Each row group gets its rows in batches that start at multiples of
// spillBatch (or at its first row), the batches the writer would get from
// one sequential pass: the writer cuts pages at offsets counted from the
// start of each batch, so the file's bytes depend on them.
func replay[G any](s *spill, ids map[string]string, groupRows int,
	encode func(fill func(write func([]output.MentionRow) error) error) (G, error), commit func(G) error) (int64, error) {
	if err := s.flushBlock(); err != nil {
		return 0, err
	}
	if err := s.w.Flush(); err != nil {
		return 0, err
	}
	if groupRows <= 0 {
		return 0, fmt.Errorf("mention spill: %d rows per row group", groupRows)
	}
	groups := int((s.rows + int64(groupRows) - 1) / int64(groupRows))
	procs := max(1, min(groups, runtime.GOMAXPROCS(0)))
	type result struct {
		g   G
		err error
	}
	done := make([]chan result, groups)
	for i := range done {
		done[i] = make(chan result, 1)
	}
	tokens := make(chan struct{}, procs+1) // row groups being encoded or waiting for commit
	stop := make(chan struct{})
	var next atomic.Int64
	var wg sync.WaitGroup
	for range procs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rd := &groupReader{s: s, ids: ids}
			for {
				select {
				case tokens <- struct{}{}:
				case <-stop:
					return
				}
				i := int(next.Add(1) - 1)
				if i >= groups {
					return
				}
				from := int64(i) * int64(groupRows)
				to := min(from+int64(groupRows), s.rows)
				g, err := encode(func(write func([]output.MentionRow) error) error {
					return rd.read(from, to, write)
				})
				done[i] <- result{g, err}
			}
		}()
	}
	var n int64
	var err error
	for i := 0; i < groups && err == nil; i++ {
		r := <-done[i]
		if err = r.err; err == nil {
			err = commit(r.g)
		}
		n = min(int64(i+1)*int64(groupRows), s.rows)
		<-tokens
	}
	close(stop)
	wg.Wait()
	if err != nil {
		return n, err
	}
	return n, nil
}

// groupReader decodes rows of the spill for one goroutine of replay,
// reusing its buffers from one row group to the next.
type groupReader struct {
	s      *spill
	ids    map[string]string
	blocks *blockReader
	r      *bufio.Reader
	rec    []byte // the record being read
	strs   spillcodec.Interner
	buf    []output.MentionRow
	jobs   map[string]*string // job id -> a pointer to it, shared by its rows
}

// read decodes rows [from, to) and passes them to write in batches that
// end at multiples of spillBatch.
func (g *groupReader) read(from, to int64, write func([]output.MentionRow) error) error {
	s := g.s
	mark := from / spillBatch
	end := s.size
	if m := (to + spillBatch - 1) / spillBatch; m < int64(len(s.marks)) {
		end = s.marks[m]
	}
	sec := io.NewSectionReader(s.f, s.marks[mark], end-s.marks[mark])
	if g.r == nil {
		g.blocks = &blockReader{}
		g.r = bufio.NewReaderSize(g.blocks, 256<<10)
		g.buf = make([]output.MentionRow, 0, spillBatch)
		g.jobs = map[string]*string{}
	}
	g.blocks.reset(sec)
	g.r.Reset(g.blocks)
	var skip output.MentionRow
	for row := mark * spillBatch; row < from; row++ {
		if err := g.next(&skip); err != nil {
			return fmt.Errorf("mention spill: row %d: %w", row, err)
		}
	}
	for row := from; row < to; {
		stop := min((row/spillBatch+1)*spillBatch, to)
		buf := g.buf[:stop-row]
		for i := range buf {
			m := &buf[i]
			if err := g.next(m); err != nil {
				return fmt.Errorf("mention spill: row %d: %w", row+int64(i), err)
			}
			if m.JobID != nil {
				m.JobID = g.jobID(*m.JobID)
			}
		}
		if err := write(buf); err != nil {
			return err
		}
		row = stop
	}
	if to == s.rows {
		if _, err := g.r.ReadByte(); err != io.EOF {
			return errors.New("mention spill: more rows than were written")
		}
	}
	return nil
}

// next decodes the next row into m. Its strings share one allocation: the
// row's fields are written to Parquet together.
func (g *groupReader) next(m *output.MentionRow) error {
	var err error
	if g.rec, err = spillcodec.ReadRecord(g.r, g.rec); err != nil {
		return err
	}
	d := spillcodec.NewSharedDecoder(g.rec)
	d.ReadMention(m, &g.strs)
	return d.Done()
}

// jobID is the job id of key, nil when key has none.
func (g *groupReader) jobID(key string) *string {
	id := g.ids[key]
	if id == "" {
		return nil
	}
	p := g.jobs[id]
	if p == nil {
		p = &id
		g.jobs[id] = p
	}
	return p
}

// blockReader reads the records of consecutive spill blocks: it
// decompresses one block at a time.
type blockReader struct {
	src   *bufio.Reader
	comp  []byte
	plain []byte
	off   int // read so far of plain
}

func (b *blockReader) reset(r io.Reader) {
	if b.src == nil {
		b.src = bufio.NewReaderSize(r, 256<<10)
	} else {
		b.src.Reset(r)
	}
	b.plain, b.off = b.plain[:0], 0
}

func (b *blockReader) Read(p []byte) (int, error) {
	for b.off == len(b.plain) {
		n, err := binary.ReadUvarint(b.src)
		if err != nil {
			return 0, err // io.EOF between blocks: the end
		}
		if n > 1<<30 {
			return 0, fmt.Errorf("mention spill: block of %d bytes: corrupt", n)
		}
		if uint64(cap(b.comp)) < n {
			b.comp = make([]byte, n)
		}
		b.comp = b.comp[:n]
		if _, err := io.ReadFull(b.src, b.comp); err != nil {
			return 0, fmt.Errorf("mention spill: %w", err)
		}
		if b.plain, err = s2.Decode(b.plain[:cap(b.plain)], b.comp); err != nil {
			return 0, fmt.Errorf("mention spill: %w", err)
		}
		b.off = 0
	}
	n := copy(p, b.plain[b.off:])
	b.off += n
	return n, nil
}

func (s *spill) remove() {
	s.f.Close()
	os.Remove(s.path)
}
