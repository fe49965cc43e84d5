package ingest

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"regexp"
	"strings"
	"time"

	"jobminer/pipeline/record"
)

// Captions: WebVTT (Zoom, Microsoft Teams, Google Meet, YouTube), SRT and
// YouTube SBV. One file = one interview Document. Rules, decided here:
//   - A cue is an optional identifier line (Teams puts a UUID there, SRT a
//     number), a timing line and text lines up to a blank line. A timing line
//     right after text starts a new cue (YouTube does this). NOTE, STYLE and
//     REGION blocks and the WebVTT header block are not cues.
//   - The speaker of a cue is the annotation of its <v Name> voice spans
//     (Teams, Meet); a cue holding several voices is split at the spans, and
//     text after a </v> belongs to the voice before it. A cue without voices
//     takes its speaker from a leading "Name: text" label (Zoom, many SRT
//     files), judged like a transcript label (see transcript.go). Cues
//     without either have no speaker.
//   - Consecutive cues of the same speaker merge into one utterance; cues
//     without a speaker stay one utterance each. Utterance.Offset is the
//     start of its first cue; Line is that cue's timing line (or the text
//     line where a later voice span of a cue starts).
//   - Inline tags (<c>, <i>, <b>, <u>, <00:00:01.000>, SRT <font> and
//     {\an8}) are stripped and HTML entities decoded. A cue left without text
//     is no utterance.
//   - A WebVTT file without the WEBVTT line, or an SRT/SBV file without any
//     valid cue, is rejected as a whole. A block with a bad timing line or
//     without one is a Reject at its first line; the other cues are kept.
//   - Roles: --interviewer/--agent/--customer names, then the transcript
//     conventions (Interviewer, Klant, ...); plain names are unknown.

type captionKind int

const (
	captionVTT captionKind = iota
	captionSRT
	captionSBV
)

func (k captionKind) name() string {
	return [...]string{"vtt", "srt", "sbv"}[k]
}

var (
	vttHeaderRe = regexp.MustCompile(`^WEBVTT(?:[ \t].*)?$`)
	vttTimeRe   = regexp.MustCompile(`^(?:\d{1,6}:)?\d{2}:\d{2}\.\d{3}$`)
	srtTimeRe   = regexp.MustCompile(`^\d{1,6}:\d{2}:\d{2}[,.]\d{1,3}$`)
	sbvTimingRe = regexp.MustCompile(`^\s*(\d{1,6}:\d{2}:\d{2}\.\d{1,3}),(\d{1,6}:\d{2}:\d{2}\.\d{1,3})\s*$`)
	// sbvLikeRe is anything shaped like an SBV timing line, valid or not.
	sbvLikeRe = regexp.MustCompile(`^\s*[0-9A-Za-z:.]*:[0-9A-Za-z:.]*,[0-9A-Za-z:.]*:[0-9A-Za-z:.]*\s*$`)
	assTagRe  = regexp.MustCompile(`\{\\[^}]*\}`)
)

// looksTiming reports whether line is meant as a timing line of kind k,
// whether or not it is valid.
func looksTiming(k captionKind, line string) bool {
	if k == captionSBV {
		return sbvLikeRe.MatchString(line)
	}
	return strings.Contains(line, "-->")
}

// parseTiming returns the start of a timing line, or a reason it is bad.
func parseTiming(k captionKind, line string) (time.Duration, string) {
	var start, end string
	if k == captionSBV {
		m := sbvTimingRe.FindStringSubmatch(line)
		if m == nil {
			return 0, "bad SBV timing line (want H:MM:SS.mmm,H:MM:SS.mmm)"
		}
		start, end = m[1], m[2]
	} else {
		l, r, _ := strings.Cut(line, "-->")
		start = strings.TrimSpace(l)
		if f := strings.Fields(r); len(f) > 0 {
			end = f[0]
		}
		re, want := vttTimeRe, "HH:MM:SS.mmm --> HH:MM:SS.mmm"
		if k == captionSRT {
			// Some tools write '.' for SRT's ','; the text is still usable.
			re, want = srtTimeRe, "HH:MM:SS,mmm --> HH:MM:SS,mmm"
		}
		if !re.MatchString(start) || !re.MatchString(end) {
			return 0, "bad cue timing line (want " + want + ")"
		}
	}
	d, ok := parseClock(start)
	if _, ok2 := parseClock(end); !ok || !ok2 {
		return 0, "bad cue timing line (minutes or seconds out of range)"
	}
	return d, ""
}

// cue is one caption cue before speakers are found.
type cue struct {
	line  int // the timing line
	start time.Duration
	text  []string // raw text lines
	first int      // line of text[0]
}

// segment is a stretch of cue text with one speaker.
type segment struct {
	line    int
	start   time.Duration
	speaker string
	voiced  bool // from a <v> span (the speaker may still be empty)
	text    string
}

func readVTT(r io.Reader, in Input, opts Options, emit func(Item)) error {
	return readCaptions(captionVTT, r, in, opts, emit)
}

func readSRT(r io.Reader, in Input, opts Options, emit func(Item)) error {
	return readCaptions(captionSRT, r, in, opts, emit)
}

func readSBV(r io.Reader, in Input, opts Options, emit func(Item)) error {
	return readCaptions(captionSBV, r, in, opts, emit)
}

// readCaptions reads a whole caption file into one Document.
func readCaptions(k captionKind, r io.Reader, in Input, opts Options, emit func(Item)) error {
	var rejects []record.Reject
	reject := func(line int, reason string) {
		rejects = append(rejects, record.Reject{Source: record.Source{File: in.Rel, Line: line}, Reason: reason})
	}
	type cline struct {
		n    int
		text string
	}
	var lines []cline
	err := eachLine(r, func(n int, text string, tooLong bool) {
		if tooLong {
			reject(n, errLineTooLong.Error()) // and a blank line: it ends the block it was in
		}
		lines = append(lines, cline{n, text})
	})
	if err != nil {
		return err
	}
	blank := func(i int) bool { return strings.TrimSpace(lines[i].text) == "" }

	i := 0
	if k == captionVTT {
		if len(lines) == 0 || !vttHeaderRe.MatchString(strings.TrimPrefix(lines[0].text, "\uFEFF")) {
			emitAll(emit, nil, []record.Reject{{Source: record.Source{File: in.Rel, Line: 1},
				Reason: "not a WebVTT file: the first line is not WEBVTT"}})
			return nil
		}
		for i < len(lines) && !blank(i) { // the header block
			i++
		}
	}

	var cues []cue
	blocks := 0
	skipBlock := func() {
		for i < len(lines) && !blank(i) {
			i++
		}
	}
	for i < len(lines) {
		if blank(i) {
			i++
			continue
		}
		blocks++
		l := lines[i]
		first := strings.Fields(l.text)[0]
		if k == captionVTT && (first == "NOTE" || first == "STYLE" || first == "REGION") {
			skipBlock()
			continue
		}
		timing := i
		if !looksTiming(k, l.text) {
			// An identifier line; SRT wants a number there.
			if i+1 >= len(lines) || blank(i+1) || !looksTiming(k, lines[i+1].text) ||
				(k == captionSRT && !isDigits(strings.TrimSpace(l.text))) {
				reject(l.n, "block without a cue timing line; not read")
				skipBlock()
				continue
			}
			timing = i + 1
		}
		start, bad := parseTiming(k, lines[timing].text)
		if bad != "" {
			reject(l.n, bad+"; cue not read")
			i = timing + 1
			skipBlock()
			continue
		}
		c := cue{line: lines[timing].n, start: start}
		for i = timing + 1; i < len(lines) && !blank(i); i++ {
			if looksTiming(k, lines[i].text) {
				// A timing line inside text starts the next cue; an SRT
				// index just above it is not text.
				if n := len(c.text); k == captionSRT && n > 0 && isDigits(strings.TrimSpace(c.text[n-1])) {
					c.text = c.text[:n-1]
				}
				break
			}
			if len(c.text) == 0 {
				c.first = lines[i].n
			}
			c.text = append(c.text, lines[i].text)
		}
		cues = append(cues, c)
	}
	if len(cues) == 0 && (k != captionVTT || blocks > 0) {
		line := 1
		if len(lines) > 0 {
			line = lines[0].n
		}
		what := map[captionKind]string{captionVTT: "WebVTT", captionSRT: "SRT", captionSBV: "SBV"}[k]
		emitAll(emit, nil, []record.Reject{{Source: record.Source{File: in.Rel, Line: line},
			Reason: fmt.Sprintf("not a valid %s file: no cue with a valid timing line", what)}})
		return nil
	}

	var segs []segment
	for _, c := range cues {
		segs = append(segs, cueSegments(c)...)
	}
	doc := &record.Document{Source: record.Source{File: in.Rel, Line: 1}, Format: k.name(), Channel: record.Interview}
	doc.Utterances = mergeSegments(segs, opts)
	emitAll(emit, doc, rejects)
	return nil
}

// emitAll emits doc (when it has utterances) and then the rejects.
func emitAll(emit func(Item), doc *record.Document, rejects []record.Reject) {
	if doc != nil && len(doc.Utterances) > 0 {
		emit(Item{Doc: doc})
	}
	for i := range rejects {
		emit(Item{Reject: &rejects[i]})
	}
}

// mergeSegments finds label speakers in unvoiced segments and merges
// consecutive segments of the same speaker into utterances.
func mergeSegments(segs []segment, opts Options) []record.Utterance {
	sp := &speakers{counts: map[string]int{}, names: newSpeakerRoles(opts)}
	labels := make([]tline, len(segs))
	for j, s := range segs {
		if !s.voiced {
			if l := classify(s.line, s.text); l.kind == tLabel && l.text != "" {
				labels[j] = l
				sp.counts[foldLabel(l.label)]++
			}
		}
	}
	var us []record.Utterance
	// The texts of the last utterance's cues, joined once it is complete:
	// adding each to the text so far copied it every time, and one speaker's
	// 100,000 cues (10 MB) took three minutes.
	var parts []string
	join := func() {
		if len(parts) > 1 {
			us[len(us)-1].Text = strings.Join(parts, " ")
		}
		parts = parts[:0]
	}
	for j, s := range segs {
		if l := labels[j]; l.kind == tLabel && sp.accept(l.label) {
			s.speaker, s.text = l.label, strings.TrimSpace(l.text)
		}
		if s.text == "" {
			continue
		}
		if n := len(us); n > 0 && s.speaker != "" && us[n-1].Speaker == s.speaker {
			parts = append(parts, s.text)
			continue
		}
		join()
		role := record.Unknown
		if s.speaker != "" {
			role = sp.role(s.speaker)
		}
		us = append(us, record.Utterance{Line: s.line, Speaker: s.speaker, Role: role, Offset: s.start, Text: s.text})
		parts = append(parts, s.text)
	}
	join()
	return us
}

// cueSegments splits a cue's text at its voice spans and strips the other
// tags. Text outside any voice before the first span is a segment of its
// own; text after a </v> joins the voice before it.
func cueSegments(c cue) []segment {
	var segs []segment
	cur := &segment{line: c.line, start: c.start}
	var buf strings.Builder
	flush := func() {
		cur.text = strings.Join(strings.Fields(html.UnescapeString(buf.String())), " ")
		buf.Reset()
		segs = append(segs, *cur)
	}
text:
	for li, raw := range c.text {
		s := assTagRe.ReplaceAllString(raw, "")
		if li > 0 {
			buf.WriteByte(' ')
		}
		for s != "" {
			lt := strings.IndexByte(s, '<')
			if lt < 0 {
				buf.WriteString(s)
				break
			}
			buf.WriteString(s[:lt])
			gt := strings.IndexByte(s[lt:], '>')
			if gt < 0 {
				// Per the WebVTT tokenizer an unclosed tag runs to the end
				// of the cue: the rest is not text.
				break text
			}
			tag := s[lt+1 : lt+gt]
			s = s[lt+gt+1:]
			name, annotation, _ := strings.Cut(strings.TrimSpace(tag), " ")
			if name == "v" || strings.HasPrefix(name, "v.") {
				if cur.voiced || strings.TrimSpace(buf.String()) != "" {
					flush()
				} else {
					buf.Reset()
				}
				line := c.line
				if li > 0 || len(segs) > 0 {
					line = c.first + li
				}
				cur = &segment{line: line, start: c.start, voiced: true,
					speaker: strings.Join(strings.Fields(html.UnescapeString(annotation)), " ")}
			}
			// </v> and every other tag are dropped; text after </v> stays
			// with the voice before it.
		}
	}
	flush()
	return segs
}

// detectVTT trusts the .vtt extension (no other format uses it; the reader
// rejects a file without its header) and otherwise wants the WEBVTT line.
func detectVTT(name string, head []byte) bool {
	if extOf(name) == ".vtt" {
		return true
	}
	first, _, _ := bytes.Cut(head, []byte("\n"))
	return vttHeaderRe.Match(bytes.TrimRight(first, "\r"))
}

// detectSRT trusts .srt, and otherwise wants a number and an SRT timing
// line as the first two lines.
func detectSRT(name string, head []byte) bool {
	if extOf(name) == ".srt" {
		return true
	}
	ls := nonBlankLines(head, 2)
	if len(ls) < 2 || !isDigits(string(bytes.TrimSpace(ls[0]))) {
		return false
	}
	_, bad := parseTiming(captionSRT, string(ls[1]))
	return bad == ""
}

// detectSBV trusts .sbv, and otherwise wants an SBV timing line first.
func detectSBV(name string, head []byte) bool {
	if extOf(name) == ".sbv" {
		return true
	}
	ls := nonBlankLines(head, 1)
	return len(ls) == 1 && sbvTimingRe.Match(ls[0])
}
