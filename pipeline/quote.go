package pipeline

import (
	"strings"
	"unicode/utf8"

	"jobminer/pipeline/record"
)

// maxQuote bounds the sentence written with each mention and job. A
// "sentence" can be a whole unpunctuated transcript; written whole with each
// of its mentions, the output grew with their product (1 MB without a full
// stop: 53,772 mentions and a 53 GB spill). A longer sentence is written as
// about maxQuote bytes around the match, cut at spaces, with "…" where cut.
const maxQuote = 1000

// quote returns the sentence sent of text as written with the match m in it.
func quote(text string, sent, m record.Span) string {
	if sent.End-sent.Start <= maxQuote {
		return text[sent.Start:sent.End]
	}
	m.Start = min(max(m.Start, sent.Start), sent.End)
	m.End = min(max(m.End, m.Start), sent.End)
	// Share the room around the match; room one side cannot use goes to the
	// other.
	room := max(0, maxQuote-(m.End-m.Start))
	lo, hi := m.Start-room/2, m.End+room-room/2
	if lo < sent.Start {
		hi, lo = min(sent.End, hi+sent.Start-lo), sent.Start
	}
	if hi > sent.End {
		lo, hi = max(sent.Start, lo-(hi-sent.End)), sent.End
	}
	// Cut after a space before the match and before a space after it, or at
	// least at a character boundary.
	if lo > sent.Start {
		if i := strings.IndexByte(text[lo:m.Start], ' '); i >= 0 {
			lo += i + 1
		}
		for lo < m.Start && !utf8.RuneStart(text[lo]) {
			lo++
		}
	}
	if hi < sent.End {
		if i := strings.LastIndexByte(text[m.End:hi], ' '); i >= 0 {
			hi = m.End + i
		}
		for hi > m.End && !utf8.RuneStart(text[hi]) {
			hi--
		}
	}
	var b strings.Builder
	if lo > sent.Start {
		b.WriteString("…")
	}
	b.WriteString(strings.TrimSpace(text[lo:hi]))
	if hi < sent.End {
		b.WriteString("…")
	}
	return b.String()
}
