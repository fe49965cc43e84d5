package dataset

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"time"

	"jobminer/pipeline/output"
)

// recSpill holds this run's analysed documents on disk until the job ids are
// known, as pipeline's mention spill does for a one-off run. Records are
// written in input order and read back in slot order (a record's first
// appearance in the run, which is the order of the part): the two differ
// only where a record appeared twice and the later version won, so reading
// is sequential but for those. Memory: one offset per document.
type recSpill struct {
	path string
	f    *os.File
	w    *bufio.Writer
	pos  int64
	at   []int64 // slot -> offset of its record; -1 = not written
}

func newRecSpill(path string, slots int) (*recSpill, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	at := make([]int64, slots)
	for i := range at {
		at[i] = -1
	}
	return &recSpill{path: path, f: f, w: bufio.NewWriterSize(f, 1<<20), at: at}, nil
}

// put writes the records of one batch: recs holds them back to back, each
// starting at offs[i] and belonging to slots[i].
func (s *recSpill) put(recs []byte, offs []int, slots []int32) error {
	for i, sl := range slots {
		if s.at[sl] >= 0 {
			return fmt.Errorf("record spill: slot %d written twice", sl)
		}
		s.at[sl] = s.pos + int64(offs[i])
	}
	n, err := s.w.Write(recs)
	s.pos += int64(n)
	return err
}

// each decodes the records in slot order. r and its slices are reused.
func (s *recSpill) each(fn func(slot int, r *spilled) error) error {
	if err := s.w.Flush(); err != nil {
		return err
	}
	rd := bufio.NewReaderSize(s.f, 1<<20)
	cur := int64(-1)
	var r spilled
	var body []byte
	for slot, off := range s.at {
		if off < 0 {
			return fmt.Errorf("record spill: slot %d was never analysed", slot)
		}
		if off != cur {
			if _, err := s.f.Seek(off, io.SeekStart); err != nil {
				return err
			}
			rd.Reset(s.f)
			cur = off
		}
		size, err := binary.ReadUvarint(rd)
		if err != nil {
			return fmt.Errorf("record spill: slot %d: %w", slot, err)
		}
		if uint64(cap(body)) < size {
			body = make([]byte, size)
		}
		body = body[:size]
		if _, err := io.ReadFull(rd, body); err != nil {
			return fmt.Errorf("record spill: slot %d: %w", slot, err)
		}
		cur += int64(uvarintLen(size)) + int64(size)
		if err := r.decode(body); err != nil {
			return fmt.Errorf("record spill: slot %d: %w", slot, err)
		}
		if err := fn(slot, &r); err != nil {
			return err
		}
	}
	return nil
}

func (s *recSpill) remove() {
	s.f.Close()
	os.Remove(s.path)
}

func uvarintLen(v uint64) int {
	var b [binary.MaxVarintLen64]byte
	return binary.PutUvarint(b[:], v)
}

// spilled is one analysed document: its row, its mention rows with the raw
// job key in JobID, its record key and its sidecar entry (JSON).
type spilled struct {
	key      string
	doc      output.DocumentRow
	mentions []output.MentionRow
	side     []byte
}

// appendRecord appends the length-prefixed record of one document to b;
// scratch is reused between calls.
func appendRecord(b []byte, scratch *enc, key string, d *output.DocumentRow, ms []output.MentionRow, side []byte) []byte {
	e := (*scratch)[:0]
	e.str(key)
	e.str(d.DocID)
	e.str(d.Source)
	e.str(d.RecordID)
	e.str(d.Channel)
	e.str(d.Format)
	e.str(d.Language)
	e.time(d.CreatedAt)
	e.int(int64(d.NUtterances))
	e.int(int64(d.NMentions))
	e.int(int64(len(ms)))
	for i := range ms {
		m := &ms[i]
		for _, s := range []string{m.MentionID, m.DocID, m.Speaker, m.Role, m.Language, m.Force, m.Term, m.Matched, m.Sentence} {
			e.str(s)
		}
		e.int(int64(m.UtteranceIndex))
		e.bool(m.Negated)
		e.float(m.Intensity)
		e.opt(m.JobID)
		e.time(m.CreatedAt)
		e.float(m.Weight)
		e.int(int64(m.MatchStart))
		e.int(int64(m.MatchEnd))
		e.str(m.Source)
		e.int(m.Line)
		e.str(m.Context)
		e.opt(m.SubForce)
		e.opt(m.Phase)
	}
	e.bytes(side)
	*scratch = e
	b = binary.AppendUvarint(b, uint64(len(e)))
	return append(b, e...)
}

func (r *spilled) decode(body []byte) error {
	d := dec{b: body}
	r.key = d.str()
	r.doc = output.DocumentRow{DocID: d.str(), Source: d.str(), RecordID: d.str(), Channel: d.str(), Format: d.str(), Language: d.str()}
	r.doc.CreatedAt = d.time()
	r.doc.NUtterances = int32(d.int())
	r.doc.NMentions = int32(d.int())
	n := d.int()
	if n < 0 || n > int64(len(body)) {
		return errors.New("corrupt record")
	}
	clear(r.mentions)
	r.mentions = r.mentions[:0]
	for range n {
		var m output.MentionRow
		for _, s := range []*string{&m.MentionID, &m.DocID, &m.Speaker, &m.Role, &m.Language, &m.Force, &m.Term, &m.Matched, &m.Sentence} {
			*s = d.str()
		}
		m.UtteranceIndex = int32(d.int())
		m.Negated = d.bool()
		m.Intensity = d.float()
		m.JobID = d.opt()
		m.CreatedAt = d.time()
		m.Weight = d.float()
		m.MatchStart = int32(d.int())
		m.MatchEnd = int32(d.int())
		m.Source = d.str()
		m.Line = d.int()
		m.Context = d.str()
		m.SubForce = d.opt()
		m.Phase = d.opt()
		r.mentions = append(r.mentions, m)
	}
	r.side = append(r.side[:0], d.str()...)
	if d.err != nil || len(d.b) != 0 {
		return errors.New("corrupt record")
	}
	return nil
}

// enc and dec are the record's field codec: strings as length and bytes,
// integers as varints, floats as their bits, optional values with a
// presence byte, times as Unix seconds and nanoseconds (exact for any year).
type enc []byte

func (e *enc) str(s string)   { *e = append(binary.AppendUvarint(*e, uint64(len(s))), s...) }
func (e *enc) bytes(b []byte) { *e = append(binary.AppendUvarint(*e, uint64(len(b))), b...) }
func (e *enc) int(v int64)    { *e = binary.AppendVarint(*e, v) }
func (e *enc) float(v float64) {
	*e = binary.LittleEndian.AppendUint64(*e, math.Float64bits(v))
}

func (e *enc) bool(v bool) {
	if v {
		*e = append(*e, 1)
	} else {
		*e = append(*e, 0)
	}
}

func (e *enc) opt(s *string) {
	e.bool(s != nil)
	if s != nil {
		e.str(*s)
	}
}

func (e *enc) time(t *time.Time) {
	e.bool(t != nil)
	if t != nil {
		e.int(t.Unix())
		e.int(int64(t.Nanosecond()))
	}
}

type dec struct {
	b   []byte
	err error
}

func (d *dec) fail() { d.err, d.b = errors.New("short record"), nil }

func (d *dec) int() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *dec) str() string {
	n, k := binary.Uvarint(d.b)
	if k <= 0 || uint64(len(d.b)-k) < n {
		d.fail()
		return ""
	}
	s := string(d.b[k : k+int(n)])
	d.b = d.b[k+int(n):]
	return s
}

func (d *dec) bool() bool {
	if len(d.b) < 1 {
		d.fail()
		return false
	}
	v := d.b[0] == 1
	d.b = d.b[1:]
	return v
}

func (d *dec) float() float64 {
	if len(d.b) < 8 {
		d.fail()
		return 0
	}
	v := binary.LittleEndian.Uint64(d.b)
	d.b = d.b[8:]
	return math.Float64frombits(v)
}

func (d *dec) opt() *string {
	if !d.bool() {
		return nil
	}
	s := d.str()
	return &s
}

func (d *dec) time() *time.Time {
	if !d.bool() {
		return nil
	}
	sec := d.int()
	t := time.Unix(sec, d.int()).UTC()
	return &t
}
