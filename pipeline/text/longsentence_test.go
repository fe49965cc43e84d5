package text

import (
	"slices"
	"strings"
	"testing"

	"jobminer/pipeline/record"
)

// TestLongSentenceCut: a sentence of more than maxSentenceTokens tokens is
// cut into pieces of at most that many, after a punctuation mark where its
// second half has one; the tokens are those of the whole sentence, and a
// sentence at the bound is left alone.
func TestLongSentenceCut(t *testing.T) {
	words := func(n int, sep string) string {
		w := make([]string, n)
		for i := range w {
			w[i] = "woord"
		}
		return strings.Join(w, sep)
	}
	tests := []struct {
		name   string
		text   string
		pieces []int // tokens per sentence
	}{
		{"at the bound", words(maxSentenceTokens, " "), []int{maxSentenceTokens}},
		{"one over, no marks", words(maxSentenceTokens+1, " "), []int{maxSentenceTokens, 1}},
		{"run-on, no marks", words(3*maxSentenceTokens, " ") + " eind.", []int{256, 256, 256, 2}},
		// "woord," is two tokens: each cut falls after the comma at
		// token 256.
		{"commas", words(400, ", "), []int{256, 256, 256, 31}},
		// A comma in the first half is too early: cut at the bound.
		{"early comma", words(10, " ") + ", " + words(400, " "), []int{256, 155}},
		{"late comma", words(200, " ") + ", " + words(400, " "), []int{201, 256, 144}},
		{"two sentences", words(300, " ") + ". " + words(10, " ") + ".", []int{256, 45, 11}},
	}
	a := NewAnalyzer()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := &record.Utterance{Text: tt.text}
			a.Analyze(u, "nl")
			checkInvariants(t, u)
			got := make([]int, len(u.Sentences))
			for _, tok := range u.Tokens {
				got[tok.Sentence]++
			}
			if !slices.Equal(got, tt.pieces) {
				t.Fatalf("tokens per sentence %v, want %v", got, tt.pieces)
			}
			// The tokens are those of the sentence uncut: only their
			// Sentence differs.
			whole := a.Tokenize("nl", tt.text)
			if len(whole) != len(u.Tokens) {
				t.Fatalf("%d tokens, want %d", len(u.Tokens), len(whole))
			}
			for i, w := range whole {
				g := u.Tokens[i]
				if g.Span != w.Span || g.Norm != w.Norm || g.Stem != w.Stem || g.Word != w.Word {
					t.Fatalf("token %d %+v, want %+v", i, g, w)
				}
			}
			if last := u.Sentences[len(u.Sentences)-1]; last.End != len(strings.TrimSpace(tt.text)) {
				t.Errorf("last sentence ends at %d, want the text's end %d", last.End, len(tt.text))
			}
		})
	}
}
