package pipeline

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"jobminer/pipeline/output"
)

// spill holds the mentions of a run on disk until the job ids are known:
// clustering merges job keys across the whole input, so a mention's job id
// is only final after the last document. Mentions are written in input order
// with their raw job key and replayed once with the key replaced by the id.
// Memory stays bounded: one buffer in, a few row groups out.
//
// The spill is read back once, right away, by this process, so it is a flat
// record stream (mentionCodec) rather than Parquet: writing and reading a
// Parquet spill cost about as much as tagging the sentences. Every
// spillBatch rows it notes the byte offset, so that the replay can start
// reading at any row group.
type spill struct {
	path  string
	f     *os.File
	w     *bufio.Writer
	enc   mentionCodec
	rows  int64
	size  int64   // bytes written
	marks []int64 // marks[i]: offset of row i*spillBatch
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
			s.marks = append(s.marks, s.size)
		}
		rec := s.enc.append(s.enc.buf[:0], &rows[i])
		if _, err := s.w.Write(rec); err != nil {
			return err
		}
		s.size += int64(len(rec))
		s.rows++
	}
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
	s    *spill
	ids  map[string]string
	r    *bufio.Reader
	dec  mentionCodec
	buf  []output.MentionRow
	jobs map[string]*string // job id -> a pointer to it, shared by its rows
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
		g.r = bufio.NewReaderSize(sec, 256<<10)
		g.buf = make([]output.MentionRow, 0, spillBatch)
		g.jobs = map[string]*string{}
	} else {
		g.r.Reset(sec)
	}
	var skip output.MentionRow
	for row := mark * spillBatch; row < from; row++ {
		if err := g.dec.read(g.r, &skip); err != nil {
			return fmt.Errorf("mention spill: row %d: %w", row, err)
		}
	}
	for row := from; row < to; {
		stop := min((row/spillBatch+1)*spillBatch, to)
		buf := g.buf[:stop-row]
		for i := range buf {
			m := &buf[i]
			if err := g.dec.read(g.r, m); err != nil {
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

func (s *spill) remove() {
	s.f.Close()
	os.Remove(s.path)
}

// mentionCodec writes a MentionRow as a length-prefixed record of its
// fields in declaration order: strings and optional strings as uvarint
// length and bytes (an absent optional as 0, a present one as length+1),
// integers as varints, floats as their IEEE bits, the time as Unix
// seconds and nanoseconds (any year round-trips). TestMentionCodecRoundTrip holds every field.
type mentionCodec struct {
	buf  []byte
	rec  []byte
	strs map[string]*string // see intern
}

func (c *mentionCodec) append(b []byte, m *output.MentionRow) []byte {
	body := c.rec[:0]
	for _, s := range []string{m.MentionID, m.DocID, m.Speaker, m.Role, m.Language, m.Force, m.Term, m.Matched, m.Sentence} {
		body = appendString(body, s)
	}
	body = binary.AppendVarint(body, int64(m.UtteranceIndex))
	neg := byte(0)
	if m.Negated {
		neg = 1
	}
	body = append(body, neg)
	body = binary.LittleEndian.AppendUint64(body, math.Float64bits(m.Intensity))
	body = appendOptional(body, m.JobID)
	if m.CreatedAt == nil {
		body = append(body, 0)
	} else {
		body = append(body, 1)
		body = binary.AppendVarint(body, m.CreatedAt.Unix())
		body = binary.AppendUvarint(body, uint64(m.CreatedAt.Nanosecond()))
	}
	body = binary.LittleEndian.AppendUint64(body, math.Float64bits(m.Weight))
	body = binary.AppendVarint(body, int64(m.MatchStart))
	body = binary.AppendVarint(body, int64(m.MatchEnd))
	body = appendString(body, m.Source)
	body = binary.AppendVarint(body, m.Line)
	body = appendString(body, m.Context)
	body = appendOptional(body, m.SubForce)
	body = appendOptional(body, m.Phase)
	c.rec = body
	b = binary.AppendUvarint(b, uint64(len(body)))
	c.buf = append(b, body...)
	return c.buf
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

func appendOptional(b []byte, s *string) []byte {
	if s == nil {
		return append(b, 0)
	}
	return append(binary.AppendUvarint(b, uint64(len(*s))+1), *s...)
}

// read decodes the next record of r into m, all of whose fields it sets.
// The record's strings share one allocation; the optional strings other
// than the job key, which repeat a few values, are shared between records.
func (c *mentionCodec) read(r *bufio.Reader, m *output.MentionRow) error {
	size, err := binary.ReadUvarint(r)
	if err != nil {
		return err
	}
	if size > 1<<30 {
		return errors.New("record too large")
	}
	if uint64(cap(c.rec)) < size {
		c.rec = make([]byte, size)
	}
	c.rec = c.rec[:size]
	if _, err := io.ReadFull(r, c.rec); err != nil {
		return err
	}
	d := decoder{b: c.rec, s: string(c.rec)}
	for _, s := range []*string{&m.MentionID, &m.DocID, &m.Speaker, &m.Role, &m.Language, &m.Force, &m.Term, &m.Matched, &m.Sentence} {
		*s = d.string()
	}
	m.UtteranceIndex = int32(d.varint())
	m.Negated = d.byte() == 1
	m.Intensity = math.Float64frombits(d.uint64())
	m.JobID = nil
	if s, ok := d.optional(); ok {
		m.JobID = &s
	}
	m.CreatedAt = nil
	if d.byte() == 1 {
		sec := d.varint()
		t := time.Unix(sec, int64(d.uvarint())).UTC()
		m.CreatedAt = &t
	}
	m.Weight = math.Float64frombits(d.uint64())
	m.MatchStart = int32(d.varint())
	m.MatchEnd = int32(d.varint())
	m.Source = d.string()
	m.Line = d.varint()
	m.Context = d.string()
	m.SubForce = c.intern(d.optional())
	m.Phase = c.intern(d.optional())
	if d.err != nil || len(d.b) != 0 {
		return errors.New("corrupt record")
	}
	return nil
}

// intern returns a pointer to s shared by every record with s (nil when
// !ok); the set of values is the lexicon's sub-forces and phases.
func (c *mentionCodec) intern(s string, ok bool) *string {
	if !ok {
		return nil
	}
	p := c.strs[s]
	if p == nil {
		if c.strs == nil {
			c.strs = map[string]*string{}
		}
		p = &s
		c.strs[s] = p
	}
	return p
}

// decoder reads fields from one record, b, whose bytes s holds as a
// string for the string fields to share; the first error sticks.
type decoder struct {
	b   []byte
	s   string
	err error
}

func (d *decoder) fail() { d.err, d.b, d.s = errors.New("short record"), nil, "" }

func (d *decoder) skip(n int) { d.b, d.s = d.b[n:], d.s[n:] }

func (d *decoder) byte() byte {
	if len(d.b) < 1 {
		d.fail()
		return 0
	}
	v := d.b[0]
	d.skip(1)
	return v
}

func (d *decoder) uint64() uint64 {
	if len(d.b) < 8 {
		d.fail()
		return 0
	}
	v := binary.LittleEndian.Uint64(d.b)
	d.skip(8)
	return v
}

func (d *decoder) varint() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.skip(n)
	return v
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.skip(n)
	return v
}

func (d *decoder) bytes(n uint64) string {
	if uint64(len(d.b)) < n {
		d.fail()
		return ""
	}
	s := d.s[:n]
	d.skip(int(n))
	return s
}

func (d *decoder) string() string { return d.bytes(d.uvarint()) }

func (d *decoder) optional() (string, bool) {
	n := d.uvarint()
	if n == 0 {
		return "", false
	}
	return d.bytes(n - 1), d.err == nil
}
