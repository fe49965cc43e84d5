package ingest

import (
	"unicode/utf16"
	"unicode/utf8"
)

// The fast path for JSON records: most JSONL lines are one flat object of
// strings, and decoding them with encoding/json into map[string]any costs a
// decoder, a map and a boxed value per key, then a folded copy of the map.
// scanFlat reads such an object in one pass without allocating, and
// flatRow resolves its fields straight from the keys. Anything else (nested
// values, any syntax error) is left to decodeObject, so errors and the
// unusual cases behave exactly as before; FuzzFlatJSON checks that both
// paths agree.

// Kinds of flatKV.val.
const (
	kindPlain   = iota // string whose raw bytes are its value
	kindEscaped        // string that needs unquoting (escapes or invalid UTF-8)
	kindNumber         // number, kept as written
	kindTrue
	kindFalse
	kindNull
)

// flatKV is one member of a flat object. key is the decoded key; it and val
// may point into the input line.
type flatKV struct {
	key  []byte
	val  []byte // string contents without quotes, or the number as written
	kind uint8
}

// scanFlat parses data as exactly one JSON object whose values are all
// strings, numbers, booleans or null, appending its members in input order
// to kvs. ok is false for anything else, valid or not.
func scanFlat(data []byte, kvs []flatKV) (_ []flatKV, ok bool) {
	i := skipJSONSpace(data, 0)
	if i == len(data) || data[i] != '{' {
		return kvs, false
	}
	i = skipJSONSpace(data, i+1)
	if i < len(data) && data[i] == '}' {
		return kvs, skipJSONSpace(data, i+1) == len(data)
	}
	for {
		if i == len(data) || data[i] != '"' {
			return kvs, false
		}
		key, kind, next, ok := scanString(data, i)
		if !ok {
			return kvs, false
		}
		if kind == kindEscaped {
			key = unquoteJSON(nil, key) // rare: keys are usually plain
		}
		i = skipJSONSpace(data, next)
		if i == len(data) || data[i] != ':' {
			return kvs, false
		}
		i = skipJSONSpace(data, i+1)
		if i == len(data) {
			return kvs, false
		}
		kv := flatKV{key: key}
		switch c := data[i]; {
		case c == '"':
			kv.val, kv.kind, i, ok = scanString(data, i)
		case c == '-' || '0' <= c && c <= '9':
			next, ok = scanNumber(data, i)
			kv.val, kv.kind, i = data[i:next], kindNumber, next
		case c == 't':
			ok, kv.kind, i = hasLiteral(data, i, "true"), kindTrue, i+4
		case c == 'f':
			ok, kv.kind, i = hasLiteral(data, i, "false"), kindFalse, i+5
		case c == 'n':
			ok, kv.kind, i = hasLiteral(data, i, "null"), kindNull, i+4
		default: // nested value or a syntax error
			return kvs, false
		}
		if !ok {
			return kvs, false
		}
		kvs = append(kvs, kv)
		i = skipJSONSpace(data, i)
		if i == len(data) {
			return kvs, false
		}
		switch data[i] {
		case ',':
			i = skipJSONSpace(data, i+1)
		case '}':
			return kvs, skipJSONSpace(data, i+1) == len(data)
		default:
			return kvs, false
		}
	}
}

func skipJSONSpace(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

func hasLiteral(data []byte, i int, lit string) bool {
	return len(data)-i >= len(lit) && string(data[i:i+len(lit)]) == lit
}

// scanString checks the string literal starting at data[i] (a quote) and
// returns its contents, kindPlain or kindEscaped, and the index after the
// closing quote. It accepts what encoding/json's scanner accepts: no control
// characters, only the JSON escapes, any other bytes.
func scanString(data []byte, i int) (s []byte, kind uint8, next int, ok bool) {
	start := i + 1
	escaped, high := false, false
	for j := start; j < len(data); j++ {
		switch strClass[data[j]] {
		case strPlain:
			continue
		case strQuote:
			s = data[start:j]
			// encoding/json turns invalid UTF-8 into U+FFFD, so such a string
			// must be unquoted too.
			if escaped || high && !utf8.Valid(s) {
				return s, kindEscaped, j + 1, true
			}
			return s, kindPlain, j + 1, true
		case strEscape:
			escaped = true
			j++
			if j == len(data) {
				return nil, 0, 0, false
			}
			switch data[j] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if len(data)-j < 5 {
					return nil, 0, 0, false
				}
				for _, h := range data[j+1 : j+5] {
					if hexVal(h) < 0 {
						return nil, 0, 0, false
					}
				}
				j += 4
			default:
				return nil, 0, 0, false
			}
		case strControl:
			return nil, 0, 0, false
		case strHigh:
			high = true
		}
	}
	return nil, 0, 0, false
}

// Classes of bytes in a JSON string.
const (
	strPlain = iota
	strQuote
	strEscape
	strControl
	strHigh
)

var strClass = func() (t [256]uint8) {
	for c := range t {
		switch {
		case c == '"':
			t[c] = strQuote
		case c == '\\':
			t[c] = strEscape
		case c < ' ':
			t[c] = strControl
		case c >= utf8.RuneSelf:
			t[c] = strHigh
		}
	}
	return t
}()

func hexVal(c byte) rune {
	switch {
	case '0' <= c && c <= '9':
		return rune(c - '0')
	case 'a' <= c && c <= 'f':
		return rune(c - 'a' + 10)
	case 'A' <= c && c <= 'F':
		return rune(c - 'A' + 10)
	}
	return -1
}

// scanNumber checks the number starting at data[i] and returns the index
// after it: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func scanNumber(data []byte, i int) (int, bool) {
	digits := func(i int) int {
		for i < len(data) && '0' <= data[i] && data[i] <= '9' {
			i++
		}
		return i
	}
	if data[i] == '-' {
		i++
	}
	switch {
	case i == len(data):
		return i, false
	case data[i] == '0':
		i++
	case '1' <= data[i] && data[i] <= '9':
		i = digits(i + 1)
	default:
		return i, false
	}
	if i < len(data) && data[i] == '.' {
		j := digits(i + 1)
		if j == i+1 {
			return j, false
		}
		i = j
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		j := digits(i)
		if j == i {
			return j, false
		}
		i = j
	}
	return i, true
}

// unquoteJSON appends the value of string contents s, already checked by
// scanString, to dst. It follows encoding/json's unquote: invalid UTF-8 and
// unpaired surrogates become U+FFFD.
func unquoteJSON(dst, s []byte) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\':
			switch e := s[i+1]; e {
			case 'b':
				dst = append(dst, '\b')
			case 'f':
				dst = append(dst, '\f')
			case 'n':
				dst = append(dst, '\n')
			case 'r':
				dst = append(dst, '\r')
			case 't':
				dst = append(dst, '\t')
			case 'u':
				r := u4(s[i+2:])
				i += 6
				if utf16.IsSurrogate(r) {
					// A pair only when a \u escape follows that completes it.
					if len(s)-i >= 6 && s[i] == '\\' && s[i+1] == 'u' {
						if d := utf16.DecodeRune(r, u4(s[i+2:])); d != utf8.RuneError {
							dst = utf8.AppendRune(dst, d)
							i += 6
							continue
						}
					}
					r = utf8.RuneError
				}
				dst = utf8.AppendRune(dst, r)
				continue
			default: // " \ /
				dst = append(dst, e)
			}
			i += 2
		case c < utf8.RuneSelf:
			dst = append(dst, c)
			i++
		default:
			r, n := utf8.DecodeRune(s[i:])
			dst = utf8.AppendRune(dst, r)
			i += n
		}
	}
	return dst
}

// u4 reads the four hex digits at the start of s, checked by scanString.
func u4(s []byte) rune {
	return hexVal(s[0])<<12 | hexVal(s[1])<<8 | hexVal(s[2])<<4 | hexVal(s[3])
}

// aliasRef is one place a folded key appears in aliasKeys.
type aliasRef struct {
	f    field
	rank int // index in aliasKeys[f]: lower is preferred
}

// aliasIndex maps each folded alias to where it appears.
var aliasIndex = func() map[string][]aliasRef {
	m := make(map[string][]aliasRef)
	for f := field(0); f < numFields; f++ {
		for i, a := range aliasKeys[f] {
			m[a] = append(m[a], aliasRef{f, i})
		}
	}
	return m
}()

// aliasRefs returns where key, folded as keyOf does, appears among the
// aliases. ASCII keys are folded in a stack buffer so that the common case
// does not allocate.
func aliasRefs(key []byte) []aliasRef {
	var buf [64]byte
	if len(key) > len(buf) {
		return aliasIndex[keyOf(string(key))]
	}
	// For ASCII, keyOf drops these bytes and unicode.ToLower maps A-Z only.
	n := 0
	for _, c := range key {
		switch {
		case c >= utf8.RuneSelf:
			return aliasIndex[keyOf(string(key))]
		case isKeySeparator(rune(c)):
			continue
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		buf[n] = c
		n++
	}
	return aliasIndex[string(buf[:n])]
}

// flatRow resolves the members of a flat object into a row, with the
// results of row on the map encoding/json would have produced: of keys that
// fold to the same name the smallest wins, of identical keys the last.
func (j *jsonRows) flatRow(kvs []flatKV, line int) (row, string) {
	r := row{line: line}
	var best [numFields]*flatKV
	var bestRank [numFields]int
	for i := range kvs {
		kv := &kvs[i]
		for _, a := range aliasRefs(kv.key) {
			b := best[a.f]
			// Equal ranks mean the same folded key.
			if b == nil || a.rank < bestRank[a.f] || a.rank == bestRank[a.f] && string(kv.key) <= string(b.key) {
				best[a.f], bestRank[a.f] = kv, a.rank
			}
		}
	}
	if best[fText] == nil {
		return r, noTextReason("field")
	}
	// The other fields share one string, so a record costs two string
	// allocations, and a kept id does not pin the text.
	var ends [numFields]int
	buf := j.buf[:0]
	for f, kv := range best {
		if kv != nil && field(f) != fText {
			buf = kv.appendValue(buf)
		}
		ends[f] = len(buf)
	}
	// Decoded strings are valid UTF-8 already, and only a \u0000 escape
	// makes a NUL, so only escaped values need clean.
	meta, start := string(buf), 0
	for f := range r.v {
		r.v[f] = meta[start:ends[f]]
		if kv := best[f]; kv != nil && kv.kind == kindEscaped {
			r.v[f] = clean(r.v[f])
		}
		start = ends[f]
	}
	kv := best[fText]
	j.buf = kv.appendValue(buf[:0])
	r.v[fText] = string(j.buf)
	if kv.kind == kindEscaped {
		r.v[fText] = clean(r.v[fText])
	}
	return r, ""
}

// appendValue appends the string scalar would make of the value
// encoding/json decodes for kv.
func (kv *flatKV) appendValue(dst []byte) []byte {
	switch kv.kind {
	case kindPlain, kindNumber:
		return append(dst, kv.val...)
	case kindEscaped:
		return unquoteJSON(dst, kv.val)
	case kindTrue:
		return append(dst, "true"...)
	case kindFalse:
		return append(dst, "false"...)
	}
	return dst
}
