package pipeline

import (
	"strings"
	"testing"
	"unicode/utf8"

	"jobminer/pipeline/record"
)

func TestQuote(t *testing.T) {
	long := strings.Repeat("het werkt niet en ik word er gek van ", 100) // 3,700 bytes, no full stop
	mid := strings.Index(long[1800:], "gek") + 1800
	euro := strings.Repeat("één café ", 400)
	for _, tc := range []struct {
		name       string
		text       string
		m          record.Span
		head, tail bool // "…" expected at the start, the end
	}{
		{"short sentence whole", "Het werkt niet.", record.Span{Start: 4, End: 9}, false, false},
		{"middle", long, record.Span{Start: mid, End: mid + 3}, true, true},
		{"near the start", long, record.Span{Start: 4, End: 9}, false, true},
		{"near the end", long, record.Span{Start: len(long) - 8, End: len(long) - 5}, true, false},
		{"multibyte", euro, record.Span{Start: 1500, End: 1505}, true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sent := record.Span{Start: 0, End: len(tc.text)}
			q := quote(tc.text, sent, tc.m)
			if len(tc.text) <= maxQuote {
				if q != tc.text {
					t.Fatalf("got %q, want the sentence", q)
				}
				return
			}
			if !utf8.ValidString(q) || len(q) > maxQuote+2*len("…") {
				t.Fatalf("quote of %d bytes, valid %v", len(q), utf8.ValidString(q))
			}
			if len(q) < maxQuote/2 {
				t.Errorf("quote of only %d bytes", len(q))
			}
			if !strings.Contains(q, tc.text[tc.m.Start:tc.m.End]) && tc.name != "multibyte" {
				t.Errorf("quote %q lost the match", q)
			}
			if got := strings.HasPrefix(q, "…"); got != tc.head {
				t.Errorf("starts with …: %v, want %v", got, tc.head)
			}
			if got := strings.HasSuffix(q, "…"); got != tc.tail {
				t.Errorf("ends with …: %v, want %v", got, tc.tail)
			}
			body := strings.TrimSuffix(strings.TrimPrefix(q, "…"), "…")
			if !strings.Contains(tc.text, body) {
				t.Errorf("quote body is not a piece of the sentence")
			}
			if tc.head && !strings.Contains(tc.text, " "+body) {
				t.Errorf("quote does not start at a word: %.30q", body)
			}
		})
	}
}
