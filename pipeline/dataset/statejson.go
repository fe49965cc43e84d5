package dataset

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
)

// writeState writes ns as encodeJSON did when Records was a map (sorted
// keys), one record at a time: the state holds an entry per live record,
// and encoding it whole would hold its JSON (and a copy while the buffer
// grows) in memory on top of the index.
func writeState(b *builder, ns *State) error {
	fw, err := b.create(filepath.Join(metaDir, stateFile))
	if err != nil {
		return err
	}
	je := newJSONEncoder()
	put := func(v any) {
		j, err := je.enc(v)
		if err != nil && fw.err == nil {
			fw.err = err
		}
		fw.write(j)
	}
	fw.write([]byte(`{"version":`))
	put(ns.Version)
	fw.write([]byte(`,"files":`))
	put(ns.Files)
	fw.write([]byte(`,"records":`))
	if ns.Records == nil {
		fw.write([]byte("null"))
	} else {
		fw.write([]byte{'{'})
		first := true
		for k, rv := range ns.Records.sorted() {
			if !first {
				fw.write([]byte{','})
			}
			first = false
			put(k)
			fw.write([]byte{':'})
			put(&rv)
		}
		fw.write([]byte{'}'})
	}
	fw.write([]byte(`,"parts":`))
	put(ns.Parts)
	fw.write([]byte(`,"rejects":`))
	put(ns.Rejects)
	fw.write([]byte(`,"job_ids":`))
	put(ns.JobIDs)
	fw.write([]byte("}\n"))
	return fw.close()
}

// readState reads state.json as json.Unmarshal would into s, but the
// records one at a time into s.Records: the file is some 100 bytes a
// record, and holding it whole beside the index would double a second
// run's memory.
func readState(r io.Reader, s *State) error {
	dec := json.NewDecoder(r)
	if err := wantDelim(dec, '{'); err != nil {
		return err
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		var v any
		switch t {
		case "version":
			v = &s.Version
		case "files":
			v = &s.Files
		case "records":
			if err := readRecords(dec, s.Records); err != nil {
				return fmt.Errorf("records: %w", err)
			}
			continue
		case "parts":
			v = &s.Parts
		case "rejects":
			v = &s.Rejects
		case "job_ids":
			v = &s.JobIDs
		default:
			v = new(json.RawMessage) // as Unmarshal, which ignores unknown fields
		}
		if err := dec.Decode(v); err != nil {
			return fmt.Errorf("%v: %w", t, err)
		}
	}
	if err := wantDelim(dec, '}'); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("data after the state object")
	}
	return nil
}

// readRecords reads the "records" object into idx; null leaves it empty.
func readRecords(dec *json.Decoder, idx *recIndex) error {
	t, err := dec.Token()
	if err != nil || t == nil {
		return err
	}
	if t != json.Delim('{') {
		return fmt.Errorf("got %v, want an object", t)
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		var rv RecordVer
		if err := dec.Decode(&rv); err != nil {
			return fmt.Errorf("%v: %w", t, err)
		}
		idx.put(t.(string), rv)
	}
	return wantDelim(dec, '}')
}

func wantDelim(dec *json.Decoder, d json.Delim) error {
	t, err := dec.Token()
	if err != nil {
		return err
	}
	if t != d {
		return fmt.Errorf("got %v, want %v", t, d)
	}
	return nil
}
