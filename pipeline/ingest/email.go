package ingest

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"regexp"
	"strings"

	"jobminer/pipeline/record"
)

// maxEmail bounds one message (headers, body and attachments) held in
// memory; a larger message is a Reject.
const maxEmail = 64 << 20

// maxMIMEDepth bounds nested multiparts, against crafted input.
const maxMIMEDepth = 10

// readEmail reads one RFC 822 message (.eml) into one Document with one
// utterance: the sender's new text (see newText in quote.go). A file that
// is a body without headers is read as the body.
//
// Text: the first text/plain part, else the first text/html part reduced to
// text without its quoted parts; attachments are skipped; transfer
// encodings (base64, quoted-printable) and charsets are decoded; a part
// without a charset is Options.Encoding, else UTF-8 when valid, else
// Windows-1252. The subject is the text only when the body holds none (see
// csv.go for why). Speaker: the From display name, else its address.
// Role: customer or agent when the name, the address or "@domain" of the
// address is among Options.Customers or Options.Agents (case-insensitive),
// else unknown. Time: the Date header. Id: Message-ID.
func readEmail(r io.Reader, in Input, opts Options, emit func(Item)) error {
	raw, err := io.ReadAll(io.LimitReader(r, maxEmail+1))
	if err != nil {
		return err
	}
	if len(raw) > maxEmail {
		emit(rejectAt(in, 1, fmt.Sprintf("message larger than %d MiB", maxEmail>>20)))
		return nil
	}
	it := parseEmail(raw, "email", in, 1, opts)
	emit(it)
	return nil
}

func rejectAt(in Input, line int, reason string) Item {
	return Item{Reject: &record.Reject{Source: record.Source{File: in.Rel, Line: line}, Reason: reason}}
}

// headerKeyRe is a header field name followed by its colon.
var headerKeyRe = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]{0,76}:`)

// knownHeaders are the fields that make a block of "Key: value" lines a
// message header rather than text that happens to start so.
var knownHeaders = makeSet("from", "date", "subject", "to", "message-id", "received", "mime-version",
	"content-type", "return-path", "delivered-to", "reply-to", "cc", "in-reply-to", "references", "sender")

// splitHeader parses a message's header leniently: "Key: value" lines and
// their continuation lines, up to a blank line or the first line that is
// neither (then the body starts there). ok is false when the block names no
// known header: the text is a body without a header.
func splitHeader(raw []byte) (textproto.MIMEHeader, []byte, bool) {
	h := textproto.MIMEHeader{}
	rest := raw
	var key string
	known := false
	// fold holds the continuation lines of key's last value, joined when
	// the field ends: adding each to the value so far copied it every time,
	// and a field folded over 150,000 lines took minutes. The deferred join
	// writes into the slice the map holds, so the caller sees it.
	var fold []string
	join := func() {
		if len(fold) > 0 {
			vs := h[key]
			vs[len(vs)-1] += " " + strings.Join(fold, " ")
			fold = fold[:0]
		}
	}
	defer join()
	for len(rest) > 0 {
		i := bytes.IndexByte(rest, '\n')
		line := rest
		next := []byte(nil)
		if i >= 0 {
			line, next = rest[:i], rest[i+1:]
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		switch {
		case len(bytes.TrimSpace(line)) == 0:
			if key == "" && len(h) == 0 {
				return h, raw, false
			}
			return h, next, known
		case (line[0] == ' ' || line[0] == '\t') && key != "":
			fold = append(fold, string(bytes.TrimSpace(line)))
		case headerKeyRe.Match(line):
			join()
			k, v, _ := bytes.Cut(line, []byte(":"))
			key = textproto.CanonicalMIMEHeaderKey(string(k))
			h[key] = append(h[key], string(bytes.TrimSpace(v)))
			known = known || knownHeaders[strings.ToLower(string(k))]
		default:
			if len(h) == 0 {
				return h, raw, false
			}
			return h, rest, known
		}
		if i < 0 {
			rest = nil
			break
		}
		rest = next
	}
	return h, rest, known
}

// wordDecoder decodes RFC 2047 words in any charset encoding.go knows.
var wordDecoder = &mime.WordDecoder{CharsetReader: func(charset string, r io.Reader) (io.Reader, error) {
	b, err := io.ReadAll(io.LimitReader(r, 1<<20))
	if err != nil {
		return nil, err
	}
	return strings.NewReader(decodeCharset(b, charset, "")), nil
}}

// headerText decodes an encoded header value; raw 8-bit values are taken as
// UTF-8 when valid, else as fallback or Windows-1252.
func headerText(v, fallback string) string {
	v = decodeCharset([]byte(v), "", fallback)
	if d, err := wordDecoder.DecodeHeader(v); err == nil {
		v = d
	}
	return strings.TrimSpace(clean(v))
}

// parseEmail turns one message into a Document (or a Reject); line is where
// the message starts in its file.
func parseEmail(raw []byte, format string, in Input, line int, opts Options) Item {
	h, body, ok := splitHeader(raw)
	if !ok {
		h, body = textproto.MIMEHeader{}, raw
	}
	plain, htm := mimeText(h, body, 0, opts.Encoding)
	if h.Get("Content-Type") == "" && strings.HasPrefix(strings.TrimSpace(plain), "<") && looksHTML(plain) {
		// A body without a type that is markup (a saved HTML body) is HTML.
		plain, htm = "", plain
	}
	var text string
	switch {
	case strings.TrimSpace(plain) != "":
		text = newText(plain)
	case strings.TrimSpace(htm) != "":
		text = newText(htmlToText(htm, true))
	}
	subject := headerText(h.Get("Subject"), opts.Encoding)
	if text == "" && strings.TrimSpace(plain+htm) == "" {
		text = subject
	}
	if text == "" {
		reason := "e-mail without text"
		if strings.TrimSpace(plain+htm) != "" {
			reason = "e-mail without new text: it only quotes or forwards earlier mail"
		}
		return rejectAt(in, line, reason)
	}

	speaker, addr := sender(h.Get("From"), opts.Encoding)
	d := &record.Document{
		Source:   record.Source{File: in.Rel, Line: line, RecordID: strings.Trim(strings.TrimSpace(h.Get("Message-Id")), "<>")},
		Format:   format,
		Channel:  record.Ticket,
		Language: NormalizeLang(firstField(h.Get("Content-Language"))),
	}
	d.Source.RecordID = clean(d.Source.RecordID)
	if t, err := mail.ParseDate(h.Get("Date")); err == nil {
		d.CreatedAt = t
	} else if t := parseTime(h.Get("Date")); !t.IsZero() {
		d.CreatedAt = t
	}
	role := emailRole(speaker, addr, opts)
	if role == record.Customer {
		d.CustomerID = addr
	}
	d.Utterances = []record.Utterance{{
		Line: line, Speaker: speaker, Role: role, Language: d.Language, Time: d.CreatedAt, Text: text,
	}}
	return Item{Doc: d}
}

func firstField(s string) string {
	s, _, _ = strings.Cut(s, ",")
	return strings.TrimSpace(s)
}

// sender returns the From display name (or the address when there is none)
// and the address.
func sender(from, fallback string) (string, string) {
	if strings.TrimSpace(from) == "" {
		return "", ""
	}
	p := mail.AddressParser{WordDecoder: wordDecoder}
	if a, err := p.Parse(decodeCharset([]byte(from), "", fallback)); err == nil {
		name := strings.TrimSpace(clean(a.Name))
		addr := strings.ToLower(clean(a.Address))
		if name == "" {
			name = addr
		}
		return name, addr
	}
	// Not an address ("Jan Jansen", or broken): the decoded text is the name.
	name := headerText(from, fallback)
	if m := addrRe.FindString(name); m != "" {
		return name, strings.ToLower(m)
	}
	return name, ""
}

var addrRe = regexp.MustCompile(`[^\s<>@"]+@[^\s<>@"]+`)

// emailRole matches the sender against --customer and --agent: a name, an
// address or "@domain".
func emailRole(name, addr string, opts Options) record.Role {
	match := func(list []string) bool {
		for _, x := range list {
			x = strings.ToLower(strings.TrimSpace(x))
			switch {
			case x == "":
			case strings.HasPrefix(x, "@"):
				if addr != "" && strings.HasSuffix(addr, x) {
					return true
				}
			case x == strings.ToLower(name), x == addr:
				return true
			}
		}
		return false
	}
	switch {
	case match(opts.Agents):
		return record.Agent
	case match(opts.Customers):
		return record.Customer
	}
	return record.Unknown
}

// mimeText returns the first text/plain and the first text/html text of a
// MIME entity, decoded to UTF-8.
func mimeText(h textproto.MIMEHeader, body []byte, depth int, fallback string) (plain, htm string) {
	mt, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil || mt == "" {
		mt, params = "text/plain", map[string]string{"charset": paramCharset(h.Get("Content-Type"))}
	}
	if disp, _, _ := mime.ParseMediaType(h.Get("Content-Disposition")); disp == "attachment" && depth > 0 {
		return "", ""
	}
	switch {
	case strings.HasPrefix(mt, "multipart/"):
		if depth >= maxMIMEDepth || params["boundary"] == "" {
			return "", ""
		}
		mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err != nil {
				break
			}
			b, err := io.ReadAll(io.LimitReader(p, maxEmail))
			if err != nil && len(b) == 0 {
				break
			}
			pp, ph := mimeText(p.Header, b, depth+1, fallback)
			if plain == "" {
				plain = pp
			}
			if htm == "" {
				htm = ph
			}
			if plain != "" {
				break // text/plain is preferred; nothing later can beat it
			}
		}
		return plain, htm
	case mt == "text/plain", mt == "text/html":
	case strings.HasPrefix(mt, "text/") && depth == 0:
		// A single-part message in another text type is still its text.
		mt = "text/plain"
	default:
		return "", ""
	}
	text := decodeCharset(transferDecode(body, h.Get("Content-Transfer-Encoding")), params["charset"], fallback)
	if mt == "text/html" {
		return "", text
	}
	return text, ""
}

// paramCharset digs a charset out of a Content-Type that mime cannot parse.
func paramCharset(ct string) string {
	// Lower only ASCII: strings.ToLower can change the byte length (invalid
	// UTF-8, some non-ASCII letters), and i must index ct itself.
	i := strings.Index(asciiLower(ct), "charset=")
	if i < 0 {
		return ""
	}
	v := ct[i+len("charset="):]
	if j := strings.IndexAny(v, "; \t"); j >= 0 {
		v = v[:j]
	}
	return strings.Trim(v, `"'`)
}

// asciiLower lowers A-Z byte by byte and keeps every other byte, so the
// result has the length of s (strings.ToLower and strings.Map do not keep
// it for invalid UTF-8).
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + ('a' - 'A')
		}
	}
	return string(b)
}

// transferDecode undoes a Content-Transfer-Encoding; broken encoded data
// keeps what could be decoded (a reader would rather have most of a
// message than none).
func transferDecode(b []byte, cte string) []byte {
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "base64":
		// Keep only the alphabet, drop padding and a dangling last
		// character, and decode without padding: broken line wrapping or
		// a cut-off part still gives its text.
		data := make([]byte, 0, len(b))
		for _, c := range b {
			if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' {
				data = append(data, c)
			}
		}
		if len(data)%4 == 1 {
			data = data[:len(data)-1]
		}
		out := make([]byte, base64.RawStdEncoding.DecodedLen(len(data)))
		n, _ := base64.RawStdEncoding.Decode(out, data)
		return out[:n]
	case "quoted-printable":
		out, err := io.ReadAll(quotedprintable.NewReader(bytes.NewReader(b)))
		if err != nil && len(out) == 0 {
			return b
		}
		return out
	}
	return b
}

// detectEmail accepts .eml files and text that starts with a message
// header naming From and another known field (not an mbox "From " line).
func detectEmail(name string, head []byte) bool {
	if extOf(name) == ".eml" {
		return true
	}
	if bytes.HasPrefix(head, []byte("From ")) || bytes.IndexByte(head, 0) >= 0 {
		return false
	}
	h, _, ok := splitHeader(head)
	if !ok || len(h["From"]) == 0 {
		return false
	}
	return len(h) >= 2 && (h.Get("Date") != "" || h.Get("Subject") != "" || h.Get("Message-Id") != "" || h.Get("Received") != "" || h.Get("Mime-Version") != "")
}
