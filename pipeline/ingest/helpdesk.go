package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"jobminer/pipeline/record"
)

// Helpdesk JSON exports (Zendesk, Intercom, Freshdesk) share this file: the
// stream of top-level JSON values they come in, small accessors for decoded
// objects, HTML bodies and their date forms. CSV exports from these tools
// (and from Jira and HubSpot) need no code of their own: they are read by
// the CSV reader through the aliases in fields.go.
//
// Memory: one top-level JSON value is held whole, so a bulk export that
// wraps every ticket in one object ({"tickets": [...]}) is held whole; the
// one-ticket-per-line (JSONL) exports stream.

// jsonValues calls each for every top-level JSON value of r (a JSON array's
// elements, concatenated or one-per-line objects) with the line it starts
// on. A syntax error rejects the rest of the file at its line, as readJSON
// does; values before it are kept.
func jsonValues(r io.Reader, in Input, emit func(Item), each func(v any, line int)) error {
	reject := func(line int, reason string) {
		emit(Item{Reject: &record.Reject{Source: record.Source{File: in.Rel, Line: line}, Reason: reason}})
	}
	in0 := bufio.NewReaderSize(r, headSize)
	if head, _ := in0.Peek(headSize); oneObjectPerLine(head) {
		return jsonLineValues(in0, in, emit, each)
	}
	lc := &lineCounter{r: in0}
	br := bufio.NewReader(lc)
	dec := json.NewDecoder(br)
	dec.UseNumber()
	array := false
	if c, err := firstNonSpace(br); err == nil && c == '[' {
		if _, err := dec.Token(); err != nil {
			reject(lc.lineAt(dec.InputOffset()), "invalid JSON: "+err.Error())
			return nil
		}
		array = true
	}
	for {
		if array && !dec.More() {
			break
		}
		start := nextValueOffset(dec)
		var v any
		err := dec.Decode(&v)
		if err == io.EOF && !array {
			break
		}
		if err != nil {
			if !isSyntax(err) {
				return err
			}
			reject(lc.lineAt(nextValueOffset(dec)), fmt.Sprintf("invalid JSON: %v; the rest of the file is skipped", err))
			return nil
		}
		each(v, lc.lineAt(start))
	}
	if array {
		if _, err := dec.Token(); err != nil {
			reason := "invalid JSON: " + err.Error()
			if err == io.EOF {
				reason = "invalid JSON: the file ends before the array is closed"
			}
			reject(lc.lineAt(dec.InputOffset()), reason)
		}
	}
	return nil
}

// oneObjectPerLine reports whether head starts with a whole JSON object on
// its first line: JSONL, read line by line so a bad line costs only itself.
func oneObjectPerLine(head []byte) bool {
	lines := nonBlankLines(head, 1)
	if len(lines) == 0 {
		return false
	}
	l := bytes.TrimSpace(lines[0])
	return l[0] == '{' && l[len(l)-1] == '}' && json.Valid(l)
}

// jsonLineValues is jsonValues for JSONL: each non-blank line is one value;
// a line that is not JSON or too long is a Reject and reading goes on.
func jsonLineValues(r io.Reader, in Input, emit func(Item), each func(v any, line int)) error {
	lr := newLineReader(r, maxLine)
	for {
		line, tooLong, err := lr.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if tooLong {
			emit(rejectAt(in, lr.n, errLineTooLong.Error()))
			continue
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			emit(rejectAt(in, lr.n, "invalid JSON: "+err.Error()))
			continue
		}
		if _, err := dec.Token(); err != io.EOF {
			emit(rejectAt(in, lr.n, "invalid JSON: more text after the first value"))
			continue
		}
		each(v, lr.n)
	}
}

// jmap is a decoded JSON object.
type jmap = map[string]any

// obj returns m[key] as an object (nil when absent or not an object).
func obj(m jmap, key string) jmap {
	o, _ := m[key].(jmap)
	return o
}

// list returns m[key] as an array (nil when absent or not an array).
func list(m jmap, key string) []any {
	a, _ := m[key].([]any)
	return a
}

// str returns the first of keys in m that holds a non-empty scalar, as a
// clean string.
func str(m jmap, keys ...string) string {
	for _, k := range keys {
		if s, ok := scalar(m[k]); ok {
			if s = strings.TrimSpace(clean(s)); s != "" {
				return s
			}
		}
	}
	return ""
}

// has reports whether m has all the keys.
func has(m jmap, keys ...string) bool {
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			return false
		}
	}
	return true
}

// helpdeskLayouts are date forms of helpdesk payloads that parseTime does
// not know ("February 3, 2025", "Feb 3, 2025, 19:59").
var helpdeskLayouts = []string{
	"January 2, 2006, 15:04", "Jan 2, 2006, 15:04", "January 2, 2006 15:04", "Jan 2, 2006 15:04",
	"January 2, 2006", "Jan 2, 2006", "2006-01-02 15:04:05 MST", "2006-01-02 15:04:05 -0700",
}

// helpdeskTime reads a timestamp from a JSON value: epoch seconds or
// milliseconds, or a date string in any form parseTime or helpdeskLayouts
// know. The zero time when it cannot.
func helpdeskTime(v any) time.Time {
	s, _ := scalar(v)
	s = strings.TrimSpace(s)
	if s == "" || s == "0" {
		return time.Time{}
	}
	if t := parseTime(s); !t.IsZero() {
		return t
	}
	for _, l := range helpdeskLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

// looksHTML reports whether s is markup rather than plain text: it has a
// tag that HTML bodies use.
var htmlTagRe = regexp.MustCompile(`(?i)<(p|div|br|span|html|body|a|b|i|strong|em|ul|ol|li|table|td|tr|blockquote|h[1-6]|img|font|pre|hr)\b[^>]*>|</(p|div|span|a|b|i|strong|em|li|td|blockquote|font)>`)

func looksHTML(s string) bool { return htmlTagRe.MatchString(s) }

// bodyText returns a helpdesk body as plain text: HTML is reduced to text,
// plain text is kept; both are trimmed, with line ends normalised.
func bodyText(s string) string {
	if looksHTML(s) {
		return htmlToText(s, false)
	}
	return tidyText(s)
}

// htmlToText renders HTML as plain text: block elements and <br> break
// lines, <hr> becomes a separator line, scripts, styles and the head are
// dropped, entities are decoded. With dropQuotes, the quoted part of an
// e-mail reply is dropped too (blockquote and the containers mail clients
// put a quoted message in).
func htmlToText(s string, dropQuotes bool) string {
	root, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return tidyText(s)
	}
	var b strings.Builder
	var walk func(n *html.Node, pre bool)
	walk = func(n *html.Node, pre bool) {
		switch n.Type {
		case html.TextNode:
			if pre {
				b.WriteString(n.Data)
			} else {
				b.WriteString(collapseSpace(n.Data))
			}
			return
		case html.CommentNode, html.DoctypeNode:
			return
		case html.ElementNode:
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Head, atom.Title, atom.Template, atom.Noscript, atom.Object, atom.Xmp:
				return
			case atom.Br:
				b.WriteString("\n")
				return
			case atom.Hr:
				b.WriteString("\n\n" + strings.Repeat("-", 16) + "\n\n")
				return
			case atom.Img:
				return
			}
			if dropQuotes && quoteContainer(n) {
				return
			}
		}
		block := n.Type == html.ElementNode && blockElement(n.DataAtom)
		if block {
			b.WriteString("\n")
		}
		if n.DataAtom == atom.P {
			b.WriteString("\n")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, pre || n.DataAtom == atom.Pre)
		}
		if block {
			b.WriteString("\n")
		}
		if n.DataAtom == atom.P {
			b.WriteString("\n")
		}
	}
	walk(root, false)
	return tidyText(tidyHTMLLines(b.String()))
}

func blockElement(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Li, atom.Tr, atom.Table, atom.Ul, atom.Ol, atom.Pre, atom.Blockquote,
		atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Section, atom.Article, atom.Header,
		atom.Footer, atom.Dl, atom.Dt, atom.Dd, atom.Address, atom.Center, atom.Body, atom.Html:
		return true
	}
	return false
}

// quoteContainer reports whether n holds the quoted message of a reply in
// the markup of a known mail client.
func quoteContainer(n *html.Node) bool {
	if n.DataAtom == atom.Blockquote {
		return true
	}
	for _, a := range n.Attr {
		v := strings.ToLower(a.Val)
		switch strings.ToLower(a.Key) {
		case "class":
			for _, c := range strings.Fields(v) {
				switch c {
				case "gmail_quote", "yahoo_quoted", "moz-cite-prefix", "protonmail_quote", "zmail_extra", "ecxgmail_quote", "x_gmail_quote":
					return true
				}
			}
		case "id":
			switch v {
			case "divrplyfwdmsg", "olk_src_body_section", "appendonsend", "x_divrplyfwdmsg":
				return true
			}
		}
	}
	return false
}

var spaceRunRe = regexp.MustCompile(`[ \t\r\n\f]+`)

// collapseSpace collapses HTML whitespace runs to one space.
func collapseSpace(s string) string { return spaceRunRe.ReplaceAllString(s, " ") }

// tidyText normalises line ends, trims spaces at line ends (and the leading
// space a collapsed HTML text run leaves), collapses runs of blank lines to
// one and trims blank lines at both ends.
func tidyText(s string) string {
	s = clean(s)
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	lines := strings.Split(s, "\n")
	out := lines[:0]
	blank := false
	for _, l := range lines {
		l = strings.TrimRight(l, " \t\u00a0")
		if strings.TrimSpace(l) == "" {
			blank = len(out) > 0
			continue
		}
		if blank {
			out = append(out, "")
			blank = false
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// tidyHTMLLines trims the single leading space HTML text nodes leave at a
// line start; indentation of plain text is kept by tidyText.
func tidyHTMLLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimLeft(l, " ")
	}
	return strings.Join(lines, "\n")
}

// --- Freshdesk ---

// readFreshdesk reads Freshdesk tickets as JSON: API ticket objects (one per
// line, an array, or {"tickets": [...]}) with optional "conversations", and
// the "freshdesk_webhook" payload. One ticket = one Document: the
// description (said by the requester: customer) and each public
// conversation entry with a body (customer when its user is the requester
// or it is incoming, else agent). Private notes are left out: they are not
// said to the customer. The subject is not an utterance (see csv.go).
func readFreshdesk(r io.Reader, in Input, opts Options, emit func(Item)) error {
	return jsonValues(r, in, emit, func(v any, line int) {
		reject := func(reason string) {
			emit(Item{Reject: &record.Reject{Source: record.Source{File: in.Rel, Line: line}, Reason: reason}})
		}
		m, ok := v.(jmap)
		if !ok {
			reject(fmt.Sprintf("JSON %s, not a Freshdesk ticket object", jsonKind(v)))
			return
		}
		var tickets []any
		switch {
		case obj(m, "freshdesk_webhook") != nil:
			tickets = []any{webhookTicket(obj(m, "freshdesk_webhook"))}
		case list(m, "tickets") != nil:
			tickets = list(m, "tickets")
		default:
			tickets = []any{m}
		}
		for _, t := range tickets {
			tm, ok := t.(jmap)
			if !ok {
				reject(fmt.Sprintf("JSON %s in the tickets, not a ticket object", jsonKind(t)))
				continue
			}
			if d, bad := freshdeskTicket(tm, in, line); bad != "" {
				reject(bad)
			} else {
				emit(Item{Doc: d})
			}
		}
	})
}

// webhookTicket turns the flat fields of a Freshdesk webhook payload
// (ticket_id, ticket_description, requester_name, ...) into the API shape.
func webhookTicket(w jmap) jmap {
	t := jmap{}
	for k, v := range w {
		t[strings.TrimPrefix(k, "ticket_")] = v
	}
	t["requester"] = jmap{"name": w["requester_name"], "email": w["requester_email"]}
	return t
}

func freshdeskTicket(t jmap, in Input, line int) (*record.Document, string) {
	id := str(t, "id")
	d := &record.Document{
		Source:    record.Source{File: in.Rel, Line: line, RecordID: id},
		Format:    "freshdesk",
		Channel:   record.Ticket,
		CreatedAt: helpdeskTime(t["created_at"]),
		UpdatedAt: helpdeskTime(t["updated_at"]),
	}
	req := obj(t, "requester")
	reqID := str(t, "requester_id")
	requester := str(req, "name", "email")
	if requester == "" {
		requester = str(t, "requester_name", "requester_email", "email")
	}
	if requester == "" {
		requester = reqID
	}
	d.CustomerID = reqID
	if d.CustomerID == "" {
		d.CustomerID = str(req, "email")
	}
	desc := str(t, "description_text")
	if desc == "" {
		desc = bodyText(str(t, "description"))
	}
	if desc != "" {
		d.Utterances = append(d.Utterances, record.Utterance{
			Line: line, Speaker: requester, Role: record.Customer, Time: d.CreatedAt, Text: desc,
		})
	}
	for _, c := range list(t, "conversations") {
		cm, ok := c.(jmap)
		if !ok || cm["private"] == true {
			continue
		}
		text := str(cm, "body_text")
		if text == "" {
			text = bodyText(str(cm, "body"))
		}
		if text == "" {
			continue
		}
		u := record.Utterance{Line: line, Speaker: str(cm, "user_id"), Role: record.Agent, Time: helpdeskTime(cm["created_at"]), Text: text}
		if (reqID != "" && u.Speaker == reqID) || cm["incoming"] == true {
			u.Role = record.Customer
			if reqID != "" && u.Speaker == reqID && requester != "" {
				u.Speaker = requester
			}
		}
		if u.Speaker == "" {
			u.Speaker = str(cm, "from_email")
		}
		d.Utterances = append(d.Utterances, u)
	}
	if len(d.Utterances) == 0 {
		if str(t, "subject") != "" {
			d.Utterances = append(d.Utterances, record.Utterance{
				Line: line, Speaker: requester, Role: record.Customer, Time: d.CreatedAt, Text: str(t, "subject"),
			})
		} else {
			return nil, "Freshdesk ticket without description, subject or conversations"
		}
	}
	return d, ""
}

// detectFreshdesk accepts JSON that names Freshdesk's own fields.
func detectFreshdesk(name string, head []byte) bool {
	if !jsonStart(head) {
		return false
	}
	return bytes.Contains(head, []byte(`"freshdesk_webhook"`)) ||
		(bytes.Contains(head, []byte(`"description_text"`)) && bytes.Contains(head, []byte(`"requester_id"`)))
}

// jsonStart reports whether head starts like JSON ('{' or '[').
func jsonStart(head []byte) bool {
	t := bytes.TrimSpace(head)
	return len(t) > 0 && (t[0] == '{' || t[0] == '[')
}
