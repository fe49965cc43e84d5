package ingest

import (
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"jobminer/pipeline/record"
)

// A WhatsApp chat export (.txt, "Export chat" on Android or iOS, any
// locale) is one chat Document:
//
//	22-11-2026 10:15 - Sanne: Hoi, lukt het?            (Android, Dutch)
//	[22/11/2026, 10:15:32] Sanne: Hoi                   (iOS)
//	11/22/26, 10:15 PM - Sam: Hi                        (Android, US)
//	[3/6/18 1:55:00 p. m.] Ana: hola                    (12-hour, Spanish)
//
// Rules, decided here:
//   - A message starts with a date (d-m-y, m/d/y, y/m/d with / - or .), a
//     time (H:MM, H.MM, optional seconds, optional AM/PM in any spelling,
//     Finnish "klo"), then " - ", ": " or "]" and "Sender: text". Every
//     other line continues the message above, newline kept. Signal text
//     exports ([2019-12-24, 12:23] Name: text) have the same shape.
//   - A dated line without "Sender: " is a system line (encryption notice,
//     "created group", "heeft ... toegevoegd") and is not speech.
//   - Media placeholders (<Media weggelaten>, <Media omitted>, image
//     omitted, afbeelding weggelaten, <attached: ...>, "x.jpg (file
//     attached)", deleted messages) are not speech; a caption on the lines
//     after an attachment is. A message left without text is dropped.
//   - Day and month order: a field above 12 decides per line; otherwise
//     the order that the file's other lines decide, else month first for
//     files with English AM/PM and slashes (US), else day first. Two-digit
//     years are 20xx. Times are local wall-clock, stored as UTC like every
//     time without a zone; an impossible date or time leaves Time zero.
//   - Roles are unknown unless --customer/--agent/--interviewer name the
//     sender.

var waHeaderRe = regexp.MustCompile(`^[\x{200E}\x{200F}\x{202A}-\x{202E}\x{FEFF}]*\[?` +
	`(\d{1,4})([./-])(\d{1,2})[./-](\d{1,4}),?[ \t\x{00A0}\x{202F}]+(?:klo[ \t]+)?` +
	`(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?` +
	`(?:[ \t\x{00A0}\x{202F}]*([aApP])\.?[ \t\x{00A0}\x{202F}]?[mM]\.?)?` +
	`(?:\][ \t\x{00A0}\x{202F}]*| - |: )(.*)$`)

// waSender is "Sender: text"; the sender has no line breaks or quotes.
var waSenderRe = regexp.MustCompile(`^([^:"“”]{1,80}?):(?:[ \t\x{00A0}]+(.*)|[ \t\x{00A0}]*)$`)

// waPlaceholders are whole-line texts that stand for media or deleted
// messages, compared lower-case without direction marks.
var waPlaceholders = makeSet(
	"<media omitted>", "<media weggelaten>", "<media ausgeschlossen>", "<multimedia omitido>", "<médias omis>",
	"image omitted", "video omitted", "audio omitted", "sticker omitted", "gif omitted", "document omitted",
	"contact card omitted", "afbeelding weggelaten", "video weggelaten", "audio weggelaten", "sticker weggelaten",
	"gif weggelaten", "document weggelaten", "contactkaart weggelaten", "this message was deleted",
	"you deleted this message", "dit bericht is verwijderd", "je hebt dit bericht verwijderd",
	"null", "<attached>", "missed voice call", "missed video call", "gemiste spraakoproep", "gemiste videooproep",
	"waiting for this message", "wachten op dit bericht", "view once message omitted", "<this message was edited>",
)

// waAttachmentRe is a file name with an attachment marker after it, or an
// <attached: ...> marker.
var waAttachmentRe = regexp.MustCompile(`(?i)^(?:<\s*attached:[^>]*>|\S.*\s(?:<attached>|\(file attached\)|\(datei angehängt\)|\(bestand bijgevoegd\)|\(archivo adjunto\))|.*\.(?:jpe?g|png|gif|webp|mp4|opus|ogg|pdf|vcf|docx?|xlsx?)\s+(?:\(file attached\)|\(bestand bijgevoegd\)))$`)

// waSystemRe recognises the system texts iOS files under a sender.
var waSystemRe = regexp.MustCompile(`(?i)end-to-end|versleuteld|created (?:this )?group|heeft (?:de )?groep|` +
	`\badded\b|toegevoegd|\bleft\b|verlaten|\bremoved\b|verwijderd|\bchanged\b|gewijzigd|joined|security code|` +
	`beveiligingscode|disappearing|verdwijnende|pinned a message|heeft .* vastgezet`)

// sm1 is the sender submatch, "" when there is none.
func sm1(sm []string) string {
	if sm == nil {
		return ""
	}
	return sm[1]
}

// waEdited is the marker newer exports append to edited messages.
var waEditedRe = regexp.MustCompile(`(?i)\s*<(?:this message was edited|dit bericht is bewerkt|deze bericht is bewerkt)>\s*$`)

// stripMarks removes the direction marks WhatsApp puts around names and
// attachment lines.
func stripMarks(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '\u200E', '\u200F', '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\uFEFF':
			return -1
		}
		return r
	}, s)
}

// waLine is one message header line.
type waLine struct {
	n          int
	a, b, c    int // date fields as written
	ymd        bool
	h, m, s    int
	ampm       byte // 'a', 'p' or 0
	sender     string
	text       []string
	usAMPM     bool // an English AM/PM without dots (US exports)
	hasSlashes bool
}

func readWhatsApp(r io.Reader, in Input, opts Options, emit func(Item)) error {
	var msgs []*waLine
	var rejects []record.Reject
	var cur *waLine // the open message; nil after a system line or before the first
	err := eachLine(r, func(n int, s string, tooLong bool) {
		if tooLong {
			rejects = append(rejects, tooLongReject(in.Rel, n))
			return
		}
		if n == 1 {
			s = strings.TrimPrefix(s, "\uFEFF")
		}
		if m := waHeaderRe.FindStringSubmatch(s); m != nil {
			cur = nil
			sm := waSenderRe.FindStringSubmatch(m[9])
			sender := strings.TrimSpace(strings.TrimLeft(stripMarks(sm1(sm)), "~\u202F\u00A0 "))
			if sm == nil || sender == "" || (strings.HasPrefix(sm[2], "\u200E") && waSystemRe.MatchString(sm[2])) {
				return // a system line; iOS marks its system texts with U+200E
			}
			w := &waLine{n: n, sender: sender, text: []string{sm[2]}}
			w.a, _ = strconv.Atoi(m[1])
			w.b, _ = strconv.Atoi(m[3])
			w.c, _ = strconv.Atoi(m[4])
			w.ymd = len(m[1]) == 4
			w.h, _ = strconv.Atoi(m[5])
			w.m, _ = strconv.Atoi(m[6])
			w.s, _ = strconv.Atoi(m[7])
			if m[8] != "" {
				w.ampm = strings.ToLower(m[8])[0]
				w.usAMPM = !strings.Contains(m[0], ".m") && !strings.Contains(m[0], ".M")
			}
			w.hasSlashes = m[2] == "/"
			msgs = append(msgs, w)
			cur = w
			return
		}
		if cur != nil {
			cur.text = append(cur.text, s)
		}
		// Text after a system line (a long group description) is no speech.
	})
	if err != nil {
		return err
	}

	dayFirst := waDayFirst(msgs)
	names := newSpeakerRoles(opts)
	doc := &record.Document{Source: record.Source{File: in.Rel, Line: 1}, Format: "whatsapp", Channel: record.Chat}
	for _, w := range msgs {
		text := waText(w.text)
		if text == "" {
			continue
		}
		u := record.Utterance{Line: w.n, Speaker: w.sender, Role: names.role(w.sender, func(string) record.Role { return record.Unknown }),
			Time: w.time(dayFirst), Text: text}
		if len(doc.Utterances) == 0 {
			doc.Source.Line = w.n
		}
		if !u.Time.IsZero() {
			if doc.CreatedAt.IsZero() || u.Time.Before(doc.CreatedAt) {
				doc.CreatedAt = u.Time
			}
			if u.Time.After(doc.UpdatedAt) {
				doc.UpdatedAt = u.Time
			}
		}
		doc.Utterances = append(doc.Utterances, u)
	}
	if len(doc.Utterances) == 0 && len(msgs) == 0 && len(rejects) == 0 {
		rejects = append(rejects, record.Reject{Source: record.Source{File: in.Rel, Line: 1},
			Reason: "no WhatsApp messages found (lines like '22-11-2026 10:15 - Name: text'); use --format to read the file as another format"})
	}
	emitAll(emit, doc, rejects)
	return nil
}

// waText drops placeholder lines and the edited marker, and trims blank
// lines around the text; blank lines inside it stay.
func waText(lines []string) string {
	var keep []string
	for _, l := range lines {
		l = waEditedRe.ReplaceAllString(l, "")
		t := strings.TrimSpace(stripMarks(l))
		if waPlaceholders[strings.ToLower(t)] || waAttachmentRe.MatchString(t) {
			continue
		}
		keep = append(keep, strings.TrimRight(strings.ReplaceAll(l, "\u200E", ""), " \t\r"))
	}
	return strings.TrimSpace(strings.Join(keep, "\n"))
}

// waDayFirst decides the file's day/month order from the lines whose
// fields settle it.
func waDayFirst(msgs []*waLine) bool {
	dayVotes, monthVotes, us, all := 0, 0, 0, 0
	for _, w := range msgs {
		if w.ymd {
			continue
		}
		all++
		switch {
		case w.a > 12 && w.b <= 12:
			dayVotes++
		case w.b > 12 && w.a <= 12:
			monthVotes++
		}
		if w.usAMPM && w.hasSlashes {
			us++
		}
	}
	switch {
	case dayVotes != monthVotes:
		return dayVotes > monthVotes
	case us > 0 && 2*us >= all:
		return false
	}
	return true
}

// time builds the message time; zero when the fields make no date.
func (w *waLine) time(dayFirst bool) time.Time {
	y, mo, d := w.c, w.b, w.a
	switch {
	case w.ymd:
		y, mo, d = w.a, w.b, w.c
	case w.a > 12:
	case w.b > 12, !dayFirst:
		mo, d = w.a, w.b
	}
	if y < 100 {
		y += 2000
	}
	h := w.h
	switch w.ampm {
	case 'a':
		if h == 12 {
			h = 0
		}
	case 'p':
		if h < 12 {
			h += 12
		}
	}
	if w.ampm != 0 && (w.h < 1 || w.h > 12) {
		return time.Time{}
	}
	if mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || w.m > 59 || w.s > 59 || y > 9999 {
		return time.Time{}
	}
	t := time.Date(y, time.Month(mo), d, h, w.m, w.s, 0, time.UTC)
	if t.Day() != d { // 31 February
		return time.Time{}
	}
	return t
}

// detectWhatsApp accepts .txt (or extension-less) text whose first
// non-blank line is a dated WhatsApp line and whose first 20 non-blank
// lines hold at least two (or all of them when shorter).
func detectWhatsApp(name string, head []byte) bool {
	lines := textHead(name, head, 20)
	if len(lines) == 0 || !waHeaderRe.Match(lines[0]) {
		return false
	}
	n := 0
	for _, l := range lines {
		if waHeaderRe.Match(l) {
			n++
		}
	}
	return n >= 2 || n == len(lines)
}
