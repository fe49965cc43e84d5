package ingest

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// flatCases are tricky single records; ok says whether scanFlat must take
// them (valid flat objects) or leave them to encoding/json.
var flatCases = []struct {
	in string
	ok bool
}{
	{`{"id": "t-00000001", "channel": "ticket", "lang": "nl", "speaker_role": "customer", "created_at": "2024-01-01T08:00:57Z", "text": "hi"}`, true},
	{`{}`, true},
	{` {"":"x"} `, true},
	{" \t{ \"text\" :\r\n\"x\" } \t\r", true},
	// escapes
	{`{"text":"caf\u00e9 caf\u00C9"}`, true},
	{`{"text":"\ud83d\ude05"}`, true},
	{`{"text":"\ud83d"}`, true},
	{`{"text":"\ude05\ud83d"}`, true},
	{`{"text":"\ud83d\u0041"}`, true},
	{`{"text":"\ud83d\ud83d\ude05"}`, true},
	{`{"text":"\ud83dx"}`, true},
	{`{"text":"\ud83d\\ude05"}`, true},
	{`{"text":"a\/b\"c\\d\b\f\n\r\t"}`, true},
	{`{"text":"\u0000x\u0000"}`, true},
	{`{"text":"\uFFFD\uFFFE"}`, true},
	{`{"text":"\x"}`, false},
	{`{"text":"\'"}`, false},
	{`{"text":"\u12"}`, false},
	{`{"text":"\u12g4"}`, false},
	{`{"text":"a\`, false},
	{"{\"text\":\"a\tb\"}", false}, // raw control character
	{"{\"text\":\"a\x7fb\"}", true},
	// numbers
	{`{"text":1}`, true},
	{`{"id":-0.5e+10,"text":"x"}`, true},
	{`{"id":0E-0,"text":"x"}`, true},
	{`{"id":12345678901234567890123,"text":"x"}`, true},
	{`{"id":01,"text":"x"}`, false},
	{`{"id":1.,"text":"x"}`, false},
	{`{"id":.5,"text":"x"}`, false},
	{`{"id":-,"text":"x"}`, false},
	{`{"id":1e,"text":"x"}`, false},
	{`{"id":+1,"text":"x"}`, false},
	{`{"id":1}`, true},
	// literals
	{`{"text":null}`, true},
	{`{"text":true,"id":false,"lang":null}`, true},
	{`{"text":nul}`, false},
	{`{"text":truex}`, false},
	{`{"text":True}`, false},
	// nested values are left to encoding/json
	{`{"text":{"a":1}}`, false},
	{`{"text":"x","meta":[1,2,{"b":null}]}`, false},
	{`{"text":[]}`, false},
	{`{"a":` + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + `,"text":"x"}`, false},
	// duplicate keys and folding
	{`{"text":"a","text":"b"}`, true},
	{`{"text":"lower","Text":"upper","TEXT":"caps"}`, true},
	{`{"TEXT":"caps","text":"lower","Text":"upper"}`, true},
	{`{" text ":"x","text":"y"}`, true},
	{`{"\ttext\r\n":"x","text":"y"}`, true},
	{`{"\u000bTEXT\f":"vt"}`, true},
	{`{"\u212aanaal":"chat","Kanaal":"email","text":"x"}`, true},
	{`{"KANAAL":"chat","kanaal":"email","text":"x"}`, true},
	{`{"te\u0078t":"esc","text":"plain"}`, true},
	{"{\"\u00a0Text\":\"nbsp\"}", true},
	{`{"body":"b","text":"t","message":"m"}`, true},
	{`{"message_id":"m","id":"i","Message_ID":7}`, true},
	{`{"` + strings.Repeat("a", 70) + `":"x","text":"y"}`, true},
	{`{"` + strings.Repeat(" ", 70) + `TEXT":"long"}`, true},
	{`{"` + strings.Repeat(" ", 70) + "T\u00c9XT" + `":"long","text":"y"}`, true},
	// trailing garbage and broken objects
	{`{"text":"x"} {}`, false},
	{`{"text":"x"}}`, false},
	{`{"text":"x"}1`, false},
	{"{\"text\":\"x\"}\v", false},
	{"{\"text\":\"x\"}\u00a0", false},
	{`{"text":"x",}`, false},
	{`{,"text":"x"}`, false},
	{`{"text" "x"}`, false},
	{`{"text":"x"`, false},
	{`{"text":}`, false},
	{`{"text"`, false},
	{`{text:"x"}`, false},
	{`{`, false},
	{``, false},
	{`   `, false},
	{`[]`, false},
	{`"s"`, false},
	{`1`, false},
	{`null`, false},
	// invalid UTF-8
	{"{\"text\":\"a\xffb\xc3\"}", true},
	{"{\"te\xc3xt\":\"a\",\"text\":\"b\"}", true},
	{"{\"text\":\"\xed\xa0\x80\"}", true},
	{"{\"text\":\"x\"}\xff", false},
	{"\xef\xbb\xbf{\"text\":\"bom\"}", false},
}

func TestScanFlat(t *testing.T) {
	for _, c := range flatCases {
		if _, ok := scanFlat([]byte(c.in), nil); ok != c.ok {
			t.Errorf("scanFlat(%.80q) ok=%v, want %v", c.in, ok, c.ok)
		}
		checkFlat(t, []byte(c.in))
	}
}

// FuzzFlatJSON checks that the fast path and encoding/json agree: the same
// object, the same row, the same reject reason.
func FuzzFlatJSON(f *testing.F) {
	for _, c := range flatCases {
		// Mutating the 20 KB deep-nesting case slows the fuzzer down a
		// hundredfold; TestScanFlat covers it.
		if len(c.in) < 1000 {
			f.Add([]byte(c.in))
		}
	}
	f.Fuzz(checkFlat)
}

func checkFlat(t *testing.T, data []byte) {
	obj, stdErr := decodeObject(data)
	kvs, ok := scanFlat(data, nil)
	switch {
	case ok && stdErr != nil:
		t.Fatalf("%q: fast path accepts what encoding/json rejects: %v", data, stdErr)
	case ok:
		if got := flatMap(kvs); !reflect.DeepEqual(got, obj) {
			t.Fatalf("%q: fast path decodes\n%#v\nencoding/json\n%#v", data, got, obj)
		}
	case stdErr == nil && isFlat(obj):
		t.Fatalf("%q: fast path leaves a flat object to encoding/json", data)
	}

	want, wantBad := row{line: 3}, ""
	if stdErr != nil {
		wantBad = stdErr.Error()
	} else {
		want, wantBad = (&jsonRows{}).row(obj, 3)
	}
	got, gotBad := (&jsonRows{}).decode(data, 3)
	if gotBad != wantBad {
		t.Fatalf("%q: reason %q, want %q", data, gotBad, wantBad)
	}
	if gotBad == "" && got != want {
		t.Fatalf("%q: row\n%q\nwant\n%q", data, got.v, want.v)
	}
}

// flatMap builds the map encoding/json would decode from kvs.
func flatMap(kvs []flatKV) map[string]any {
	m := make(map[string]any, len(kvs))
	for _, kv := range kvs {
		var v any
		switch kv.kind {
		case kindPlain, kindEscaped:
			v = string(kv.appendValue(nil))
		case kindNumber:
			v = json.Number(kv.appendValue(nil))
		case kindTrue:
			v = true
		case kindFalse:
			v = false
		}
		m[string(kv.key)] = v
	}
	return m
}

func isFlat(obj map[string]any) bool {
	for _, v := range obj {
		switch v.(type) {
		case map[string]any, []any:
			return false
		}
	}
	return true
}
