package dataset

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"jobminer/pipeline/jobs"
	"jobminer/pipeline/output"
	"jobminer/pipeline/spillcodec"
)

// A huge record (pipeline.FlushRows mention rows or more) does not go to the
// record spill whole: its worker writes its rows, FlushRows at a time, and
// its sidecar entry, in pieces, as chunks to a file of its own (an overflow
// file), and the record in the spill only says where they are. Its rows
// then take memory for one chunk at a time, as in a one-off run, and what
// stays is a mention id and job key per row with a job, for job_keys.

// chunkSide is how many bytes of a huge record's sidecar entry a chunk
// takes at most before job_keys goes on in the next one.
const chunkSide = 1 << 20

// spillHuge is false only in tests: huge records then take the way of the
// others, which is what the chunked way must write byte for byte.
var spillHuge = true

// overflow is one worker's overflow file. Only its worker writes it, while
// analyse runs; build reads it after.
type overflow struct {
	path string
	f    *os.File
	w    *bufio.Writer
	pos  int64
	enc  spillcodec.Encoder
	rec  []byte
}

func newOverflow(path string) (*overflow, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	return &overflow{path: path, f: f, w: bufio.NewWriterSize(f, 1<<20)}, nil
}

// put writes one chunk: rows and the next bytes of the sidecar entry.
func (o *overflow) put(ms []output.MentionRow, side []byte) error {
	o.enc.Reset()
	putRowsSide(&o.enc, ms, side)
	o.rec = o.enc.AppendRecord(o.rec[:0])
	n, err := o.w.Write(o.rec)
	o.pos += int64(n)
	return err
}

func (o *overflow) remove() {
	o.f.Close()
	os.Remove(o.path)
}

// extent is where a huge record's chunks are: n records from off in the
// overflow file of worker w.
type extent struct {
	w   int
	off int64
	n   int
}

// chunk is one decoded chunk; its slices are reused.
type chunk struct {
	mentions []output.MentionRow
	side     []byte
	strs     spillcodec.Interner
}

func (c *chunk) decode(body []byte) error {
	d := spillcodec.NewDecoder(body)
	var err error
	if c.mentions, c.side, err = readRowsSide(&d, len(body), c.mentions, c.side, &c.strs); err != nil {
		return err
	}
	return d.Done()
}

// readChunks calls fn with each chunk of x, in order.
func readChunks(o *overflow, x extent, c *chunk, fn func(*chunk) error) error {
	rd := bufio.NewReaderSize(io.NewSectionReader(o.f, x.off, o.pos-x.off), 1<<20)
	var body []byte
	for i := range x.n {
		var err error
		if body, err = spillcodec.ReadRecord(rd, body); err != nil {
			return fmt.Errorf("%s: chunk %d at %d: %w", o.path, i, x.off, err)
		}
		if err := c.decode(body); err != nil {
			return fmt.Errorf("%s: chunk %d at %d: %w", o.path, i, x.off, err)
		}
		if err := fn(c); err != nil {
			return err
		}
	}
	return nil
}

// sideStream encodes a SideDoc in pieces, with the bytes jsonEncoder gives
// for the whole: the head and occurrences as they come, and job_keys (a
// JSON object, so sorted by mention id) at the end.
type sideStream struct {
	se    *jsonEncoder
	buf   []byte
	occs  int
	keys  []jobKey
	nkeys int // job_keys entries written
}

type jobKey struct{ mention, key string }

func (s *sideStream) start(docID, record string) error {
	s.buf, s.occs, s.keys = s.buf[:0], 0, s.keys[:0]
	s.buf = append(s.buf, `{"doc_id":`...)
	if err := s.str(docID); err != nil {
		return err
	}
	s.buf = append(s.buf, `,"record":`...)
	if err := s.str(record); err != nil {
		return err
	}
	s.buf = append(s.buf, `,"occurrences":`...)
	return nil
}

func (s *sideStream) str(v string) error {
	b, err := s.se.enc(v)
	s.buf = append(s.buf, b...)
	return err
}

func (s *sideStream) occ(oc *jobs.Occurrence) error {
	if s.occs == 0 {
		s.buf = append(s.buf, '[')
	} else {
		s.buf = append(s.buf, ',')
	}
	s.occs++
	b, err := s.se.enc(oc)
	s.buf = append(s.buf, b...)
	return err
}

// rows notes the job keys of rows.
func (s *sideStream) rows(ms []output.MentionRow) {
	for i := range ms {
		if ms[i].JobID != nil {
			s.keys = append(s.keys, jobKey{ms[i].MentionID, *ms[i].JobID})
		}
	}
}

// take returns the bytes so far, valid until the next call.
func (s *sideStream) take() []byte {
	b := s.buf
	s.buf = s.buf[:0]
	return b
}

// end writes the rest, after the last occurrence and rows, passing the
// bytes to put when there are chunkSide of them and, last, once more.
func (s *sideStream) end(mentions int, put func([]byte) error) error {
	s.mid(mentions, false, false)
	slices.SortStableFunc(s.keys, func(a, b jobKey) int { return strings.Compare(a.mention, b.mention) })
	for i, k := range s.keys {
		if i+1 < len(s.keys) && s.keys[i+1].mention == k.mention {
			continue // as in the map: the last one (ids are unique anyway)
		}
		if err := s.key(k.mention, k.key); err != nil {
			return err
		}
		if len(s.buf) >= chunkSide {
			if err := put(s.take()); err != nil {
				return err
			}
		}
	}
	s.close(false)
	s.keys = nil // a huge record's; the next one may be small
	return put(s.take())
}

// mid writes what follows the occurrences, up to job_keys' entries: none
// are "null" unless empty (a decoded []), and nullKeys says job_keys is
// null.
func (s *sideStream) mid(mentions int, empty, nullKeys bool) {
	switch {
	case s.occs > 0:
		s.buf = append(s.buf, ']')
	case empty:
		s.buf = append(s.buf, "[]"...)
	default:
		s.buf = append(s.buf, "null"...)
	}
	s.buf = append(s.buf, `,"mentions":`...)
	s.buf = strconv.AppendInt(s.buf, int64(mentions), 10)
	s.buf = append(s.buf, `,"job_keys":`...)
	if nullKeys {
		s.buf = append(s.buf, "null"...)
	} else {
		s.buf = append(s.buf, '{')
	}
	s.nkeys = 0
}

// key writes the next job_keys entry; they must come sorted.
func (s *sideStream) key(mention, key string) error {
	if s.nkeys > 0 {
		s.buf = append(s.buf, ',')
	}
	s.nkeys++
	if err := s.str(mention); err != nil {
		return err
	}
	s.buf = append(s.buf, ':')
	return s.str(key)
}

// close ends job_keys and the entry.
func (s *sideStream) close(nullKeys bool) {
	if !nullKeys {
		s.buf = append(s.buf, '}')
	}
	s.buf = append(s.buf, '}')
}
