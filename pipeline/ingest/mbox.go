package ingest

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
)

// readMbox reads an mbox file: messages separated by "From " lines (at the
// start of the file or after a blank line), ">From " lines unescaped
// (mboxrd). Each message is read as readEmail reads one .eml: one Document
// per message, at the line of its "From " line.
//
// One Document per message, not per thread: each reply's quoted text is
// stripped anyway, so a thread adds nothing but grouping, and per message
// keeps memory bounded by one message and every message traceable to its
// line. Text before the first "From " line is one Reject.
func readMbox(r io.Reader, in Input, opts Options, emit func(Item)) error {
	lr := newLineReader(r, maxLine)
	var msg bytes.Buffer
	start := 0 // line of the open message's "From " line; 0 = none
	preamble := 0
	tooBig := false
	prevBlank := true
	flush := func() {
		switch {
		case start == 0:
		case tooBig:
			emit(rejectAt(in, start, fmt.Sprintf("message larger than %d MiB", maxEmail>>20)))
		default:
			emit(parseEmail(msg.Bytes(), "mbox", in, start, opts))
		}
		msg.Reset()
		tooBig = false
	}
	rejectPreamble := func() {
		if preamble > 0 {
			emit(rejectAt(in, preamble, `text before the first message (an mbox message starts with a "From " line)`))
			preamble = -1
		}
	}
	for {
		line, tooLong, err := lr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			flush()
			return err
		}
		if tooLong {
			if start == 0 {
				if preamble == 0 {
					preamble = lr.n
				}
			} else {
				tooBig = true
			}
			prevBlank = false
			continue
		}
		if prevBlank && bytes.HasPrefix(line, []byte("From ")) {
			flush()
			rejectPreamble()
			start = lr.n
			prevBlank = false
			continue
		}
		blankLine := len(bytes.TrimSpace(line)) == 0
		switch {
		case start == 0:
			if !blankLine && preamble == 0 {
				preamble = lr.n
			}
		case tooBig:
		case msg.Len()+len(line)+1 > maxEmail:
			tooBig = true
		default:
			if fromQuoteRe.Match(line) {
				line = line[1:]
			}
			msg.Write(line)
			msg.WriteByte('\n')
		}
		prevBlank = blankLine
	}
	flush()
	rejectPreamble()
	return nil
}

// fromQuoteRe is an escaped "From " line inside a message (mboxrd).
var fromQuoteRe = regexp.MustCompile(`^>+From `)

// mboxFromRe is an mbox separator line: "From sender date".
var mboxFromRe = regexp.MustCompile(`^From \S+ +\S`)

// detectMbox accepts .mbox/.mbx files and text starting with an mbox
// "From sender date" line followed by a header line.
func detectMbox(name string, head []byte) bool {
	switch extOf(name) {
	case ".mbox", ".mbx":
		return true
	}
	lines := nonBlankLines(head, 2)
	return len(lines) == 2 && mboxFromRe.Match(lines[0]) && headerKeyRe.Match(lines[1])
}
