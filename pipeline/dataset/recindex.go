package dataset

import (
	"bytes"
	"encoding/binary"
	"hash/maphash"
	"iter"
	"slices"
	"time"
)

// recIndex is State.Records: record key -> RecordVer, one entry per live
// record. It is the one part of a run that grows with the dataset, so it is
// packed: the keys back to back in per-chunk arenas, each entry 24 bytes
// (the doc id's 8 bytes, the time, small numbers for the part and the zone
// offset), and an open-addressing table of entry numbers. A RecordVer that
// does not fit (a doc id that is not 16 lowercase hex digits, a time far
// outside years 1-9999, more than 256 zone offsets or 65536 parts) is kept
// whole in a side map, so every value comes back exactly as it was put.
// Entries are never removed: records leave the dataset only by being
// replaced.
type recIndex struct {
	seed   maphash.Seed
	chunks []*recChunk
	n      int
	slots  []uint32 // entry number + 1; 0 is empty. Linear probing.

	parts  []string // part ids by number
	partNo map[string]uint16
	zones  []*time.Location // zone offsets by number: time.UTC or a fixed zone
	zoneNo map[int]uint8

	odd map[uint32]RecordVer // entries that do not fit the packed form
}

const (
	chunkBits = 12 // entries per chunk: 4096, 96 KiB
	chunkLen  = 1 << chunkBits
	oddBit    = 1 << 31 // in ent.nsec: the entry's value is in recIndex.odd
	secBits   = 40      // signed seconds since 1970 in ent.sec: about ±17,000 years
)

type recChunk struct {
	ents []ent  // up to chunkLen
	keys []byte // each key as uvarint length + bytes, back to back
}

// ent is one packed RecordVer.
type ent struct {
	doc  uint64 // the doc id's 8 bytes, big-endian
	sec  uint64 // Updated: unix seconds<<24 | zone number<<16 | part number
	key  uint32 // where the key starts in its chunk's keys
	nsec uint32 // Updated's nanoseconds; oddBit
}

func newRecIndex() *recIndex {
	return &recIndex{
		seed:   maphash.MakeSeed(),
		slots:  make([]uint32, 1<<10),
		partNo: map[string]uint16{},
		zones:  []*time.Location{time.UTC},
		zoneNo: map[int]uint8{0: 0},
	}
}

// len is the number of records.
func (x *recIndex) len() int { return x.n }

// get returns key's RecordVer.
func (x *recIndex) get(key string) (RecordVer, bool) {
	n, ok := x.find(key)
	if !ok {
		return RecordVer{}, false
	}
	return x.at(n), true
}

// find returns key's entry number: entries are numbered from 0 in the order
// their keys were first put, and keep their number.
func (x *recIndex) find(key string) (int, bool) {
	_, n, ok := x.lookup(key)
	return int(n), ok
}

// at returns entry n's RecordVer.
func (x *recIndex) at(n int) RecordVer {
	e := x.ent(uint32(n))
	if e.nsec&oddBit != 0 {
		return x.odd[uint32(n)]
	}
	var doc [16]byte
	var raw [8]byte
	binary.BigEndian.PutUint64(raw[:], e.doc)
	const hexDigits = "0123456789abcdef"
	for i, b := range raw {
		doc[2*i], doc[2*i+1] = hexDigits[b>>4], hexDigits[b&15]
	}
	sec := int64(e.sec) >> 24
	upd := time.Unix(sec, int64(e.nsec)).In(x.zones[uint8(e.sec>>16)])
	return RecordVer{Updated: upd, DocID: string(doc[:]), Part: x.parts[uint16(e.sec)]}
}

// put sets key's RecordVer, adding the key or replacing its value, and
// returns its entry number.
func (x *recIndex) put(key string, rv RecordVer) int {
	slot, n, ok := x.lookup(key)
	if !ok {
		if (x.n+1)*4 > len(x.slots)*3 {
			x.grow()
			slot, _, _ = x.lookup(key)
		}
		n = x.add(key)
		x.slots[slot] = n + 1
	}
	x.set(n, rv)
	return int(n)
}

// sorted yields every record in key order (byte order, as encoding/json
// sorts map keys).
func (x *recIndex) sorted() iter.Seq2[string, RecordVer] {
	return func(yield func(string, RecordVer) bool) {
		order := make([]uint32, x.n)
		for i := range order {
			order[i] = uint32(i)
		}
		slices.SortFunc(order, func(a, b uint32) int { return bytes.Compare(x.key(a), x.key(b)) })
		for _, n := range order {
			if !yield(string(x.key(n)), x.at(int(n))) {
				return
			}
		}
	}
}

// renameParts gives every record in part p the part to[p], where there is one.
func (x *recIndex) renameParts(to map[string]string) {
	for n := range uint32(x.n) {
		e := x.ent(n)
		var p string
		if e.nsec&oddBit != 0 {
			p = x.odd[n].Part
		} else {
			p = x.parts[uint16(e.sec)]
		}
		if np, ok := to[p]; ok {
			rv := x.at(int(n))
			rv.Part = np
			x.set(n, rv)
		}
	}
}

func (x *recIndex) ent(n uint32) *ent {
	return &x.chunks[n>>chunkBits].ents[n&(chunkLen-1)]
}

func (x *recIndex) key(n uint32) []byte {
	c := x.chunks[n>>chunkBits]
	b := c.keys[c.ents[n&(chunkLen-1)].key:]
	l, w := binary.Uvarint(b)
	return b[w : w+int(l)]
}

// lookup returns key's slot and entry number, or the empty slot where it
// would go.
func (x *recIndex) lookup(key string) (slot int, n uint32, ok bool) {
	mask := len(x.slots) - 1
	for i := int(maphash.String(x.seed, key)) & mask; ; i = (i + 1) & mask {
		s := x.slots[i]
		if s == 0 {
			return i, 0, false
		}
		if string(x.key(s-1)) == key {
			return i, s - 1, true
		}
	}
}

// grow doubles the table, which is kept at most 3/4 full.
func (x *recIndex) grow() {
	x.slots = make([]uint32, 2*len(x.slots))
	mask := len(x.slots) - 1
	for n := range uint32(x.n) {
		i := int(maphash.Bytes(x.seed, x.key(n))) & mask
		for x.slots[i] != 0 {
			i = (i + 1) & mask
		}
		x.slots[i] = n + 1
	}
}

// add appends an entry for key and returns its number.
func (x *recIndex) add(key string) uint32 {
	if x.n == 1<<32-1 {
		panic("record index: 4 billion records")
	}
	var c *recChunk
	if len(x.chunks) > 0 {
		c = x.chunks[len(x.chunks)-1]
	}
	if c == nil || len(c.ents) == chunkLen {
		keys := 16 * chunkLen
		if c != nil {
			// The full chunk's keys get an exact copy, the next chunk room
			// for as many bytes: a growing slice would hold up to twice.
			c.keys = slices.Clone(c.keys)
			keys = len(c.keys) + len(c.keys)/16
		}
		c = &recChunk{ents: make([]ent, 0, chunkLen), keys: make([]byte, 0, keys)}
		x.chunks = append(x.chunks, c)
	}
	c.ents = append(c.ents, ent{key: uint32(len(c.keys))})
	c.keys = binary.AppendUvarint(c.keys, uint64(len(key)))
	c.keys = append(c.keys, key...)
	n := uint32(x.n)
	x.n++
	return n
}

// set stores rv in entry n, packed if it fits.
func (x *recIndex) set(n uint32, rv RecordVer) {
	e := x.ent(n)
	if p, ok := x.pack(rv); ok {
		e.doc, e.sec, e.nsec = p.doc, p.sec, p.nsec
		if x.odd != nil {
			delete(x.odd, n)
		}
		return
	}
	e.nsec = oddBit
	if x.odd == nil {
		x.odd = map[uint32]RecordVer{}
	}
	x.odd[n] = rv
}

func (x *recIndex) pack(rv RecordVer) (ent, bool) {
	var e ent
	doc, ok := hex16(rv.DocID)
	if !ok {
		return e, false
	}
	t := rv.Updated
	sec := t.Unix()
	if sec < -1<<(secBits-1) || sec >= 1<<(secBits-1) {
		return e, false
	}
	_, off := t.Zone()
	zone, ok := x.zoneNo[off]
	if !ok {
		if len(x.zones) == 1<<8 {
			return e, false
		}
		zone = uint8(len(x.zones))
		x.zones = append(x.zones, time.FixedZone("", off))
		x.zoneNo[off] = zone
	}
	part, ok := x.partNo[rv.Part]
	if !ok {
		if len(x.parts) == 1<<16 {
			return e, false
		}
		part = uint16(len(x.parts))
		x.parts = append(x.parts, rv.Part)
		x.partNo[rv.Part] = part
	}
	e.doc = doc
	e.sec = uint64(sec)<<24 | uint64(zone)<<16 | uint64(part)
	e.nsec = uint32(t.Nanosecond())
	return e, true
}

// hex16 decodes a doc id of 16 lowercase hex digits, the only form at()
// gives back.
func hex16(s string) (uint64, bool) {
	if len(s) != 16 {
		return 0, false
	}
	var v uint64
	for i := range len(s) {
		c := s[i]
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		default:
			return 0, false
		}
		v = v<<4 | uint64(c)
	}
	return v, true
}
