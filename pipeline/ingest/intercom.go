package ingest

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"jobminer/pipeline/record"
)

// readIntercom reads Intercom conversations as JSON: conversation objects
// one per line, in an array, in {"conversations": [...]}, or wrapped in a
// webhook notification_event (data.item).
//
// One conversation = one Document (channel chat, id = conversation id,
// CustomerID = the contact's id). Utterances are the initial message
// (conversation_message in API 1.x, source in 2.x; its time is the
// conversation's created_at, as it has none of its own) and each part with
// a non-empty body, bodies reduced from HTML to text. Internal notes
// (part_type note) are left out: they are not said to the customer.
//
// Roles come from author.type: user, lead, contact -> customer; admin, bot,
// team -> agent; anything else unknown. Speakers are keyed by role and id,
// never by name alone, because a teammate and a customer can share a name;
// the name comes from the author, else from the people the conversation
// lists (user, customers, contacts, assignee) with the same kind and id,
// else the e-mail, else the id.
func readIntercom(r io.Reader, in Input, opts Options, emit func(Item)) error {
	return jsonValues(r, in, emit, func(v any, line int) {
		reject := func(reason string) {
			emit(Item{Reject: &record.Reject{Source: record.Source{File: in.Rel, Line: line}, Reason: reason}})
		}
		var convs []any
		switch m := v.(type) {
		case []any:
			convs = m
		case jmap:
			switch {
			case obj(obj(m, "data"), "item") != nil:
				convs = []any{obj(obj(m, "data"), "item")}
			case list(m, "conversations") != nil:
				convs = list(m, "conversations")
			default:
				convs = []any{m}
			}
		default:
			reject(fmt.Sprintf("JSON %s, not an Intercom conversation", jsonKind(v)))
			return
		}
		for _, c := range convs {
			cm, ok := c.(jmap)
			if !ok {
				reject(fmt.Sprintf("JSON %s in the conversations, not a conversation object", jsonKind(c)))
				continue
			}
			if d, bad := intercomConversation(cm, in, line); bad != "" {
				reject(bad)
			} else {
				emit(Item{Doc: d})
			}
		}
	})
}

// intercomRoles maps author types to roles.
var intercomRoles = map[string]record.Role{
	"user": record.Customer, "lead": record.Customer, "contact": record.Customer,
	"admin": record.Agent, "bot": record.Agent, "team": record.Agent,
}

func intercomRole(typ string) record.Role {
	if r, ok := intercomRoles[strings.ToLower(typ)]; ok {
		return r
	}
	return record.Unknown
}

// intercomPeople names people by role and id.
type intercomPeople map[string]string

func personKey(typ, id string) string { return string(intercomRole(typ)) + "/" + id }

func (p intercomPeople) add(x any) {
	m, ok := x.(jmap)
	if !ok {
		return
	}
	id := str(m, "id")
	if id == "" {
		return
	}
	if n := str(m, "name", "email"); n != "" {
		k := personKey(str(m, "type"), id)
		if _, seen := p[k]; !seen {
			p[k] = n
		}
	}
}

// speaker names an author.
func (p intercomPeople) speaker(author jmap) string {
	if n := str(author, "name"); n != "" {
		return n
	}
	id := str(author, "id")
	if n, ok := p[personKey(str(author, "type"), id)]; ok {
		return n
	}
	if e := str(author, "email"); e != "" {
		return e
	}
	return id
}

func intercomConversation(c jmap, in Input, line int) (*record.Document, string) {
	first := obj(c, "conversation_message")
	if first == nil {
		first = obj(c, "source")
	}
	partsObj := c["conversation_parts"]
	if first == nil && partsObj == nil {
		return nil, "not an Intercom conversation: no conversation_message, source or conversation_parts"
	}
	var parts []any
	switch p := partsObj.(type) {
	case jmap:
		parts = list(p, "conversation_parts")
	case []any:
		parts = p
	}

	people := intercomPeople{}
	people.add(c["user"])
	people.add(c["customer"])
	people.add(c["assignee"])
	people.add(first["author"])
	for _, x := range list(c, "customers") {
		people.add(x)
	}
	for _, x := range list(obj(c, "contacts"), "contacts") {
		people.add(x)
	}
	for _, x := range parts {
		if pm, ok := x.(jmap); ok {
			people.add(pm["author"])
		}
	}

	d := &record.Document{
		Source:    record.Source{File: in.Rel, Line: line, RecordID: str(c, "id")},
		Format:    "intercom",
		Channel:   record.Chat,
		CreatedAt: helpdeskTime(c["created_at"]),
		UpdatedAt: helpdeskTime(c["updated_at"]),
	}
	if u := obj(c, "user"); u != nil {
		d.CustomerID = str(u, "id")
	}
	if cs := list(obj(c, "contacts"), "contacts"); d.CustomerID == "" && len(cs) > 0 {
		if cm, ok := cs[0].(jmap); ok {
			d.CustomerID = str(cm, "id")
		}
	}
	add := func(author jmap, body any, t any) {
		s, _ := scalar(body)
		text := bodyText(s)
		if text == "" {
			return
		}
		u := record.Utterance{Line: line, Speaker: people.speaker(author), Role: intercomRole(str(author, "type")), Time: helpdeskTime(t), Text: text}
		d.Utterances = append(d.Utterances, u)
	}
	if first != nil {
		t := first["created_at"]
		if t == nil {
			t = c["created_at"]
		}
		add(obj(first, "author"), first["body"], t)
	}
	for _, x := range parts {
		pm, ok := x.(jmap)
		if !ok {
			continue
		}
		switch strings.ToLower(str(pm, "part_type")) {
		case "note", "note_and_reopen":
			continue
		}
		add(obj(pm, "author"), pm["body"], pm["created_at"])
	}
	if len(d.Utterances) == 0 {
		return nil, fmt.Sprintf("Intercom conversation %s has no message with a body", d.Source.RecordID)
	}
	return d, ""
}

// detectIntercom accepts JSON with Intercom's conversation fields.
func detectIntercom(name string, head []byte) bool {
	return jsonStart(head) && (bytes.Contains(head, []byte(`"conversation_parts"`)) || bytes.Contains(head, []byte(`"conversation_message"`)))
}
