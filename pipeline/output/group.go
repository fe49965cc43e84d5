package output

import (
	"bytes"
	"fmt"

	"github.com/parquet-go/parquet-go"
)

// MentionGroup is one row group of mentions.parquet encoded on its own, so
// that row groups can be encoded on several goroutines and appended in
// order (WriteMentionGroup). Appending copies the encoded column chunks,
// statistics, page index and bloom filters verbatim (parquet-go's copy path
// for row groups of a file with the writer's own settings), so the file is
// byte for byte the one WriteMentions gives for the same rows, provided that
// every group but the last holds exactly MentionGroupRows rows (the row
// groups WriteMentions cuts) and that each group gets its rows in the
// batches WriteMentions would have got: the writer cuts pages at offsets
// counted from the start of each write. TestMentionGroupsEqualWriteMentions
// holds this to the byte, also across parquet-go upgrades.
type MentionGroup = rowGroup[MentionRow]

type rowGroup[T any] struct {
	rows int64
	rg   parquet.RowGroup
	enc  *groupEncoder[T] // back to the table's free list once written
}

// groupEncoder is a writer for row groups on their own and the buffer it
// writes to, kept for the next row group: a fresh one costs more to
// allocate and clear than the encoding of a small group.
type groupEncoder[T any] struct {
	w   *parquet.GenericWriter[T]
	buf bytes.Buffer
}

// maxFreeEncoders bounds the encoders a table keeps for reuse.
const maxFreeEncoders = 8

// Rows is the number of rows in g.
func (g *rowGroup[T]) Rows() int64 { return g.rows }

// MentionGroupRows is the number of rows in one row group of mentions.parquet.
func (w *Writer) MentionGroupRows() int { return int(w.mentions.maxRows) }

// EncodeMentionGroup encodes the rows that fill passes to write, at most
// MentionGroupRows of them, as one row group. It may run concurrently with
// itself and with the other methods of w.
func (w *Writer) EncodeMentionGroup(fill func(write func([]MentionRow) error) error) (*MentionGroup, error) {
	return w.mentions.encodeGroup(fill)
}

// WriteMentionGroup appends g to mentions.parquet. Groups must be appended in
// order, and not mixed with WriteMentions.
func (w *Writer) WriteMentionGroup(g *MentionGroup) error { return w.mentions.writeGroup(g) }

func (t *table[T]) encodeGroup(fill func(write func([]T) error) error) (*rowGroup[T], error) {
	enc := t.getEncoder()
	buf, pw := &enc.buf, enc.w
	var n int64
	err := fill(func(rows []T) error {
		if n+int64(len(rows)) > t.maxRows {
			return fmt.Errorf("output: %s: more than %d rows in one row group", t.name, t.maxRows)
		}
		k, err := pw.Write(rows)
		n += int64(k)
		return err
	})
	if err == nil {
		err = pw.Close()
	}
	if err != nil {
		t.putEncoder(enc)
		return nil, fmt.Errorf("output: %s: %w", t.name, err)
	}
	f, err := parquet.OpenFile(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.putEncoder(enc)
		return nil, fmt.Errorf("output: %s: %w", t.name, err)
	}
	g := &rowGroup[T]{rows: n, enc: enc}
	switch rgs := f.RowGroups(); len(rgs) {
	case 0:
	case 1:
		g.rg = rgs[0]
	default:
		t.putEncoder(enc)
		return nil, fmt.Errorf("output: %s: %d row groups encoded as one", t.name, len(rgs))
	}
	return g, nil
}

func (t *table[T]) writeGroup(g *rowGroup[T]) error {
	defer t.putEncoder(g.enc)
	if g.rg == nil {
		return nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.f == nil {
		return fmt.Errorf("output: %s: write after Commit or Abort", t.name)
	}
	if t.err != nil {
		return t.err
	}
	n, err := t.w.WriteRowGroup(g.rg)
	t.rows += n
	if err != nil {
		t.err = fmt.Errorf("output: %s: %w", t.name, err)
		return t.err
	}
	return nil
}

func (t *table[T]) getEncoder() *groupEncoder[T] {
	t.freeMu.Lock()
	defer t.freeMu.Unlock()
	if n := len(t.free); n > 0 {
		enc := t.free[n-1]
		t.free = t.free[:n-1]
		enc.buf.Reset()
		enc.w.Reset(&enc.buf)
		return enc
	}
	enc := &groupEncoder[T]{}
	enc.w = parquet.NewGenericWriter[T](&enc.buf, t.opts...)
	return enc
}

func (t *table[T]) putEncoder(enc *groupEncoder[T]) {
	t.freeMu.Lock()
	defer t.freeMu.Unlock()
	if enc != nil && len(t.free) < maxFreeEncoders {
		t.free = append(t.free, enc)
	}
}
