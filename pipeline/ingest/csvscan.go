package ingest

import (
	"bytes"
	"fmt"
	"io"
	"strings"
)

// maxRecordLines bounds how many physical lines one quoted CSV field may
// span before the scanner decides its quote is never closed.
const maxRecordLines = 10000

// csvScanner splits CSV text into records (RFC 4180: double-quote quoting,
// "" for a quote, quoted fields may hold delimiters and newlines). It is
// written here instead of using encoding/csv because encoding/csv cannot
// recover from a quote that is never closed: it reads to the end of the file
// and reports one error for everything after the quote.
//
// Recovery rule: a record with a syntax error that sits on one line is
// rejected and scanning goes on with the next line. A record that spans
// several lines and turns out bad (a stray quote closes or never closes its
// quoted field, or it outgrows maxLine bytes or maxRecordLines lines) is
// rejected at its first line and scanning restarts at the line after that,
// so the rows the stray quote swallowed are read again. Memory is bounded by
// the lines of one record.
type csvScanner struct {
	lr    *lineReader
	comma byte
	queue []queuedLine // lines to scan again after a resync, before lr
	err   error        // sticky I/O error
}

type queuedLine struct {
	n       int
	text    []byte
	tooLong bool
	owned   bool // text is a copy, not lr's reused buffer
}

// csvRecord is one scanned record: its fields, or the reason it is bad.
type csvRecord struct {
	line   int // first physical line
	fields []string
	bad    string // non-empty: why the record was rejected
}

// nextLine returns the next physical line, from the queue first.
func (s *csvScanner) nextLine() (queuedLine, error) {
	if len(s.queue) > 0 {
		l := s.queue[0]
		s.queue = s.queue[1:]
		return l, nil
	}
	text, tooLong, err := s.lr.next()
	if err != nil {
		return queuedLine{}, err
	}
	return queuedLine{n: s.lr.n, text: text, tooLong: tooLong}, nil
}

// next returns the next record, skipping lines that are blank outside a
// quoted field. It returns io.EOF at the end and other errors for I/O
// failures.
func (s *csvScanner) next() (csvRecord, error) {
	if s.err != nil {
		return csvRecord{}, s.err
	}
	var first queuedLine
	for {
		l, err := s.nextLine()
		if err != nil {
			s.err = err
			return csvRecord{}, err
		}
		if l.tooLong {
			return csvRecord{line: l.n, bad: errLineTooLong.Error()}, nil
		}
		if len(bytes.TrimSpace(l.text)) > 0 {
			first = l
			break
		}
	}
	rec := csvRecord{line: first.n}
	p := csvParse{comma: s.comma}
	if p.feed(first.text) {
		rec.fields, rec.bad = p.fields, p.bad
		return rec, nil
	}
	// The record continues on the next lines: keep copies so that a bad
	// record can be scanned again from its second line.
	span := []queuedLine{{n: first.n, text: bytes.Clone(first.text), owned: true}}
	size := len(first.text)
	for {
		l, err := s.nextLine()
		if err == io.EOF {
			return s.resync(span, "quoted field starting on this line is never closed"), nil
		}
		if err != nil {
			s.err = err
			return csvRecord{}, err
		}
		if l.tooLong {
			// Scan the over-long line again on its own, so it is rejected at its own number.
			span = append(span, l)
			return s.resync(span, "quoted field starting on this line runs into a line longer than 16 MiB"), nil
		}
		if !l.owned {
			l.text = bytes.Clone(l.text)
			l.owned = true
		}
		span = append(span, l)
		size += len(l.text) + 1
		if size > maxLine || len(span) > maxRecordLines {
			return s.resync(span, fmt.Sprintf("quoted field starting on this line is not closed within %d lines or %d MiB", maxRecordLines, maxLine>>20)), nil
		}
		done := p.feedContinuation(l.text)
		if done && p.bad == "" {
			rec.fields = p.fields
			return rec, nil
		}
		if done {
			return s.resync(span, fmt.Sprintf("%s (on line %d)", p.bad, l.n)), nil
		}
	}
}

// resync rejects the multi-line record in span and queues its lines after
// the first to be scanned again.
func (s *csvScanner) resync(span []queuedLine, reason string) csvRecord {
	rest := span[1:]
	q := make([]queuedLine, 0, len(rest)+len(s.queue))
	q = append(q, rest...)
	s.queue = append(q, s.queue...)
	return csvRecord{line: span[0].n, bad: reason}
}

// csvParse is the field state machine for one record, fed line by line.
type csvParse struct {
	comma  byte
	fields []string
	field  strings.Builder
	bad    string
}

// feed parses the first line of a record. It reports whether the record is
// complete (possibly bad).
func (p *csvParse) feed(line []byte) bool {
	return p.parse(line, 0, false)
}

// feedContinuation parses a further line of a record whose quoted field is
// still open.
func (p *csvParse) feedContinuation(line []byte) bool {
	p.field.WriteByte('\n')
	return p.parse(line, 0, true)
}

// parse scans line from i; quoted tells whether a quoted field is open.
func (p *csvParse) parse(line []byte, i int, quoted bool) bool {
	for {
		if !quoted {
			// At the start of a field.
			if i < len(line) && line[i] == '"' {
				quoted = true
				i++
				continue
			}
			j := bytes.IndexByte(line[i:], p.comma)
			end := len(line)
			if j >= 0 {
				end = i + j
			}
			val := line[i:end]
			if k := bytes.IndexByte(val, '"'); k >= 0 {
				p.bad = fmt.Sprintf(`bare quote (") in an unquoted field at column %d; quote the field and double the quote`, i+k+1)
				return true
			}
			p.fields = append(p.fields, string(val))
			if j < 0 {
				return true
			}
			i = end + 1
			continue
		}
		// Inside a quoted field.
		j := bytes.IndexByte(line[i:], '"')
		if j < 0 {
			p.field.Write(line[i:])
			return false
		}
		p.field.Write(line[i : i+j])
		i += j + 1
		switch {
		case i < len(line) && line[i] == '"':
			p.field.WriteByte('"')
			i++
		case i == len(line):
			p.fields = append(p.fields, p.field.String())
			p.field.Reset()
			return true
		case line[i] == p.comma:
			p.fields = append(p.fields, p.field.String())
			p.field.Reset()
			quoted = false
			i++
		default:
			p.bad = fmt.Sprintf(`unexpected text after a closing quote at column %d; double a quote inside a quoted field`, i+1)
			return true
		}
	}
}
