package ingest

import (
	"io"
	"strings"

	"jobminer/pipeline/record"
)

// readText reads a plain text (--format text only): the whole file is one
// Document of one unknown speaker (role Unknown: tagged, as everywhere a
// role cannot be known), channel other. Each paragraph, the lines up to a
// blank line, is one utterance with the line of its first line, so a quote
// points at its paragraph; its lines are joined with spaces, because a
// hard-wrapped line end is not a sentence end. A line over the cap is a
// Reject and ends its paragraph.
func readText(r io.Reader, in Input, opts Options, emit func(Item)) error {
	doc := &record.Document{Source: record.Source{File: in.Rel, Line: 1}, Format: "text", Channel: record.Other}
	var rejects []record.Reject
	var para []string
	first := 0
	flush := func() {
		if len(para) > 0 {
			doc.Utterances = append(doc.Utterances, record.Utterance{Line: first, Role: record.Unknown, Text: strings.Join(para, " ")})
			para = para[:0]
		}
	}
	err := eachLine(r, func(n int, text string, tooLong bool) {
		switch {
		case tooLong:
			rejects = append(rejects, tooLongReject(in.Rel, n))
			flush()
		case strings.TrimSpace(text) == "":
			flush()
		default:
			if len(para) == 0 {
				first = n
			}
			para = append(para, strings.TrimSpace(text))
		}
	})
	if err != nil {
		return err
	}
	flush()
	if len(doc.Utterances) > 0 {
		emit(Item{Doc: doc})
	}
	for i := range rejects {
		emit(Item{Reject: &rejects[i]})
	}
	return nil
}
