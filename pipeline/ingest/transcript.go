package ingest

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"jobminer/pipeline/record"
)

// A transcript is plain text of speaker turns, one file = one interview:
//
//	Interviewer: Hoe gaat het nu?
//	[00:01:23] Klant: Nou, niet zo best.
//	Klant (00:01:30): Het duurt elke keer zo lang.
//	Jan de Vries  00:02:10          (Otter style: the text follows on the next lines)
//	Ik wil gewoon dat het werkt.
//
// Rules, decided here:
//   - A label starts the line (after an optional time), has at most 4 words
//     and 40 characters, begins with a letter and is followed by ':' and a
//     space or the line end, so "https://..." and "om 10:30 ..." are no
//     labels. It must also look like a speaker: a role word, an
//     --interviewer name, a capitalised name ("Jan de Vries", "Speaker 2"),
//     or any label used at least twice in the file; and it must not be a
//     common heading or connective ("Note:", "Datum:", "Maar:").
//   - A line without a label continues the current turn, joined with a
//     space. After a blank line, unlabelled text starts a new utterance of
//     the same speaker, so each paragraph keeps its own line number.
//   - A time before or after a label, or alone on the line before it, is
//     the turn's position in the recording (Utterance.Offset); Time is
//     wall-clock time and stays zero.
//   - Lines before the first label are a header (title, date) and skipped
//     when there are at most 10 of them of at most 120 characters each;
//     otherwise they become one Reject, "text before the first speaker
//     label". A file without any label is one Reject.
//   - A label without text, followed by no text, is dropped: no speech is lost.

const (
	maxLabelWords = 4
	maxLabelRunes = 40
	maxHeaderLine = 120
	maxHeaderRows = 10
)

const timeRe = `\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?`

var (
	timeOnlyRe = regexp.MustCompile(`^\s*[\[(]?(` + timeRe + `)[\])]?\s*$`)
	// labelRe: optional time, label, optional "(time)", ':', then a space and
	// the text or the line end. Submatches: time, label, time, text.
	labelRe = regexp.MustCompile(`^\s*(?:[\[(]?(` + timeRe + `)[\])]?\s*[-–—]?\s*)?([^:\[\]()]{1,80}?)\s*(?:[\[(](` + timeRe + `)[\])])?\s*:(?:\s+(.*))?$`)
	// otterRe: a label and a time alone on a line; the text follows.
	otterRe = regexp.MustCompile(`^\s*([^:\[\]()]{1,80}?)\s+[\[(]?(` + timeRe + `)[\])]?\s*$`)
)

// transcriptRoles are the speaker conventions of interview transcripts,
// keyed by folded label; other labels fall back to NormalizeRole.
var transcriptRoles = map[string]record.Role{
	"interviewer": record.Interviewer, "moderator": record.Interviewer, "onderzoeker": record.Interviewer,
	"interviewster": record.Interviewer, "q": record.Interviewer, "i": record.Interviewer, "vraag": record.Interviewer,
	"question": record.Interviewer, "researcher": record.Interviewer, "facilitator": record.Interviewer,
	"klant": record.Customer, "respondent": record.Customer, "deelnemer": record.Customer, "participant": record.Customer,
	"customer": record.Customer, "gebruiker": record.Customer, "a": record.Customer, "r": record.Customer,
	"antwoord": record.Customer, "answer": record.Customer, "interviewee": record.Customer,
}

// notLabels are words that end in ':' at a line start without naming a
// speaker: headings, metadata, connectives. Keyed by folded label.
var notLabels = makeSet(
	"note", "notes", "nb", "n.b.", "ps", "p.s.", "edit", "update", "tip", "let op", "opmerking", "opmerkingen",
	"datum", "date", "time", "tijd", "titel", "title", "onderwerp", "subject", "locatie", "location", "plaats",
	"duur", "duration", "deelnemers", "participants", "aanwezig", "aanwezigen", "attendees", "project",
	"transcript", "transcriptie", "bron", "source", "url", "link", "re", "fw", "fwd", "cc", "bcc", "to", "aan",
	"van", "from", "sent", "verzonden", "example", "voorbeeld", "bijvoorbeeld", "bv", "bijv", "bijv.", "eg", "e.g.",
	"ie", "i.e.", "btw", "fyi", "todo", "conclusie", "conclusion", "samenvatting", "summary", "maar", "en", "dus",
	"want", "omdat", "of", "but", "and", "so", "because", "or", "then", "dan", "ook", "also", "ja", "nee", "yes",
	"no", "ok", "oké", "okay", "well", "nou", "tja", "zoals", "namelijk", "namely", "warning", "error", "fout",
	"tel", "telefoon", "phone", "email", "e mail", "mail", "adres", "address", "website", "tags", "status",
	"prioriteit", "priority", "versie", "version", "stap", "step", "punt", "point", "vragen", "questions",
	"interview", "gesprek", "context", "achtergrond", "background", "doel", "goal", "agenda",
)

// nameParticles may be lower case inside a capitalised name.
var nameParticles = makeSet("de", "van", "der", "den", "het", "ten", "ter", "te", "von", "da", "di", "du", "le", "la", "del", "bin", "al", "'t", "van't")

func makeSet(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// tline is one classified transcript line.
type tline struct {
	n     int
	raw   string // the whole line
	text  string // the whole line, or the text after the label
	label string // candidate speaker label, "" if none
	kind  tkind
	at    time.Duration // the time on the line, if timed
	timed bool
}

type tkind int

const (
	tBlank tkind = iota
	tTime        // a time alone on a line
	tText        // text without a label candidate
	tLabel       // a label candidate, with text after it or on the next lines
)

// classify finds the syntactic shape of one line.
func classify(n int, s string) tline {
	l := tline{n: n, raw: s, text: s}
	switch {
	case strings.TrimSpace(s) == "":
		l.kind = tBlank
	case mayBeTime(s) && timeOnlyRe.MatchString(s):
		l.kind = tTime
		l.at, l.timed = parseClock(timeOnlyRe.FindStringSubmatch(s)[1])
	default:
		l.kind = tText
		label, text, at, match := matchLabel(s)
		if match && labelShape(label) {
			l.kind, l.label, l.text = tLabel, strings.TrimSpace(label), text
			l.at, l.timed = parseClock(at)
		} else if m := otterMatch(s); m != nil && labelShape(m[1]) {
			l.kind, l.label, l.text = tLabel, strings.TrimSpace(m[1]), ""
			l.at, l.timed = parseClock(m[2])
		}
	}
	return l
}

// mayBeTime reports whether timeOnlyRe can match s: after \s it needs a
// digit, '[' or '('. Most lines are turns and fail here, without the regexp.
func mayBeTime(s string) bool {
	s = strings.TrimLeft(s, reSpace)
	return s != "" && strings.IndexByte("0123456789[(", s[0]) >= 0
}

// otterMatch is otterRe.FindStringSubmatch(s); its time needs a colon,
// and the line must end in a digit of it (then a bracket, then \s).
func otterMatch(s string) []string {
	if strings.IndexByte(s, ':') < 0 {
		return nil
	}
	t := strings.TrimRight(s, reSpace)
	if n := len(t); n > 0 && (t[n-1] == ']' || t[n-1] == ')') {
		t = t[:n-1]
	}
	if t == "" || t[len(t)-1] < '0' || t[len(t)-1] > '9' {
		return nil
	}
	return otterRe.FindStringSubmatch(s)
}

// matchLabel is labelRe on s: the label, the text after it and the time
// beside it (at most one of the two times is set). Most lines are a plain
// "Label: text", "[00:01:02] Label: text", "Label (00:01:02): text" or have
// no colon at all; those are
// decided here without the regexp, which was the dearest part of reading a
// transcript.
func matchLabel(s string) (label, text, at string, ok bool) {
	if strings.IndexByte(s, ':') < 0 {
		return "", "", "", false // labelRe needs a colon
	}
	if label, text, ok, sure := plainLabel(s); sure {
		return label, text, "", ok
	}
	if at, rest, found := leadingTime(s); found {
		if label, text, ok, sure := plainLabel(rest); sure && ok {
			return label, text, at, true
		}
	}
	if label, text, at, ok, sure := bracketLabel(s); sure {
		return label, text, at, ok
	}
	m := labelRe.FindStringSubmatch(s)
	if m == nil {
		return "", "", "", false
	}
	return m[2], m[4], m[1] + m[3], true
}

// plainLabel decides labelRe for a line without a time before its label:
// after leading \s, no time (digit, '[' or '(' first) and no bracket before
// the first colon, a non-blank label of at most maxLabelMatch runes, and
// after the colon nothing or a \s. Then labelRe's label ends at the first
// colon, minus trailing \s. sure is false where the regexp must decide.
func plainLabel(s string) (label, text string, ok, sure bool) {
	colon := strings.IndexByte(s, ':')
	if colon < 0 {
		return "", "", false, true
	}
	rest := strings.TrimLeft(s, reSpace)
	i := colon - (len(s) - len(rest))
	if i <= 0 || strings.ContainsAny(rest[:1], "0123456789[(") || strings.ContainsAny(rest[:i], "[]()\n") {
		return "", "", false, false
	}
	label = strings.TrimRight(rest[:i], reSpace)
	if utf8.RuneCountInString(label) > maxLabelMatch {
		return "", "", false, false
	}
	text, ok, sure = afterColon(rest[i+1:])
	if !ok {
		return "", "", false, sure
	}
	return label, text, true, true
}

// afterColon reads labelRe's (?:\s+(.*))?$ on what follows a label's colon:
// the text, whether it matches, and whether that is sure (a line end in the
// text is left to the regexp).
func afterColon(after string) (text string, ok, sure bool) {
	switch {
	case after == "":
		return "", true, true
	case strings.IndexByte(reSpace, after[0]) >= 0:
		if text = strings.TrimLeft(after, reSpace); strings.Contains(text, "\n") {
			return "", false, false
		}
		return text, true, true
	default:
		return "", false, true // labelRe needs \s or the end after the colon
	}
}

// leadingTime reads labelRe's optional first part, \s*[\[(]?(time)[\])]?
// \s*[-–—]?\s*, taking every optional piece when it is there, as the
// regexp tries first: the time and the text after the part. found is
// false when there is no such time, or when a piece is there only in part
// (see clockEnd), where the regexp may read the line another way.
func leadingTime(s string) (at, rest string, found bool) {
	i := len(s) - len(strings.TrimLeft(s, reSpace))
	if i < len(s) && (s[i] == '[' || s[i] == '(') {
		i++
	}
	end, ok := clockEnd(s, i)
	if !ok {
		return "", "", false
	}
	at, i = s[i:end], end
	if i < len(s) && (s[i] == ']' || s[i] == ')') {
		i++
	}
	rest = strings.TrimLeft(s[i:], reSpace)
	for _, dash := range []string{"-", "–", "—"} {
		if r, ok := strings.CutPrefix(rest, dash); ok {
			rest = strings.TrimLeft(r, reSpace)
			break
		}
	}
	return at, rest, true
}

// bracketLabel decides labelRe for "Label (00:01:02): text" and
// "Label [1:02]: text": a label without brackets or colons and not
// starting with a time (digit, '[' or '(' first), a bracketed time, a
// colon, and after it nothing or \s and text. sure is false where the
// regexp must decide.
func bracketLabel(s string) (label, text, at string, ok, sure bool) {
	rest := strings.TrimLeft(s, reSpace)
	p := strings.IndexAny(rest, "[(")
	if p <= 0 || strings.ContainsAny(rest[:1], "0123456789") || strings.ContainsAny(rest[:p], ":])\n") {
		return "", "", "", false, false
	}
	label = strings.TrimRight(rest[:p], reSpace)
	if label == "" || utf8.RuneCountInString(label) > maxLabelMatch {
		return "", "", "", false, false
	}
	end, timeOK := clockEnd(rest, p+1)
	if !timeOK || end >= len(rest) || rest[end] != ']' && rest[end] != ')' {
		return "", "", "", false, false
	}
	at = rest[p+1 : end]
	after := strings.TrimLeft(rest[end+1:], reSpace)
	if after == "" || after[0] != ':' {
		return "", "", "", false, false
	}
	if text, ok, _ = afterColon(after[1:]); !ok {
		return "", "", "", false, false // the regexp decides
	}
	return label, text, at, true, true
}

// clockEnd reads timeRe, \d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?, at
// s[i:] and returns where it ends. ok is false when there is no time, or
// when a piece is there only in part (a third digit, a colon or a point
// without the digits after it): the regexp might then read it otherwise.
func clockEnd(s string, i int) (end int, ok bool) {
	digits := func(max int) int {
		n := 0
		for n < max && i+n < len(s) && s[i+n] >= '0' && s[i+n] <= '9' {
			n++
		}
		return n
	}
	// \d{1,2}:\d{2}
	n := digits(2)
	if n == 0 || i+n >= len(s) || s[i+n] != ':' {
		return 0, false
	}
	i += n + 1
	if digits(3) != 2 {
		return 0, false
	}
	i += 2
	// (?::\d{2})?
	if i < len(s) && s[i] == ':' {
		i++
		if digits(3) != 2 {
			return 0, false
		}
		i += 2
	}
	// (?:[.,]\d{1,3})?
	if i < len(s) && (s[i] == '.' || s[i] == ',') {
		i++
		n := digits(4)
		if n == 0 || n > 3 {
			return 0, false
		}
		i += n
	}
	return i, true
}

// reSpace is \s in a regexp; maxLabelMatch is the {1,80} of labelRe's label.
const (
	reSpace       = "\t\n\f\r "
	maxLabelMatch = 80
)

// labelShape checks the size and first character of a label candidate,
// and that it holds none of labelForbidden, in one pass without allocating
// (it runs on every line that looks like "Label: text").
func labelShape(s string) bool {
	s = strings.TrimSpace(s)
	if r, _ := utf8.DecodeRuneInString(s); s == "" || !unicode.IsLetter(r) {
		return false
	}
	runes, words, inWord := 0, 0, false
	for _, r := range s {
		runes++
		if r < utf8.RuneSelf && labelForbidden[r] || r >= utf8.RuneSelf && strings.ContainsRune("“”„«»", r) {
			return false
		}
		if unicode.IsSpace(r) { // as strings.Fields splits
			inWord = false
		} else if !inWord {
			inWord = true
			words++
		}
	}
	return runes <= maxLabelRunes && words <= maxLabelWords
}

// labelForbidden marks the ASCII characters no speaker label holds; the
// typographic quotes “”„«» are the others.
var labelForbidden = func() (t [utf8.RuneSelf]bool) {
	for _, c := range `,;!?"/\=<>*#@` {
		t[c] = true
	}
	return t
}()

// speakers decides which label candidates are speakers, given how often
// each occurs.
type speakers struct {
	counts map[string]int
	names  speakerRoles // --interviewer, --agent, --customer
}

// named reports the role the user gave label, if any.
func (sp *speakers) named(label string) (record.Role, bool) {
	if r, ok := sp.names.lookup(label); ok {
		return r, true
	}
	return sp.names.lookup(foldLabel(label))
}

func (sp *speakers) accept(label string) bool {
	k := foldLabel(label)
	if notLabels[k] || notLabels[strings.TrimSuffix(k, ".")] {
		return false
	}
	if _, ok := transcriptRoles[k]; ok {
		return true
	}
	_, named := sp.named(label)
	return NormalizeRole(label) != record.Unknown || named || nameLike(label) || sp.counts[k] >= 2
}

// role classifies an accepted speaker label.
func (sp *speakers) role(label string) record.Role {
	k := foldLabel(label)
	if r, ok := sp.named(label); ok {
		return r
	}
	if r, ok := transcriptRoles[k]; ok {
		return r
	}
	return NormalizeRole(label)
}

// nameLike reports whether s reads as a name: a capitalised (or uncased)
// first word, then capitalised words, numbers or name particles.
func nameLike(s string) bool {
	for i, w := range strings.Fields(s) {
		r, _ := utf8.DecodeRuneInString(w)
		switch {
		case unicode.IsUpper(r), unicode.IsLetter(r) && !unicode.IsLower(r):
		case i > 0 && (isDigits(w) || nameParticles[strings.ToLower(w)]):
		default:
			return false
		}
	}
	return true
}

// readTranscript reads a whole transcript file into one Document.
func readTranscript(r io.Reader, in Input, opts Options, emit func(Item)) error {
	return readTranscriptAs("transcript", r, in, opts, emit)
}

// readTranscriptAs is readTranscript for text that another format (docx)
// has turned into transcript lines; format names the documents.
func readTranscriptAs(format string, r io.Reader, in Input, opts Options, emit func(Item)) error {
	var lines []tline
	var rejects []record.Reject
	sp := &speakers{counts: map[string]int{}, names: newSpeakerRoles(opts)}
	// Files repeat the same few labels on every line: fold each once.
	folded := map[string]string{}
	err := eachLine(r, func(n int, text string, tooLong bool) {
		if tooLong {
			rejects = append(rejects, tooLongReject(in.Rel, n))
			lines = append(lines, tline{n: n, kind: tBlank})
			return
		}
		l := classify(n, text)
		if l.kind == tLabel {
			k, ok := folded[l.label]
			if !ok {
				k = foldLabel(l.label)
				folded[l.label] = k
			}
			sp.counts[k]++
		}
		lines = append(lines, l)
	})
	if err != nil {
		return err
	}

	doc := &record.Document{
		Source:  record.Source{File: in.Rel, Line: 1},
		Format:  format,
		Channel: record.Interview,
	}
	// At most one utterance per line with text: one allocation, not a chain
	// of growing copies of a large struct.
	textLines := 0
	for _, l := range lines {
		if l.kind == tLabel || l.kind == tText {
			textLines++
		}
	}
	doc.Utterances = make([]record.Utterance, 0, textLines)
	var cur *record.Utterance
	// more are the lines after the first of cur's text, joined once cur is
	// complete: adding each to the text so far copied it every time, so a
	// turn of 100,000 lines took minutes.
	var more []string
	join := func() {
		if len(more) > 0 {
			cur.Text += " " + strings.Join(more, " ")
			more = more[:0]
		}
	}
	var header []tline // lines before the first label
	blank := false
	var pending *tline // a time alone on a line, for the label after it
	// accept and role depend only on the label once the counts are known.
	type speaker struct {
		ok   bool
		role record.Role
	}
	decided := map[string]speaker{}
	for _, l := range lines {
		var who speaker
		if l.kind == tLabel {
			var ok bool
			if who, ok = decided[l.label]; !ok {
				who.ok = sp.accept(l.label)
				if who.ok {
					who.role = sp.role(l.label)
				}
				decided[l.label] = who
			}
			if !who.ok {
				l.kind, l.text = tText, l.raw
			}
		}
		switch l.kind {
		case tBlank:
			blank = true
		case tTime:
			pending = &l
		case tLabel:
			if !l.timed && pending != nil {
				l.at, l.timed = pending.at, pending.timed
			}
			pending = nil
			join()
			doc.Utterances = append(doc.Utterances, record.Utterance{
				Line: l.n, Speaker: l.label, Role: who.role, Offset: l.at, Text: strings.TrimSpace(l.text),
			})
			cur = &doc.Utterances[len(doc.Utterances)-1]
			blank = false
		case tText:
			pending = nil
			t := strings.TrimSpace(l.text)
			switch {
			case cur == nil:
				header = append(header, l)
			case cur.Text == "":
				cur.Text = t
			case blank:
				join()
				doc.Utterances = append(doc.Utterances, record.Utterance{Line: l.n, Speaker: cur.Speaker, Role: cur.Role, Offset: cur.Offset, Text: t})
				cur = &doc.Utterances[len(doc.Utterances)-1]
			default:
				more = append(more, t)
			}
			blank = false
		}
	}
	join()

	// Drop labels that never got text (nothing said, nothing lost).
	kept := doc.Utterances[:0]
	for _, u := range doc.Utterances {
		if u.Text != "" {
			kept = append(kept, u)
		}
	}
	doc.Utterances = kept

	reject := func(line int, reason string) {
		rejects = append([]record.Reject{{Source: record.Source{File: in.Rel, Line: line}, Reason: reason}}, rejects...)
	}
	switch {
	case len(doc.Utterances) == 0 && len(header) > 0:
		reject(header[0].n, "no speaker labels found (lines like 'Name: text'); use --format to read the file as another format")
	case len(doc.Utterances) == 0:
		if n := firstContentLine(lines); n > 0 {
			reject(n, "no speech found: only speaker labels and times, no text")
		}
	case len(header) > maxHeaderRows || longestLine(header) > maxHeaderLine:
		reject(header[0].n, fmt.Sprintf("text before the first speaker label (lines %d-%d) is not part of any turn", header[0].n, header[len(header)-1].n))
	}
	if len(doc.Utterances) > 0 {
		emit(Item{Doc: doc})
	}
	for i := range rejects {
		emit(Item{Reject: &rejects[i]})
	}
	return nil
}

// firstContentLine returns the number of the first line that is not blank,
// or 0.
func firstContentLine(ls []tline) int {
	for _, l := range ls {
		if l.kind != tBlank {
			return l.n
		}
	}
	return 0
}

func longestLine(ls []tline) int {
	n := 0
	for _, l := range ls {
		n = max(n, utf8.RuneCountInString(l.text))
	}
	return n
}

// textHead returns the first n non-blank lines of a plain-text file's head,
// or nil when its name or bytes say it is no plain text. Only plain-text
// names: a README.md or a log full of "Usage:" lines would otherwise read as
// speakers.
func textHead(name string, head []byte, n int) [][]byte {
	switch extOf(name) {
	case ".txt", ".text", "":
	default:
		return nil
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return nil
	}
	return nonBlankLines(bytes.TrimPrefix(head, utf8BOM), n)
}

// detectTranscript accepts .txt (or extension-less) text whose first 20
// non-blank lines hold at least one speaker line and at least a quarter
// speaker or time lines.
func detectTranscript(name string, head []byte) bool {
	lines := textHead(name, head, 20)
	if len(lines) == 0 {
		return false
	}
	sp := &speakers{counts: map[string]int{}}
	cls := make([]tline, len(lines))
	for i, b := range lines {
		cls[i] = classify(i+1, string(b))
		if cls[i].kind == tLabel {
			sp.counts[foldLabel(cls[i].label)]++
		}
	}
	labels, times := 0, 0
	for _, l := range cls {
		switch {
		case l.kind == tLabel && sp.accept(l.label):
			labels++
		case l.kind == tTime:
			times++
		}
	}
	// A quarter, not a half: Otter-style files put one label above a
	// paragraph of several lines.
	return labels > 0 && 4*(labels+times) >= len(lines)
}
