package ingest

import (
	"strings"
	"testing"
)

// TestNestedTextsHint: a JSON record whose texts sit in a nested array (the
// shapes of Telegram, Instagram and QMSum exports) is rejected with where
// the texts are, also under --map text=..., which cannot reach into arrays.
func TestNestedTextsHint(t *testing.T) {
	hint := func(path, key string) string {
		return `no text field; the texts seem to be in the array "` + path + `" (objects with "` + key + `")`
	}
	tests := []struct {
		name, file, input string
		opts              Options
		want              string // prefix of the only reject's reason
	}{
		{"telegram", "t.json", `{"name":"Chat","messages":[{"type":"message","from":"A","text":"hoi"},{"from":"B","text":[{"type":"bold","text":"x"}]}]}`, Options{}, hint("messages", "text")},
		{"telegram batch", "t.json", `{"chats":{"list":[{"name":"C","messages":[{"from":"A","text":"hoi"}]}]}}`, Options{}, hint("chats.list[].messages", "text")},
		{"instagram", "i.json", `{"participants":[{"name":"J"}],"messages":[{"sender_name":"J","Content":"Hello"}]}`, Options{}, hint("messages", "Content")},
		{"qmsum, annotations first", "m.json", `{"general_query_list":[{"query":"q","answer":"a"}],"meeting_transcripts":[{"speaker":"PM","content":"Okay"}],"topic_list":[{"topic":"t"}]}`, Options{}, hint("meeting_transcripts", "content")},
		{"--map text=content", "m.json", `{"meeting_transcripts":[{"speaker":"PM","content":"Okay"}]}`, Options{Map: map[string]string{"text": "content"}}, hint("meeting_transcripts", "content")},
		{"jsonl line", "m.jsonl", `{"id":1,"turns":[{"Body":"x"}]}`, Options{}, hint("turns", "Body")},
		{"array without text objects", "n.json", `{"id":1,"tags":[{"name":"x"}],"n":[1,2]}`, Options{}, noTextReason("field")},
		{"too deep to look", "d.json", `{"a":{"b":{"c":{"d":{"e":[{"text":"x"}]}}}}}`, Options{}, noTextReason("field")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, _ := readString(t, tt.file, tt.input+"\n", tt.opts)
			if len(items) != 1 || items[0].Reject == nil || !strings.HasPrefix(items[0].Reject.Reason, tt.want) {
				t.Errorf("got %q\nwant a reject starting %q", brief(items), tt.want)
			}
		})
	}
}
