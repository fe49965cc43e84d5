// Package spillcodec is the compact binary form in which a run spills rows
// to disk until their job ids are known: pipeline's mention spill (a one-off
// run) and dataset's record spill (a run with --state). A spill is read back
// by the process that wrote it and removed at the end of the run, so the
// format carries no version and may change with the code.
//
// A record is a uvarint length and a body of fields with no tags, read back
// in the order they were written: unsigned and signed integers as (zigzag)
// varints, floats as their IEEE bits (little-endian), booleans as a byte,
// strings and byte slices as a uvarint length and the bytes, an optional
// string as 0 when absent and length+1 and the bytes when present, an
// optional time as a presence byte, Unix seconds and nanoseconds (exact for
// any year).
package spillcodec

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"time"
)

// Encoder builds the body of one record; the zero Encoder is ready to use
// and Reset reuses its buffer for the next record.
type Encoder struct{ b []byte }

// Reset empties the body, keeping its buffer.
func (e *Encoder) Reset() { e.b = e.b[:0] }

// Body is the body written since Reset; it is valid until the next Put.
func (e *Encoder) Body() []byte { return e.b }

// AppendRecord appends the record, length and body, to dst.
func (e *Encoder) AppendRecord(dst []byte) []byte {
	return append(binary.AppendUvarint(dst, uint64(len(e.b))), e.b...)
}

func (e *Encoder) PutUvarint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *Encoder) PutVarint(v int64)   { e.b = binary.AppendVarint(e.b, v) }
func (e *Encoder) PutFloat64(v float64) {
	e.b = binary.LittleEndian.AppendUint64(e.b, math.Float64bits(v))
}
func (e *Encoder) PutString(s string) { e.b = append(binary.AppendUvarint(e.b, uint64(len(s))), s...) }
func (e *Encoder) PutBytes(b []byte)  { e.b = append(binary.AppendUvarint(e.b, uint64(len(b))), b...) }
func (e *Encoder) PutBool(v bool)     { e.b = append(e.b, b2u(v)) }
func (e *Encoder) PutOptString(s *string) {
	if s == nil {
		e.b = append(e.b, 0)
		return
	}
	e.b = append(binary.AppendUvarint(e.b, uint64(len(*s))+1), *s...)
}

func (e *Encoder) PutTime(t *time.Time) {
	e.PutBool(t != nil)
	if t != nil {
		e.PutVarint(t.Unix())
		e.PutUvarint(uint64(t.Nanosecond()))
	}
}

func b2u(v bool) byte {
	if v {
		return 1
	}
	return 0
}

// Decoder reads the fields of one record body. The first error sticks:
// every later read gives a zero value, and Done reports it.
type Decoder struct {
	b   []byte
	s   string // b as one string that the strings read share; "" if they are copied
	i   int    // next byte of b
	err error
}

// NewDecoder reads body, copying each string it reads out of body, which
// the caller may then reuse.
func NewDecoder(body []byte) Decoder { return Decoder{b: body} }

// NewSharedDecoder reads body, whose strings all share one copy of it: one
// allocation a record instead of one a string, which suits records whose
// strings are kept about as long as each other.
func NewSharedDecoder(body []byte) Decoder { return Decoder{b: body, s: string(body)} }

var errShort = errors.New("short record")

func (d *Decoder) fail() {
	if d.err == nil {
		d.err = errShort
	}
	d.b, d.s, d.i = nil, "", 0
}

// Done reports the first error, or that bytes of the body were left unread.
func (d *Decoder) Done() error {
	if d.err == nil && d.i != len(d.b) {
		return fmt.Errorf("corrupt record: %d bytes left over", len(d.b)-d.i)
	}
	return d.err
}

func (d *Decoder) ReadUvarint() uint64 {
	v, n := binary.Uvarint(d.b[d.i:])
	if n <= 0 {
		d.fail()
		return 0
	}
	d.i += n
	return v
}

func (d *Decoder) ReadVarint() int64 {
	v, n := binary.Varint(d.b[d.i:])
	if n <= 0 {
		d.fail()
		return 0
	}
	d.i += n
	return v
}

func (d *Decoder) ReadFloat64() float64 {
	if len(d.b)-d.i < 8 {
		d.fail()
		return 0
	}
	v := binary.LittleEndian.Uint64(d.b[d.i:])
	d.i += 8
	return math.Float64frombits(v)
}

// ReadBool reads a byte, true when it is 1.
func (d *Decoder) ReadBool() bool {
	if d.i >= len(d.b) {
		d.fail()
		return false
	}
	v := d.b[d.i]
	d.i++
	return v == 1
}

// next returns the offset of the next n bytes and skips them; ok false
// when the body is shorter.
func (d *Decoder) next(n uint64) (int, bool) {
	if uint64(len(d.b)-d.i) < n {
		d.fail()
		return 0, false
	}
	at := d.i
	d.i += int(n)
	return at, true
}

func (d *Decoder) str(n uint64) string {
	at, ok := d.next(n)
	if !ok {
		return ""
	}
	if d.s != "" {
		return d.s[at:d.i]
	}
	return string(d.b[at:d.i])
}

func (d *Decoder) ReadString() string { return d.str(d.ReadUvarint()) }

// ReadBytes reads a byte slice; it is part of the body, not a copy.
func (d *Decoder) ReadBytes() []byte {
	at, ok := d.next(d.ReadUvarint())
	if !ok {
		return nil
	}
	return d.b[at:d.i:d.i]
}

// ReadOptString reads an optional string, ok false when absent.
func (d *Decoder) ReadOptString() (s string, ok bool) {
	n := d.ReadUvarint()
	if n == 0 || d.err != nil {
		return "", false
	}
	s = d.str(n - 1)
	return s, d.err == nil
}

// readOptBytes reads an optional string as a part of the body.
func (d *Decoder) readOptBytes() ([]byte, bool) {
	n := d.ReadUvarint()
	if n == 0 || d.err != nil {
		return nil, false
	}
	at, ok := d.next(n - 1)
	return d.b[at:d.i:d.i], ok
}

// ReadTime reads an optional time, in UTC.
func (d *Decoder) ReadTime() *time.Time {
	if !d.ReadBool() {
		return nil
	}
	sec := d.ReadVarint()
	nsec := d.ReadUvarint()
	if d.err != nil {
		return nil
	}
	t := time.Unix(sec, int64(nsec)).UTC()
	return &t
}

// MaxRecord bounds the body ReadRecord accepts, against a corrupt length.
const MaxRecord = 1 << 30

// ReadRecord reads the next record of r into buf, grown as needed, and
// returns its body; io.EOF when r is at its end.
func ReadRecord(r *bufio.Reader, buf []byte) ([]byte, error) {
	size, err := binary.ReadUvarint(r)
	if err != nil {
		return buf, err
	}
	if size > MaxRecord {
		return buf, fmt.Errorf("record of %d bytes: corrupt", size)
	}
	if uint64(cap(buf)) < size {
		buf = make([]byte, size)
	}
	buf = buf[:size]
	if _, err := io.ReadFull(r, buf); err != nil {
		return buf, err
	}
	return buf, nil
}

// RecordLen is the size on disk of a record with a body of n bytes.
func RecordLen(n int) int {
	var b [binary.MaxVarintLen64]byte
	return binary.PutUvarint(b[:], uint64(n)) + n
}
