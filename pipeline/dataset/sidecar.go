package dataset

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
)

// Sidecars grow with their part, so they are written one document at a time
// and read with a streaming decoder; the bytes are those encodeJSON gives
// for the whole Sidecar.

// sideWriter writes a sidecar: {"docs":[doc,doc,...]}.
type sideWriter struct {
	fw *fileWriter
	n  int
}

func (b *builder) createSidecar(part Part) (*sideWriter, error) {
	fw, err := b.create(sidecarRel(part))
	if err != nil {
		return nil, err
	}
	fw.write([]byte(`{"docs":[`))
	return &sideWriter{fw: fw}, nil
}

// add appends one document, encoded by encodeSideDoc.
func (s *sideWriter) add(doc []byte) { s.part(doc, true) }

// part appends the next bytes of a document, its first if first: a huge
// record's entry comes in pieces.
func (s *sideWriter) part(b []byte, first bool) {
	if first {
		if s.n > 0 {
			s.fw.write([]byte{','})
		}
		s.n++
	}
	s.fw.write(b)
}

func (s *sideWriter) close() error {
	s.fw.write([]byte("]}\n"))
	return s.fw.close()
}

// jsonEncoder encodes SideDocs as encodeJSON encodes them inside a Sidecar.
type jsonEncoder struct {
	buf  bytes.Buffer
	json *json.Encoder
}

func newJSONEncoder() *jsonEncoder {
	e := &jsonEncoder{}
	e.json = json.NewEncoder(&e.buf)
	e.json.SetEscapeHTML(false)
	return e
}

// encode returns d's JSON, valid until the next call.
func (e *jsonEncoder) encode(d *SideDoc) ([]byte, error) { return e.enc(d) }

// enc returns v's JSON as encodeJSON gives it, without the newline; valid
// until the next call.
func (e *jsonEncoder) enc(v any) ([]byte, error) {
	e.buf.Reset()
	if err := e.json.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(e.buf.Bytes(), []byte{'\n'}), nil
}

// eachSideDoc calls fn for every document of part's sidecar in gen, in order.
func eachSideDoc(gen string, part Part, fn func(*SideDoc) error) error {
	path := sidecarPath(gen, part)
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	dec := json.NewDecoder(bufio.NewReaderSize(f, 256<<10))
	bad := func(err error) error { return fmt.Errorf("%s: %w", path, err) }
	delim := func(want json.Delim) error {
		t, err := dec.Token()
		if err != nil {
			return bad(err)
		}
		if d, ok := t.(json.Delim); !ok || d != want {
			return bad(fmt.Errorf("want %v, got %v", want, t))
		}
		return nil
	}
	if err := delim('{'); err != nil {
		return err
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return bad(err)
		}
		if t != "docs" {
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return bad(err)
			}
			continue
		}
		if err := delim('['); err != nil {
			return err
		}
		for dec.More() {
			var d SideDoc
			if err := dec.Decode(&d); err != nil {
				return bad(err)
			}
			if err := fn(&d); err != nil {
				return err
			}
		}
		if err := delim(']'); err != nil {
			return err
		}
	}
	return delim('}')
}
