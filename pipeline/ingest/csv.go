package ingest

import (
	"bytes"
	"fmt"
	"io"

	"jobminer/pipeline/record"
)

// csvDelimiters are the delimiters sniffed from the header line, in the
// order that breaks ties.
var csvDelimiters = []byte{',', ';', '\t', '|'}

// readCSV reads a CSV export with a header row: one Document per row, or per
// run of consecutive rows sharing a conversation id. See csvScanner for how
// syntax errors are recovered from.
func readCSV(r io.Reader, in Input, opts Options, emit func(Item)) error {
	lr := newLineReader(r, maxLine)
	reject := func(line int, reason string) {
		emit(Item{Reject: &record.Reject{Source: record.Source{File: in.Rel, Line: line}, Reason: reason}})
	}
	// The delimiter is sniffed from the first non-blank line, the header,
	// unless that line is Excel's "sep=;", which names it.
	var headerLine []byte
	var sep byte
	for {
		l, tooLong, err := lr.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if tooLong {
			reject(lr.n, "header "+errLineTooLong.Error())
			return nil
		}
		if d, ok := excelSep(l); ok && sep == 0 {
			sep = d
			continue
		}
		if len(bytes.TrimSpace(l)) > 0 {
			headerLine = l
			break
		}
	}
	if sep == 0 {
		sep = sniffDelimiter(headerLine)
	}
	s := &csvScanner{lr: lr, comma: sep}
	s.queue = []queuedLine{{n: lr.n, text: bytes.Clone(headerLine), owned: true}}
	hdr, err := s.next()
	if err != nil {
		if err == io.EOF {
			return nil
		}
		return err
	}
	if hdr.bad != "" {
		reject(hdr.line, "header: "+hdr.bad)
		return nil
	}
	for i := range hdr.fields {
		hdr.fields[i] = clean(hdr.fields[i])
	}
	cols, err := resolveColumns(hdr.fields, opts)
	if err != nil {
		reject(hdr.line, err.Error())
		return nil
	}
	if cols[fText] < 0 {
		reject(hdr.line, noTextReason("column"))
		return nil
	}

	// A subject column makes the file a ticket export (Zendesk, Freshdesk,
	// Jira, HubSpot, ...): its rows are tickets unless a channel column says
	// otherwise.
	channel := record.Other
	if cols[fSubject] >= 0 {
		channel = record.Ticket
	}
	a := newAssembler("csv", channel, in, opts, emit)
	for {
		rec, err := s.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			a.flush()
			return err
		}
		switch {
		case rec.bad != "":
			a.reject(rec.line, rec.bad)
		case len(rec.fields) != len(hdr.fields):
			a.reject(rec.line, fmt.Sprintf("row has %d fields, header has %d", len(rec.fields), len(hdr.fields)))
		default:
			rw := row{line: rec.line}
			for f, c := range cols {
				if c >= 0 {
					rw.v[f] = clean(rec.fields[c])
				}
			}
			// The subject is not part of the text: it is often written or
			// rewritten by an agent or generated ("Chat with visitor"), and it
			// repeats the body, so tagging both would count one complaint
			// twice. A ticket with only a subject still says something, so
			// then the subject is the text.
			if len(bytes.TrimSpace([]byte(rw.v[fText]))) == 0 {
				rw.v[fText] = rw.v[fSubject]
			}
			a.add(rw)
		}
	}
	a.flush()
	return nil
}

// excelSep reads Excel's "sep=X" first line, which names the delimiter.
func excelSep(l []byte) (byte, bool) {
	t := bytes.TrimSpace(l)
	if bytes.EqualFold(t, []byte("sep=")) && bytes.Contains(l, []byte("sep=\t")) {
		return '\t', true
	}
	if len(t) == 5 && bytes.EqualFold(t[:4], []byte("sep=")) && t[4] != '"' {
		return t[4], true
	}
	return 0, false
}

// sniffDelimiter picks the candidate delimiter that occurs most often
// outside quotes in the header line; ',' when none occurs.
func sniffDelimiter(header []byte) byte {
	var counts [4]int
	inQuotes := false
	for _, c := range header {
		if c == '"' {
			inQuotes = !inQuotes
			continue
		}
		if inQuotes {
			continue
		}
		if i := bytes.IndexByte(csvDelimiters, c); i >= 0 {
			counts[i]++
		}
	}
	best := 0
	for i := range counts {
		if counts[i] > counts[best] {
			best = i
		}
	}
	return csvDelimiters[best]
}

// detectCSV accepts .csv and .tsv files, and other files whose first lines
// hold the same positive number of one delimiter (no NUL bytes).
func detectCSV(name string, head []byte) bool {
	switch extOf(name) {
	case ".csv", ".tsv":
		return true
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return false
	}
	lines := nonBlankLines(head, 5)
	if len(lines) < 2 {
		return false
	}
	d := sniffDelimiter(lines[0])
	want := bytes.Count(lines[0], []byte{d})
	if want == 0 {
		return false
	}
	for _, l := range lines[1:] {
		if bytes.Count(l, []byte{d}) != want {
			return false
		}
	}
	return true
}

// nonBlankLines returns up to max non-blank lines of head, leaving out a
// last line that may have been cut off.
func nonBlankLines(head []byte, max int) [][]byte {
	var out [][]byte
	complete := len(head) < headSize // the whole file fit: its last line is whole
	for len(head) > 0 && len(out) < max {
		i := bytes.IndexByte(head, '\n')
		if i < 0 {
			if complete && len(bytes.TrimSpace(head)) > 0 {
				out = append(out, bytes.TrimRight(head, "\r"))
			}
			break
		}
		l := bytes.TrimRight(head[:i], "\r")
		if len(bytes.TrimSpace(l)) > 0 {
			out = append(out, l)
		}
		head = head[i+1:]
	}
	return out
}
