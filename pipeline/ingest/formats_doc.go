package ingest

import (
	"fmt"
	"io"
	"strings"
)

// WriteFormats writes the Formats table as Markdown, one row per format in
// table order (the order detection tries them): name, extensions, default
// channel, and the description of how it finds speaker, role and time.
// `jobminer formats` prints it and the README holds the same table.
func WriteFormats(w io.Writer) error {
	var b strings.Builder
	b.WriteString("| Format | Extensions | Channel | Speaker, role and time |\n")
	b.WriteString("| --- | --- | --- | --- |\n")
	for _, f := range Formats {
		exts := "(by content)"
		if f.Detect == nil {
			exts = "(--format " + f.Name + " only)"
		} else if len(f.Extensions) > 0 {
			exts = strings.Join(f.Extensions, " ")
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", mdCell(f.Name), mdCell(exts), mdCell(string(f.Channel)), mdCell(f.Description))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// mdCell escapes a value for a Markdown table cell.
func mdCell(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.Join(strings.Fields(s), " ")
}
