package dataset

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"jobminer/pipeline/jobs"
)

// A huge record's sidecar entry is hundreds of MB of JSON (its occurrences
// and a job key per mention), so a later run reads an entry whole only when
// it is small, as it was written, and a big one in pieces: its memory then
// does not grow with one record.

// bigSideDoc is about how many bytes of JSON make an entry big (a decoder
// may have read further ahead; 0: all are), and sideWindow the reader's
// first window; vars for the tests.
var bigSideDoc, sideWindow = 4 << 20, 256 << 10

// sideVisitor takes a sidecar's documents, in order. A small entry comes
// whole to doc. A big one comes in the order of the file (jobminer writes
// SideDoc's fields in order, and job_keys sorted): head, each occurrence,
// keys once the job_keys value starts (or is absent), each job key, end.
// A nil func skips its piece; with head nil every entry comes whole.
type sideVisitor struct {
	doc  func(d *SideDoc) error
	head func(e *bigEntry) error
	occ  func(e *bigEntry, oc *jobs.Occurrence) error
	keys func(e *bigEntry) error
	key  func(e *bigEntry, mention, key string) error
	end  func(e *bigEntry) error
}

// bigEntry is what has been read of a big entry; null says a field was
// null or absent, as a nil slice or map of SideDoc.
type bigEntry struct {
	DocID, Record string
	Occs          int // occurrences so far
	OccNull       bool
	Mentions      int
	KeysNull      bool
}

// sideFields are SideDoc's fields in the order jobminer writes them.
var sideFields = []string{"doc_id", "record", "occurrences", "mentions", "job_keys"}

// sideReader reads a sidecar file with a window that holds the entry being
// skipped (up to bigSideDoc bytes) or the value being read.
type sideReader struct {
	path     string
	f        io.Reader
	buf      []byte
	pos, end int   // next byte, end of the data in buf
	mark     int   // bytes from mark on stay in buf when it is refilled; -1 none
	stop     int64 // Read hands out no byte at or past this file offset
	off      int64 // file offset of buf[0]
	entry    bigEntry
	raw      bytes.Reader
	dec      *json.Decoder // reads raw
}

// readSide calls v for every document of part's sidecar in gen, in order.
func readSide(gen string, part Part, v *sideVisitor) error {
	path := sidecarPath(gen, part)
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := &sideReader{path: path, f: f, buf: make([]byte, sideWindow), mark: -1, stop: math.MaxInt64}
	return r.sidecar(v)
}

func (r *sideReader) errf(format string, a ...any) error {
	return fmt.Errorf("%s: byte %d: "+format, append([]any{r.path, r.off + int64(r.pos)}, a...)...)
}

// sidecar reads {"docs":[doc,...]}, skipping other fields.
func (r *sideReader) sidecar(v *sideVisitor) error {
	return r.object(func(name string) error {
		if name != "docs" {
			_, err := r.value()
			return err
		}
		if err := r.expect('['); err != nil {
			return err
		}
		return r.docs(v)
	})
}

// errBig stops a decoder at a big entry.
var errBig = errors.New("big sidecar entry")

// docs reads the documents after the array's '[', up to its ']'. A
// json.Decoder takes them whole, as fast as ever, reading from r (Read),
// which keeps the bytes from the start of the one being decoded and stops
// the decoder once it takes more than bigSideDoc of them: r then reads that
// one in pieces, and a new decoder goes on after it.
func (r *sideReader) docs(v *sideVisitor) error {
	limit := int64(bigSideDoc)
	switch {
	case v.head == nil:
		limit = math.MaxInt64
	case limit <= 0: // every entry in pieces
		return r.items(']', func() error { return r.big(v) })
	}
docs:
	for {
		base := r.off + int64(r.pos) - 1 // file offset of the decoder's '['
		dec := json.NewDecoder(io.MultiReader(strings.NewReader("["), r))
		r.mark = r.pos // keep what it takes
		if _, err := dec.Token(); err != nil {
			return err
		}
		for dec.More() {
			at := base + dec.InputOffset() // at the entry or the ',' before it
			r.mark, r.stop = int(at-r.off), at+min(limit, math.MaxInt64-at)
			var d SideDoc
			err := dec.Decode(&d)
			r.stop = math.MaxInt64
			if errors.Is(err, errBig) {
				r.pos, r.mark = r.mark, -1 // the window kept it all
				if err := r.bigDoc(v); err != nil {
					return err
				}
				c, err := r.peek()
				if err != nil {
					return err
				}
				r.pos++
				if c == ']' {
					return nil
				}
				if c != ',' {
					return r.errf("want ',' or ']' after a document, got %q", c)
				}
				continue docs
			}
			if err != nil {
				return fmt.Errorf("%s: document at byte %d: %w", r.path, at, err)
			}
			if err := v.doc(&d); err != nil {
				return err
			}
		}
		if t, err := dec.Token(); err != nil || t != json.Delim(']') {
			return errors.Join(err, r.errf("want ']', got %v", t))
		}
		r.pos, r.mark = int(base+dec.InputOffset()-r.off), -1 // after the ']'
		return nil
	}
}

// Read hands a decoder the file's bytes through the window, up to stop.
func (r *sideReader) Read(p []byte) (int, error) {
	if r.pos == r.end {
		if err := r.fill(); errors.Is(err, io.ErrUnexpectedEOF) {
			return 0, io.EOF
		} else if err != nil {
			return 0, err
		}
	}
	at := r.off + int64(r.pos)
	if at >= r.stop {
		return 0, errBig
	}
	n := copy(p, r.buf[r.pos:min(int64(r.end), int64(r.pos)+r.stop-at)])
	r.pos += n
	return n, nil
}

// bigDoc reads an entry a decoder stopped at, after its ',' if any.
func (r *sideReader) bigDoc(v *sideVisitor) error {
	if c, err := r.peek(); err != nil {
		return err
	} else if c == ',' {
		r.pos++
	}
	return r.big(v)
}

// big reads a big entry in pieces.
func (r *sideReader) big(v *sideVisitor) error {
	e := &r.entry
	*e = bigEntry{OccNull: true, KeysNull: true}
	stage := -1
	call := func(fn func(*bigEntry) error) error {
		if fn == nil {
			return nil
		}
		return fn(e)
	}
	// upTo makes the calls due before field i: head before the
	// occurrences, keys before job_keys' entries.
	upTo := func(i int) error {
		for s := stage + 1; s <= i; s++ {
			var err error
			switch s {
			case 2:
				err = call(v.head)
			case 4:
				err = call(v.keys)
			}
			if err != nil {
				return err
			}
		}
		stage = max(stage, i)
		return nil
	}
	err := r.object(func(name string) error {
		i := -1
		for j, f := range sideFields {
			if f == name {
				i = j
			}
		}
		if i < 0 {
			_, err := r.value()
			return err
		}
		if i <= stage {
			return r.errf("sidecar entry field %q out of the order jobminer writes", name)
		}
		if i < 4 {
			if err := upTo(i); err != nil {
				return err
			}
		}
		switch i {
		case 0:
			return r.decode(&e.DocID)
		case 1:
			return r.decode(&e.Record)
		case 2:
			return r.occs(e, v)
		case 3:
			return r.decode(&e.Mentions)
		}
		return r.jobKeys(e, v, upTo)
	})
	if err != nil {
		return err
	}
	if err := upTo(4); err != nil {
		return err
	}
	return call(v.end)
}

func (r *sideReader) occs(e *bigEntry, v *sideVisitor) error {
	if ok, err := r.null(); ok || err != nil {
		return err
	}
	e.OccNull = false
	return r.array(func() error {
		var oc jobs.Occurrence
		if err := r.decode(&oc); err != nil {
			return err
		}
		e.Occs++
		if v.occ == nil {
			return nil
		}
		return v.occ(e, &oc)
	})
}

func (r *sideReader) jobKeys(e *bigEntry, v *sideVisitor, upTo func(int) error) error {
	if err := upTo(3); err != nil {
		return err
	}
	null, err := r.null()
	if err != nil {
		return err
	}
	e.KeysNull = null
	if err := upTo(4); err != nil || null {
		return err
	}
	prev, first := "", true
	return r.object(func(m string) error {
		if !first && m <= prev {
			return r.errf("job_keys not sorted at %q", m)
		}
		prev, first = m, false
		var k string
		if err := r.decode(&k); err != nil {
			return err
		}
		if v.key == nil {
			return nil
		}
		return v.key(e, m, k)
	})
}

// null reads a null if one is next.
func (r *sideReader) null() (bool, error) {
	c, err := r.peek()
	if err != nil || c != 'n' {
		return false, err
	}
	raw, err := r.value()
	if err == nil && string(raw) != "null" {
		err = r.errf("invalid value %.20q", raw)
	}
	return true, err
}

// decode reads the next value into p as json.Unmarshal does.
func (r *sideReader) decode(p any) error {
	raw, err := r.value()
	if err != nil {
		return err
	}
	if s, ok := p.(*string); ok && plainString(raw) {
		*s = string(raw[1 : len(raw)-1])
		return nil
	}
	if err := r.unmarshal(raw, p); err != nil {
		return r.errf("%w", err)
	}
	return nil
}

// unmarshal is json.Unmarshal(raw, p) with one decoder for the file, whose
// state is reused (Unmarshal allocates its own each call).
func (r *sideReader) unmarshal(raw []byte, p any) error {
	if r.dec == nil {
		r.dec = json.NewDecoder(&r.raw)
	}
	r.raw.Reset(raw)
	err := r.dec.Decode(p)
	if err == nil && r.dec.More() {
		err = errors.New("more than one value") // skip ends a value where Unmarshal does
	}
	if err != nil {
		r.dec = nil // it keeps its error
	}
	return err
}

// plainString says raw is a JSON string that is its own text: ASCII
// without escapes or control characters.
func plainString(raw []byte) bool {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return false
	}
	for _, c := range raw[1 : len(raw)-1] {
		if c < 0x20 || c == '\\' || c == '"' || c >= 0x80 {
			return false
		}
	}
	return true
}

// object reads {"name":value,...}, calling fn after each name's colon.
func (r *sideReader) object(fn func(name string) error) error {
	if err := r.expect('{'); err != nil {
		return err
	}
	return r.items('}', func() error {
		if c, err := r.peek(); err != nil {
			return err
		} else if c != '"' {
			return r.errf("want a field name, got %q", c)
		}
		var name string
		if err := r.decode(&name); err != nil {
			return err
		}
		if err := r.expect(':'); err != nil {
			return err
		}
		return fn(name)
	})
}

// array reads [value,...], calling fn for each value.
func (r *sideReader) array(fn func() error) error {
	if err := r.expect('['); err != nil {
		return err
	}
	return r.items(']', fn)
}

// items reads fn's items separated by commas up to close.
func (r *sideReader) items(close byte, fn func() error) error {
	if c, err := r.peek(); err != nil {
		return err
	} else if c == close {
		r.pos++
		return nil
	}
	for {
		if err := fn(); err != nil {
			return err
		}
		c, err := r.peek()
		if err != nil {
			return err
		}
		r.pos++
		switch c {
		case ',':
		case close:
			return nil
		default:
			return r.errf("want ',' or %q, got %q", close, c)
		}
	}
}

func (r *sideReader) expect(want byte) error {
	c, err := r.peek()
	if err != nil {
		return err
	}
	if c != want {
		return r.errf("want %q, got %q", want, c)
	}
	r.pos++
	return nil
}

// peek returns the next byte after white space.
func (r *sideReader) peek() (byte, error) {
	for {
		if r.pos == r.end {
			if err := r.fill(); err != nil {
				return 0, err
			}
		}
		switch c := r.buf[r.pos]; c {
		case ' ', '\t', '\n', '\r':
			r.pos++
		default:
			return c, nil
		}
	}
}

// value returns the next value's bytes, valid until the next read.
func (r *sideReader) value() ([]byte, error) {
	if _, err := r.peek(); err != nil {
		return nil, err
	}
	r.mark = r.pos
	err := r.skip()
	raw := r.buf[r.mark:r.pos]
	r.mark = -1
	return raw, err
}

// skip moves past the value at pos (no white space before it), checking
// only its brackets and strings: json's decoder checks the rest.
func (r *sideReader) skip() error {
	depth, str, esc, scalar := 0, false, false, false
	for {
		if r.pos == r.end {
			if err := r.fill(); err != nil {
				return err
			}
		}
		buf := r.buf[:r.end]
		for i := r.pos; i < len(buf); i++ {
			c := buf[i]
			switch {
			case str:
				switch {
				case esc:
					esc = false
				case c == '\\':
					esc = true
				case c == '"':
					str = false
					if depth == 0 {
						r.pos = i + 1
						return nil
					}
				}
			case c == '"':
				// Most strings end in the window without escapes: jump.
				if q := bytes.IndexByte(buf[i+1:], '"'); q >= 0 && bytes.IndexByte(buf[i+1:i+1+q], '\\') < 0 {
					if i += q + 1; depth == 0 {
						r.pos = i + 1
						return nil
					}
					continue
				}
				str = true
			case c == '{' || c == '[':
				depth++
			case c == '}' || c == ']':
				if depth == 0 && !scalar {
					r.pos = i
					return r.errf("unexpected %q", c)
				}
				if depth == 0 {
					r.pos = i // the scalar's end
					return nil
				}
				if depth--; depth == 0 {
					r.pos = i + 1
					return nil
				}
			case depth > 0:
			case c == ',' || c == ':' || c == ' ' || c == '\t' || c == '\n' || c == '\r':
				if scalar {
					r.pos = i
					return nil
				}
			default:
				scalar = true // a number or literal, up to the byte that ends it
			}
		}
		r.pos = r.end
	}
}

// fill reads more after end, dropping what is before mark (or pos).
func (r *sideReader) fill() error {
	keep := r.pos
	if r.mark >= 0 {
		keep = r.mark
	}
	n := copy(r.buf, r.buf[keep:r.end])
	r.off += int64(keep)
	r.pos -= keep
	if r.mark >= 0 {
		r.mark -= keep
	}
	r.end = n
	if r.end == len(r.buf) {
		r.buf = append(r.buf, make([]byte, len(r.buf))...)
	}
	for {
		m, err := r.f.Read(r.buf[r.end:])
		r.end += m
		if m > 0 {
			return nil
		}
		if err == io.EOF {
			return r.errf("%w", io.ErrUnexpectedEOF)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", r.path, err)
		}
	}
}
