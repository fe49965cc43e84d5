package ingest

import (
	"os"
	"path/filepath"
	"sort"
	"testing"

	"jobminer/pipeline/record"
)

// corpusDir is ../shared/corpora relative to the repository root.
var corpusDir = filepath.Join("..", "..", "..", "shared", "corpora")

// corpus returns the path of a shared corpus folder, skipping the test
// when it is absent.
func corpus(t *testing.T, folder string) string {
	t.Helper()
	dir := filepath.Join(corpusDir, folder)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	return dir
}

// checkGolden compares dump(items) with path+".golden" (-update rewrites it).
func checkGolden(t *testing.T, path string, items []Item) {
	t.Helper()
	goldenText(t, path, dump(items))
}

// goldenText compares got with path+".golden" (written with -update).
func goldenText(t *testing.T, path, got string) {
	t.Helper()
	golden := path + ".golden"
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from %s (run with -update after checking):\n--- got\n%s--- want\n%s", path, golden, got, want)
	}
}

// summary is what the corpus READMEs state per file.
type summary struct {
	docs, utterances, rejects int
	speakers                  []string // distinct, sorted; "" for no speaker
	roles                     map[record.Role]int
	first                     record.Utterance
}

func summarize(items []Item) summary {
	s := summary{roles: map[record.Role]int{}}
	seen := map[string]bool{}
	for _, it := range items {
		if it.Reject != nil {
			s.rejects++
			continue
		}
		s.docs++
		for _, u := range it.Doc.Utterances {
			if s.utterances == 0 {
				s.first = u
			}
			s.utterances++
			s.roles[u.Role]++
			if !seen[u.Speaker] {
				seen[u.Speaker] = true
				s.speakers = append(s.speakers, u.Speaker)
			}
		}
	}
	sort.Strings(s.speakers)
	return s
}

func TestGoldenNewFormats(t *testing.T) {
	tests := []struct {
		name   string
		file   string
		opts   Options
		format string
	}{
		{name: "Teams VTT in Dutch with voice tags and cue ids", file: "vtt/teams-nl.vtt", format: "vtt",
			opts: Options{Interviewers: []string{"Sanne de Vries"}, Customers: []string{"pieter jansen"}}},
		{name: "Zoom VTT in English with Name: labels", file: "vtt/zoom-en.vtt", format: "vtt",
			opts: Options{Customers: []string{"Maria Lopez"}}},
		{name: "Dutch SRT with role labels", file: "srt/interview-nl.srt", format: "srt"},
		{name: "English SBV", file: "sbv/captions-en.sbv", format: "sbv"},
		{name: "WhisperX JSON", file: "stt/whisperx-en.json", format: "stt",
			opts: Options{Interviewers: []string{"SPEAKER_00"}}},
		{name: "AssemblyAI JSON in Dutch", file: "stt/assemblyai-nl.json", format: "stt",
			opts: Options{Customers: []string{"B"}}},
		{name: "WhatsApp Android in Dutch", file: "whatsapp/android-nl.txt", format: "whatsapp",
			opts: Options{Agents: []string{"Sanne"}, Customers: []string{"Pieter"}}},
		{name: "WhatsApp iOS in English (US dates, 12-hour clock)", file: "whatsapp/ios-en.txt", format: "whatsapp",
			opts: Options{Agents: []string{"support team"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join("testdata", filepath.FromSlash(tt.file))
			items, st := readAll(t, path, tt.opts)
			if st.Format != tt.format {
				t.Errorf("format = %q, want %q", st.Format, tt.format)
			}
			checkGolden(t, path, items)
		})
	}
}
