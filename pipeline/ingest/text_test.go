package ingest

import (
	"strings"
	"testing"
)

func TestReadText(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string // brief(items)
	}{
		{name: "one paragraph", in: "Ik kan mijn facturen niet exporteren.\n",
			want: []string{"doc 1 id= ch=other lang=", "  1 /unknown/: Ik kan mijn facturen niet exporteren."}},
		{name: "hard-wrapped lines join with a space", in: "The export\nkeeps failing\r\nevery time.",
			want: []string{"doc 1 id= ch=other lang=", "  1 /unknown/: The export keeps failing every time."}},
		{name: "paragraphs keep their first line", in: "\n\nEen.\n\n\n  Twee,\n  drie.  \n\nVier\n",
			want: []string{"doc 1 id= ch=other lang=", "  3 /unknown/: Een.", "  6 /unknown/: Twee, drie.", "  9 /unknown/: Vier"}},
		{name: "speaker-like lines stay text", in: "Klant: dit is geen transcript\n",
			want: []string{"doc 1 id= ch=other lang=", "  1 /unknown/: Klant: dit is geen transcript"}},
		{name: "only blank lines", in: "\n \n\t\n", want: []string{"reject 1: no text found"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, st := readString(t, "brief.txt", tt.in, Options{Format: "text"})
			if st.Format != "text" {
				t.Errorf("format %q", st.Format)
			}
			checkBrief(t, items, tt.want)
		})
	}
}

// Without --format text a plain .txt is not guessed to be one voice; the
// error says how to read it.
func TestTextNotGuessed(t *testing.T) {
	_, err := readStream(strings.NewReader("Zomaar wat tekst zonder sprekers.\n"), Input{Path: "notes.txt", Rel: "notes.txt"}, Options{}, func(Item) {})
	if err == nil || !strings.Contains(err.Error(), "--format text") {
		t.Fatalf("err = %v, want the --format text hint", err)
	}
	if strings.Contains(err.Error(), "not freshdesk, zendesk") && strings.Contains(err.Error(), " text,") {
		t.Errorf("the error lists text among the detected formats: %v", err)
	}
}

func FuzzText(f *testing.F) {
	addSeeds(f, ".txt")
	f.Add([]byte("a\n\nb\nc\n\n\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		items, _ := fuzzRead(t, "f.txt", "text", data)
		for _, it := range items {
			if it.Doc == nil {
				continue
			}
			prev := 0
			for _, u := range it.Doc.Utterances {
				if u.Line <= prev || strings.TrimSpace(u.Text) == "" {
					t.Fatalf("utterance at line %d after %d: %q", u.Line, prev, u.Text)
				}
				prev = u.Line
			}
		}
	})
}
