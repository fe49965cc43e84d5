package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"jobminer/pipeline/record"
)

// Speech-to-text JSON with speaker labels, one file = one interview:
//
//	{"segments":[{"start":1.2,"end":3.4,"speaker":"SPEAKER_00","text":"..."}]}   Whisper, WhisperX (seconds)
//	{"utterances":[{"speaker":"A","start":1200,"end":3400,"text":"..."}]}        AssemblyAI (milliseconds)
//
// Rules, decided here: the first top-level "segments" or "utterances"
// array is read (other keys, such as the full "text" or a "words" list, are
// skipped); consecutive entries of the same speaker merge into one
// utterance whose Offset is the first entry's start; entries without a
// speaker stay one utterance each; entries without text are skipped. Line
// is the line where the entry starts. Speaker labels are no roles
// (SPEAKER_00 and A are unknown) unless --interviewer/--agent/--customer
// name them or the label is a role word (Interviewer, Klant). A top-level
// "language" or "language_code" sets the document language. A syntax error
// rejects the rest of the file at its line.

func readSTT(r io.Reader, in Input, opts Options, emit func(Item)) error {
	var rejects []record.Reject
	reject := func(line int, reason string) {
		rejects = append(rejects, record.Reject{Source: record.Source{File: in.Rel, Line: line}, Reason: reason})
	}
	doc := &record.Document{Source: record.Source{File: in.Rel, Line: 1}, Format: "stt", Channel: record.Interview}
	var segs []segment
	lc := &lineCounter{r: r}
	dec := json.NewDecoder(bufio.NewReader(lc))
	dec.UseNumber()
	syntax := func(err error) error {
		if errors.Is(err, errNotArray) {
			reject(lc.lineAt(dec.InputOffset()), err.Error()+"; the rest of the file is skipped")
			return nil
		}
		if !isSyntax(err) {
			return err
		}
		reject(lc.lineAt(nextValueOffset(dec)), fmt.Sprintf("invalid JSON: %v; the rest of the file is skipped", err))
		return nil
	}
	finish := func() {
		for i := range segs {
			segs[i].voiced = true // labels are the service's, not "Name:" text
		}
		doc.Utterances = mergeSegments(segs, Options{})
		names := newSpeakerRoles(opts)
		for i := range doc.Utterances {
			u := &doc.Utterances[i]
			u.Role = names.role(u.Speaker, NormalizeRole)
		}
		emitAll(emit, doc, rejects)
	}

	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		if err != nil && !isSyntax(err) {
			return err
		}
		reject(1, "not speech-to-text JSON: the file is not one JSON object")
		finish()
		return nil
	}
	found := ""
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			if err := syntax(err); err != nil {
				return err
			}
			finish()
			return nil
		}
		key, _ := t.(string)
		k := strings.ToLower(key)
		if found == "" && (k == "segments" || k == "utterances") {
			found = k
			unit := time.Second
			if k == "utterances" {
				unit = time.Millisecond
			}
			if err := readSTTEntries(dec, lc, unit, &segs, reject); err != nil {
				if err := syntax(err); err != nil {
					return err
				}
				finish()
				return nil
			}
			continue
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			if err := syntax(err); err != nil {
				return err
			}
			finish()
			return nil
		}
		if k == "language" || k == "language_code" {
			var s string
			if json.Unmarshal(raw, &s) == nil {
				doc.Language = NormalizeLang(s)
			}
		}
	}
	if _, err := dec.Token(); err != nil { // the closing }
		if err := syntax(err); err != nil {
			return err
		}
	}
	if found == "" {
		reject(1, `no "segments" or "utterances" array in this JSON object; use --format json to read it as generic JSON`)
	}
	finish()
	return nil
}

var errNotArray = errors.New(`"segments" or "utterances" holds an object, not an array of entries`)

// readSTTEntries reads the array of segments or utterances after its key.
// Errors it returns are the decoder's; bad entries become rejects.
func readSTTEntries(dec *json.Decoder, lc *lineCounter, unit time.Duration, segs *[]segment, reject func(int, string)) error {
	t, err := dec.Token()
	if err != nil {
		return err
	}
	if t != json.Delim('[') {
		if d, ok := t.(json.Delim); ok && d == '{' {
			return errNotArray
		}
		return nil // a scalar: nothing to read
	}
	for dec.More() {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return err
		}
		line := lc.lineAt(dec.InputOffset() - int64(len(raw)))
		obj, err := decodeObject(raw)
		if err != nil {
			reject(line, err.Error())
			continue
		}
		tv, _ := lookupFold(obj, "text")
		text, ok := scalar(tv)
		if !ok {
			reject(line, fmt.Sprintf("text holds a JSON %s, not text", jsonKind(tv)))
			continue
		}
		text = strings.Join(strings.Fields(clean(text)), " ")
		if text == "" {
			continue
		}
		sv, _ := lookupFold(obj, "speaker")
		speaker, _ := scalar(sv)
		var start time.Duration
		if n, ok := mustNumber(obj, "start"); ok {
			start, _ = secondsOffset(n, unit)
		}
		*segs = append(*segs, segment{line: line, start: start, speaker: strings.TrimSpace(clean(speaker)), text: text})
	}
	_, err = dec.Token() // the closing ]
	return err
}

// mustNumber returns obj[key] as a float when it is a JSON number.
func mustNumber(obj map[string]any, key string) (float64, bool) {
	v, _ := lookupFold(obj, key)
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	f, err := n.Float64()
	return f, err == nil
}

// detectSTT looks at the top-level keys of a JSON object in head: a
// "segments" array whose first entry has "text", an "utterances" array
// whose first entry has "speaker", an AssemblyAI "audio_url", or a first
// "text" value too long for head (Whisper writes the whole transcript
// there before its segments).
func detectSTT(name string, head []byte) bool {
	t := bytes.TrimSpace(head)
	if len(t) == 0 || t[0] != '{' {
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(t))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return false
	}
	for i := 0; dec.More(); i++ {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		key, _ := tok.(string)
		switch k := strings.ToLower(key); k {
		case "audio_url":
			return true
		case "segments", "utterances":
			want := "text"
			if k == "utterances" {
				want = "speaker"
			}
			return firstEntryHas(dec, want)
		default:
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				// Cut off by the end of head inside the first value.
				return i == 0 && k == "text" && len(head) >= headSize
			}
		}
	}
	return false
}

// firstEntryHas reports whether the array at dec's position starts with
// an object holding key (at its top level).
func firstEntryHas(dec *json.Decoder, key string) bool {
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return false
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return false
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		if k, _ := tok.(string); strings.EqualFold(k, key) {
			return true
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return false
		}
	}
	return false
}
