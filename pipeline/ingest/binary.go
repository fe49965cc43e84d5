package ingest

import (
	"bytes"
	"fmt"
)

// binaryMagic are the openings of common binary files that turn up in
// export folders under a text extension (an image saved as .txt, a PDF
// renamed .csv). Zip (PK) is absent: .docx and Slack exports are zip.
var binaryMagic = []struct {
	magic []byte
	name  string
}{
	{[]byte("\x89PNG\r\n\x1a\n"), "PNG image"},
	{[]byte("\xff\xd8\xff"), "JPEG image"},
	{[]byte("GIF87a"), "GIF image"},
	{[]byte("GIF89a"), "GIF image"},
	{[]byte("%PDF-"), "PDF document"},
	{[]byte("\x7fELF"), "executable"},
	{[]byte("MZ"), "Windows executable"},
	{[]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), "old Office document (.doc/.xls)"},
	{[]byte("Rar!\x1a\x07"), "RAR archive"},
	{[]byte("7z\xbc\xaf\x27\x1c"), "7-Zip archive"},
	{[]byte("BZh"), "bzip2 data"},
	{[]byte("\xfd7zXZ\x00"), "xz data"},
	{[]byte("\x28\xb5\x2f\xfd"), "zstd data"},
	{[]byte("SQLite format 3\x00"), "SQLite database"},
}

// binaryMagicOf names the kind of binary file raw (the stored bytes, after
// gunzip, before any decoding) starts with, or returns "".
func binaryMagicOf(raw []byte) string {
	for _, m := range binaryMagic {
		if bytes.HasPrefix(raw, m.magic) {
			if m.name == "Windows executable" && !bytes.Contains(raw[:min(len(raw), 512)], []byte("This program")) && bytes.IndexByte(raw[:min(len(raw), 64)], 0) < 0 {
				continue // "MZ" starts words too; a real executable has NULs in its header
			}
			return m.name
		}
	}
	return ""
}

// binaryShare is the share of control bytes above which decoded text is
// taken to be binary data. Text has tabs and line ends and, rarely, a stray
// control character; random or compressed bytes have about one in ten.
const binaryShare = 0.02

// binaryReason returns why head (decoded to UTF-8, so UTF-16 text has no
// NULs left) is not text, or "" when it looks like text. A few stray NULs
// or control bytes in a large file are left to the readers, which drop or
// reject them per record; only data that is mostly not text is refused whole.
func binaryReason(raw, head []byte) string {
	if name := binaryMagicOf(raw); name != "" {
		return fmt.Sprintf("binary file (%s), not text", name)
	}
	if bytes.HasPrefix(raw, []byte("PK\x03\x04")) || len(head) == 0 {
		return ""
	}
	sample := head[:min(len(head), 8192)]
	ctl := 0
	for _, c := range sample {
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1b) || c == 0x7f {
			ctl++
		}
	}
	if ctl >= 8 && float64(ctl) > binaryShare*float64(len(sample)) {
		return fmt.Sprintf("binary file (%d control bytes in the first %d), not text", ctl, len(sample))
	}
	return ""
}
