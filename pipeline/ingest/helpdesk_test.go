package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"jobminer/pipeline/record"
)

// TestHelpdeskGolden reads the helpdesk fixtures (Dutch and English) and
// compares speakers, roles, times and texts with their golden files.
func TestHelpdeskGolden(t *testing.T) {
	tests := []struct {
		name   string
		file   string
		format string
	}{
		{name: "Zendesk bulk export with side-loaded users, HTML, a private note and a duplicate description", file: "zendesk/export-nl.json", format: "zendesk"},
		{name: "Zendesk incremental export, one ticket per line, with a bad line", file: "zendesk/incremental-en.jsonl", format: "zendesk"},
		{name: "Intercom conversations (API 2 source and 1.x conversation_message)", file: "intercom/conversations-en.json", format: "intercom"},
		{name: "Freshdesk API tickets with conversations", file: "freshdesk/tickets-nl.json", format: "freshdesk"},
		{name: "Freshdesk CSV with Dutch headers and Excel sep= line", file: "helpdesk/freshdesk-nl.csv", format: "csv"},
		{name: "Jira CSV", file: "helpdesk/jira-en.csv", format: "csv"},
		{name: "HubSpot CSV", file: "helpdesk/hubspot-en.csv", format: "csv"},
		{name: "Zendesk CSV", file: "helpdesk/zendesk-en.csv", format: "csv"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join("testdata", tt.file)
			items, st := readAll(t, path, Options{})
			if st.Format != tt.format {
				t.Errorf("format = %q, want %q", st.Format, tt.format)
			}
			goldenText(t, path, dump(items))
		})
	}
}

// TestHelpdeskCSVSubject pins the subject rule: the body is the text; the
// subject only when the body is empty; a subject column makes rows tickets.
func TestHelpdeskCSVSubject(t *testing.T) {
	tests := []struct {
		name string
		data string
		want []string
	}{
		{name: "body wins over subject", data: "Subject,Description\nSlow export,It takes an hour.\n",
			want: []string{"doc 2 id= ch=ticket lang=", "  2 /unknown/: It takes an hour."}},
		{name: "subject when the body is empty", data: "Onderwerp;Beschrijving\nKan ik pauzeren?; \n",
			want: []string{"doc 2 id= ch=ticket lang=", "  2 /unknown/: Kan ik pauzeren?"}},
		{name: "neither is an empty-text reject", data: "Summary,Description,Issue key\n,,SUP-1\n",
			want: []string{"reject 2: empty text"}},
		{name: "no subject column keeps the default channel", data: "text\nhallo\n",
			want: []string{"doc 2 id= ch=other lang=", "  2 /unknown/: hallo"}},
		{name: "Excel sep line names the delimiter", data: "sep=|\nTicket ID|Ticket name|Ticket description\n7|a, b|c; d\n",
			want: []string{"doc 3 id=7 ch=ticket lang=", "  3 /unknown/: c; d"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, _ := readString(t, "t.csv", tt.data, Options{})
			checkBrief(t, items, tt.want)
		})
	}
}

// TestHelpdeskWebhookCorpus reads the real Zendesk, Freshdesk and Intercom
// webhook payloads and checks the counts their README expects.
func TestHelpdeskWebhookCorpus(t *testing.T) {
	dir := corpus(t, "helpdesk-webhook-payloads-zulip")
	type utt struct {
		speaker string // "" = do not check (README: unsure)
		role    record.Role
		time    string // RFC 3339, "" = zero time, "-" = do not check
		text    string
	}
	tests := []struct {
		name     string
		file     string
		format   string
		speakers int
		utts     []utt
	}{
		{name: "Intercom conversation.user.replied", file: "intercom/conversation_user_replied.json", format: "intercom", speakers: 1,
			utts: []utt{
				{"Eeshan Garg", record.Customer, "2019-03-22T21:42:13Z", "Hello"},
				{"Eeshan Garg", record.Customer, "2019-03-22T21:48:27Z", "Well, I need some help getting access to a developer account."},
			}},
		{name: "Freshdesk ticket_created", file: "freshdesk/ticket_created.json", format: "freshdesk", speakers: 1,
			utts: []utt{{"Requester ☃ Bob", record.Customer, "", "Test ticket description ☃."}}},
		// The README leaves the speaker's role open (requester or the
		// assignee named in the thread header): assert count, text and time.
		{name: "Zendesk ticket_create_update", file: "zendesk/ticket_create_update.json", format: "zendesk", speakers: 1,
			utts: []utt{{"", "", "2025-02-03T19:59:00Z", "I am writing this to create a ticket."}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, st := readAll(t, filepath.Join(dir, tt.file), Options{})
			if st.Format != tt.format {
				t.Errorf("format = %q, want %q", st.Format, tt.format)
			}
			if len(items) != 1 || items[0].Doc == nil {
				t.Fatalf("want one document, got:\n%s", dump(items))
			}
			us := items[0].Doc.Utterances
			if len(us) != len(tt.utts) {
				t.Fatalf("%d utterances, want %d:\n%s", len(us), len(tt.utts), dump(items))
			}
			speakers := map[string]bool{}
			for i, u := range us {
				w := tt.utts[i]
				speakers[string(u.Role)+"/"+u.Speaker] = true
				if u.Text != w.text {
					t.Errorf("utterance %d text %q, want %q", i, u.Text, w.text)
				}
				if w.speaker != "" && (u.Speaker != w.speaker || u.Role != w.role) {
					t.Errorf("utterance %d: %s (%s), want %s (%s)", i, u.Speaker, u.Role, w.speaker, w.role)
				}
				if w.time != "-" && fmtTimeOrEmpty(u.Time) != w.time {
					t.Errorf("utterance %d time %s, want %q", i, fmtTimeOrEmpty(u.Time), w.time)
				}
				for _, bad := range []string{"----------", "Hello world", "Test ticket subject", "<p>", "<div>"} {
					if strings.Contains(u.Text, bad) {
						t.Errorf("utterance %d holds %q: %q", i, bad, u.Text)
					}
				}
			}
			if len(speakers) != tt.speakers {
				t.Errorf("%d speakers %v, want %d", len(speakers), speakers, tt.speakers)
			}
		})
	}
}

func fmtTimeOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// TestZendeskRenderedThread checks the webhook's rendered comment thread:
// oldest first, authors from the header lines, roles from requester and
// assignee.
func TestZendeskRenderedThread(t *testing.T) {
	data := `{"ticket_id":"9","ticket_title":"T","requester_full_name":"Karin","assignee_full_name":"Sanne",` +
		`"ticket_description":"----------------------------------------------\n\nSanne, Mar 14, 2026, 11:30\n\nWelke browser?\n\n` +
		`----------------------------------------------\n\nKarin, Mar 14, 2026, 09:12\n\nDe knop doet niets.\nEcht niet."}`
	items, st := readString(t, "z.json", data, Options{})
	if st.Format != "zendesk" {
		t.Fatalf("format %q", st.Format)
	}
	checkBrief(t, items, []string{
		"doc 1 id=9 ch=ticket lang=",
		"  1 Karin/customer/: De knop doet niets.\nEcht niet.",
		"  1 Sanne/agent/: Welke browser?",
	})
}

// TestHelpdeskDetect checks that the helpdesk formats take only their own
// JSON and leave generic JSON to the json and jsonl readers.
func TestHelpdeskDetect(t *testing.T) {
	tests := []struct {
		name, file, data, format string
	}{
		{name: "generic jsonl with requester_id stays jsonl", file: "a.jsonl", data: `{"text":"hoi","requester_id":1}` + "\n", format: "jsonl"},
		{name: "generic json array stays json", file: "a.json", data: `[{"text":"hoi"}]`, format: "json"},
		{name: "zendesk ticket line", file: "a.jsonl", data: `{"id":1,"subject":"s","description":"d","requester_id":2}` + "\n", format: "zendesk"},
		{name: "intercom by content without extension", file: "conv", data: `{"type":"conversation","conversation_parts":[]}`, format: "intercom"},
		{name: "freshdesk webhook", file: "f.json", data: `{"freshdesk_webhook":{"ticket_description":"x"}}`, format: "freshdesk"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, st := readString(t, tt.file, tt.data, Options{})
			if st.Format != tt.format {
				t.Errorf("format %q, want %q", st.Format, tt.format)
			}
		})
	}
}

func FuzzZendesk(f *testing.F) {
	for _, p := range []string{"testdata/zendesk/export-nl.json", "testdata/zendesk/incremental-en.jsonl", "testdata/freshdesk/tickets-nl.json"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"ticket_id":"1","ticket_description":"-----------\n\nA, Feb 3, 2025, 19:59\n\nx","requester_full_name":"A"}`))
	f.Add([]byte(`{"ticket":{"id":1,"comments":[{"public":false}]},"comments":[{"body":"<p>x</p>"}]}`))
	f.Add([]byte(`{"freshdesk_webhook":{"ticket_description":"<div>x</div>"}}` + "\n[1]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, "f.json", "zendesk", data)
		fuzzRead(t, "f.json", "freshdesk", data)
	})
}

func FuzzIntercom(f *testing.F) {
	if b, err := os.ReadFile("testdata/intercom/conversations-en.json"); err == nil {
		f.Add(b)
	}
	f.Add([]byte(`{"type":"notification_event","data":{"item":{"id":"1","conversation_message":{"body":"<p>Hi</p>","author":{"type":"user","id":"u"}},"user":{"type":"lead","id":"u","name":"N"}}}}`))
	f.Add([]byte(`{"conversation_parts":[{"body":"x","author":{"type":"admin"}}]}` + "\n" + `{"source":{"body":""}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, "f.json", "intercom", data)
	})
}
