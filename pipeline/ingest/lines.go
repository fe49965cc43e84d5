package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"jobminer/pipeline/record"
)

// maxLine is the longest line (or CSV record) a reader keeps; a longer one
// becomes a Reject instead of growing memory without bound.
const maxLine = 16 << 20

var errLineTooLong = fmt.Errorf("line longer than %d MiB", maxLine>>20)

// lineReader reads physical lines with their 1-based numbers. Lines longer
// than limit are reported with tooLong set and their content dropped; the
// reader then goes on with the next line.
type lineReader struct {
	r     *bufio.Reader
	limit int
	n     int // number of the line last returned
	buf   []byte
}

func newLineReader(r io.Reader, limit int) *lineReader {
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReaderSize(r, 64<<10)
	}
	return &lineReader{r: br, limit: limit}
}

// next returns the next line without its "\n" or "\r\n". The slice is valid
// until the next call. At the end it returns io.EOF; other errors are I/O
// errors that stop the file.
func (lr *lineReader) next() (line []byte, tooLong bool, err error) {
	chunk, err := lr.r.ReadSlice('\n')
	if err == nil || err == io.EOF && len(chunk) > 0 {
		// The whole line is in the reader's buffer, valid until the next
		// read: no copy.
		return lr.finish(chunk, false)
	}
	lr.buf = lr.buf[:0]
	read := false
	for {
		if len(chunk) > 0 {
			read = true
		}
		if !tooLong {
			if len(lr.buf)+len(chunk) > lr.limit+2 { // +2: the line ending does not count
				tooLong = true
				lr.buf = lr.buf[:0]
			} else {
				lr.buf = append(lr.buf, chunk...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			chunk, err = lr.r.ReadSlice('\n')
			continue
		}
		if err == io.EOF && read {
			err = nil
		}
		if err != nil {
			return nil, false, err
		}
		break
	}
	return lr.finish(lr.buf, tooLong)
}

// finish counts a line read whole and strips its line ending.
func (lr *lineReader) finish(line []byte, tooLong bool) ([]byte, bool, error) {
	lr.n++
	line = bytes.TrimSuffix(line, []byte("\n"))
	line = bytes.TrimSuffix(line, []byte("\r"))
	if tooLong || len(line) > lr.limit {
		return nil, true, nil
	}
	return line, false, nil
}

// clean makes s safe to pass on: invalid UTF-8 becomes U+FFFD and NUL bytes
// are dropped. Everything else stays as found.
func clean(s string) string {
	if strings.IndexByte(s, 0) >= 0 {
		s = strings.ReplaceAll(s, "\x00", "")
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return s
}

// eachLine reads r line by line under the maxLine cap and calls fn with each
// line's 1-based number and its cleaned text. A line over the cap comes with
// tooLong set and empty text; the caller decides what it means (a reject,
// and a blank line or nothing). It returns only I/O errors.
func eachLine(r io.Reader, fn func(n int, text string, tooLong bool)) error {
	lr := newLineReader(r, maxLine)
	for {
		b, tooLong, err := lr.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		fn(lr.n, clean(string(b)), tooLong)
	}
}

// tooLongReject is the reject for a line over the maxLine cap.
func tooLongReject(file string, n int) record.Reject {
	return record.Reject{Source: record.Source{File: file, Line: n}, Reason: errLineTooLong.Error()}
}
