package ingest

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestDetectSTT(t *testing.T) {
	longText := `{"text": "` + strings.Repeat("woord ", headSize/6+10) + `", "segments": [{"start": 0, "text": "a"}]}`
	tests := []struct {
		name, file, input, want string
	}{
		{name: "Whisper segments", file: "a.json", input: `{"text":"a","segments":[{"id":0,"start":0.0,"text":"a"}],"language":"en"}`, want: "stt"},
		{name: "AssemblyAI utterances", file: "b.json", input: `{"utterances":[{"speaker":"A","start":10,"text":"a"}]}`, want: "stt"},
		{name: "AssemblyAI with a long words list first", file: "c.json", input: `{"id":"x","audio_url":"https://x/a.mp3","words":[]}`, want: "stt"},
		{name: "Whisper with a full text longer than the head", file: "d.json", input: longText, want: "stt"},
		{name: "generic array stays json", file: "e.json", input: `[{"text":"a","speaker":"Klant"}]`, want: "json"},
		{name: "generic object stays json", file: "f.json", input: "{\n  \"text\": \"hoi\",\n  \"speaker\": \"A\"\n}\n", want: "json"},
		{name: "segments without text stay json", file: "g.json", input: "{\n\"segments\": [{\"start\": 1}]\n}\n", want: "json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, st := readString(t, tt.file, tt.input, Options{})
			if st.Format != tt.want {
				t.Errorf("format = %q, want %q", st.Format, tt.want)
			}
		})
	}
}

func TestReadSTT(t *testing.T) {
	tests := []struct {
		name, input string
		opts        Options
		want        []string
	}{
		{
			name:  "segments without speakers stay apart; labels are no roles",
			input: `{"segments":[{"start":1,"text":" een"},{"start":2,"text":"twee"},{"start":3,"speaker":"A","text":"drie"},{"start":4,"speaker":"Klant","text":"vier"}]}`,
			want:  []string{"doc 1 id= ch=interview lang=", "  1 /unknown/: een", "  1 /unknown/: twee", "  1 A/unknown/: drie", "  1 Klant/customer/: vier"},
		},
		{
			name:  "no segments",
			input: `{"text":"alles"}`,
			want:  []string{`reject 1: no "segments" or "utterances" array in this JSON object; use --format json to read it as generic JSON`},
		},
		{
			name:  "syntax error keeps what came before",
			input: "{\"segments\":[\n{\"start\":1,\"speaker\":\"S1\",\"text\":\"a\"},\n{\"start\": x}\n]}",
			opts:  Options{Agents: []string{"s1"}},
			want:  []string{"doc 1 id= ch=interview lang=", "  2 S1/agent/: a", "reject 3: invalid JSON: invalid character 'x' looking for beginning of value; the rest of the file is skipped"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := tt.opts
			opts.Format = "stt"
			items, _ := readString(t, "s.json", tt.input, opts)
			checkBrief(t, items, tt.want)
		})
	}
}

func TestSTTOffsets(t *testing.T) {
	items, _ := readAll(t, filepath.Join("testdata", "stt", "assemblyai-nl.json"), Options{})
	us := items[0].Doc.Utterances
	if len(us) != 2 || us[0].Offset.Milliseconds() != 240 || us[1].Offset.Milliseconds() != 2100 {
		t.Errorf("utterances %+v, want offsets 240ms and 2.1s", us)
	}
}

func FuzzSTT(f *testing.F) {
	addSeeds(f, filepath.Join("stt", "*.json"))
	f.Add([]byte(`{"utterances":[{"speaker":1,"start":-5,"text":"\u0000"}],"segments":{}}`))
	f.Add([]byte(`{"utterAnCes":{0`))
	f.Add([]byte(`{"segments":[{"start":1e300,"text":["a"]},{"text":"b","speaker":null}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		items, _ := fuzzRead(t, "f.json", "stt", data)
		for _, it := range items {
			if it.Doc != nil {
				checkDocValid(t, it)
			}
		}
	})
}
