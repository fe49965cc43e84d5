package ingest

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// accents holds the characters that go wrong first in a bad decode.
const accents = "Café, ideeën, naïef: “zo” en ‘zo’ – €5"

// TestEncodedCSV reads CSVs as Excel and Outlook save them, with accents
// intact. The byte fixtures are built here with x/text's encoders.
func TestEncodedCSV(t *testing.T) {
	csvText := "id;text\n1;" + accents + "\n"
	tabText := "id\ttext\r\n1\t" + accents + "\r\n"
	cp1252, err := charmap.Windows1252.NewEncoder().Bytes([]byte(csvText))
	if err != nil {
		t.Fatal(err)
	}
	utf16le, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(tabText))
	if err != nil {
		t.Fatal(err)
	}
	utf16be, err := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(tabText))
	if err != nil {
		t.Fatal(err)
	}
	utf16leNoBOM, err := unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewEncoder().Bytes([]byte(tabText))
	if err != nil {
		t.Fatal(err)
	}
	latin9, err := charmap.ISO8859_15.NewEncoder().Bytes([]byte("id;text\n1;Prijs €5, naïef\n"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		file string
		data []byte
		opts Options
		want string
	}{
		{name: "Windows-1252 CSV (Excel 'CSV (;)')", file: "w.csv", data: cp1252, want: accents},
		{name: "UTF-16 LE with BOM, tab-separated (Excel 'Unicode text')", file: "u.txt", data: utf16le, want: accents},
		{name: "UTF-16 BE with BOM", file: "u.csv", data: utf16be, want: accents},
		{name: "UTF-16 LE without BOM", file: "u.tsv", data: utf16leNoBOM, want: accents},
		{name: "UTF-8 with BOM", file: "b.csv", data: append([]byte("\ufeff"), csvText...), want: accents},
		{name: "UTF-8 without BOM", file: "p.csv", data: []byte(csvText), want: accents},
		{name: "--encoding iso-8859-15 overrides the Windows-1252 guess", file: "l.csv", data: latin9,
			opts: Options{Encoding: "iso-8859-15"}, want: "Prijs €5, naïef"},
		{name: "--encoding utf-16 reads Excel's Unicode text", file: "u.txt", data: utf16le,
			opts: Options{Encoding: "utf-16"}, want: accents},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, st := readString(t, tt.file, string(tt.data), tt.opts)
			if st.Format != "csv" {
				t.Errorf("format %q, want csv", st.Format)
			}
			if len(items) != 1 || items[0].Doc == nil {
				t.Fatalf("want one document, got:\n%s", dump(items))
			}
			if got := items[0].Doc.Utterances[0].Text; got != tt.want {
				t.Errorf("text %q, want %q", got, tt.want)
			}
			if items[0].Doc.Source.RecordID != "1" {
				t.Errorf("id %q: the header was not read as a header", items[0].Doc.Source.RecordID)
			}
		})
	}
}

// TestSniffEncoding pins the sniffing rules.
func TestSniffEncoding(t *testing.T) {
	tests := []struct {
		name     string
		head     []byte
		complete bool
		want     encoding.Encoding // nil = UTF-8, nothing to decode
	}{
		{name: "ASCII", head: []byte("a,b\n"), complete: true},
		{name: "UTF-8", head: []byte("café"), complete: true},
		{name: "UTF-8 BOM", head: []byte("\ufeffx"), complete: true},
		{name: "cut-off rune at the end of a full head is still UTF-8", head: []byte("caf\xc3"), complete: false},
		{name: "cut-off rune at the end of the file is not", head: []byte("caf\xc3"), complete: true, want: charmap.Windows1252},
		{name: "Latin-1 byte", head: []byte("caf\xe9"), complete: true, want: charmap.Windows1252},
		{name: "binary with NUL stays", head: []byte("\x00\x01\xff\xfe\x00abc\x00\x00"), complete: true},
		{name: "UTF-16 LE BOM", head: []byte{0xFF, 0xFE, 'a', 0}, complete: true, want: unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM)},
		{name: "UTF-16 BE BOM", head: []byte{0xFE, 0xFF, 0, 'a'}, complete: true, want: unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM)},
		{name: "UTF-16 LE without BOM", head: []byte("i\x00d\x00;\x00t\x00e\x00x\x00t\x00\n\x00"), complete: true, want: unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sniffEncoding(tt.head, tt.complete)
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("sniffEncoding = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestEncodingOption checks that Validate refuses an unknown --encoding
// and that e-mail keeps its own charsets (no Windows-1252 guess).
func TestEncodingOption(t *testing.T) {
	if err := (Options{Encoding: "klingon"}).Validate(); err == nil || !strings.Contains(err.Error(), "unknown encoding") {
		t.Errorf("Validate = %v, want unknown encoding", err)
	}
	if err := (Options{Encoding: "Windows-1252"}).Validate(); err != nil {
		t.Errorf("Validate = %v", err)
	}
	// A raw 8-bit KOI8-R part must be decoded by its declared charset,
	// not re-decoded as Windows-1252 first.
	koi, _ := charmap.KOI8R.NewEncoder().Bytes([]byte("Добрый день"))
	msg := "From: a@b.c\nSubject: x\nContent-Type: text/plain; charset=koi8-r\nContent-Transfer-Encoding: 8bit\n\n" + string(koi) + "\n"
	items, _ := readString(t, "k.eml", msg, Options{})
	if len(items) != 1 || items[0].Doc == nil || items[0].Doc.Utterances[0].Text != "Добрый день" {
		t.Errorf("got:\n%s", dump(items))
	}
}

func FuzzEncoding(f *testing.F) {
	f.Add([]byte("id;text\n1;caf\xe9\n"))
	f.Add([]byte{0xFF, 0xFE, 't', 0, 'e', 0, 'x', 0, 't', 0, '\n', 0, 'a', 0, 0x00, 0xD8, '\n', 0})
	f.Add([]byte{0xFE, 0xFF, 0, 't', 0, 'e', 0, 'x', 0, 't', 0, '\n', 0, 'a'})
	f.Add([]byte("text\n\xc3"))
	f.Fuzz(func(t *testing.T, data []byte) {
		// Any bytes as a CSV: decoding must give valid UTF-8 and the
		// common reader properties.
		items, _ := fuzzRead(t, "f.csv", "csv", data)
		for _, it := range items {
			if it.Doc != nil {
				for _, u := range it.Doc.Utterances {
					if !utf8.ValidString(u.Text) {
						t.Fatalf("invalid UTF-8 %q", u.Text)
					}
				}
			}
		}
		// Whatever was decoded comes out as UTF-8 (a rune cut off by the
		// head's end aside).
		if sniffEncoding(data, true) != nil {
			raw := bufio.NewReaderSize(bytes.NewReader(data), headSize)
			head, _ := raw.Peek(headSize)
			_, dhead, err := decodeInput(raw, head, Input{Rel: "f.csv"}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !validUTF8Head(dhead, len(dhead) < headSize) {
				t.Fatalf("decoded head is not UTF-8: %q", dhead)
			}
		}
	})
}
