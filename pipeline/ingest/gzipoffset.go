package ingest

import (
	"errors"
	"fmt"
	"io"
)

// gzipDamage wraps a gunzipping reader so that a truncated or corrupt
// stream is reported with the byte offset in the stored file where
// decoding failed and how much text came out before it. The records read
// before the damage have been emitted by then and are kept.
type gzipDamage struct {
	r        io.Reader
	consumed func() int64 // compressed bytes consumed so far
	out      int64        // decompressed bytes returned so far
}

func (g *gzipDamage) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	g.out += int64(n)
	if err != nil && err != io.EOF {
		var d *damagedGzip
		if !errors.As(err, &d) {
			err = &damagedGzip{offset: g.consumed(), out: g.out, err: err}
		}
	}
	return n, err
}

// damagedGzip is the error a damaged gzip stream gives.
type damagedGzip struct {
	offset, out int64
	err         error
}

func (e *damagedGzip) Error() string {
	what := "corrupt"
	if errors.Is(e.err, io.ErrUnexpectedEOF) {
		what = "truncated"
	}
	return fmt.Sprintf("gzip data %s at offset %d of the file (after %d bytes of text; the records before it are kept): %v", what, e.offset, e.out, e.err)
}

func (e *damagedGzip) Unwrap() error { return e.err }
