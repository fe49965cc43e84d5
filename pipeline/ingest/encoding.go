package ingest

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/ianaindex"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Every reader works on UTF-8. decodeInput turns a file into UTF-8 before
// its format is detected, so detection and all readers see the same text.
//
// Sniffing rules (when Options.Encoding is empty), decided here:
//   - A UTF-16 byte order mark (FF FE or FE FF; Excel's "Unicode text") means
//     UTF-16 little or big endian.
//   - Without a mark, a head whose even or odd bytes are mostly NUL and whose
//     other bytes are not is UTF-16 (LE when the odd bytes are NUL): ASCII
//     text in UTF-16 looks exactly like that, and binary data rarely does.
//   - A UTF-8 mark, or a head that is valid UTF-8, is UTF-8.
//   - A head that is not valid UTF-8 and holds no NUL bytes is Windows-1252,
//     the encoding Excel and Outlook on Western Windows save in. It is a
//     superset of printable Latin-1, and every byte decodes, so no text is
//     lost; a file in another single-byte code page needs --encoding.
//   - Anything else (NUL bytes that are not UTF-16) is left alone: the
//     readers turn invalid bytes into U+FFFD.
//
// Only the head (64 KiB) is looked at: a file whose first invalid byte comes
// later is read as UTF-8 and that byte becomes U+FFFD.
//
// E-mail (the email and mbox formats) declares a charset per MIME part, and
// a raw 8-bit part in one charset must not be re-decoded as Windows-1252
// first, so those files are only decoded here when they start with a UTF-16
// mark; Options.Encoding is then the charset of parts that declare none.

// lookupEncoding finds an encoding by its WHATWG or IANA name ("utf-8",
// "windows-1252", "latin1", "utf-16le", "utf-16be", "iso-8859-15", "cp850").
func lookupEncoding(name string) (encoding.Encoding, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	switch n {
	case "utf-16", "utf16", "unicode", "ucs-2":
		// Excel's "Unicode text": little endian unless a mark says otherwise.
		return unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), nil
	case "utf-16le", "utf16le":
		return unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), nil
	case "utf-16be", "utf16be":
		return unicode.UTF16(unicode.BigEndian, unicode.UseBOM), nil
	case "cp1252", "windows1252", "ansi":
		return charmap.Windows1252, nil
	}
	if e, err := htmlindex.Get(n); err == nil {
		return e, nil
	}
	if e, err := ianaindex.IANA.Encoding(n); err == nil && e != nil {
		return e, nil
	}
	return nil, fmt.Errorf("unknown encoding %q (try utf-8, windows-1252, latin1, utf-16le, utf-16be, iso-8859-15)", name)
}

// isUTF8 reports whether name is UTF-8, which needs no decoding.
func isUTF8(e encoding.Encoding) bool {
	return e == unicode.UTF8 || e == encoding.Nop || e == unicode.UTF8BOM
}

// sniffEncoding picks the encoding of a file from its head; nil means UTF-8
// (nothing to decode). complete tells whether head is the whole file.
func sniffEncoding(head []byte, complete bool) encoding.Encoding {
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM)
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM)
	case bytes.HasPrefix(head, utf8BOM):
		return nil
	}
	if e := sniffUTF16(head); e != nil {
		return e
	}
	if validUTF8Head(head, complete) || bytes.IndexByte(head, 0) >= 0 {
		return nil
	}
	return charmap.Windows1252
}

// sniffUTF16 recognises UTF-16 without a byte order mark: at least 8 code
// units, at least 3/4 of them with a NUL high byte, and no NUL low byte.
func sniffUTF16(head []byte) encoding.Encoding {
	n := len(head) / 2
	if n < 8 {
		return nil
	}
	var zeroEven, zeroOdd int
	for i := 0; i+1 < len(head); i += 2 {
		if head[i] == 0 {
			zeroEven++
		}
		if head[i+1] == 0 {
			zeroOdd++
		}
	}
	switch {
	case zeroOdd*4 >= n*3 && zeroEven == 0:
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
	case zeroEven*4 >= n*3 && zeroOdd == 0:
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)
	}
	return nil
}

// validUTF8Head reports whether head is valid UTF-8, allowing a rune cut
// off at its end when head is not the whole file.
func validUTF8Head(head []byte, complete bool) bool {
	if utf8.Valid(head) {
		return true
	}
	if complete {
		return false
	}
	for cut := 1; cut <= utf8.UTFMax-1 && cut <= len(head); cut++ {
		tail := head[len(head)-cut:]
		if utf8.RuneStart(tail[0]) && !utf8.FullRune(tail) {
			return utf8.Valid(head[:len(head)-cut])
		}
	}
	return false
}

// rawEmail reports whether the file is e-mail, which decodes its own
// charsets per MIME part (see above).
func rawEmail(in Input, head []byte, opts Options) bool {
	if opts.Format != "" {
		return strings.EqualFold(opts.Format, "email") || strings.EqualFold(opts.Format, "mbox")
	}
	name := in.Rel
	if name == "" {
		name = filepath.Base(in.Path)
	}
	switch extOf(name) {
	case ".eml", ".mbox", ".mbx":
		return true
	}
	return detectEmail(name, head) || detectMbox(name, head)
}

// decodeInput returns br and its head decoded to UTF-8 (see the rules at the
// top of this file). head is br's first bytes as peeked; the returned head
// is peeked again from the decoded stream.
func decodeInput(br *bufio.Reader, head []byte, in Input, opts Options) (*bufio.Reader, []byte, error) {
	complete := len(head) < headSize
	var enc encoding.Encoding
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		// A zip archive (.docx, Slack export): binary, never re-decoded,
		// whatever --encoding says; its entries declare their own encoding.
		return br, head, nil
	case opts.Encoding != "" && !rawEmail(in, head, opts):
		e, err := lookupEncoding(opts.Encoding)
		if err != nil {
			return br, head, err
		}
		if isUTF8(e) {
			return br, head, nil
		}
		enc = e
	case rawEmail(in, head, opts):
		if !bytes.HasPrefix(head, []byte{0xFF, 0xFE}) && !bytes.HasPrefix(head, []byte{0xFE, 0xFF}) {
			return br, head, nil
		}
		enc = sniffEncoding(head, complete)
	default:
		enc = sniffEncoding(head, complete)
	}
	if enc == nil {
		return br, head, nil
	}
	// The decoder turns bytes it cannot map into U+FFFD, so decoding never
	// fails on data; only I/O errors come through.
	nbr := bufio.NewReaderSize(transform.NewReader(br, enc.NewDecoder()), headSize)
	nhead, err := nbr.Peek(headSize)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nbr, nhead, err
	}
	return nbr, nhead, nil
}

// decodeCharset decodes b from the named charset (a MIME or HTML charset
// label). An empty or unknown label falls back to fallback when set, else
// to UTF-8 when b is valid UTF-8, else to Windows-1252. A label of a
// single-byte charset on bytes that are valid non-ASCII UTF-8 is taken to
// be wrong (mislabelled mail is common; Latin-1 text is almost never valid
// UTF-8) and the bytes are kept as UTF-8.
func decodeCharset(b []byte, label, fallback string) string {
	var enc encoding.Encoding
	if label != "" {
		enc, _ = lookupEncoding(label)
	}
	if enc == nil && fallback != "" {
		enc, _ = lookupEncoding(fallback)
	}
	if enc == nil {
		if utf8.Valid(b) {
			return string(b)
		}
		enc = charmap.Windows1252
	}
	if isUTF8(enc) {
		return clean(string(b))
	}
	if _, single := enc.(*charmap.Charmap); single && utf8.Valid(b) && !isASCII(b) {
		return string(b)
	}
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return clean(string(b))
	}
	return clean(string(out))
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}
