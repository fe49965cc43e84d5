package spillcodec

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"math"
	"reflect"
	"testing"
	"time"
)

// put writes v with the Put method of its type; a *string is an optional
// string.
func put(e *Encoder, v any) {
	switch v := v.(type) {
	case uint64:
		e.PutUvarint(v)
	case int64:
		e.PutVarint(v)
	case float64:
		e.PutFloat64(v)
	case bool:
		e.PutBool(v)
	case string:
		e.PutString(v)
	case []byte:
		e.PutBytes(v)
	case *string:
		e.PutOptString(v)
	case *time.Time:
		e.PutTime(v)
	default:
		panic("put: " + reflect.TypeOf(v).String())
	}
}

// read reads a value of like's type.
func read(d *Decoder, like any) any {
	switch like.(type) {
	case uint64:
		return d.ReadUvarint()
	case int64:
		return d.ReadVarint()
	case float64:
		return math.Float64bits(d.ReadFloat64()) // NaN equals itself
	case bool:
		return d.ReadBool()
	case string:
		return d.ReadString()
	case []byte:
		return d.ReadBytes()
	case *string:
		if s, ok := d.ReadOptString(); ok {
			return &s
		}
		return (*string)(nil)
	case *time.Time:
		return d.ReadTime()
	}
	panic("read: " + reflect.TypeOf(like).String())
}

// same reports whether a value read back equals v as written.
func same(v, got any) bool {
	switch v := v.(type) {
	case float64:
		return got == math.Float64bits(v)
	case []byte:
		return bytes.Equal(v, got.([]byte))
	case *time.Time:
		g := got.(*time.Time)
		return (v == nil) == (g == nil) && (v == nil || v.Equal(*g) && g.Location() == time.UTC)
	}
	return reflect.DeepEqual(v, got)
}

func ptr[T any](v T) *T { return &v }

func TestFields(t *testing.T) {
	cet := time.FixedZone("CET", 3600)
	for _, c := range []struct {
		name string
		v    any
		want []byte
	}{
		{"uvarint 0", uint64(0), []byte{0}},
		{"uvarint 300", uint64(300), []byte{0xac, 0x02}},
		{"uvarint max", uint64(math.MaxUint64), []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}},
		{"varint -1", int64(-1), []byte{1}},
		{"varint 64", int64(64), []byte{0x80, 0x01}},
		{"varint min", int64(math.MinInt64), []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}},
		{"float 1.5", 1.5, []byte{0, 0, 0, 0, 0, 0, 0xf8, 0x3f}},
		{"float NaN", math.NaN(), binary.LittleEndian.AppendUint64(nil, math.Float64bits(math.NaN()))},
		{"float -0", math.Copysign(0, -1), []byte{0, 0, 0, 0, 0, 0, 0, 0x80}},
		{"true", true, []byte{1}},
		{"false", false, []byte{0}},
		{"empty string", "", []byte{0}},
		{"string", "é\x00и👍", append([]byte{9}, "é\x00и👍"...)},
		{"bytes", []byte{0xff, 0}, []byte{2, 0xff, 0}},
		{"no bytes", []byte{}, []byte{0}},
		{"absent string", (*string)(nil), []byte{0}},
		{"present empty string", ptr(""), []byte{1}},
		{"present string", ptr("ab"), []byte{3, 'a', 'b'}},
		{"absent time", (*time.Time)(nil), []byte{0}},
		{"epoch", ptr(time.Unix(0, 0)), []byte{1, 0, 0}},
		{"time in CET", ptr(time.Date(1970, 1, 1, 1, 0, 1, 5, cet)), []byte{1, 2, 5}},
		{"year 1", ptr(time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)), binary.AppendUvarint(binary.AppendVarint([]byte{1}, -62135596800), 0)},
		{"year 9999", ptr(time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC)), binary.AppendUvarint(binary.AppendVarint([]byte{1}, 253402300799), 999999999)},
	} {
		var e Encoder
		put(&e, c.v)
		if !bytes.Equal(e.Body(), c.want) {
			t.Errorf("%s: wrote % x, want % x", c.name, e.Body(), c.want)
		}
		for _, shared := range []bool{false, true} {
			d := NewDecoder(e.Body())
			if shared {
				d = NewSharedDecoder(e.Body())
			}
			if got := read(&d, c.v); !same(c.v, got) || d.Done() != nil {
				t.Errorf("%s (shared %v): read %v (%v)", c.name, shared, got, d.Done())
			}
		}
		// One byte short: an error, no panic.
		d := NewDecoder(e.Body()[:len(e.Body())-1])
		if read(&d, c.v); d.Done() == nil {
			t.Errorf("%s: a short body reads without error", c.name)
		}
	}
}

func TestDecoderErrors(t *testing.T) {
	var e Encoder
	e.PutString("abc")
	e.PutVarint(7)
	body := e.Body()
	d := NewDecoder(body)
	d.ReadString()
	if err := d.Done(); err == nil {
		t.Error("a byte left over: no error")
	}
	d = NewDecoder([]byte{5, 'a'}) // a string longer than the body
	if s := d.ReadString(); s != "" || d.Done() == nil {
		t.Errorf("string past the end: %q, %v", s, d.Done())
	}
	if v := d.ReadVarint(); v != 0 || !errors.Is(d.Done(), errShort) {
		t.Errorf("a read after an error: %d, %v", v, d.Done())
	}
	d = NewDecoder([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}) // uvarint overflow
	if d.ReadUvarint(); d.Done() == nil {
		t.Error("an overflowing uvarint: no error")
	}
}

func TestReadRecord(t *testing.T) {
	var file []byte
	var e Encoder
	for _, s := range []string{"", "a", string(make([]byte, 300))} {
		e.Reset()
		e.PutString(s)
		n := len(file)
		file = e.AppendRecord(file)
		if got := RecordLen(len(e.Body())); got != len(file)-n {
			t.Errorf("RecordLen(%d) = %d, wrote %d", len(e.Body()), got, len(file)-n)
		}
	}
	r := bufio.NewReader(bytes.NewReader(file))
	var buf []byte
	for _, want := range []string{"", "a", string(make([]byte, 300))} {
		var err error
		if buf, err = ReadRecord(r, buf); err != nil {
			t.Fatal(err)
		}
		d := NewDecoder(buf)
		if got := d.ReadString(); got != want || d.Done() != nil {
			t.Errorf("read %q, want %q (%v)", got, want, d.Done())
		}
	}
	if _, err := ReadRecord(r, buf); err != io.EOF {
		t.Errorf("at the end: %v, want EOF", err)
	}
	for _, bad := range [][]byte{{3, 'a'}, {0x80}, binary.AppendUvarint(nil, MaxRecord+1)} {
		if _, err := ReadRecord(bufio.NewReader(bytes.NewReader(bad)), nil); err == nil || err == io.EOF {
			t.Errorf("% x: %v, want an error", bad, err)
		}
	}
}

// values turns prog into a list of values of every kind put takes.
func values(prog []byte) []any {
	take := func(n int) []byte {
		b := make([]byte, n)
		prog = prog[copy(b, prog):]
		return b
	}
	var vs []any
	for len(prog) > 0 {
		kind := take(1)[0]
		u := binary.LittleEndian.Uint64(take(8)[:])
		switch kind % 10 {
		case 0:
			vs = append(vs, u)
		case 1:
			vs = append(vs, int64(u))
		case 2:
			vs = append(vs, math.Float64frombits(u))
		case 3:
			vs = append(vs, u%2 == 1)
		case 4:
			vs = append(vs, string(take(int(u%40))))
		case 5:
			vs = append(vs, take(int(u%40)))
		case 6:
			vs = append(vs, ptr(string(take(int(u%40)))))
		case 7:
			vs = append(vs, (*string)(nil))
		case 8: // years -9999 to 9999, any nanosecond
			t := time.Unix(int64(u%(1<<39))-(1<<38), int64(u>>39)%1e9).UTC()
			vs = append(vs, &t)
		case 9:
			vs = append(vs, (*time.Time)(nil))
		}
	}
	return vs
}

// FuzzRoundTrip writes the values prog describes and reads them back, with
// and without shared strings, as a record; it also reads prog itself as a
// body, which may fail but must not panic.
func FuzzRoundTrip(f *testing.F) {
	f.Add([]byte("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09"))
	f.Add([]byte("\x04\x05\x00\x00\x00\x00\x00\x00\x00hello\x08\xff\xff\xff\xff\xff\xff\xff\xff"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, prog []byte) {
		vs := values(prog)
		var e Encoder
		for _, v := range vs {
			put(&e, v)
		}
		file := e.AppendRecord(nil)
		for _, shared := range []bool{false, true} {
			body, err := ReadRecord(bufio.NewReader(bytes.NewReader(file)), nil)
			if err != nil {
				t.Fatal(err)
			}
			d := NewDecoder(body)
			if shared {
				d = NewSharedDecoder(body)
			}
			for i, v := range vs {
				if got := read(&d, v); !same(v, got) {
					t.Fatalf("value %d: wrote %#v, read %#v", i, v, got)
				}
			}
			if err := d.Done(); err != nil {
				t.Fatal(err)
			}
		}
		d := NewSharedDecoder(prog)
		for _, v := range vs {
			read(&d, v)
		}
		d.Done()
	})
}
