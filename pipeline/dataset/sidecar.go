package dataset

import (
	"bytes"
	"encoding/json"
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

// eachSideDoc calls fn for every document of part's sidecar in gen, in
// order, each whole: readSide takes big ones in pieces.
func eachSideDoc(gen string, part Part, fn func(*SideDoc) error) error {
	return readSide(gen, part, &sideVisitor{doc: fn})
}
