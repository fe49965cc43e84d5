package ingest

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
)

func TestBinaryFilesRejected(t *testing.T) {
	utf16le := func(s string) []byte {
		var b bytes.Buffer
		b.Write([]byte{0xFF, 0xFE})
		for _, u := range utf16.Encode([]rune(s)) {
			b.WriteByte(byte(u))
			b.WriteByte(byte(u >> 8))
		}
		return b.Bytes()
	}
	noise := make([]byte, 4096)
	for i := range noise {
		noise[i] = byte(i*131 + i*i*7)
	}
	tests := []struct {
		name, file string
		data       []byte
		binary     bool
	}{
		{name: "png as txt", file: "a.txt", data: []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR rest"), binary: true},
		{name: "pdf as csv", file: "a.csv", data: []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), binary: true},
		{name: "noise as jsonl", file: "a.jsonl", data: noise, binary: true},
		{name: "utf-16 text is text", file: "a.csv", data: utf16le("id,text\n1,Ik wil exporteren\n")},
		{name: "one stray NUL is text", file: "a.csv", data: []byte("id,text\n1,Ik wil\x00 exporteren\n2," + strings.Repeat("tekst ", 50) + "\n")},
		{name: "windows-1252 is text", file: "a.csv", data: []byte("id,text\n1,Caf\xe9 en cr\xe8me\n")},
		{name: "MZ as a word is text", file: "a.txt", data: []byte("MZ: ik wil graag exporteren\n")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), tt.file)
			writeFile(t, path, tt.data)
			_, err := Read(Input{Path: path, Rel: tt.file}, Options{}, func(Item) {})
			got := err != nil && strings.Contains(err.Error(), "binary file")
			if got != tt.binary {
				t.Errorf("binary = %v (err %v), want %v", got, err, tt.binary)
			}
		})
	}
}

func TestTruncatedGzipKeepsRecordsAndGivesOffset(t *testing.T) {
	var lines []string
	for i := 1; i <= 300; i++ {
		lines = append(lines, fmt.Sprintf(`{"id":"r%d","text":"regel %d met wat tekst %x"}`, i, i, i*7919))
	}
	gz := gzipped(t, strings.Join(lines, "\n")+"\n")
	for _, cut := range []int{len(gz) / 3, len(gz) - 5} {
		t.Run(fmt.Sprint(cut), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x.jsonl.gz")
			writeFile(t, path, gz[:cut])
			var ids []string
			_, err := Read(Input{Path: path, Rel: "x.jsonl.gz"}, Options{}, func(it Item) {
				if it.Doc != nil {
					ids = append(ids, it.Doc.Source.RecordID)
				}
			})
			if err == nil || !strings.Contains(err.Error(), "gzip data truncated at offset") {
				t.Fatalf("err = %v, want a truncated gzip error with the offset", err)
			}
			var off int
			fmt.Sscanf(err.Error()[strings.Index(err.Error(), "offset"):], "offset %d", &off)
			if off <= 0 || off > cut {
				t.Errorf("offset %d outside the file of %d bytes", off, cut)
			}
			if len(ids) < 20 {
				t.Fatalf("only %d records kept before the damage", len(ids))
			}
			for i, id := range ids {
				if id != fmt.Sprintf("r%d", i+1) {
					t.Fatalf("record %d is %s: records before the damage must come in order", i+1, id)
				}
			}
		})
	}
}
