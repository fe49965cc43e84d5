package ingest

import (
	"bytes"
	"io"

	"jobminer/pipeline/record"
)

// readJSONL reads one JSON object per line. Blank lines are skipped; a line
// that is not a JSON object, has no text field or is longer than 16 MiB is a
// Reject and reading goes on with the next line.
func readJSONL(r io.Reader, in Input, opts Options, emit func(Item)) error {
	a := newAssembler("jsonl", record.Other, in, opts, emit)
	rows, err := newJSONRows(opts)
	if err != nil {
		a.reject(1, err.Error())
		return nil
	}
	lr := newLineReader(r, maxLine)
	for {
		line, tooLong, err := lr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			a.flush()
			return err
		}
		if tooLong {
			a.reject(lr.n, errLineTooLong.Error())
			continue
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		rw, bad := rows.decode(line, lr.n)
		if bad != "" {
			a.reject(lr.n, bad)
			continue
		}
		a.add(rw)
	}
	a.flush()
	return nil
}

// detectJSONL accepts files whose first non-blank line is a JSON object on
// one line.
func detectJSONL(name string, head []byte) bool {
	lines := nonBlankLines(head, 1)
	if len(lines) == 0 { // the first line is longer than head
		t := bytes.TrimSpace(head)
		return len(t) > 0 && t[0] == '{'
	}
	l := bytes.TrimSpace(lines[0])
	return l[0] == '{' && l[len(l)-1] == '}'
}
