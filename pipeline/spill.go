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
	"time"

	"jobminer/pipeline/output"
)

// spill holds the mentions of a run on disk until the job ids are known:
// clustering merges job keys across the whole input, so a mention's job id
// is only final after the last document. Mentions are written in input order
// with their raw job key and replayed once with the key replaced by the id.
// Memory stays bounded: one buffer in, one batch out.
//
// The spill is read back once, right away, by this process, so it is a flat
// record stream (mentionCodec) rather than Parquet: writing and reading a
// Parquet spill cost about as much as tagging the sentences.
type spill struct {
	path string
	f    *os.File
	w    *bufio.Writer
	enc  mentionCodec
	rows int64
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
		if _, err := s.w.Write(s.enc.append(s.enc.buf[:0], &rows[i])); err != nil {
			return err
		}
	}
	s.rows += int64(len(rows))
	return nil
}

// replay sends the spill's rows, in order and with job keys mapped to job
// ids, to write. It returns the number of rows. Decoding runs on its own
// goroutine, a batch ahead of write: replay is the run's last step, when
// the other cores are idle.
func (s *spill) replay(ids map[string]string, write func([]output.MentionRow) error) (int64, error) {
	if err := s.w.Flush(); err != nil {
		return 0, err
	}
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return 0, err
	}
	batches := make(chan []output.MentionRow, 1)
	free := make(chan []output.MentionRow, 2)
	stop := make(chan struct{})
	var decErr error
	go func() {
		defer close(batches)
		decErr = s.decode(ids, batches, free, stop)
	}()
	var n int64
	var err error
	for b := range batches {
		if err == nil {
			if err = write(b); err != nil {
				close(stop) // the decoder stops at its next batch
			}
			n += int64(len(b))
		}
		select {
		case free <- b[:0]:
		default:
		}
	}
	if err != nil {
		return n, err
	}
	if decErr != nil {
		return n, decErr
	}
	return n, nil
}

// decode reads the spill's rows into batches of spillBatch rows, taking
// buffers from free when there are any, until all rows are read or stop
// closes.
func (s *spill) decode(ids map[string]string, batches chan<- []output.MentionRow, free <-chan []output.MentionRow, stop <-chan struct{}) error {
	r := bufio.NewReaderSize(s.f, 1<<20)
	var dec mentionCodec
	var read int64
	for read < s.rows {
		var buf []output.MentionRow
		select {
		case buf = <-free:
		default:
			buf = make([]output.MentionRow, 0, spillBatch)
		}
		for len(buf) < spillBatch && read < s.rows {
			var m output.MentionRow
			if err := dec.read(r, &m); err != nil {
				return fmt.Errorf("mention spill: row %d: %w", read, err)
			}
			if m.JobID != nil {
				m.JobID = output.String(ids[*m.JobID])
			}
			buf = append(buf, m)
			read++
		}
		select {
		case batches <- buf:
		case <-stop:
			return nil
		}
	}
	if _, err := r.ReadByte(); err != io.EOF {
		return errors.New("mention spill: more rows than were written")
	}
	return nil
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
	buf []byte
	rec []byte
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

// read decodes the next record of r into m.
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
	d := decoder{b: c.rec}
	for _, s := range []*string{&m.MentionID, &m.DocID, &m.Speaker, &m.Role, &m.Language, &m.Force, &m.Term, &m.Matched, &m.Sentence} {
		*s = d.string()
	}
	m.UtteranceIndex = int32(d.varint())
	m.Negated = d.byte() == 1
	m.Intensity = math.Float64frombits(d.uint64())
	m.JobID = d.optional()
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
	m.SubForce = d.optional()
	m.Phase = d.optional()
	if d.err != nil || len(d.b) != 0 {
		return errors.New("corrupt record")
	}
	return nil
}

// decoder reads fields from one record; the first error sticks.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) fail() { d.err, d.b = errors.New("short record"), nil }

func (d *decoder) byte() byte {
	if len(d.b) < 1 {
		d.fail()
		return 0
	}
	v := d.b[0]
	d.b = d.b[1:]
	return v
}

func (d *decoder) uint64() uint64 {
	if len(d.b) < 8 {
		d.fail()
		return 0
	}
	v := binary.LittleEndian.Uint64(d.b)
	d.b = d.b[8:]
	return v
}

func (d *decoder) varint() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) bytes(n uint64) string {
	if uint64(len(d.b)) < n {
		d.fail()
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *decoder) string() string { return d.bytes(d.uvarint()) }

func (d *decoder) optional() *string {
	n := d.uvarint()
	if n == 0 {
		return nil
	}
	s := d.bytes(n - 1)
	return &s
}
