package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"jobminer/pipeline/record"
)

// readJSON reads a top-level JSON array of objects, or a stream of
// concatenated (possibly pretty-printed) objects. Each element is one record
// at the line where it starts. A syntax error cannot be skipped safely in
// this form, so it rejects the rest of the file at its line; the records
// before it are kept. One element is held in memory whole.
func readJSON(r io.Reader, in Input, opts Options, emit func(Item)) error {
	a := newAssembler("json", record.Other, in, opts, emit)
	rows, err := newJSONRows(opts)
	if err != nil {
		a.reject(1, err.Error())
		return nil
	}
	lc := &lineCounter{r: r}
	br := bufio.NewReader(lc)
	dec := json.NewDecoder(br)
	dec.UseNumber()
	// dec reads br from its first byte, so dec's offsets are offsets into
	// the stream that lc counts.
	array := false
	if c, err := firstNonSpace(br); err == nil && c == '[' {
		if _, err := dec.Token(); err != nil {
			a.reject(lc.lineAt(dec.InputOffset()), "invalid JSON: "+err.Error())
			return nil
		}
		array = true
	}
	for {
		if array && !dec.More() {
			break
		}
		var raw json.RawMessage
		err := dec.Decode(&raw)
		if err == io.EOF && !array {
			break
		}
		if err != nil {
			if !isSyntax(err) {
				a.flush()
				return err
			}
			a.reject(lc.lineAt(nextValueOffset(dec)), fmt.Sprintf("invalid JSON: %v; the rest of the file is skipped", err))
			a.flush()
			return nil
		}
		start := dec.InputOffset() - int64(len(raw))
		line := lc.lineAt(start)
		rw, bad := rows.decode(raw, line)
		if bad != "" {
			a.reject(line, bad)
			continue
		}
		a.add(rw)
	}
	if array {
		if _, err := dec.Token(); err != nil { // the closing ]
			reason := "invalid JSON: " + err.Error()
			if err == io.EOF {
				reason = "invalid JSON: the file ends before the array is closed"
			}
			a.reject(lc.lineAt(dec.InputOffset()), reason)
		}
	}
	a.flush()
	return nil
}

// isSyntax reports whether err is a JSON syntax problem rather than an I/O
// failure.
func isSyntax(err error) bool {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case err == io.ErrUnexpectedEOF, err == io.EOF:
		return true
	case errors.As(err, &se), errors.As(err, &te):
		return true
	}
	return false
}

// nextValueOffset returns the offset where the value after dec's position
// starts (past whitespace and a comma), so a syntax error is reported at the
// line of the element that holds it rather than at the end of the one before.
func nextValueOffset(dec *json.Decoder) int64 {
	off := dec.InputOffset()
	rest, _ := io.ReadAll(io.LimitReader(dec.Buffered(), 1<<20))
	for _, c := range rest {
		switch c {
		case ' ', '\t', '\r', '\n', ',':
			off++
			continue
		}
		break
	}
	return off
}

// firstNonSpace peeks at the first byte of br that is not JSON whitespace.
func firstNonSpace(br *bufio.Reader) (byte, error) {
	for n := 1; ; n++ {
		b, err := br.Peek(n)
		if len(b) < n {
			return 0, err
		}
		switch c := b[n-1]; c {
		case ' ', '\t', '\r', '\n':
		default:
			return c, nil
		}
		if n >= br.Size() {
			return 0, bufio.ErrBufferFull
		}
	}
}

// lineCounter passes bytes through and remembers where newlines are, so a
// byte offset can be turned into a line number. Offsets must be asked for in
// increasing order; newlines before the last one asked for are forgotten, so
// memory stays bounded by the decoder's read-ahead.
type lineCounter struct {
	r     io.Reader
	off   int64   // bytes read so far
	nl    []int64 // offsets of newlines not yet passed by lineAt
	lines int     // newlines already passed
}

func (c *lineCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i := 0; i < n; {
		j := bytes.IndexByte(p[i:n], '\n')
		if j < 0 {
			break
		}
		c.nl = append(c.nl, c.off+int64(i+j))
		i += j + 1
	}
	c.off += int64(n)
	return n, err
}

// lineAt returns the 1-based line of byte offset off.
func (c *lineCounter) lineAt(off int64) int {
	i := 0
	for i < len(c.nl) && c.nl[i] < off {
		i++
	}
	c.lines += i
	c.nl = c.nl[i:]
	return c.lines + 1
}

// detectJSON accepts a top-level array, or a first object that does not
// fit on its first line (pretty-printed JSON).
func detectJSON(name string, head []byte) bool {
	t := bytes.TrimSpace(head)
	if len(t) == 0 {
		return false
	}
	if t[0] == '[' {
		return true
	}
	return t[0] == '{' && !detectJSONL(name, head)
}
