package ingest

import (
	"archive/zip"
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"
)

// docxOf builds a minimal .docx whose body holds the given paragraphs; a
// "\t" in a paragraph becomes a tab element, a "\n" a line break.
func docxOf(t testing.TB, paragraphs ...string) []byte {
	t.Helper()
	var body strings.Builder
	for _, p := range paragraphs {
		body.WriteString("<w:p><w:r>")
		for i, line := range strings.Split(p, "\n") {
			if i > 0 {
				body.WriteString("<w:br/>")
			}
			for j, part := range strings.Split(line, "\t") {
				if j > 0 {
					body.WriteString("<w:tab/>")
				}
				body.WriteString(`<w:t xml:space="preserve">`)
				xmlEscape(&body, part)
				body.WriteString("</w:t>")
			}
		}
		body.WriteString("</w:r></w:p>")
	}
	doc := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` +
		body.String() + `<w:p><w:r><w:delText>verwijderd</w:delText></w:r></w:p></w:body></w:document>`
	return zipOf(t, map[string][]byte{
		"[Content_Types].xml": []byte(`<?xml version="1.0"?><Types/>`),
		"word/document.xml":   []byte(doc),
	})
}

func xmlEscape(b *strings.Builder, s string) {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	b.WriteString(r.Replace(s))
}

func TestReadDocx(t *testing.T) {
	tests := []struct {
		name       string
		paragraphs []string
		opts       Options
		want       []string
		offsets    string
	}{
		{
			name:       "Teams export: name and time above the text",
			paragraphs: []string{"Transcript", "Sanne de Vries   0:03", "Hoe doe je dat nu?", "Pieter Jansen\t0:09", "Met de hand.", "Dat kost veel tijd."},
			opts:       Options{Interviewers: []string{"sanne de vries"}},
			want: []string{"doc 1 id= ch=interview lang=",
				"  2 Sanne de Vries/interviewer/: Hoe doe je dat nu?",
				"  4 Pieter Jansen/unknown/: Met de hand. Dat kost veel tijd."},
			offsets: "3s 9s",
		},
		{
			name:       "a forced --encoding leaves the zip alone",
			paragraphs: []string{"Interviewer: Wat zoek je?", "Klant: Één overzicht, geen gedoe."},
			opts:       Options{Encoding: "windows-1252"},
			want: []string{"doc 1 id= ch=interview lang=",
				"  1 Interviewer/interviewer/: Wat zoek je?", "  2 Klant/customer/: Één overzicht, geen gedoe."},
			offsets: "0s 0s",
		},
		{
			name:       "Word: labels in the paragraphs, a line break inside one",
			paragraphs: []string{"Interviewer: Wat zoek je?", "Klant: Overzicht.\nEn rust & ruimte."},
			want: []string{"doc 1 id= ch=interview lang=",
				"  1 Interviewer/interviewer/: Wat zoek je?", "  2 Klant/customer/: Overzicht. En rust & ruimte."},
			offsets: "0s 0s",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, st := readString(t, "gesprek.docx", string(docxOf(t, tt.paragraphs...)), tt.opts)
			if st.Format != "docx" {
				t.Errorf("format = %q", st.Format)
			}
			checkBrief(t, items, tt.want)
			var offs []string
			for _, it := range items {
				if it.Doc != nil {
					for _, u := range it.Doc.Utterances {
						offs = append(offs, u.Offset.String())
					}
				}
			}
			if got := strings.Join(offs, " "); got != tt.offsets {
				t.Errorf("offsets %s, want %s", got, tt.offsets)
			}
		})
	}
}

func TestDocxRejects(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{name: "not a zip", data: []byte("PK\x03\x04 kapot"), want: "not a readable .docx: not a readable zip archive"},
		{name: "no document part", data: zipOf(t, map[string][]byte{"word/other.xml": []byte("<a/>")}), want: "no word/document.xml"},
		{name: "broken XML", data: zipOf(t, map[string][]byte{"word/document.xml": []byte("<w:document><w:p>")}), want: "word/document.xml: XML syntax error"},
		{name: "too many entries", data: manyEntries(t, 1001), want: "1001 entries, at most 1000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, _ := readString(t, "x.docx", string(tt.data), Options{})
			if len(items) != 1 || items[0].Reject == nil || !strings.Contains(items[0].Reject.Reason, tt.want) {
				t.Errorf("got:\n%s\nwant one reject containing %q", dump(items), tt.want)
			}
		})
	}
}

func manyEntries(t *testing.T, n int) []byte {
	files := map[string][]byte{"word/document.xml": []byte("<a/>")}
	for i := 1; i < n; i++ {
		files["f/"+strconv.Itoa(i)] = nil
	}
	return zipOf(t, files)
}

// bombDocx builds a docx whose document.xml decompresses to size bytes of
// spaces (deflate shrinks that about 1000:1). When lie is set, the
// directory claims a small uncompressed size, so only counting the bytes
// actually decompressed can catch it.
func bombDocx(t *testing.T, size int64, lie bool) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "word/document.xml", Method: zip.Deflate})
	if err != nil {
		t.Fatal(err)
	}
	chunk := bytes.Repeat([]byte(" "), 1<<20)
	for n := int64(0); n < size; n += int64(len(chunk)) {
		w.Write(chunk)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	data := b.Bytes()
	if lie {
		// Patch the uncompressed size (offset 24) of the central directory
		// entry (signature PK\x01\x02) to 1000.
		i := bytes.LastIndex(data, []byte("PK\x01\x02"))
		copy(data[i+24:], []byte{0xe8, 0x03, 0, 0})
	}
	return data
}

func TestDocxZipBomb(t *testing.T) {
	tests := []struct {
		name string
		size int64
		lie  bool
		want string
	}{
		{name: "declared size over the entry limit", size: 100 << 20, want: "would decompress to 100 MiB, at most 64 MiB"},
		{name: "ratio over 200:1 within the size limit", size: 32 << 20, want: "compressed more than 200:1"},
		// archive/zip stops at the declared size, so the lie shows as a
		// corrupt entry after at most 1000 bytes.
		{name: "header that understates the size", size: 100 << 20, lie: true, want: "not a readable .docx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := bombDocx(t, tt.size, tt.lie)
			if len(data) > 4<<20 {
				t.Fatalf("bomb is %d bytes; the test wants a small archive", len(data))
			}
			start := time.Now()
			items, _ := readString(t, "bom.docx", string(data), Options{})
			if len(items) != 1 || items[0].Reject == nil || !strings.Contains(items[0].Reject.Reason, tt.want) {
				t.Errorf("got:\n%s\nwant one reject containing %q", dump(items), tt.want)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v to reject a zip bomb", d)
			}
		})
	}
}

func FuzzDocx(f *testing.F) {
	f.Add(docxOf(f, "Interviewer: a", "Jan  0:01", "b"))
	f.Add(zipOf(f, map[string][]byte{"word/document.xml": []byte("<w:p><w:t>Q: x</w:t><w:br/><w:t>\x00y</w:t></w:p>")}))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var items []Item
		_, err := readStream(bytes.NewReader(data), Input{Path: "f.docx", Rel: "f.docx"}, Options{Format: "docx"}, func(it Item) { items = append(items, it) })
		if err != nil {
			t.Fatalf("read: %v", err)
		}
		docs := 0
		for _, it := range items {
			if (it.Doc == nil) == (it.Reject == nil) {
				t.Fatalf("item must hold exactly one of Doc and Reject")
			}
			if it.Doc != nil {
				docs++
				checkDocValid(t, it)
			}
		}
		if docs > 1 {
			t.Fatalf("%d documents from one docx", docs)
		}
	})
}
