package text

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestParts: a text longer than MaxPart is cut into parts that join to it,
// none longer than MaxPart, each cut after the last newline in the second
// half of its part, else after the last sentence end there, else after the
// last whitespace, else at a rune boundary.
func TestParts(t *testing.T) {
	fill := func(n int, unit string) string { return strings.Repeat(unit, n/len(unit)) }
	tests := []struct {
		name string
		text string
		ends []int // where the parts end, but the last
	}{
		{"short", "Ik wil exporteren.", nil},
		{"at the bound", fill(MaxPart, "ab "), nil},
		// The newline at 40,000 beats the sentence end and the spaces
		// after it.
		{"newline", fill(40000, "x")[1:] + "\n" + fill(20000, "Klaar. ") + fill(MaxPart, "y"), []int{40000}},
		// A newline in the first half does not count: the last sentence
		// end does, with its spaces, the next part starting at a word.
		{"sentence end", fill(100, "x")[1:] + "\n" + fill(40000, "a ") + "Klaar.  " + fill(MaxPart, "a "), []int{100 + 40000 + 8}},
		// A period without a space after it is no sentence end.
		{"whitespace", fill(40000, "x") + " v1.2" + fill(20000, "y") + " " + fill(MaxPart, "z"), []int{40000 + 5 + 20000 + 1}},
		{"no whitespace", fill(2*MaxPart+2, "é"), []int{MaxPart, 2 * MaxPart}},
		// 3-byte runes: MaxPart is not a rune boundary, the byte before
		// the last whole rune is.
		{"rune boundary", fill(MaxPart+9, "€"), []int{MaxPart - MaxPart%3}},
		{"space at the bound", fill(MaxPart, "x") + " " + fill(10, "y"), []int{MaxPart}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts := Parts(tt.text)
			if got := strings.Join(parts, ""); got != tt.text {
				t.Fatalf("parts do not join to the text")
			}
			var ends []int
			at := 0
			for i, p := range parts {
				if p == "" || len(p) > MaxPart {
					t.Errorf("part %d: %d bytes", i, len(p))
				}
				at += len(p)
				if i < len(parts)-1 {
					ends = append(ends, at)
				}
			}
			if len(ends) > len(tt.ends) {
				ends = ends[:len(tt.ends)] // check the first cuts only
			}
			if !slices.Equal(ends, tt.ends) {
				t.Errorf("parts end at %v, want %v", ends, tt.ends)
			}
		})
	}
}

// FuzzParts: for any text, repeated past MaxPart, the parts join to it, are
// not empty, hold at most MaxPart bytes, and (for UTF-8 text) start at a
// rune.
func FuzzParts(f *testing.F) {
	for _, s := range []string{"a ", "Klaar. ", "x\n", "€", "woord, woord; woord! ", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, unit string) {
		if unit == "" {
			return
		}
		s := strings.Repeat(unit, 2*MaxPart/len(unit)+1)
		parts := Parts(s)
		if strings.Join(parts, "") != s {
			t.Fatal("parts do not join to the text")
		}
		for i, p := range parts {
			if p == "" || len(p) > MaxPart {
				t.Fatalf("part %d: %d bytes", i, len(p))
			}
			if utf8.ValidString(s) && !utf8.RuneStart(p[0]) {
				t.Fatalf("part %d starts inside a rune", i)
			}
		}
	})
}
