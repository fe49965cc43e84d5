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
	// extension is shared with other formats (.txt).
	Detect func(name string, head []byte) bool
	read   func(r io.Reader, in Input, opts Options, emit func(Item)) error
}

// Formats lists the supported formats. Detection tries the formats that claim
// a file's extension first and then all formats by content, in this order, so
// the loosest content test (csv) comes last.
var Formats = []Format{
	{
		Name:        "jsonl",
		Channel:     record.Other,
		Description: "one JSON object per line; text/body/message, speaker/author, role, lang, created_at/timestamp, conversation_id groups consecutive lines",
		Extensions:  []string{".jsonl", ".ndjson"},
		Detect:      detectJSONL,
		read:        readJSONL,
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
		Name:        "transcript",
		Channel:     record.Interview,
		Description: "plain text 'Name: text' lines, optional [00:01:23] times; Interviewer/Q/Vraag are interviewer, Klant/Respondent/A are customer; one file = one interview",
		Extensions:  []string{".txt"},
		Detect:      detectTranscript,
		read:        readTranscript,
	},
	{
		Name:        "csv",
		Channel:     record.Other,
		Description: "header row, delimiter , ; tab or | sniffed; columns text/body/message, speaker/author, role, lang, created_at/date; conversation_id groups consecutive rows",
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

// detect picks the format for a file: first a format that claims the
// extension and agrees with the content, then any format by content alone.
func detect(name string, head []byte) *Format {
	ext := extOf(name)
	for i := range Formats {
		f := &Formats[i]
		if hasString(f.Extensions, ext) && f.Detect(name, head) {
			return f
		}
	}
	for i := range Formats {
		if Formats[i].Detect(name, head) {
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
