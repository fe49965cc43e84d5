package ingest

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"time"

	"jobminer/pipeline/record"
)

// readZendesk reads Zendesk tickets as JSON, in any of the shapes Zendesk
// gives them: a bulk export {"tickets": [...], "users": [...]} (users are
// side-loaded), the incremental export with one ticket per line, a single
// {"ticket": {...}, "comments": [...]} response, a bare ticket object or an
// array of them, and a trigger/webhook payload (ticket_id,
// ticket_description, requester_full_name, ...).
//
// One ticket = one Document (channel ticket, id = ticket id, CustomerID =
// requester_id). Utterances are the description and each public comment
// with a body, in order. The description is the ticket's first comment, so
// when the first comment says the same it is not read twice. Comments with
// public=false are internal notes, never said to the customer, and are left
// out. Speakers are user names when the users are side-loaded, else the
// author id. Roles: author == requester -> customer; else the user's role
// (end-user -> customer, agent/admin -> agent); else unknown. Times are the
// comments' created_at; the description has the ticket's.
//
// The webhook's description is Zendesk's plain-text rendering of the
// comment thread ("------" line, "Name, Feb 3, 2025, 19:59", body); it is
// split into one utterance per rendered comment, the author named in its
// header line (customer when it is the requester, agent when the assignee).
func readZendesk(r io.Reader, in Input, opts Options, emit func(Item)) error {
	return jsonValues(r, in, emit, func(v any, line int) {
		reject := func(reason string) {
			emit(Item{Reject: &record.Reject{Source: record.Source{File: in.Rel, Line: line}, Reason: reason}})
		}
		m, ok := v.(jmap)
		var tickets []any
		users := zendeskUsers{}
		switch {
		case !ok:
			if a, isList := v.([]any); isList {
				tickets = a
			} else {
				reject(fmt.Sprintf("JSON %s, not a Zendesk ticket object", jsonKind(v)))
				return
			}
		case list(m, "tickets") != nil:
			tickets = list(m, "tickets")
		case obj(m, "ticket") != nil:
			t := obj(m, "ticket")
			if _, ok := t["comments"]; !ok && m["comments"] != nil {
				t["comments"] = m["comments"]
			}
			tickets = []any{t}
		default:
			tickets = []any{m}
		}
		if ok {
			users.add(list(m, "users"))
		}
		for _, t := range tickets {
			tm, ok := t.(jmap)
			if !ok {
				reject(fmt.Sprintf("JSON %s in the tickets, not a ticket object", jsonKind(t)))
				continue
			}
			users.add(list(tm, "users"))
			var d *record.Document
			var bad string
			if has(tm, "ticket_description") && !has(tm, "description") {
				d, bad = zendeskWebhook(tm, in, line)
			} else {
				d, bad = zendeskTicket(tm, users, in, line)
			}
			if bad != "" {
				reject(bad)
			} else {
				emit(Item{Doc: d})
			}
		}
	})
}

// zendeskUsers maps user ids to side-loaded users.
type zendeskUsers map[string]jmap

func (u zendeskUsers) add(users []any) {
	for _, x := range users {
		if m, ok := x.(jmap); ok {
			if id := str(m, "id"); id != "" {
				u[id] = m
			}
		}
	}
}

// who names an author and gives their role: the requester is the
// customer; else the side-loaded user's role; else staff (the assignee and
// the followers, whom Zendesk only lets be agents) are agents.
func (u zendeskUsers) who(id, requester string, staff map[string]bool) (string, record.Role) {
	role := record.Unknown
	name := id
	if m, ok := u[id]; ok {
		if n := str(m, "name", "email"); n != "" {
			name = n
		}
		switch strings.ToLower(str(m, "role")) {
		case "end-user", "end_user", "enduser":
			role = record.Customer
		case "agent", "admin":
			role = record.Agent
		}
	}
	if role == record.Unknown && staff[id] {
		role = record.Agent
	}
	if id != "" && id == requester {
		role = record.Customer
	}
	return name, role
}

// zendeskStaff returns the ids of a ticket's assignee and followers: only
// agents can be either, so their comments are an agent's even when the
// export side-loads no users. CCs (email_cc_ids) may be end users too.
func zendeskStaff(t jmap) map[string]bool {
	staff := map[string]bool{}
	if a := str(t, "assignee_id"); a != "" {
		staff[a] = true
	}
	for _, f := range list(t, "follower_ids") {
		if id, ok := scalar(f); ok && id != "" {
			staff[id] = true
		}
	}
	return staff
}

func zendeskTicket(t jmap, users zendeskUsers, in Input, line int) (*record.Document, string) {
	if !has(t, "description") && !has(t, "comments") && !has(t, "subject") {
		return nil, "not a Zendesk ticket: no description, comments or subject"
	}
	requester := str(t, "requester_id")
	staff := zendeskStaff(t)
	d := &record.Document{
		Source:     record.Source{File: in.Rel, Line: line, RecordID: str(t, "id")},
		Format:     "zendesk",
		Channel:    record.Ticket,
		CreatedAt:  helpdeskTime(t["created_at"]),
		UpdatedAt:  helpdeskTime(t["updated_at"]),
		CustomerID: requester,
	}
	var comments []record.Utterance
	for _, c := range list(t, "comments") {
		cm, ok := c.(jmap)
		if !ok || cm["public"] == false {
			continue
		}
		text := str(cm, "body", "plain_body")
		if text == "" || looksHTML(text) {
			if h := str(cm, "html_body"); h != "" || text != "" {
				if h == "" {
					h = text
				}
				text = htmlToText(h, false)
			}
		} else {
			text = tidyText(text)
		}
		if text == "" {
			continue
		}
		name, role := users.who(str(cm, "author_id"), requester, staff)
		comments = append(comments, record.Utterance{Line: line, Speaker: name, Role: role, Time: helpdeskTime(cm["created_at"]), Text: text})
	}
	desc := bodyText(str(t, "description"))
	if desc != "" && (len(comments) == 0 || sameText(comments[0].Text, desc) == false) {
		author := str(t, "submitter_id")
		if author == "" {
			author = requester
		}
		name, role := users.who(author, requester, staff)
		d.Utterances = append(d.Utterances, record.Utterance{Line: line, Speaker: name, Role: role, Time: d.CreatedAt, Text: desc})
	}
	d.Utterances = append(d.Utterances, comments...)
	if len(d.Utterances) == 0 {
		if s := str(t, "subject"); s != "" {
			name, role := users.who(requester, requester, staff)
			d.Utterances = append(d.Utterances, record.Utterance{Line: line, Speaker: name, Role: role, Time: d.CreatedAt, Text: s})
		} else {
			return nil, fmt.Sprintf("Zendesk ticket %s has no description, public comment or subject", d.Source.RecordID)
		}
	}
	return d, ""
}

// sameText compares texts ignoring whitespace differences.
func sameText(a, b string) bool {
	return strings.Join(strings.Fields(a), " ") == strings.Join(strings.Fields(b), " ")
}

var (
	// zendeskRuleRe is the separator line of a rendered comment thread.
	zendeskRuleRe = regexp.MustCompile(`^-{10,}$`)
	// zendeskHeadRe is a rendered comment's header: "Name, Feb 3, 2025, 19:59".
	zendeskHeadRe = regexp.MustCompile(`^(.{1,80}?), ([A-Z][a-z]+\.? \d{1,2}, \d{4}, \d{1,2}:\d{2}(?: ?[AP]M)?)$`)
)

// zendeskWebhook reads a trigger payload with a rendered comment thread.
func zendeskWebhook(t jmap, in Input, line int) (*record.Document, string) {
	requester := str(t, "requester_full_name", "requester_name", "requester_email")
	assignee := str(t, "assignee_full_name", "assignee_name")
	d := &record.Document{
		Source:     record.Source{File: in.Rel, Line: line, RecordID: str(t, "ticket_id", "id")},
		Format:     "zendesk",
		Channel:    record.Ticket,
		CreatedAt:  helpdeskTime(t["created_at"]),
		UpdatedAt:  helpdeskTime(t["updated_at"]),
		CustomerID: str(t, "requester_id", "requester_email", "requester_full_name"),
	}
	desc := str(t, "ticket_description")
	if looksHTML(desc) {
		desc = htmlToText(desc, false)
	}
	for _, c := range splitRenderedThread(desc) {
		u := record.Utterance{Line: line, Speaker: c.author, Role: record.Unknown, Time: c.time, Text: c.text}
		switch {
		case c.author == "":
			u.Speaker, u.Role = requester, record.Customer
		case strings.EqualFold(c.author, requester):
			u.Role = record.Customer
		case strings.EqualFold(c.author, assignee):
			u.Role = record.Agent
		}
		if u.Time.IsZero() && len(d.Utterances) == 0 {
			u.Time = d.CreatedAt
		}
		d.Utterances = append(d.Utterances, u)
	}
	if len(d.Utterances) == 0 {
		return nil, fmt.Sprintf("Zendesk ticket %s has an empty description", d.Source.RecordID)
	}
	return d, ""
}

type renderedComment struct {
	author string
	time   time.Time
	text   string
}

// splitRenderedThread splits Zendesk's plain-text comment thread into
// comments, oldest first (Zendesk renders the newest first). Text without
// separator and header lines is one comment by nobody in particular.
func splitRenderedThread(s string) []renderedComment {
	s = tidyText(s)
	var blocks [][]string
	var cur []string
	for _, l := range strings.Split(s, "\n") {
		if zendeskRuleRe.MatchString(strings.TrimSpace(l)) {
			blocks = append(blocks, cur)
			cur = nil
			continue
		}
		cur = append(cur, l)
	}
	blocks = append(blocks, cur)
	var out []renderedComment
	for _, b := range blocks {
		var c renderedComment
		for i, l := range b {
			if strings.TrimSpace(l) == "" {
				continue
			}
			if m := zendeskHeadRe.FindStringSubmatch(strings.TrimSpace(l)); m != nil {
				c.author, c.time = strings.TrimSpace(m[1]), helpdeskTime(m[2])
				b = b[i+1:]
			}
			break
		}
		if c.text = tidyText(strings.Join(b, "\n")); c.text != "" {
			out = append(out, c)
		}
	}
	// Oldest first when every comment has a time.
	timed := true
	for _, c := range out {
		timed = timed && !c.time.IsZero()
	}
	if timed {
		sort.SliceStable(out, func(i, j int) bool { return out[i].time.Before(out[j].time) })
	}
	return out
}

// detectZendesk accepts JSON with Zendesk's ticket fields: requester_id with
// a description (API tickets and exports), or the webhook's
// ticket_description with requester_full_name.
func detectZendesk(name string, head []byte) bool {
	if !jsonStart(head) || bytes.Contains(head, []byte(`"freshdesk_webhook"`)) {
		return false
	}
	return (bytes.Contains(head, []byte(`"requester_id"`)) && bytes.Contains(head, []byte(`"description"`)) &&
		(bytes.Contains(head, []byte(`"subject"`)) || bytes.Contains(head, []byte(`"comments"`)))) ||
		(bytes.Contains(head, []byte(`"ticket_description"`)) && bytes.Contains(head, []byte(`"requester_full_name"`)))
}
