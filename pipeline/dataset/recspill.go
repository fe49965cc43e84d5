package dataset

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"

	"jobminer/pipeline/output"
	"jobminer/pipeline/spillcodec"
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
	at   []int64     // slot -> offset of its record; -1 = not written
	over []*overflow // per worker, nil until it has a huge record
	c    chunk
}

func newRecSpill(path string, slots, workers int) (*recSpill, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	at := make([]int64, slots)
	for i := range at {
		at[i] = -1
	}
	return &recSpill{path: path, f: f, w: bufio.NewWriterSize(f, 1<<20), at: at, over: make([]*overflow, workers)}, nil
}

// overflow returns worker w's overflow file, created on first use. Only
// worker w calls it.
func (s *recSpill) overflow(w int) (*overflow, error) {
	if s.over[w] == nil {
		o, err := newOverflow(fmt.Sprintf("%s.w%d", s.path, w))
		if err != nil {
			return nil, err
		}
		s.over[w] = o
	}
	return s.over[w], nil
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
	for _, o := range s.over {
		if o != nil {
			if err := o.w.Flush(); err != nil {
				return err
			}
		}
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
		var err error
		if body, err = spillcodec.ReadRecord(rd, body); err != nil {
			return fmt.Errorf("record spill: slot %d: %w", slot, err)
		}
		cur += int64(spillcodec.RecordLen(len(body)))
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
	for _, o := range s.over {
		if o != nil {
			o.remove()
		}
	}
}

// parts calls fn with r's mention rows and sidecar entry: once with all of
// them, or for a huge record once per chunk, in order. Their slices are
// valid until the next call.
func (s *recSpill) parts(r *spilled, fn func(ms []output.MentionRow, side []byte) error) error {
	if r.ext == nil {
		return fn(r.mentions, r.side)
	}
	x := *r.ext
	if x.w < 0 || x.w >= len(s.over) || s.over[x.w] == nil {
		return fmt.Errorf("record spill: record %s: no overflow file %d", r.key, x.w)
	}
	return readChunks(s.over[x.w], x, &s.c, func(c *chunk) error { return fn(c.mentions, c.side) })
}

// spilled is one analysed document: its row, its mention rows with the raw
// job key in JobID, its record key and its sidecar entry (JSON).
type spilled struct {
	key      string
	doc      output.DocumentRow
	mentions []output.MentionRow
	side     []byte
	strs     spillcodec.Interner // the mentions' sub-forces and phases
	ext      *extent             // a huge record: its rows and side are there
	x        extent
}

// appendRecord appends the record of one document to b; e is reused
// between calls. A huge record has its rows and side in x's chunks (and
// none in ms and side).
// putRowsSide encodes mention rows and sidecar bytes, the body shared by a
// spill record and an overflow chunk (hugerec.go).
func putRowsSide(e *spillcodec.Encoder, ms []output.MentionRow, side []byte) {
	e.PutUvarint(uint64(len(ms)))
	for i := range ms {
		e.PutMention(&ms[i])
	}
	e.PutBytes(side)
}

// readRowsSide decodes what putRowsSide wrote into ms and side (reused),
// from a record body of size bytes.
func readRowsSide(d *spillcodec.Decoder, size int, ms []output.MentionRow, side []byte, strs *spillcodec.Interner) ([]output.MentionRow, []byte, error) {
	n := d.ReadUvarint()
	if n > uint64(size) {
		return ms, side, errors.New("corrupt record")
	}
	clear(ms)
	ms = ms[:0]
	for range n {
		var m output.MentionRow
		d.ReadMention(&m, strs)
		ms = append(ms, m)
	}
	return ms, append(side[:0], d.ReadBytes()...), nil
}

func appendRecord(b []byte, e *spillcodec.Encoder, key string, d *output.DocumentRow, ms []output.MentionRow, side []byte, x *extent) []byte {
	e.Reset()
	e.PutString(key)
	for _, s := range [...]string{d.DocID, d.Source, d.RecordID, d.Channel, d.Format, d.Language} {
		e.PutString(s)
	}
	e.PutTime(d.CreatedAt)
	e.PutVarint(int64(d.NUtterances))
	e.PutVarint(int64(d.NMentions))
	putRowsSide(e, ms, side)
	if x == nil {
		e.PutUvarint(0)
	} else {
		e.PutUvarint(uint64(x.w) + 1)
		e.PutVarint(x.off)
		e.PutUvarint(uint64(x.n))
	}
	return e.AppendRecord(b)
}

// decode sets r to the record body. Each string is a copy of its own, not
// a part of one shared by the record: the document row, the mentions and
// the side entry are kept for different times.
func (r *spilled) decode(body []byte) error {
	d := spillcodec.NewDecoder(body)
	r.key = d.ReadString()
	r.doc = output.DocumentRow{DocID: d.ReadString(), Source: d.ReadString(), RecordID: d.ReadString(), Channel: d.ReadString(), Format: d.ReadString(), Language: d.ReadString()}
	r.doc.CreatedAt = d.ReadTime()
	r.doc.NUtterances = int32(d.ReadVarint())
	r.doc.NMentions = int32(d.ReadVarint())
	var err error
	if r.mentions, r.side, err = readRowsSide(&d, len(body), r.mentions, r.side, &r.strs); err != nil {
		return err
	}
	r.ext = nil
	if w := d.ReadUvarint(); w > 0 {
		r.x = extent{w: int(w - 1), off: d.ReadVarint(), n: int(d.ReadUvarint())}
		r.ext = &r.x
	}
	return d.Done()
}
