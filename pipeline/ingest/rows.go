package ingest

import (
	"strings"

	"jobminer/pipeline/record"
)

// row is one CSV row or JSON object with its fields resolved to canonical
// names; values are cleaned strings ("" when absent).
type row struct {
	line int
	v    [numFields]string
}

// assembler turns rows into Documents: one per row, except that consecutive
// rows sharing a non-empty conversation id form one Document. It holds at
// most one open conversation, so memory is bounded by the largest
// conversation, not by the file.
type assembler struct {
	format  string
	channel record.Channel // the format's default channel
	file    string
	names   speakerRoles // --interviewer, --agent, --customer
	emit    func(Item)

	doc     *record.Document // the open conversation, nil if none
	conv    string           // its conversation id
	langs   bool             // all its utterances so far share doc.Language
	pending []record.Reject  // rejects seen while doc was open, emitted after it

	// Files repeat a few languages, roles and channels on every row, and
	// normalising them (language tag parsing, label folding) costs more
	// than the lookup.
	langMemo memo[string]
	roleMemo memo[record.Role]
	chanMemo memo[channelOK]
}

type channelOK struct {
	ch record.Channel
	ok bool
}

// memo caches a pure function for up to memoMax strings of at most
// memoKeyMax bytes.
type memo[V any] struct{ m map[string]V }

const memoMax, memoKeyMax = 64, 64

func (c *memo[V]) get(s string, fn func(string) V) V {
	if v, ok := c.m[s]; ok {
		return v
	}
	v := fn(s)
	if len(s) <= memoKeyMax && len(c.m) < memoMax {
		if c.m == nil {
			c.m = make(map[string]V)
		}
		c.m[s] = v
	}
	return v
}

func normalizeChannelOK(s string) channelOK {
	ch, ok := normalizeChannel(s)
	return channelOK{ch, ok}
}

func newAssembler(format string, channel record.Channel, in Input, opts Options, emit func(Item)) *assembler {
	return &assembler{
		format:  format,
		channel: channel,
		file:    in.Rel,
		names:   newSpeakerRoles(opts),
		emit:    emit,
	}
}

// reject records a bad record at line. While a conversation is open the
// reject waits, so items still come out in the order of their first line.
func (a *assembler) reject(line int, reason string) {
	rj := record.Reject{Source: record.Source{File: a.file, Line: line}, Reason: reason}
	if a.doc != nil {
		a.pending = append(a.pending, rj)
		return
	}
	a.emit(Item{Reject: &rj})
}

// add takes one row.
func (a *assembler) add(r row) {
	text := r.v[fText]
	if strings.TrimSpace(text) == "" {
		a.reject(r.line, "empty text")
		return
	}
	u := record.Utterance{
		Line:     r.line,
		Speaker:  strings.TrimSpace(r.v[fSpeaker]),
		Role:     a.roleMemo.get(r.v[fRole], NormalizeRole),
		Language: a.langMemo.get(r.v[fLang], NormalizeLang),
		// An unparseable time is kept as the zero time rather than rejecting
		// the record: a person would rather have the text than lose it over
		// a date format.
		Time: parseTime(r.v[fCreated]),
		Text: text,
	}
	if r, ok := a.names.lookup(u.Speaker); ok {
		u.Role = r
	}
	conv := strings.TrimSpace(r.v[fConversation])
	if a.doc != nil && (conv == "" || conv != a.conv) {
		a.flush()
	}
	if a.doc == nil {
		id := strings.TrimSpace(r.v[fID])
		if conv != "" {
			id = conv // a grouped document is identified by its conversation
		}
		ch := a.channel
		if c := a.chanMemo.get(r.v[fChannel], normalizeChannelOK); c.ok {
			ch = c.ch
		}
		a.doc = &record.Document{
			Source:   record.Source{File: a.file, Line: r.line, RecordID: id},
			Format:   a.format,
			Channel:  ch,
			Language: u.Language,
		}
		a.conv = conv
		a.langs = true
	}
	d := a.doc
	if u.Language != d.Language {
		a.langs = false
	}
	if !u.Time.IsZero() && (d.CreatedAt.IsZero() || u.Time.Before(d.CreatedAt)) {
		d.CreatedAt = u.Time
	}
	if t := parseTime(r.v[fUpdated]); t.After(d.UpdatedAt) {
		d.UpdatedAt = t
	}
	if d.CustomerID == "" {
		d.CustomerID = strings.TrimSpace(r.v[fCustomer])
	}
	d.Utterances = append(d.Utterances, u)
	if conv == "" {
		a.flush()
	}
}

// flush emits the open document, then the rejects found while it was open.
func (a *assembler) flush() {
	if a.doc == nil {
		return
	}
	d := a.doc
	if !a.langs {
		d.Language = ""
	}
	a.doc, a.conv = nil, ""
	a.emit(Item{Doc: d})
	for i := range a.pending {
		a.emit(Item{Reject: &a.pending[i]})
	}
	a.pending = nil // emitted pointers stay valid
}
