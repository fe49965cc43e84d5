package text

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/text/unicode/norm"
)

// Normalize returns s as Unicode NFC, with whitespace folded and, when s looks
// like HTML, tags removed and entities decoded.
//
//   - s looks like HTML when it has '<' followed by a letter, '/' or '!' with
//     a '>' after it, or an entity such as "&amp;", "&#39;" or "&#x2019;".
//     Broken markup is read as a browser would (golang.org/x/net/html).
//     Script and style contents are dropped.
//   - Paragraph breaks become one "\n", which Analyze treats as a sentence
//     end: a blank line in plain text; <br>, </p>, </div>, <li>, headings,
//     table rows and other block elements in HTML; a line that starts a list
//     item ("- ", "* ", "• "); a single line break after an e-mail's
//     subject line or a short greeting or closing line ("Hi,", "Thanks,",
//     "Здравствуйте!"), which have no full stop (headLine). No punctuation
//     is invented.
//   - Every other run of whitespace (single newlines, tabs, no-break spaces)
//     becomes one space; spaces around a "\n" are dropped.
//   - Invalid UTF-8 becomes U+FFFD; NUL and other control characters,
//     zero-width spaces, soft hyphens and byte-order marks are dropped.
//   - Transcribers' non-speech annotations ({vocalsound}, [laughter],
//     (crosstalk): see nonSpeechWords) become a space, so they are never
//     tagged nor part of a job; quotes and offsets refer to the text
//     without them, as with HTML tags.
//   - Lines quoted from an earlier message ("> ...", as replies in e-mail
//     and ticket threads carry them, with the "On ... wrote:" line quoted
//     above them) are dropped: they are someone else's words, often the
//     agent's, and would be read as the customer's. A text of one line is
//     left alone ("> 50 users need access").
//   - A survey's question on the first line ("Survey — Why didn't you
//     apply?", "Enquête, vraag 7 (opmerkingen):", "Опрос: Почему вы не
//     подали заявку?"), as survey exports put it above the answer, is
//     dropped: it is the asker's words ("Why didn't you" is no complaint
//     of the customer's). See promptLine; NormalizeAsked returns it.
//   - The result is trimmed.
//
// When there is nothing to do, s itself is returned without allocating.
func Normalize(s string) string {
	s, _ = NormalizeAsked(s)
	return s
}

// NormalizeAsked is Normalize that also returns the survey question it
// dropped from the first line, "" when none: what the question asks for
// gives the answer its force ("Wat zijn uw zorgen? Dat ze daar eenzaam is"
// is a fear), which the tag stage reads from it.
func NormalizeAsked(s string) (string, string) {
	if clean(s) {
		return s, ""
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if looksHTML(s) {
		s = stripHTML(s)
	}
	s = stripNonSpeech(s)
	s = dropQuotedLines(s)
	asked := ""
	if q := promptLine(s); q != "" {
		s, asked = s[len(q):], foldNFC(strings.TrimSpace(q))
	}
	return foldNFC(s), asked
}

// foldNFC folds s and puts it in Unicode normal form C.
func foldNFC(s string) string {
	s = fold(s)
	if !nfcInertString(s) && !norm.NFC.IsNormalString(s) {
		s = norm.NFC.String(s)
	}
	return s
}

// dropQuotedLines removes the lines of s whose first non-blank character is
// '>', when another line holds text of its own; else s is all quotation
// and stays.
func dropQuotedLines(s string) string {
	if strings.IndexByte(s, '>') < 0 || strings.IndexByte(s, '\n') < 0 {
		return s
	}
	var b strings.Builder
	own, dropped := false, false
	for rest := s; rest != ""; {
		line := rest
		if i := strings.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i+1], rest[i+1:]
		} else {
			rest = ""
		}
		if strings.HasPrefix(strings.TrimLeft(line, " \t"), ">") {
			dropped = true
			continue
		}
		own = own || strings.TrimSpace(line) != ""
		b.WriteString(line)
	}
	if !dropped || !own {
		return s
	}
	return b.String()
}

// promptLine returns the first line of s, with its newline and any blank
// lines before it, when it is a survey's question and an answer follows: it
// names a survey (promptWords, in its first 60 bytes) and ends in "?", ":"
// or ")" ("NPS — Toelichting bij uw score (9)"), or it opens with that word
// as a label ("Анкета: Оцените работу кассира"). Else it returns "".
func promptLine(s string) string {
	lead := len(s) - len(strings.TrimLeft(s, " \t\r\n")) // blank lines before an HTML paragraph
	i := strings.IndexByte(s[lead:], '\n') + lead
	if i < lead || strings.TrimSpace(s[i+1:]) == "" {
		return ""
	}
	first := strings.TrimSpace(s[lead:i])
	if first == "" {
		return ""
	}
	head := first
	if len(head) > 60 {
		head = head[:60]
	}
	head = strings.ToLower(head)
	for _, sub := range subjectLabels {
		if len(first) >= len(sub) && strings.EqualFold(first[:len(sub)], sub) {
			return "" // an e-mail's subject is the customer's own words
		}
	}
	asks := strings.ContainsRune("?:)", rune(first[len(first)-1]))
	for _, w := range promptWords {
		if asks && strings.Contains(head, w) || labels(head, w) {
			return s[:i+1]
		}
	}
	return ""
}

// labels reports whether head opens with word w as a label: "анкета: ...",
// "survey — ...".
func labels(head, w string) bool {
	rest, ok := strings.CutPrefix(head, w)
	if !ok {
		return false
	}
	rest = strings.TrimLeft(rest, " ")
	return strings.HasPrefix(rest, ":") || strings.HasPrefix(rest, "—") || strings.HasPrefix(rest, "–") || strings.HasPrefix(rest, "- ")
}

// promptWords name a survey in the line that asks its question: members'
// consultations, evaluations, intake forms and polls ask as surveys do
// ("Ledenraadpleging: Wat zou je willen veranderen?", "Evaluatie evenement:
// Wat kan er beter?", "Intake form: How did you handle bills before?").
var promptWords = []string{"survey", "questionnaire", "enquête", "enquete", "vragenlijst", "опрос", "анкета", "nps",
	"raadpleging", "evaluatie", "evaluation", "onderzoek", "peiling", "intake", "poll", "feedback", "анкетирован"}

// clean reports whether Normalize would return s unchanged: valid, NFC, no
// control characters, no HTML, single inner spaces, nothing to trim.
func clean(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	ascii, markup := true, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !cleanStop[c] {
			continue
		}
		switch {
		case c >= utf8.RuneSelf:
			ascii = false
		case c < ' ' || c == 0x7f:
			return false
		case c == ' ' && s[i+1] == ' ': // s does not end in a space
			return false
		case c == '<' || c == '&':
			markup = true
		case c == '{' || c == '[' || c == '(':
			if nonSpeechAt(s[i:]) > 0 {
				return false
			}
		}
	}
	if markup && looksHTML(s) {
		return false
	}
	if ascii {
		return true
	}
	rc, inert := classes(), true
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if rc.plain(r) {
			continue
		}
		if r == utf8.RuneError && size == 1 || unicode.IsSpace(r) || dropRune(r) {
			return false
		}
		inert = false // a plain rune is one that is inert and kept
	}
	return inert || norm.NFC.QuickSpanString(s) == len(s)
}

// nfcInertString reports whether every rune of s is NFC-inert, which makes
// s NFC: the NFC quick check is then a definite yes.
func nfcInertString(s string) bool {
	rc := classes()
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !rc.inert(r) {
			return false
		}
		i += size
	}
	return true
}

// runeClasses are bitmaps over the blocks that hold nearly all non-ASCII
// runes of our texts (Latin, Greek, Cyrillic, punctuation, currency, emoji):
//
//   - NFC-inert runes have NFC quick check Yes and combining class 0, so no
//     neighbour composes or reorders with them: text of such runes is NFC
//     without the NFC quick check (which ran at ~30 MB/s on Russian text);
//   - plain runes are NFC-inert, not whitespace and not dropped: clean and
//     fold keep them as they are.
//
// A rune outside the blocks is neither and takes the general path. The
// bitmaps come from x/text's and unicode's own tables, so they follow them.
type runeClasses struct {
	inertBits, plainBits [len(classBlocks)][]uint64
}

var classBlocks = [...][2]rune{{0x80, 0x3000}, {0x1F000, 0x1FC00}}

var classes = sync.OnceValue(func() *runeClasses {
	rc := &runeClasses{}
	for b, blk := range classBlocks {
		n := (blk[1] - blk[0] + 63) / 64
		rc.inertBits[b], rc.plainBits[b] = make([]uint64, n), make([]uint64, n)
		for r := blk[0]; r < blk[1]; r++ {
			k := r - blk[0]
			if isNFCInert(r) {
				rc.inertBits[b][k/64] |= 1 << (k % 64)
				if !unicode.IsSpace(r) && !dropRune(r) {
					rc.plainBits[b][k/64] |= 1 << (k % 64)
				}
			}
		}
	}
	return rc
})

func (rc *runeClasses) inert(r rune) bool { return classBit(&rc.inertBits, r) }
func (rc *runeClasses) plain(r rune) bool { return classBit(&rc.plainBits, r) }

func classBit(bits *[len(classBlocks)][]uint64, r rune) bool {
	for b, blk := range classBlocks {
		if r >= blk[0] && r < blk[1] {
			k := r - blk[0]
			return bits[b][k/64]&(1<<(k%64)) != 0
		}
	}
	return false
}

func isNFCInert(r rune) bool {
	if !utf8.ValidRune(r) {
		return false // surrogates
	}
	s := string(r)
	p := norm.NFC.PropertiesString(s)
	return p.CCC() == 0 && p.BoundaryBefore() && norm.NFC.QuickSpanString(s) == len(s)
}

// cleanStop marks the bytes clean's switch acts on; skipping the others (most
// letters) with one lookup makes its scan about twice as fast.
var cleanStop = func() (t [256]bool) {
	for c := range t {
		t[c] = c >= utf8.RuneSelf || c <= ' ' || c == 0x7f || c == '<' || c == '&' || c == '{' || c == '[' || c == '('
	}
	return t
}()

// nonSpeechWords are the annotations transcripts put in {}, [] or () for
// what is not speech: AMI/QMSum's {vocalsound}, {disfmarker}, {gap}; the
// [laughter], [inaudible], (crosstalk) of transcription services; their
// Dutch and Russian counterparts. The list is explicit and short on purpose:
// a word in brackets is otherwise the speaker's ("(export)", "[urgent]").
// Matching ignores case and spaces inside the brackets.
var nonSpeechWords = []string{
	"vocalsound", "nonvocalsound", "disfmarker", "gap", "pause",
	"laughter", "laughs", "laughing", "inaudible", "unintelligible", "crosstalk", "silence", "cough", "coughs",
	"gelach", "lacht", "onverstaanbaar", "stilte", "pauze",
	"смех", "смеётся", "неразборчиво", "пауза",
}

// maxNonSpeech is the longest bracketed annotation nonSpeechAt looks at,
// in bytes, brackets included.
const maxNonSpeech = 32

// nonSpeechAt returns the length of the non-speech annotation s starts
// with, or 0.
func nonSpeechAt(s string) int {
	var closing byte
	switch s[0] {
	case '{':
		closing = '}'
	case '[':
		closing = ']'
	case '(':
		closing = ')'
	default:
		return 0
	}
	end := strings.IndexByte(s[1:min(len(s), maxNonSpeech)], closing)
	if end < 0 {
		return 0
	}
	word := strings.TrimSpace(s[1 : 1+end])
	for _, w := range nonSpeechWords {
		if strings.EqualFold(word, w) {
			return end + 2
		}
	}
	return 0
}

// stripNonSpeech replaces each non-speech annotation in s by a space (fold
// then joins the words around it); s itself when there is none. It repeats
// until none is left, as removing one can close another ("((gap)gap)").
func stripNonSpeech(s string) string {
	for {
		t, changed := stripNonSpeechOnce(s)
		if !changed {
			return s
		}
		s = t
	}
}

func stripNonSpeechOnce(s string) (string, bool) {
	var b strings.Builder
	done := 0 // s[:done] is in b
	for i := 0; i < len(s); {
		j := strings.IndexAny(s[i:], "{[(")
		if j < 0 {
			break
		}
		i += j
		n := nonSpeechAt(s[i:])
		if n == 0 {
			i++
			continue
		}
		if b.Len() == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[done:i])
		b.WriteByte(' ')
		i += n
		done = i
	}
	if done == 0 {
		return s, false
	}
	b.WriteString(s[done:])
	return b.String(), true
}

// looksHTML reports whether s has a tag or an entity.
func looksHTML(s string) bool {
	for i := 0; i < len(s)-1; i++ {
		switch s[i] {
		case '<':
			c := s[i+1]
			if (c|0x20 >= 'a' && c|0x20 <= 'z' || c == '/' || c == '!') && strings.IndexByte(s[i+2:], '>') >= 0 {
				return true
			}
		case '&':
			if entityAt(s[i+1:]) {
				return true
			}
		}
	}
	return false
}

// entityAt reports whether s starts with the body of an entity: name;, #123;
// or #x1F;, up to 32 bytes.
func entityAt(s string) bool {
	n := 0
	hex := false
	if len(s) > 0 && s[0] == '#' {
		s = s[1:]
		if len(s) > 0 && (s[0] == 'x' || s[0] == 'X') {
			s, hex = s[1:], true
		}
		for n < len(s) && n < 32 && (s[n] >= '0' && s[n] <= '9' || hex && (s[n]|0x20 >= 'a' && s[n]|0x20 <= 'f')) {
			n++
		}
	} else {
		for n < len(s) && n < 32 && (s[n]|0x20 >= 'a' && s[n]|0x20 <= 'z' || n > 0 && s[n] >= '0' && s[n] <= '9') {
			n++
		}
	}
	return n > 0 && n < len(s) && s[n] == ';'
}

// paragraph marks a block boundary in stripHTML's output; fold turns any
// run of whitespace that holds a blank line into one "\n".
const paragraph = "\n\n"

// blockTags end a paragraph when they open or close.
var blockTags = map[atom.Atom]bool{
	atom.Br: true, atom.P: true, atom.Div: true, atom.Li: true, atom.Ul: true, atom.Ol: true,
	atom.Tr: true, atom.Table: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Blockquote: true, atom.Pre: true, atom.Hr: true,
	atom.Dt: true, atom.Dd: true, atom.Section: true, atom.Article: true, atom.Header: true,
	atom.Footer: true, atom.Title: true, atom.Body: true, atom.Html: true,
}

func stripHTML(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	z := html.NewTokenizer(strings.NewReader(s))
	skip := 0 // depth inside <script> or <style>
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return b.String() // io.EOF: a strings.Reader has no other error
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch {
			case a == atom.Script || a == atom.Style:
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
			case blockTags[a]:
				b.WriteString(paragraph)
			case a == atom.Td || a == atom.Th:
				b.WriteByte(' ')
			}
		}
	}
}

// dropRune reports whether r is removed outright: controls other than
// whitespace, zero-width spaces, soft hyphens, byte-order marks.
func dropRune(r rune) bool {
	switch r {
	case '\u200B', '\u2060', '\uFEFF', '\u00AD':
		return true
	}
	return unicode.IsControl(r) && !unicode.IsSpace(r)
}

// fold folds whitespace, drops unwanted runes and trims. A whitespace run
// holding two or more line breaks, or one line break before a list marker,
// becomes "\n"; any other run becomes " ".
//
// Runs of runes that fold keeps as they are (most of the text) are copied
// whole; FuzzFold holds it equal to the rune-by-rune definition, foldRunes.
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	breaks, space := 0, false
	line := 0 // where the source's current line starts in b
	rc := classes()
	for i := 0; i < len(s); {
		j := keptRun(rc, s, i)
		size := j - i
		var r rune
		if j == i { // one rune to fold, drop, or replace
			r, size = utf8.DecodeRuneInString(s[i:])
			invalid := false
			switch {
			case r == '\r' && i+1 < len(s) && s[i+1] == '\n':
				// \r\n is one line break: the \n counts it
			case r == '\r' || r == '\n' || r == '\u2028' || r == '\u0085':
				breaks, space = breaks+1, true
			case r == '\u2029':
				breaks, space = breaks+2, true
			case unicode.IsSpace(r):
				space = true
			case dropRune(r):
			default:
				invalid = true // an invalid byte, kept as U+FFFD
			}
			if !invalid {
				i += size
				continue
			}
		}
		if space && b.Len() > 0 {
			if breaks >= 2 || breaks == 1 && (listMarker(s[i:]) || headLine(b.String()[line:])) {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
			if breaks > 0 {
				line = b.Len()
			}
		}
		breaks, space = 0, false
		if j == i {
			b.WriteRune(r)
		} else {
			b.WriteString(s[i:j])
		}
		i += size
	}
	return b.String()
}

// keptRun returns the end of the run of runes from s[i] that fold copies as
// they are: valid, not whitespace, not dropped.
func keptRun(rc *runeClasses, s string, i int) int {
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if c <= ' ' || c == 0x7f {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !rc.plain(r) && (r == utf8.RuneError && size == 1 || unicode.IsSpace(r) || dropRune(r)) {
			return i
		}
		i += size
	}
	return i
}

// listMarker reports whether s starts a list item: "- ", "* ", "• ", "1. ",
// headLine reports whether a line ended by a single line break stands on
// its own, although it has no full stop: an e-mail's subject line
// ("Subject: Refund", "Onderwerp: retour", "Тема: возврат") or a short
// greeting or closing ("Hi,", "Beste Linde,", "Здравствуйте!", "Thanks,").
// Other single line breaks are hard wraps inside a sentence and fold to a
// space.
func headLine(line string) bool {
	for _, p := range subjectLabels {
		if len(line) > len(p) && strings.EqualFold(line[:len(p)], p) {
			return true
		}
	}
	if !strings.HasSuffix(line, ",") && !strings.HasSuffix(line, "!") {
		return false
	}
	words := strings.Fields(strings.TrimRight(line, ",!"))
	if len(words) == 0 || len(words) > 4 {
		return false
	}
	return salutations[strings.ToLower(strings.Trim(words[0], ",!"))]
}

var subjectLabels = []string{"Subject:", "Onderwerp:", "Betreft:", "Тема:", "Re:", "Fwd:", "Fw:"}

// salutations open a greeting or closing line.
var salutations = map[string]bool{
	"hi": true, "hello": true, "hey": true, "dear": true, "morning": true, "good": true, "thanks": true, "thank": true,
	"regards": true, "best": true, "cheers": true, "kind": true, "sincerely": true,
	"hoi": true, "hallo": true, "beste": true, "geachte": true, "goedemorgen": true, "goedemiddag": true, "goedenavond": true,
	"dag": true, "groet": true, "groeten": true, "groetjes": true, "met": true, "bedankt": true, "dank": true, "mvg": true, "gr": true,
	"здравствуйте": true, "добрый": true, "привет": true, "спасибо": true, "с": true, "уважаемый": true, "уважаемая": true, "всего": true,
}

// "2) ".
func listMarker(s string) bool {
	if strings.HasPrefix(s, "- ") || strings.HasPrefix(s, "* ") || strings.HasPrefix(s, "• ") {
		return true
	}
	n := 0
	for n < len(s) && n < 3 && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n > 0 && n+1 < len(s) && (s[n] == '.' || s[n] == ')') && s[n+1] == ' '
}
