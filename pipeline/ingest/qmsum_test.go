package ingest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jobminer/pipeline/record"
)

// TestQMSumConverter: QMSum meeting transcripts are not an export format
// users have, so the corpus README asks for a converter test. Each
// meeting_transcripts entry becomes one JSONL line (speaker = the meeting
// role label, role unknown, one conversation per meeting); the annotations
// must not become utterances. The counts are the README's.
func TestQMSumConverter(t *testing.T) {
	dir := corpus(t, "meeting-transcripts-qmsum-ami")
	tests := []struct {
		file     string
		turns    int
		perRole  map[string]int
		firstBy  string
		firstHas string
	}{
		{"ES2002a.json", 287, map[string]int{"Project Manager": 118, "Marketing": 114, "Industrial Designer": 39, "User Interface": 16}, "Project Manager", "this is the kick-off meeting"},
		{"ES2002b.json", 621, map[string]int{"Project Manager": 232, "Marketing": 202, "Industrial Designer": 146, "User Interface": 41}, "Project Manager", "Is that alright now"},
		{"ES2002c.json", 640, map[string]int{"Project Manager": 221, "Marketing": 219, "Industrial Designer": 149, "User Interface": 51}, "Industrial Designer", "decide how to fulfil"},
		{"ES2002d.json", 950, map[string]int{"Project Manager": 309, "Marketing": 307, "Industrial Designer": 236, "User Interface": 98}, "Project Manager", "final detailed design meeting"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			var meeting struct {
				Transcripts []struct{ Speaker, Content string } `json:"meeting_transcripts"`
			}
			if err := json.Unmarshal(data, &meeting); err != nil {
				t.Fatal(err)
			}
			var jsonl strings.Builder
			for _, turn := range meeting.Transcripts {
				line, _ := json.Marshal(map[string]string{"conversation_id": tt.file, "speaker": turn.Speaker, "text": turn.Content})
				jsonl.Write(line)
				jsonl.WriteByte('\n')
			}
			items, _ := readString(t, strings.TrimSuffix(tt.file, ".json")+".jsonl", jsonl.String(), Options{})
			var docs []*record.Document
			for _, it := range items {
				if it.Reject != nil {
					t.Errorf("reject: %v", it.Reject)
				}
				if it.Doc != nil {
					docs = append(docs, it.Doc)
				}
			}
			if len(docs) != 1 || len(docs[0].Utterances) != tt.turns {
				t.Fatalf("%d documents; want one meeting of %d turns", len(docs), tt.turns)
			}
			per := map[string]int{}
			for _, u := range docs[0].Utterances {
				per[u.Speaker]++
				if u.Role != record.Unknown {
					t.Fatalf("speaker %q has role %q, want unknown", u.Speaker, u.Role)
				}
			}
			for role, n := range tt.perRole {
				if per[role] != n {
					t.Errorf("%s: %d turns, want %d (all: %v)", role, per[role], n, per)
				}
			}
			if len(per) != len(tt.perRole) {
				t.Errorf("%d speakers, want %d", len(per), len(tt.perRole))
			}
			first := docs[0].Utterances[0]
			if first.Speaker != tt.firstBy || !strings.Contains(first.Text, tt.firstHas) || !first.Time.IsZero() {
				t.Errorf("first turn %q by %q at %v", first.Text, first.Speaker, first.Time)
			}
		})
	}
}
