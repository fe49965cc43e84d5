package ingest

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"jobminer/pipeline/record"
)

// A .docx transcript (Microsoft Teams "Download as .docx", Word) is read as
// a transcript: each paragraph of word/document.xml becomes one line (a
// line break inside a paragraph starts another), tabs stay tabs, and the
// lines go through the transcript rules (transcript.go), so "Sanne de
// Vries   0:03" followed by text paragraphs and "Interviewer: ..."
// paragraphs both work and times become offsets. Utterance.Line is the
// paragraph number. Only word/document.xml is opened, within docxLimits
// (ziplimits.go); an archive over a limit or without that part is one
// Reject. Deleted tracked changes and field codes are not text.

func readDocx(r io.Reader, in Input, opts Options, emit func(Item)) error {
	reject := func(reason string) {
		emit(Item{Reject: &record.Reject{Source: record.Source{File: in.Rel, Line: 1}, Reason: reason}})
	}
	z, err := openZip(r, docxLimits, opts.TempDir)
	if err != nil {
		if errors.Is(err, errZipLimit) || strings.HasPrefix(err.Error(), "not a readable zip") {
			reject("not a readable .docx: " + err.Error())
			return nil
		}
		return err
	}
	defer z.close()
	f := z.file("word/document.xml")
	if f == nil {
		reject("not a Word document: the archive has no word/document.xml")
		return nil
	}
	rc, err := z.open(f)
	if err != nil {
		reject("not a readable .docx: " + err.Error())
		return nil
	}
	defer rc.Close()
	lines, err := docxLines(rc)
	if err != nil {
		reject("not a readable .docx: word/document.xml: " + err.Error())
		return nil
	}
	return readTranscriptAs("docx", strings.NewReader(strings.Join(lines, "\n")), in, opts, emit)
}

// docxLines returns the text of each paragraph, split at line breaks.
func docxLines(r io.Reader) ([]string, error) {
	dec := xml.NewDecoder(r)
	var lines []string
	var cur strings.Builder
	inText := false
	endLine := func() {
		// Newlines inside a text run would shift the line numbers.
		lines = append(lines, strings.Map(func(r rune) rune {
			if r == '\n' || r == '\r' {
				return ' '
			}
			return r
		}, clean(cur.String())))
		cur.Reset()
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "t":
				inText = true
			case "tab":
				cur.WriteByte('\t')
			case "br", "cr":
				endLine()
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				inText = false
			case "p":
				endLine()
			}
		case xml.CharData:
			if inText {
				cur.Write(t)
			}
		}
	}
	if cur.Len() > 0 {
		endLine()
	}
	if len(lines) > maxDocxParagraphs {
		return nil, fmt.Errorf("more than %d paragraphs", maxDocxParagraphs)
	}
	return lines, nil
}

// maxDocxParagraphs bounds the lines one document makes (a transcript of a
// day-long meeting has a few tens of thousands).
const maxDocxParagraphs = 1 << 20

// detectDocx wants the .docx name and a zip signature.
func detectDocx(name string, head []byte) bool {
	return extOf(name) == ".docx" && bytes.HasPrefix(head, []byte("PK\x03\x04"))
}
