package ingest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
)

// jsonRows turns decoded JSON objects into rows, resolving field names
// case-insensitively with the aliases of fields.go. Options.Map values may
// be dotted paths into nested objects ("author.name").
type jsonRows struct {
	overrides map[field]string
	kvs       []flatKV // scratch for scanFlat
	buf       []byte   // scratch for flatRow
}

func newJSONRows(opts Options) (*jsonRows, error) {
	ovr, err := overrides(opts)
	if err != nil {
		return nil, err
	}
	return &jsonRows{overrides: ovr}, nil
}

// decode resolves one JSON record into a row, or returns why it cannot.
// Flat objects take the fast path of jsonfast.go unless --map is set (its
// dotted paths need the map).
func (j *jsonRows) decode(data []byte, line int) (row, string) {
	if len(j.overrides) == 0 {
		var ok bool
		if j.kvs, ok = scanFlat(data, j.kvs[:0]); ok {
			return j.flatRow(j.kvs, line)
		}
	}
	obj, err := decodeObject(data)
	if err != nil {
		return row{line: line}, err.Error()
	}
	return j.row(obj, line)
}

// decodeObject parses data as exactly one JSON value, keeping numbers as
// written, and requires it to be an object.
func decodeObject(data []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("invalid JSON: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("invalid JSON: more text after the first value")
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("JSON %s, not an object", jsonKind(v))
	}
	return obj, nil
}

func jsonKind(v any) string {
	switch v.(type) {
	case []any:
		return "array"
	case string:
		return "string"
	case json.Number:
		return "number"
	case bool:
		return "boolean"
	case nil:
		return "null"
	}
	return "object"
}

// row resolves obj into a row, or returns the reason it cannot.
func (j *jsonRows) row(obj map[string]any, line int) (row, string) {
	r := row{line: line}
	folded := make(map[string]any, len(obj))
	from := make(map[string]string, len(obj)) // folded key -> key it came from
	for k, v := range obj {
		fk := keyOf(k)
		// Of keys that fold alike, the smallest wins (so "Text" beats
		// "text"), whatever the map order.
		if prev, dup := from[fk]; !dup || k < prev {
			folded[fk], from[fk] = v, k
		}
	}
	for f := field(0); f < numFields; f++ {
		v, found := j.lookup(folded, f)
		if !found {
			if f == fText {
				return r, noTextFieldReason(obj)
			}
			continue
		}
		s, ok := scalar(v)
		if !ok && f == fText {
			return r, fmt.Sprintf("text field holds a JSON %s, not text", jsonKind(v))
		}
		r.v[f] = clean(s)
	}
	return r, ""
}

// noTextFieldReason explains a record without a text field. An export that
// nests its messages in an array (Telegram and Instagram JSON, QMSum's
// meeting_transcripts) gets told so: --map cannot reach into arrays.
func noTextFieldReason(obj map[string]any) string {
	path, key, ok := nestedTexts(obj)
	if !ok {
		return noTextReason("field")
	}
	return fmt.Sprintf("no text field; the texts seem to be in the array %q (objects with %q): "+
		"jobminer does not read messages nested in an array; write them one object per line (JSONL), "+
		"see README \"Input formats\"", path, key)
}

// nestedTexts finds, breadth-first down to nestDepth levels, the first
// array of objects whose first object has a text field: its path (dotted,
// "[]" for an array) and the text key. Keys are visited in sorted order, so
// the answer does not depend on map order.
func nestedTexts(obj map[string]any) (path, key string, ok bool) {
	type node struct {
		path string
		obj  map[string]any
	}
	level := []node{{"", obj}}
	for depth := 0; depth < nestDepth && len(level) > 0; depth++ {
		var next []node
		for _, n := range level {
			for _, k := range slices.Sorted(maps.Keys(n.obj)) {
				p := k
				if n.path != "" {
					p = n.path + "." + k
				}
				switch v := n.obj[k].(type) {
				case map[string]any:
					next = append(next, node{p, v})
				case []any:
					first, isObj := firstElem(v).(map[string]any)
					if !isObj {
						continue
					}
					if tk, found := textKey(first); found {
						return p, tk, true
					}
					next = append(next, node{p + "[]", first})
				}
			}
		}
		level = next
	}
	return "", "", false
}

// nestDepth bounds nestedTexts: Telegram's batch export nests its messages
// at chats.list[].messages.
const nestDepth = 4

func firstElem(a []any) any {
	if len(a) == 0 {
		return nil
	}
	return a[0]
}

// textKey returns the key of obj that is a text alias, if any.
func textKey(obj map[string]any) (string, bool) {
	keys := slices.Sorted(maps.Keys(obj))
	for _, alias := range aliasKeys[fText] {
		for _, k := range keys {
			if keyOf(k) == alias {
				return k, true
			}
		}
	}
	return "", false
}

// lookup finds field f in a key-folded object: the override path if one is
// set, else the first alias present.
func (j *jsonRows) lookup(folded map[string]any, f field) (any, bool) {
	if path, ok := j.overrides[f]; ok {
		// keyOf drops the dots, so "author.name" would also find a key
		// "author_name": the nested path the user wrote goes first.
		if strings.Contains(path, ".") {
			if v, ok := lookupPath(folded, path); ok {
				return v, true
			}
		}
		v, ok := folded[keyOf(path)]
		return v, ok
	}
	for _, alias := range aliasKeys[f] {
		if v, ok := folded[alias]; ok {
			return v, true
		}
	}
	return nil, false
}

// lookupPath follows a dotted path ("author.name") through nested objects.
func lookupPath(folded map[string]any, path string) (any, bool) {
	var cur any = folded
	for _, part := range strings.Split(path, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = lookupFold(m, part); !ok {
			return nil, false
		}
	}
	return cur, true
}

// lookupFold finds key in m as keyOf folds names.
func lookupFold(m map[string]any, key string) (any, bool) {
	if v, ok := m[key]; ok {
		return v, true
	}
	k := keyOf(key)
	for mk, v := range m {
		if keyOf(mk) == k {
			return v, true
		}
	}
	return nil, false
}

// scalar renders a JSON scalar as a string; numbers keep their written form
// (ids as numbers become decimal strings), null is "". ok is false for
// objects and arrays.
func scalar(v any) (string, bool) {
	switch x := v.(type) {
	case nil:
		return "", true
	case string:
		return x, true
	case json.Number:
		return x.String(), true
	case bool:
		if x {
			return "true", true
		}
		return "false", true
	}
	return "", false
}
