package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"jobminer/pipeline/record"
)

// headSize is how much of a file (after gunzip) detection may look at.
const headSize = 64 << 10

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// Read opens one input (gunzipping gzip data transparently, detecting the
// format from name and content unless opts.Format is set) and calls emit for
// every record, in file order (a grouped conversation is emitted when it ends,
// followed by the rejects found inside it). It returns an error only for
// failures that stop the whole file: open/read errors, corrupt gzip, an
// unknown forced format or a file whose format cannot be told; a bad record is
// emitted as a Reject and reading goes on. Stats are filled in as far as the
// file could be read; SHA256 covers the whole stored file whenever the raw
// bytes are readable, even if decoding stopped early. An Input that is a
// folder is a Slack export (see Walk and slack.go).
func Read(in Input, opts Options, emit func(Item)) (st Stats, err error) {
	defer func() { err = cleanError(err) }()
	if fi, err := os.Stat(in.Path); err == nil && fi.IsDir() {
		return readSlackDir(in, opts, emit)
	}
	f, err := os.Open(in.Path)
	if err != nil {
		return Stats{}, err
	}
	defer f.Close()
	return readStream(f, in, opts, emit)
}

// noticeNothing wraps emit so that a file read without error that yielded
// no item at all gets format's nothing reject (see Format.nothing); done
// emits it.
func noticeNothing(in Input, emit func(Item)) (wrapped func(Item), done func(f *Format, err error)) {
	n := 0
	wrapped = func(it Item) { n++; emit(it) }
	done = func(f *Format, err error) {
		if err == nil && n == 0 && f != nil && f.nothing != "" {
			emit(Item{Reject: &record.Reject{Source: record.Source{File: in.Rel, Line: 1}, Reason: f.nothing}})
		}
	}
	return wrapped, done
}

// cleanError makes an error's message valid UTF-8 without NULs: it becomes
// a reject reason in Parquet, and file names on disk need not be UTF-8.
func cleanError(err error) error {
	if err == nil || clean(err.Error()) == err.Error() {
		return err
	}
	return &cleanedError{err}
}

type cleanedError struct{ err error }

func (e *cleanedError) Error() string { return clean(e.err.Error()) }
func (e *cleanedError) Unwrap() error { return e.err }

// readerPool recycles the two head-sized buffers readStream needs per file:
// a folder of 12,000 interview transcripts otherwise allocates 1.5 GB of
// them. Nothing a reader emits points into the buffers (records are copied
// out), so they are free again when readStream returns.
var readerPool = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, headSize) }}

func getReader(r io.Reader) *bufio.Reader {
	b := readerPool.Get().(*bufio.Reader)
	b.Reset(r)
	return b
}

func putReader(b *bufio.Reader) {
	b.Reset(nil)
	readerPool.Put(b)
}

// readStream is Read on an open stream of the file as stored.
func readStream(f io.Reader, in Input, opts Options, emit func(Item)) (Stats, error) {
	var st Stats
	h := sha256.New()
	counter := &countWriter{}
	raw := getReader(io.TeeReader(f, io.MultiWriter(h, counter)))
	defer putReader(raw)
	finish := func() {
		// Hash the rest of the stored bytes that decoding did not need.
		io.Copy(io.Discard, raw)
		st.Bytes = counter.n
		st.SHA256 = hex.EncodeToString(h.Sum(nil))
	}

	var r io.Reader = raw
	if magic, _ := raw.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(raw)
		if err != nil {
			off := counter.n - int64(raw.Buffered())
			finish()
			return st, &damagedGzip{offset: off, err: err}
		}
		defer zr.Close()
		r = &gzipDamage{r: zr, consumed: func() int64 { return counter.n - int64(raw.Buffered()) }}
	}
	br := getReader(r)
	defer putReader(br)
	head, err := br.Peek(headSize)
	var damaged *damagedGzip
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull && !(errors.As(err, &damaged) && len(head) > 0) {
		// A gzip stream damaged within the head still has records before
		// the damage: br hands out the head, then the error.
		finish()
		return st, err
	}
	rawHead := head
	if br, head, err = decodeInput(br, head, in, opts); err != nil {
		finish()
		return st, err
	}
	if bytes.HasPrefix(head, utf8BOM) {
		br.Discard(len(utf8BOM))
		head = head[len(utf8BOM):]
	}
	// Binary data under a text extension is refused whole; --format says
	// the user knows better, and the readers then clean what they read.
	if why := binaryReason(rawHead, head); why != "" && opts.Format == "" {
		finish()
		return st, errors.New(why)
	}

	name := in.Rel
	if name == "" {
		name = filepath.Base(in.Path)
	}
	name = clean(name) // for messages; file names on disk need not be UTF-8
	var format *Format
	if opts.Format != "" {
		var ok bool
		if format, ok = Lookup(opts.Format); !ok {
			finish()
			return st, opts.Validate()
		}
	} else if len(bytes.TrimSpace(head)) == 0 {
		// An empty file holds no records. It is no error that stops the
		// run, but it is reported: an export that came out empty is
		// something the analyst wants to know about.
		if format = detectByExtension(name); format != nil {
			st.Format = format.Name
		}
		emit(Item{Reject: &record.Reject{Source: record.Source{File: in.Rel}, Reason: "empty file: no records to read"}})
		finish()
		return st, nil
	} else if format = detect(name, head); format == nil {
		finish()
		hint := "use --format"
		if extOf(name) == ".txt" {
			hint = "use --format (--format text reads a plain text without 'Name:' turns as one unknown speaker's words)"
		}
		return st, fmt.Errorf("cannot tell the format of %s (not %s by name or content); %s", name, strings.Join(detectedNames(), ", "), hint)
	}
	st.Format = format.Name
	emit, done := noticeNothing(in, emit)
	err = format.read(br, in, opts, emit)
	done(format, err)
	finish()
	return st, err
}

// detectByExtension returns the first format claiming name's extension.
func detectByExtension(name string) *Format {
	ext := extOf(name)
	// The format named like the extension wins: .json is json even though
	// the helpdesk JSON formats, tried first, claim it too.
	if f, ok := Lookup(strings.TrimPrefix(ext, ".")); ok && hasString(f.Extensions, ext) {
		return f
	}
	for i := range Formats {
		if hasString(Formats[i].Extensions, ext) {
			return &Formats[i]
		}
	}
	return nil
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return len(p), nil
}
