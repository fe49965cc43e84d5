package ingest

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// newText returns the part of an e-mail body its sender wrote for this
// message: quoted replies, forwarded messages, signatures, mobile footers,
// mailing-list and legal footers are removed, because only the sender's own
// words are evidence and a quoted message would be counted once per reply.
//
// Rules, in this order (all work on lines; a line starting with '>' is
// quoted and never a marker itself):
//  1. Everything from the first of these markers to the end is cut:
//     "-----Original Message-----" and its translations ("Oorspronkelijk
//     bericht", "Ursprüngliche Nachricht", forwarded-message lines); an
//     Outlook header block (at least two of From/Sent/Date/To/Subject/Cc
//     lines, in English, Dutch, German, French or Russian, one of them
//     From/Van/Von/De/От), with the separator line above it; a reply header
//     ("On … wrote:", "Op … schreef …:", "Am … schrieb …:", "… написал:",
//     over up to three lines) that is not followed by '>' lines (an
//     unquoted copy follows); a "-- " or "--" signature line; a mobile
//     footer ("Sent from my iPhone", "Verzonden vanaf mijn iPhone",
//     "Verstuurd vanaf mijn …", "Von meinem … gesendet", "Sent with …",
//     "Get Outlook for …"), not a sentence that happens to start so ("Sent
//     from my desk, is …"); a separator line of underscores (Outlook,
//     mailing-list footers); a separator line of dashes or '=' with at most
//     20 short lines after it; a legal or confidentiality notice.
//  2. '>' lines and reply headers followed by them are removed (this keeps
//     the sender's text of bottom-posted and inline replies).
//  3. A sign-off line ("Met vriendelijke groet", "Groet,", "Kind regards",
//     "Best regards", "Regards,", "Cheers,", "Thanks,", "Thank you,", …)
//     followed by at most 6 short lines is cut with what follows; so are a
//     trailing "-Name" line, a trailing name block (a name line, then at
//     most 5 short contact lines: e-mail, phone, URL, "via mobile"), a last
//     line that is only a name, and a left-over attribution line of a quote
//     that HTML markup removal took away ("… <a@b.c>:"). None of these is
//     cut when nothing would be left before it.
func newText(body string) string {
	lines := strings.Split(tidyText(body), "\n")
	lines = cutAtMarker(lines)
	lines = dropQuoted(lines)
	lines = trimTrailingBlank(lines)
	lines = cutSignature(lines)
	return tidyText(strings.Join(lines, "\n"))
}

var (
	origMsgRe = regexp.MustCompile(`(?i)^\s*[-=_]*\s*(original message|oorspronkelijk bericht|origineel bericht|ursprüngliche nachricht|message d'origine|forwarded message|doorgestuurd bericht|weitergeleitete nachricht|исходное сообщение|пересылаемое сообщение)\s*[-=_]*\s*$|(?i)^\s*(begin forwarded message|begin doorgestuurd bericht|anfang der weitergeleiteten nachricht)\s*:`)
	// outlookKeyRe is one line of an Outlook header block, with the bold
	// asterisks plain-text conversions leave around the key.
	outlookKeyRe  = regexp.MustCompile(`(?i)^\s*\*?(from|van|von|de|от|sent|verzonden|gesendet|envoyé|отправлено|date|datum|дата|to|aan|an|à|кому|subject|onderwerp|betreff|objet|тема|cc|bcc|reply-to)\*?\s*:`)
	outlookFromRe = regexp.MustCompile(`(?i)^\s*\*?(from|van|von|de|от)\*?\s*:`)
	separatorRe   = regexp.MustCompile(`^\s*([-=_*])(\s*[-=_*]){9,}\s*$`)
	underscoreRe  = regexp.MustCompile(`^\s*_{10,}\s*$`)
	sigDashRe     = regexp.MustCompile(`^--\s*$`)
	mobileRe      = regexp.MustCompile(`(?i)^\s*(sent from my .{1,50}|sent from (mail|outlook|yahoo mail|gmail|samsung|my) .{0,40}|sent from (mail|outlook|yahoo mail|gmail)|sent with .{1,80}|sent via .{1,50}|get outlook for .{1,30}|verzonden (vanaf|met|via) (mijn )?.{1,40}|verstuurd (vanaf|met|via) (mijn )?.{1,40}|von meinem .{1,40} gesendet|gesendet von .{1,40}|envoyé de mon .{1,40}|отправлено с .{1,40})\s*$`)
	legalRe       = regexp.MustCompile(`(?i)^\s*(this (e-?mail|message|communication)( and any (attachments?|files)( transmitted with it)?)? (is|are|may be|contains?) .{0,40}(confidential|privileged|intended)|confidentiality notice|confidential(ity)?:|disclaimer:|dit (e-?mail)?bericht (is|kan) .{0,30}(vertrouwelijk|uitsluitend|alleen)|de informatie (verzonden )?(met|in) dit (e-?mail)?bericht|aan dit (e-?mail)?bericht kunnen geen rechten|diese (e-?mail|nachricht) (enthält|ist) vertraulich)`)
	// replyVerbRe finds the verb of a reply header.
	replyVerbRe = regexp.MustCompile(`(?i)(\b(wrote|schreef|schrieb|geschreven|geschrieben|scrisse)\b|a écrit|\bescribió|написал[аи]?|пишет)[^:]{0,100}:\s*$`)
	// replyStartRe is how a reply header starts: a lead word or a date.
	replyStartRe = regexp.MustCompile(`(?i)^\s*(-{2,}\s*)?(on|op|am|le|el|il|em|w dniu)\s|^\s*\d`)
	signOffs     = makeSet("met vriendelijke groet", "met vriendelijke groeten", "vriendelijke groet", "vriendelijke groeten",
		"hartelijke groet", "hartelijke groeten", "groet", "groeten", "mvg", "gr", "kind regards", "best regards", "warm regards",
		"warmest regards", "kindest regards", "regards", "cheers", "thanks", "thank you", "many thanks", "thanks again",
		"thanks in advance", "best", "best wishes", "all the best", "sincerely", "yours sincerely", "yours truly",
		"mit freundlichen grüßen", "mit freundlichen grüssen", "viele grüße", "liebe grüße", "beste grüße", "gruß",
		"cordialement", "bien à vous", "с уважением", "спасибо", "alvast bedankt", "bedankt", "dank je", "dank u", "dank je wel", "dank u wel")
	contactRe = regexp.MustCompile(`(?i)[^\s@]+@[^\s@]+\.\w+|\+?\d[\d ().-]{6,}\d|https?://|www\.|\bvia mobile\b|^(t|tel|m|mob|mobile|f|fax|e|skype)[.:]`)
)

func quoted(l string) bool { return strings.HasPrefix(strings.TrimLeft(l, " \t"), ">") }

func blank(l string) bool { return strings.TrimSpace(l) == "" }

// replyHeader reports whether a reply header ("On … wrote:") starts at
// line i, and how many lines it spans. Without lead, a header need not
// start with a lead word or date ("Jan Jansen wrote:"): safe only when
// quoted lines follow.
func replyHeader(lines []string, i int, lead bool) (int, bool) {
	if quoted(lines[i]) {
		return 0, false
	}
	span := 3
	if !replyStartRe.MatchString(lines[i]) {
		if lead {
			return 0, false
		}
		span = 1
	}
	joined := ""
	for k := 0; k < span && i+k < len(lines); k++ {
		l := lines[i+k]
		if blank(l) || (k > 0 && quoted(l)) {
			break
		}
		joined = strings.TrimSpace(joined + " " + strings.TrimSpace(l))
		if len(joined) > 400 {
			break
		}
		if replyVerbRe.MatchString(joined) {
			return k + 1, true
		}
	}
	return 0, false
}

// followedByQuote reports whether the first non-blank line from i is quoted.
func followedByQuote(lines []string, i int) bool {
	for ; i < len(lines); i++ {
		if !blank(lines[i]) {
			return quoted(lines[i])
		}
	}
	return false
}

// outlookBlock reports whether an Outlook header block starts at line i.
func outlookBlock(lines []string, i int) bool {
	if quoted(lines[i]) || !outlookKeyRe.MatchString(lines[i]) {
		return false
	}
	keys, from := 0, false
	for j := i; j < len(lines) && j < i+8; j++ {
		l := lines[j]
		if blank(l) {
			if keys > 0 && j+1 < len(lines) && outlookKeyRe.MatchString(lines[j+1]) {
				continue // some clients put blank lines between the fields
			}
			break
		}
		if !outlookKeyRe.MatchString(l) {
			break
		}
		keys++
		from = from || outlookFromRe.MatchString(l)
	}
	return keys >= 2 && from
}

// cutAtMarker applies rule 1.
func cutAtMarker(lines []string) []string {
	for i, l := range lines {
		if quoted(l) {
			continue
		}
		t := strings.TrimSpace(l)
		switch {
		case origMsgRe.MatchString(l), underscoreRe.MatchString(l), legalRe.MatchString(l),
			sigDashRe.MatchString(strings.TrimRight(l, " \t")) && strings.HasPrefix(l, "--"):
			return lines[:i]
		case mobileRe.MatchString(l) && !strings.Contains(t, ", "):
			return lines[:i]
		case outlookBlock(lines, i):
			return lines[:separatorAbove(lines, i)]
		case separatorRe.MatchString(l) && shortTail(lines[i+1:], 20):
			return lines[:i]
		}
		if n, ok := replyHeader(lines, i, true); ok && !followedByQuote(lines, i+n) {
			return lines[:i]
		}
	}
	return lines
}

// separatorAbove returns where to cut for a block starting at i: at a
// separator line just above it (blank lines between allowed), else at i.
func separatorAbove(lines []string, i int) int {
	for j := i - 1; j >= 0; j-- {
		if blank(lines[j]) {
			continue
		}
		if separatorRe.MatchString(lines[j]) || strings.Trim(strings.TrimSpace(lines[j]), "-_") == "" {
			return j
		}
		break
	}
	return i
}

// shortTail reports whether lines hold at most max non-blank lines of at
// most 100 characters (a signature or footer, not a message).
func shortTail(lines []string, max int) bool {
	n := 0
	for _, l := range lines {
		if blank(l) {
			continue
		}
		n++
		if n > max || utf8.RuneCountInString(l) > 100 {
			return false
		}
	}
	return true
}

// dropQuoted applies rule 2.
func dropQuoted(lines []string) []string {
	out := make([]string, 0, len(lines))
	for i := 0; i < len(lines); i++ {
		if quoted(lines[i]) {
			continue
		}
		if n, ok := replyHeader(lines, i, false); ok && followedByQuote(lines, i+n) {
			i += n - 1
			continue
		}
		out = append(out, lines[i])
	}
	return out
}

func trimTrailingBlank(lines []string) []string {
	for len(lines) > 0 && blank(lines[len(lines)-1]) {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// hasContent reports whether lines hold any non-blank line.
func hasContent(lines []string) bool {
	for _, l := range lines {
		if !blank(l) {
			return true
		}
	}
	return false
}

var signOffTrim = " \t,.!:;-–—"

// signOffLine reports whether l is a sign-off, alone or followed by a name
// on the same line ("Groet, Jan").
func signOffLine(l string) bool {
	k := strings.ToLower(strings.Trim(strings.TrimSpace(l), signOffTrim))
	if signOffs[k] {
		return true
	}
	if before, after, ok := strings.Cut(k, ","); ok && signOffs[strings.TrimSpace(before)] {
		name := strings.TrimSpace(after)
		return name != "" && len(strings.Fields(name)) <= 3
	}
	return false
}

// nameLine reports whether l reads as a person's name alone (with a title
// after a comma: "John E. Doe, Ph.D.").
func nameLine(l string) bool {
	t := strings.TrimSpace(l)
	if before, _, ok := strings.Cut(t, ","); ok {
		t = before
	}
	if t == "" || utf8.RuneCountInString(t) > 40 || len(strings.Fields(t)) > 4 || strings.ContainsAny(t, "!?:;\"()<>@/") {
		return false
	}
	for _, r := range t {
		if unicode.IsDigit(r) {
			return false
		}
	}
	return nameLike(t)
}

// cutSignature applies rule 3.
func cutSignature(lines []string) []string {
	for i, l := range lines {
		if signOffLine(l) && hasContent(lines[:i]) && shortTail(lines[i+1:], 6) {
			return trimTrailingBlank(lines[:i])
		}
	}
	// A trailing attribution line whose quote was removed with its markup.
	if n := len(lines); n > 1 {
		last := strings.TrimSpace(lines[n-1])
		if strings.HasSuffix(last, ":") && strings.Contains(last, "@") && hasContent(lines[:n-1]) {
			lines = trimTrailingBlank(lines[:n-1])
		}
	}
	// "-Name" as the last line.
	if n := len(lines); n > 1 {
		last := strings.TrimSpace(lines[n-1])
		if strings.HasPrefix(last, "-") && !strings.HasPrefix(last, "--") && nameLine(strings.TrimPrefix(last, "-")) &&
			!strings.HasPrefix(last, "- ") && hasContent(lines[:n-1]) {
			lines = trimTrailingBlank(lines[:n-1])
		}
	}
	// A trailing name block: the last paragraph is a name line and a few
	// contact lines.
	start := len(lines)
	for start > 0 && !blank(lines[start-1]) {
		start--
	}
	if block := lines[start:]; start > 0 && len(block) > 0 && len(block) <= 6 && nameLine(block[0]) && shortTail(block, 6) && hasContent(lines[:start]) {
		contact := len(block) == 1
		for _, l := range block[1:] {
			contact = contact || contactRe.MatchString(strings.TrimSpace(l))
		}
		if contact || len(block) == 2 {
			return trimTrailingBlank(lines[:start])
		}
	}
	// A last line that is only a name, under other text.
	if n := len(lines); n > 1 && nameLine(lines[n-1]) && len(strings.Fields(lines[n-1])) <= 3 && hasContent(lines[:n-1]) {
		return trimTrailingBlank(lines[:n-1])
	}
	return lines
}
