package ingest

import (
	"os"
	"path/filepath"
	"testing"
)

// TestNothingLeavesATrace: a non-empty file that holds no record ends as a
// reject that says so, except where "no records" is a valid export (a CSV
// header without rows, an empty JSON array: a day without tickets).
func TestNothingLeavesATrace(t *testing.T) {
	noCues := "reject 1: no cues found: the file has no cue with text (empty and markup-only cues are not speech)"
	joinOnly := `[{"type":"message","subtype":"channel_join","user":"U1","text":"<@U1> has joined the channel","ts":"1.0"}]`
	tests := []struct {
		name, file, input string
		want              []string
	}{
		{"vtt header only", "a.vtt", "WEBVTT\n", []string{noCues}},
		{"vtt empty cue", "a.vtt", "WEBVTT\n\n00:00.000 --> 00:02.000\n<v It's a blue apple tree!\n", []string{noCues}},
		{"srt empty cue", "a.srt", "1\n00:00:01,000 --> 00:00:02,000\n\n", []string{noCues}},
		{"sbv empty cue", "a.sbv", "0:00:01.000,0:00:02.000\n\n", []string{noCues}},
		{"whatsapp system lines only", "chat.txt", "12/01/2024, 10:00 - Messages and calls are end-to-end encrypted.\n12/01/2024, 10:01 - Jan: <Media omitted>\n",
			[]string{"reject 1: no messages with text found (system lines, media placeholders and empty messages are not speech)"}},
		{"transcript labels only", "i.txt", "Interviewer: \nKlant: \n", []string{"reject 1: no speech found: only speaker labels and times, no text"}},
		{"slack joins only", "export.zip", string(zipOf(t, map[string][]byte{"users.json": []byte(`[{"id":"U1","name":"jan"}]`), "channels.json": []byte(`[{"name":"general"}]`), "general/2024-01-01.json": []byte(joinOnly)})),
			[]string{"reject 1: no messages found: no channel has a message with text (joins, bots and other subtypes are skipped)"}},
		{"csv header only: no records, no reject", "t.csv", "id,text,speaker\n", nil},
		{"json empty array: no records, no reject", "t.json", "[]\n", nil},
		{"vtt with a cue: a document, no reject", "a.vtt", "WEBVTT\n\n00:00.000 --> 00:02.000\nhoi\n", []string{"doc 1 id= ch=interview lang=", "  3 /unknown/: hoi"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, _ := readString(t, tt.file, tt.input, Options{})
			checkBrief(t, items, tt.want)
		})
	}
}

// TestNothingCorpus: the reviewer's subtitle files without usable cues.
func TestNothingCorpus(t *testing.T) {
	for _, p := range []string{"subtitles-webvtt-py-fixtures/no_captions.vtt", "webvtt-voice-tags-vttjs/no-end-gt.vtt"} {
		dir := corpus(t, filepath.Dir(p))
		path := filepath.Join(dir, filepath.Base(p))
		var items []Item
		if _, err := Read(Input{Path: path, Rel: filepath.Base(p)}, Options{}, func(it Item) { items = append(items, it) }); err != nil {
			t.Fatal(err)
		}
		if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
			t.Fatalf("%s: want a non-empty file", p)
		}
		checkBrief(t, items, []string{"reject 1: no cues found: the file has no cue with text (empty and markup-only cues are not speech)"})
	}
}
