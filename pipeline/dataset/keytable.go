package dataset

import "slices"

// keyTable holds a big sidecar entry's job keys, mention id -> job key, for
// the lookups of its mention rows, which come in another order: an id of
// 16 hex digits (pipeline.MentionID) as a uint64 and the key as an index
// into the distinct keys, 12 bytes a mention.
type keyTable struct {
	ids   []uint64
	at    []uint32
	keys  []string
	index map[string]uint32
	other map[string]string // ids of another form
}

func (t *keyTable) reset() {
	t.ids, t.at, t.keys = t.ids[:0], t.at[:0], t.keys[:0]
	t.index, t.other = map[string]uint32{}, nil
}

// add notes one entry; entries come sorted by mention id (readSide checks),
// so ids stays sorted for get.
func (t *keyTable) add(mention, key string) {
	id, ok := hexID(mention)
	if !ok {
		if t.other == nil {
			t.other = map[string]string{}
		}
		t.other[mention] = key
		return
	}
	i, ok := t.index[key]
	if !ok {
		i = uint32(len(t.keys))
		t.keys = append(t.keys, key)
		t.index[key] = i
	}
	t.ids = append(t.ids, id)
	t.at = append(t.at, i)
}

func (t *keyTable) get(mention string) (string, bool) {
	id, ok := hexID(mention)
	if !ok {
		k, ok := t.other[mention]
		return k, ok
	}
	i, ok := slices.BinarySearch(t.ids, id)
	if !ok {
		return "", false
	}
	return t.keys[t.at[i]], true
}

// hexID reads a mention id of 16 lower-case hex digits, whose order as a
// string is that of the number.
func hexID(s string) (uint64, bool) {
	if len(s) != 16 {
		return 0, false
	}
	var v uint64
	for i := range len(s) {
		switch c := s[i]; {
		case '0' <= c && c <= '9':
			v = v<<4 | uint64(c-'0')
		case 'a' <= c && c <= 'f':
			v = v<<4 | uint64(c-'a'+10)
		default:
			return 0, false
		}
	}
	return v, true
}
