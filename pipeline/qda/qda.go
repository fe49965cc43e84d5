// Package qda writes jobminer's evidence in the REFI-QDA exchange standard
// (QDA-XML 1.0, "Project-mrt2019.xsd" and "Codebook-mrt2019.xsd"), which
// ATLAS.ti, NVivo, MAXQDA and QualCoder import: a .qdpx project (a zip with
// project.qde and one plain-text file per source under sources/) or a .qdc
// codebook.
//
// The standard's conventions followed here:
//   - A text source is a UTF-8 file sources/GUID.txt, referred to from the
//     project as plainTextPath="internal://GUID.txt".
//   - A coded segment is a PlainTextSelection whose startPosition and
//     endPosition count characters, that is Unicode code points (what
//     QualCoder's Python strings and the other tools count), from 0 at the
//     start of the source text; the end is exclusive, so the selection is
//     text[start:end] in code points. Go strings hold UTF-8, so the writer
//     converts byte offsets to code points.
//   - Every GUID is a name-based UUID (SHA-1, version 5) of a jobminer id,
//     and the zip entries carry a fixed time, so the same input gives the
//     same bytes.
package qda

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
)

// Namespaces of the two schemas.
const (
	ProjectNS  = "urn:QDA-XML:project:1.0"
	CodebookNS = "urn:QDA-XML:codebook:1.0"
)

// ProjectFile is the name of the project XML inside a .qdpx.
const ProjectFile = "project.qde"

// zipTime is the modification time of every zip entry: the earliest time a
// zip can hold, so the archive does not depend on when it was written.
var zipTime = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// namespace roots every GUID this package makes.
var namespace = uuid.NewSHA1(uuid.NameSpaceURL, []byte("urn:jobminer:refi-qda"))

// GUID is the stable GUID of a jobminer object of some kind ("code",
// "source", "selection", ...) with an id: the same id gives the same GUID in
// every export.
func GUID(kind, id string) string {
	return uuid.NewSHA1(namespace, []byte(kind+"\x00"+id)).String()
}

// Code is one code of the codebook. Key is jobminer's id for it (e.g.
// "force:struggle"); segments refer to codes by key.
type Code struct {
	Key         string
	Name        string
	Description string
	Color       string // "#RRGGBB" or ""
	Codable     bool   // false for a grouping code that only holds children
	Children    []*Code
}

// Codebook is the tree of codes.
type Codebook struct {
	Codes []*Code
}

// index maps every key in the tree to its code, and reports a duplicate key.
func (cb *Codebook) index() (map[string]*Code, error) {
	idx := map[string]*Code{}
	var walk func([]*Code) error
	walk = func(cs []*Code) error {
		for _, c := range cs {
			if _, dup := idx[c.Key]; dup {
				return fmt.Errorf("codebook: duplicate code key %q", c.Key)
			}
			idx[c.Key] = c
			if err := walk(c.Children); err != nil {
				return err
			}
		}
		return nil
	}
	return idx, walk(cb.Codes)
}

// Source is one document: its text, the segments coded in it and its
// values of the project's variables.
type Source struct {
	ID          string // jobminer doc id, the seed of the GUID
	Name        string
	Description string
	Segments    []Segment
	Values      []Value
}

// Variable is a property of sources (channel, language, ...), which QDA
// tools let a researcher filter and compare by.
type Variable struct {
	Key         string
	Name        string
	Description string
	DateTime    bool // an xsd:dateTime value; otherwise text
}

// Value is a source's value of the variable with key Key; a DateTime
// variable's value is written as RFC 3339 in UTC.
type Value struct {
	Key  string
	Text string
}

// Segment is one coded span of a source. Start and End are byte offsets
// into the source text (Go's native offsets); the writer turns them into
// the standard's code-point positions.
type Segment struct {
	ID          string // jobminer mention id, the seed of the GUID
	Name        string
	Description string
	Start, End  int
	Codes       []string // code keys
}

// Writer streams a .qdpx: sources are written as they come, the project
// XML, which lists them all, when the writer is closed.
type Writer struct {
	zw          *zip.Writer
	name, desc  string
	origin      string
	codebook    *Codebook
	codes       map[string]*Code
	vars        []Variable
	varIdx      map[string]Variable
	sources     []xTextSource
	seen        map[string]int // source ids already added, for unique GUIDs
	user        string
	nSegments   int
	nCodings    int
	closeCalled bool
}

// NewWriter starts a project named name (origin says which program made
// it, description is free text) with codebook cb.
func NewWriter(w io.Writer, name, origin, description string, cb *Codebook) (*Writer, error) {
	codes, err := cb.index()
	if err != nil {
		return nil, err
	}
	if len(cb.Codes) == 0 {
		return nil, fmt.Errorf("codebook: no codes (the schema needs at least one)")
	}
	return &Writer{
		zw: zip.NewWriter(w), name: name, desc: description, origin: origin,
		codebook: cb, codes: codes, seen: map[string]int{}, user: GUID("user", "jobminer"),
	}, nil
}

// DeclareVariables sets the variables sources may have values of; call it
// before AddSource.
func (w *Writer) DeclareVariables(vars []Variable) error {
	w.varIdx = map[string]Variable{}
	for _, v := range vars {
		if _, dup := w.varIdx[v.Key]; dup {
			return fmt.Errorf("variables: duplicate key %q", v.Key)
		}
		w.varIdx[v.Key] = v
	}
	w.vars = vars
	return nil
}

// AddSource writes one source text and records its segments. Every segment
// must lie on character boundaries inside text and name known codes.
func (w *Writer) AddSource(s Source, text string) error {
	if !utf8.ValidString(text) {
		return fmt.Errorf("source %s: text is not valid UTF-8", s.Name)
	}
	seed := s.ID
	if n := w.seen[s.ID]; n > 0 {
		// Two documents with one id (a record id repeated in a file) still
		// need two GUIDs.
		seed = fmt.Sprintf("%s#%d", s.ID, n)
	}
	w.seen[s.ID]++
	guid := GUID("source", seed)
	pos := newPositions(text)
	src := xTextSource{
		GUID: guid, Name: s.Name, PlainTextPath: "internal://" + guid + ".txt",
		CreatingUser: w.user, Description: s.Description,
	}
	for _, sg := range s.Segments {
		start, ok1 := pos.at(sg.Start)
		end, ok2 := pos.at(sg.End)
		if !ok1 || !ok2 || sg.Start >= sg.End {
			return fmt.Errorf("source %s: segment %s: bytes [%d,%d) are not a span of whole characters of the %d-byte text", s.Name, sg.ID, sg.Start, sg.End, len(text))
		}
		if len(sg.Codes) == 0 {
			return fmt.Errorf("source %s: segment %s has no code", s.Name, sg.ID)
		}
		sel := xSelection{
			GUID: GUID("selection", seed+"\x00"+sg.ID), Name: sg.Name, Start: start, End: end,
			CreatingUser: w.user, Description: sg.Description,
		}
		for _, key := range sg.Codes {
			c, ok := w.codes[key]
			if !ok {
				return fmt.Errorf("source %s: segment %s: code %q is not in the codebook", s.Name, sg.ID, key)
			}
			if !c.Codable {
				return fmt.Errorf("source %s: segment %s: code %q only groups codes and cannot code text", s.Name, sg.ID, key)
			}
			sel.Codings = append(sel.Codings, xCoding{
				GUID: GUID("coding", seed+"\x00"+sg.ID+"\x00"+key), CreatingUser: w.user,
				CodeRef: xRef{Target: GUID("code", key)},
			})
		}
		w.nSegments++
		w.nCodings += len(sel.Codings)
		src.Selections = append(src.Selections, sel)
	}
	for _, v := range s.Values {
		decl, ok := w.varIdx[v.Key]
		if !ok {
			return fmt.Errorf("source %s: variable %q is not declared", s.Name, v.Key)
		}
		vv := xVariableValue{Ref: xRef{Target: GUID("variable", v.Key)}}
		text := v.Text
		if decl.DateTime {
			vv.DateTime = &text
		} else {
			vv.Text = &text
		}
		src.Values = append(src.Values, vv)
	}
	f, err := w.zw.CreateHeader(&zip.FileHeader{Name: "sources/" + guid + ".txt", Method: zip.Deflate, Modified: zipTime})
	if err != nil {
		return err
	}
	if _, err := io.WriteString(f, text); err != nil {
		return err
	}
	w.sources = append(w.sources, src)
	return nil
}

// Counts returns the sources, segments and codings added so far.
func (w *Writer) Counts() (sources, segments, codings int) {
	return len(w.sources), w.nSegments, w.nCodings
}

// Close writes project.qde and finishes the zip. It does not close the
// underlying writer.
func (w *Writer) Close() error {
	if w.closeCalled {
		return nil
	}
	w.closeCalled = true
	p := xProject{
		Xmlns: ProjectNS, Name: w.name, Origin: w.origin, CreatingUser: w.user,
		Users:       &xUsers{Users: []xUser{{GUID: w.user, Name: "jobminer"}}},
		CodeBook:    &xCodeBook{Codes: xCodes{Codes: xmlCodes(w.codebook.Codes)}},
		Description: w.desc,
	}
	if len(w.vars) > 0 {
		p.Variables = &xVariables{}
		for _, v := range w.vars {
			typ := "Text"
			if v.DateTime {
				typ = "DateTime"
			}
			p.Variables.Variables = append(p.Variables.Variables, xVariable{
				GUID: GUID("variable", v.Key), Name: v.Name, Type: typ, Description: v.Description,
			})
		}
	}
	if len(w.sources) > 0 {
		p.Sources = &xSources{Sources: w.sources}
	}
	f, err := w.zw.CreateHeader(&zip.FileHeader{Name: ProjectFile, Method: zip.Deflate, Modified: zipTime})
	if err != nil {
		return err
	}
	if err := encodeXML(f, p); err != nil {
		return err
	}
	return w.zw.Close()
}

// WriteCodebook writes cb as a REFI-QDA codebook (.qdc).
func WriteCodebook(w io.Writer, origin string, cb *Codebook) error {
	if _, err := cb.index(); err != nil {
		return err
	}
	if len(cb.Codes) == 0 {
		return fmt.Errorf("codebook: no codes (the schema needs at least one)")
	}
	return encodeXML(w, xCodebookFile{Xmlns: CodebookNS, Origin: origin, Codes: xCodes{Codes: xmlCodes(cb.Codes)}})
}

func encodeXML(w io.Writer, v any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func xmlCodes(cs []*Code) []xCode {
	out := make([]xCode, len(cs))
	for i, c := range cs {
		out[i] = xCode{
			GUID: GUID("code", c.Key), Name: c.Name, Codable: c.Codable, Color: c.Color,
			Description: c.Description, Children: xmlCodes(c.Children),
		}
	}
	return out
}

// positions turns byte offsets of a text into code-point offsets.
type positions struct {
	text string
	// last conversion, so ascending offsets cost one pass over the text
	byteAt, runeAt int
}

func newPositions(text string) *positions { return &positions{text: text} }

// at returns the code-point offset of byte offset b, and false when b is
// outside the text or inside a character.
func (p *positions) at(b int) (int, bool) {
	if b < 0 || b > len(p.text) || (b < len(p.text) && !utf8.RuneStart(p.text[b])) {
		return 0, false
	}
	if b < p.byteAt {
		p.byteAt, p.runeAt = 0, 0
	}
	p.runeAt += utf8.RuneCountInString(p.text[p.byteAt:b])
	p.byteAt = b
	return p.runeAt, true
}
