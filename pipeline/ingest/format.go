package ingest

import (
	"io"
	"path"
	"strings"

	"jobminer/pipeline/record"
)

// Format is one supported input format. Formats is the explicit table (no
// init() registries).
type Format struct {
	Name        string         // "csv", "jsonl", "json", "transcript"
	Channel     record.Channel // default channel for its documents
	Description string         // one line for `jobminer formats`: how it finds speaker, role, time
	Extensions  []string       // lower-case, with the dot; a trailing .gz is stripped before matching
	// Detect reports whether a file with this name (without .gz) and these
	// first bytes (decompressed, BOM removed, at most headSize) is in this
	// format. It must be cheap and must not trust the name alone when the
	// extension is shared with other formats (.txt). A format without
	// Detect is read only when --format names it.
	Detect func(name string, head []byte) bool
	read   func(r io.Reader, in Input, opts Options, emit func(Item)) error
	// nothing is the reject reason for a non-empty file of this format
	// that yields neither a document nor a reject, so that no input
	// vanishes without a trace. It is "" where no records is a valid
	// answer: an export of a day without tickets is a CSV header or "[]".
	nothing string
}

// Formats lists the supported formats. Detection tries the formats that claim
// a file's extension first and then all formats by content, in this order, so
// the loosest content test (csv) comes last.
var Formats = []Format{
	{
		Name:        "freshdesk",
		Channel:     record.Ticket,
		Description: "Freshdesk ticket JSON (API tickets with conversations, or the freshdesk_webhook payload): description = requester (customer, name from requester); conversations: the requester or incoming -> customer, others agent, private notes skipped; created_at -> time; HTML reduced to text; subject only when there is no body",
		Extensions:  []string{".json", ".jsonl", ".ndjson"},
		Detect:      detectFreshdesk,
		read:        readFreshdesk,
	},
	{
		Name:        "zendesk",
		Channel:     record.Ticket,
		Description: "Zendesk ticket JSON ({tickets, users} export, one ticket per line, {ticket, comments}, or a trigger payload): one ticket = one document; description + public comments; author == requester_id or users role end-user -> customer, agent/admin -> agent, else the assignee and followers (agents only, in Zendesk) -> agent, else unknown; speaker = users name, else author id; comment created_at -> time; HTML reduced to text",
		Extensions:  []string{".json", ".jsonl", ".ndjson"},
		Detect:      detectZendesk,
		read:        readZendesk,
	},
	{
		Name:        "intercom",
		Channel:     record.Chat,
		Description: "Intercom conversation JSON (API, export or webhook): initial message (conversation_message/source) + conversation parts with a body, notes skipped; author.type user/lead/contact -> customer, admin/bot/team -> agent; speaker = author name (looked up by type and id), else e-mail or id; created_at -> time; HTML reduced to text",
		Extensions:  []string{".json", ".jsonl", ".ndjson"},
		Detect:      detectIntercom,
		read:        readIntercom,
	},
	{
		Name:        "email",
		Channel:     record.Ticket,
		Description: "one e-mail (.eml, MIME; text/plain preferred, else HTML; any charset): one utterance with the sender's new text (quoted replies, signatures, footers removed); speaker = From name or address; role unknown unless --customer/--agent name the sender, address or @domain; Date -> time",
		Extensions:  []string{".eml"},
		Detect:      detectEmail,
		read:        readEmail,
		nothing:     "no message text found: the e-mail has no text part with the sender's words",
	},
	{
		Name:        "mbox",
		Channel:     record.Ticket,
		Description: "mbox mailbox: one document per message, each read as email (speaker = From, role by --customer/--agent, Date -> time)",
		Extensions:  []string{".mbox", ".mbx"},
		Detect:      detectMbox,
		read:        readMbox,
		nothing:     "no messages found in the mailbox",
	},
	{
		Name:        "jsonl",
		Channel:     record.Other,
		Description: "one JSON object per line; text/body/message, speaker/author, role, lang, created_at/timestamp, conversation_id groups consecutive lines",
		Extensions:  []string{".jsonl", ".ndjson"},
		Detect:      detectJSONL,
		read:        readJSONL,
	},
	{
		Name:        "stt",
		Channel:     record.Interview,
		Description: "speech-to-text JSON: Whisper/WhisperX segments (start in seconds) or AssemblyAI utterances (ms); speaker labels (SPEAKER_00, A) are unknown unless --interviewer/--customer/--agent name them; start -> offset; same-speaker segments merge",
		Extensions:  []string{".json"},
		Detect:      detectSTT,
		read:        readSTT,
		nothing:     "no segments with text found",
	},
	{
		Name:        "json",
		Channel:     record.Other,
		Description: "a JSON array of objects (or concatenated objects); same fields as jsonl",
		Extensions:  []string{".json"},
		Detect:      detectJSON,
		read:        readJSON,
	},
	{
		Name:        "whatsapp",
		Channel:     record.Chat,
		Description: "WhatsApp chat export (Android/iOS, any locale; also Signal text): sender after the date and time; roles unknown unless --customer/--agent name them; system lines and media placeholders skipped; one file = one chat",
		Extensions:  []string{".txt"},
		Detect:      detectWhatsApp,
		read:        readWhatsApp,
		nothing:     "no messages with text found (system lines, media placeholders and empty messages are not speech)",
	},
	{
		Name:        "vtt",
		Channel:     record.Interview,
		Description: "WebVTT captions (Teams, Zoom, Meet): speaker from <v Name> or a leading 'Name:'; cue start -> offset; same-speaker cues merge; roles by --interviewer/--customer/--agent or Interviewer/Klant labels",
		Extensions:  []string{".vtt"},
		Detect:      detectVTT,
		read:        readVTT,
		nothing:     "no cues found: the file has no cue with text (empty and markup-only cues are not speech)",
	},
	{
		Name:        "srt",
		Channel:     record.Interview,
		Description: "SRT subtitles: speaker from a leading 'Name:' in the cue; cue start -> offset; same-speaker cues merge; roles as vtt",
		Extensions:  []string{".srt"},
		Detect:      detectSRT,
		read:        readSRT,
		nothing:     "no cues found: the file has no cue with text (empty and markup-only cues are not speech)",
	},
	{
		Name:        "sbv",
		Channel:     record.Interview,
		Description: "YouTube SBV captions: as srt, with H:MM:SS.mmm,H:MM:SS.mmm timing lines",
		Extensions:  []string{".sbv"},
		Detect:      detectSBV,
		read:        readSBV,
		nothing:     "no cues found: the file has no cue with text (empty and markup-only cues are not speech)",
	},
	{
		Name:        "docx",
		Channel:     record.Interview,
		Description: "Word/Teams .docx transcript: paragraphs read as transcript lines ('Name  0:03' above the text, or 'Name: text'); time -> offset; roles as transcript; zip size and ratio limits",
		Extensions:  []string{".docx"},
		Detect:      detectDocx,
		read:        readDocx,
		nothing:     "no transcript text found: no paragraph holds text",
	},
	{
		Name:        "slack",
		Channel:     record.Chat,
		Description: "Slack workspace export (folder or .zip with users.json, channels.json, <channel>/<day>.json): one document per channel per day, thread replies after their parent; user ids -> names; ts -> time; bot/join/other subtypes skipped; quoted lines (> ...) dropped from a message that says more; roles unknown unless --customer/--agent name them",
		Extensions:  []string{".zip"},
		Detect:      detectSlack,
		read:        readSlack,
		nothing:     "no messages found: no channel has a message with text (joins, bots and other subtypes are skipped)",
	},
	{
		Name:        "transcript",
		Channel:     record.Interview,
		Description: "plain text 'Name: text' lines, optional [00:01:23] times; Interviewer/Q/Vraag are interviewer, Klant/Respondent/A are customer; one file = one interview",
		Extensions:  []string{".txt"},
		Detect:      detectTranscript,
		read:        readTranscript,
		nothing:     "no speaker turns found",
	},
	{
		Name:        "text",
		Channel:     record.Other,
		Description: "plain text without speaker turns (a letter, a review, survey answers, notes): one file = one document of one unknown speaker, one utterance per paragraph (lines up to a blank line, joined with spaces), its line = the paragraph's first",
		// No Detect: never guessed, as a transcript whose turns were not
		// recognised must not become one voice.
		read:    readText,
		nothing: "no text found",
	},
	{
		Name:        "csv",
		Channel:     record.Other,
		Description: "header row, delimiter , ; tab or | sniffed; columns text/body/message/description, speaker/author, role, lang, created_at/date; conversation_id groups consecutive rows; helpdesk exports (Zendesk, Freshdesk, Jira, HubSpot, Dutch headers) by column aliases: a subject column makes rows tickets, the subject is the text only when the body is empty; role from a role column, else unknown",
		Extensions:  []string{".csv", ".tsv"},
		Detect:      detectCSV,
		read:        readCSV,
	},
}

// Lookup returns the format with the given name (case-insensitive).
func Lookup(name string) (*Format, bool) {
	for i := range Formats {
		if strings.EqualFold(Formats[i].Name, name) {
			return &Formats[i], true
		}
	}
	return nil, false
}

// FormatNames lists the format names in table order, for messages.
func FormatNames() []string {
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = f.Name
	}
	return names
}

// detectedNames lists the formats detection can find, in table order.
func detectedNames() []string {
	var names []string
	for _, f := range Formats {
		if f.Detect != nil {
			names = append(names, f.Name)
		}
	}
	return names
}

// detect picks the format for a file: first a format that claims the
// extension and agrees with the content, then any format by content alone.
func detect(name string, head []byte) *Format {
	ext := extOf(name)
	for i := range Formats {
		f := &Formats[i]
		if f.Detect != nil && hasString(f.Extensions, ext) && f.Detect(name, head) {
			return f
		}
	}
	for i := range Formats {
		if Formats[i].Detect != nil && Formats[i].Detect(name, head) {
			return &Formats[i]
		}
	}
	return nil
}

// extOf returns the lower-case extension of name, ignoring a trailing .gz.
func extOf(name string) string {
	name = strings.ToLower(name)
	name = strings.TrimSuffix(name, ".gz")
	return path.Ext(name)
}

func hasString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
