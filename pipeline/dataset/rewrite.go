package dataset

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/parquet-go/parquet-go"

	"jobminer/pipeline/jobs"
	"jobminer/pipeline/output"
)

// rewritePart writes part again with only its live documents and the
// current job ids.
func rewritePart(b *builder, cur string, part Part, live func(docID string) bool, ids map[string]string) error {
	return copyParts(b, cur, []Part{part}, part, live, ids)
}

// copyParts writes the parts from, in order, as the one part to: only the
// documents live keeps (nil = all), with job ids mapped through ids from
// their job keys (nil = as they are). It streams, so memory does not grow
// with the parts: each part's sidecar, documents file and mentions file are
// read side by side, as they were written in the same order (a part's
// documents, each one's mentions in a run, one sidecar entry each), the rows
// are checked to follow the sidecar, and they go to the new files in
// batches of writeBatch, which gives the bytes of one Write of them all.
func copyParts(b *builder, cur string, from []Part, to Part, live func(docID string) bool, ids map[string]string) error {
	return b.fill(func(s *stream) error {
		side, err := b.createSidecar(to)
		if err != nil {
			return err
		}
		se := newJSONEncoder()
		for _, part := range from {
			if err = copyPart(s, side, se, cur, part, live, ids); err != nil {
				break
			}
		}
		if cerr := side.close(); err == nil {
			err = cerr
		}
		return err
	}, tablePath(documentsDir, to), tablePath(mentionsDir, to), "", "", "")
}

// copyPart adds one part's kept rows and sidecar entries to s and side.
func copyPart(s *stream, side *sideWriter, se *jsonEncoder, cur string, part Part, live func(docID string) bool, ids map[string]string) error {
	docsRel, mentsRel := tablePath(documentsDir, part), tablePath(mentionsDir, part)
	docs, err := openRows[output.DocumentRow](filepath.Join(cur, docsRel))
	if err != nil {
		return err
	}
	defer docs.close()
	ments, err := openRows[output.MentionRow](filepath.Join(cur, mentsRel))
	if err != nil {
		return err
	}
	defer ments.close()
	c := &partCopy{s: s, side: side, se: se, docs: docs, ments: ments, docsRel: docsRel, mentsRel: mentsRel, live: live, ids: ids}
	c.big.se = se
	err = readSide(cur, part, &sideVisitor{doc: c.doc, head: c.head, occ: c.occ, keys: c.keys, key: c.key, end: c.end})
	if err != nil {
		return err
	}
	for _, c := range []interface{ more() (bool, error) }{docs, ments} {
		if more, merr := c.more(); merr != nil || more {
			err = errors.Join(err, merr, fmt.Errorf("part %s has rows its sidecar does not list", part.ID()))
		}
	}
	return err
}

// partCopy copies one part's documents, as readSide gives their sidecar
// entries: a small one whole, a big one in pieces, its new entry written in
// pieces and its job keys held in a keyTable.
type partCopy struct {
	s                 *stream
	side              *sideWriter
	se                *jsonEncoder
	docs              *rows[output.DocumentRow]
	ments             *rows[output.MentionRow]
	docsRel, mentsRel string
	live              func(docID string) bool
	ids               map[string]string

	keep  bool // the big entry's document is kept
	first bool // its first piece is still to write
	big   sideStream
	table keyTable
}

func (c *partCopy) doc(sd *SideDoc) error {
	keep, err := c.docRow(sd.DocID)
	if err != nil {
		return err
	}
	err = c.mentions(sd.DocID, sd.Mentions, keep, func(m string) (string, bool) {
		k, ok := sd.JobKeys[m]
		return k, ok
	})
	if err != nil || !keep {
		return err
	}
	j, err := c.se.encode(sd)
	if err != nil {
		return err
	}
	c.side.add(j)
	return nil
}

// docRow copies the next documents row, docID's, if live keeps it.
func (c *partCopy) docRow(docID string) (bool, error) {
	d, err := c.docs.next()
	if err != nil {
		return false, err
	}
	if d == nil || d.DocID != docID {
		return false, fmt.Errorf("%s: the rows do not follow the sidecar at document %s", c.docsRel, docID)
	}
	keep := c.live == nil || c.live(docID)
	if keep {
		err = c.s.docs.add(*d)
	}
	return keep, err
}

// mentions copies docID's n mentions rows if keep, with their job ids
// mapped through the job keys key gives.
func (c *partCopy) mentions(docID string, n int, keep bool, key func(mention string) (string, bool)) error {
	for range n {
		r, err := c.ments.next()
		if err != nil {
			return err
		}
		if r == nil || r.DocID != docID {
			return fmt.Errorf("%s: the rows do not follow the sidecar at document %s", c.mentsRel, docID)
		}
		if !keep {
			continue
		}
		if r.JobID != nil && c.ids != nil {
			k, ok := key(r.MentionID)
			if !ok {
				return fmt.Errorf("%s: mention %s has a job but no job key in its sidecar", c.mentsRel, r.MentionID)
			}
			r.JobID = output.String(c.ids[k])
		}
		if err := c.s.ments.add(*r); err != nil {
			return err
		}
	}
	return nil
}

func (c *partCopy) head(e *bigEntry) error {
	var err error
	if c.keep, err = c.docRow(e.DocID); err != nil || !c.keep {
		return err
	}
	c.first = true
	c.table.reset()
	return c.big.start(e.DocID, e.Record)
}

// put writes the new entry's bytes so far once there are chunkSide of them.
func (c *partCopy) put(always bool) {
	if always || len(c.big.buf) >= chunkSide {
		c.side.part(c.big.take(), c.first)
		c.first = false
	}
}

func (c *partCopy) occ(_ *bigEntry, oc *jobs.Occurrence) error {
	if !c.keep {
		return nil
	}
	err := c.big.occ(oc)
	c.put(false)
	return err
}

func (c *partCopy) keys(e *bigEntry) error {
	if c.keep {
		c.big.mid(e.Mentions, !e.OccNull, e.KeysNull)
	}
	return nil
}

func (c *partCopy) key(_ *bigEntry, m, k string) error {
	if !c.keep {
		return nil
	}
	if c.ids != nil { // else job ids stay as they are
		c.table.add(m, k)
	}
	err := c.big.key(m, k)
	c.put(false)
	return err
}

func (c *partCopy) end(e *bigEntry) error {
	if c.keep {
		c.big.close(e.KeysNull)
		c.put(true)
	}
	return c.mentions(e.DocID, e.Mentions, c.keep, c.table.get)
}

// copyRows adds every row of the Parquet file at path, in batches.
func copyRows[T any](path string, add func(T) error) error {
	c, err := openRows[T](path)
	if err != nil {
		return err
	}
	defer c.close()
	for {
		r, err := c.next()
		if r == nil || err != nil {
			return err
		}
		if err := add(*r); err != nil {
			return err
		}
	}
}

// rows reads a Parquet file's rows in batches.
type rows[T any] struct {
	path string
	f    *os.File
	r    *parquet.GenericReader[T]
	buf  []T
	i, n int
	eof  bool
}

// readBatch is how many rows a reader holds; a var for the tests.
var readBatch = 1024

func openRows[T any](path string) (*rows[T], error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	pf, err := parquet.OpenFile(f, fi.Size())
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &rows[T]{path: path, f: f, r: parquet.NewGenericReader[T](pf), buf: make([]T, readBatch)}, nil
}

// next returns the next row, nil after the last. It is valid until the
// batch after next is read.
func (c *rows[T]) next() (*T, error) {
	if c.i == c.n {
		if c.eof {
			return nil, nil
		}
		clear(c.buf) // the reader would reuse what the rows point to
		n, err := c.r.Read(c.buf)
		if err == io.EOF {
			c.eof, err = true, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", c.path, err)
		}
		c.i, c.n = 0, n
		if n == 0 {
			c.eof = true
			return nil, nil
		}
	}
	c.i++
	return &c.buf[c.i-1], nil
}

func (c *rows[T]) more() (bool, error) {
	r, err := c.next()
	return r != nil, err
}

func (c *rows[T]) close() {
	c.r.Close()
	c.f.Close()
}
