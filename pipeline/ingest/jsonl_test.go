package ingest

import (
	"strings"
	"testing"
)

func TestReadJSONL(t *testing.T) {
	tests := []struct {
		name  string
		input string
		opts  Options
		want  []string
	}{
		{
			name:  "aliases, numbers as ids, null fields",
			input: `{"Message_ID": 12345678901234567890, "From": "Jan", "Speaker_Role": "Klant", "Locale": "nl-NL", "Content": "Hoi", "channel": null}` + "\n",
			want:  []string{"doc 1 id=12345678901234567890 ch=other lang=nl", "  1 Jan/customer/nl: Hoi"},
		},
		{
			name:  "bad lines are rejected with their line, blank lines skipped",
			input: "{\"text\":\"a\"}\n\nnot json\n[1,2]\n\"str\"\n{\"text\":\"b\"} trailing\n{\"text\":{\"nested\":1}}\n{\"id\":1}\n{\"text\":\"c\"}\n",
			want: []string{
				"doc 1 id= ch=other lang=", "  1 /unknown/: a",
				"reject 3: invalid JSON: invalid character 'o' in literal null (expecting 'u')",
				"reject 4: JSON array, not an object",
				"reject 5: JSON string, not an object",
				"reject 6: invalid JSON: more text after the first value",
				"reject 7: text field holds a JSON object, not text",
				"reject 8: " + noTextReason("field"),
				"doc 9 id= ch=other lang=", "  9 /unknown/: c",
			},
		},
		{
			name:  "conversation grouping",
			input: `{"thread_id":"t1","role":"user","text":"q"}` + "\n" + `{"thread_id":"t1","role":"admin","text":"a"}` + "\n" + `{"thread_id":"t2","text":"x"}` + "\n",
			want: []string{
				"doc 1 id=t1 ch=other lang=", "  1 /customer/: q", "  2 /agent/: a",
				"doc 3 id=t2 ch=other lang=", "  3 /unknown/: x",
			},
		},
		{
			name:  "--map with a dotted path into nested objects",
			input: `{"id":"m1","author":{"name":"Eva","type":"Support"},"payload":{"Body":"Opgelost"},"channel":"chat"}` + "\n",
			opts:  Options{Map: map[string]string{"speaker": "author.name", "role": "author.type", "text": "payload.body"}},
			want:  []string{"doc 1 id=m1 ch=chat lang=", "  1 Eva/agent/: Opgelost"},
		},
		{
			name:  "--map with an unknown field",
			input: `{"text":"x"}` + "\n",
			opts:  Options{Map: map[string]string{"body": "text"}},
			want:  []string{`reject 1: --map body=text: unknown field "body" (known: id, text, speaker, role, channel, lang, created_at, updated_at, customer_id, conversation_id, subject)`},
		},
		{
			name:  "keys differing only in case: the smallest wins",
			input: `{"text":"lower","Text":"upper"}` + "\n",
			want:  []string{"doc 1 id= ch=other lang=", "  1 /unknown/: upper"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, st := readString(t, "in.jsonl", tt.input, tt.opts)
			if st.Format != "jsonl" {
				t.Errorf("format %q, want jsonl", st.Format)
			}
			checkBrief(t, items, tt.want)
		})
	}
}

func TestJSONLLongLine(t *testing.T) {
	long := `{"text":"` + strings.Repeat("x", 17<<20) + `"}`
	input := `{"text":"before"}` + "\n" + long + "\n" + `{"text":"after"}` + "\n"
	items, _ := readString(t, "big.jsonl", input, Options{})
	checkBrief(t, items, []string{
		"doc 1 id= ch=other lang=", "  1 /unknown/: before",
		"reject 2: line longer than 16 MiB",
		"doc 3 id= ch=other lang=", "  3 /unknown/: after",
	})
}

func TestReadJSON(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  []string
	}{
		{
			name:  "array of objects, each at its own line",
			input: "[\n  {\"id\": 1, \"text\": \"een\"},\n  {\n    \"id\": 2,\n    \"text\": \"twee\"\n  },\n  3,\n  {\"id\": 4, \"text\": \"\"}\n]\n",
			want: []string{
				"doc 2 id=1 ch=other lang=", "  2 /unknown/: een",
				"doc 3 id=2 ch=other lang=", "  3 /unknown/: twee",
				"reject 7: JSON number, not an object",
				"reject 8: empty text",
			},
		},
		{
			name:  "syntax error rejects the rest of the file at its line",
			input: "[\n{\"text\": \"ok\"},\n\n{\"text\": oops},\n{\"text\": \"lost\"}\n]",
			want: []string{
				"doc 2 id= ch=other lang=", "  2 /unknown/: ok",
				"reject 4: invalid JSON: invalid character 'o' looking for beginning of value; the rest of the file is skipped",
			},
		},
		{
			name:  "array not closed",
			input: "[\n{\"text\": \"a\"}\n",
			want: []string{
				"doc 2 id= ch=other lang=", "  2 /unknown/: a",
				"reject 2: invalid JSON: the file ends before the array is closed",
			},
		},
		{
			name:  "concatenated pretty-printed objects",
			input: "{\n  \"text\": \"a\"\n}\n{\n  \"text\": \"b\"\n}\n",
			want: []string{
				"doc 1 id= ch=other lang=", "  1 /unknown/: a",
				"doc 4 id= ch=other lang=", "  4 /unknown/: b",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, st := readString(t, "in.json", tt.input, Options{})
			if st.Format != "json" {
				t.Errorf("format %q, want json", st.Format)
			}
			checkBrief(t, items, tt.want)
		})
	}
}
