package ingest

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"testing"
)

func TestLineReader(t *testing.T) {
	// A 16-byte buffer (bufio's smallest) and a limit of 20 bytes: lines
	// fit in the buffer, span it, or are too long.
	tests := []struct {
		name, in string
		want     []string
	}{
		{"empty", "", nil},
		{"no final newline", "a\nb", []string{"1 a", "2 b"}},
		{"crlf and blank lines", "a\r\n\r\n\nb\r\n", []string{"1 a", "2 ", "3 ", "4 b"}},
		{"lone cr kept inside", "a\rb\n", []string{"1 a\rb"}},
		{"spans the buffer", "0123456789abcdefghij\nx\n", []string{"1 0123456789abcdefghij", "2 x"}},
		{"spans the buffer, crlf", "0123456789abcdefghij\r\nx", []string{"1 0123456789abcdefghij", "2 x"}},
		{"spans the buffer, no newline", "0123456789abcdefghij", []string{"1 0123456789abcdefghij"}},
		{"too long", "a\n0123456789abcdefghijk\nb\n", []string{"1 a", "2 too long", "3 b"}},
		{"too long at the end", "0123456789abcdefghijklmnopqrstuvwxyz", []string{"1 too long"}},
		{"short line after a long one", strings.Repeat("x", 40) + "\nab\n", []string{"1 too long", "2 ab"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lr := newLineReader(bufio.NewReaderSize(strings.NewReader(tt.in), 16), 20)
			var got []string
			for {
				line, tooLong, err := lr.next()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				if tooLong {
					got = append(got, fmt.Sprintf("%d too long", lr.n))
					continue
				}
				got = append(got, fmt.Sprintf("%d %s", lr.n, line))
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
