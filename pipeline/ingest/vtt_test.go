package ingest

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestReadCaptions(t *testing.T) {
	tests := []struct {
		name, file, input string
		want              []string
	}{
		{
			name: "a cue with two voices is split; text after </v> stays with its voice",
			file: "a.vtt",
			input: "WEBVTT\n\n00:01.000 --> 00:02.000\n<v.loud Ann>Hoi</v> daar\n<v Bob>Hallo</v>\n\n" +
				"00:03.000 --> 00:04.000\n<v Bob>Alles goed?\n",
			want: []string{"doc 1 id= ch=interview lang=", "  3 Ann/unknown/: Hoi daar", "  5 Bob/unknown/: Hallo Alles goed?"},
		},
		{
			name:  "cues without speakers stay one utterance each; tags and timestamps go",
			file:  "b.vtt",
			input: "WEBVTT - titel\nKind: captions\n\nSTYLE\n::cue { color: red }\n\nx\n00:00:01.000 --> 00:00:02.000\nhet <00:00:01.500><c.red>werkt</c>\n\n00:00:02.000 --> 00:00:03.000\nniet\n",
			want:  []string{"doc 1 id= ch=interview lang=", "  8 /unknown/: het werkt", "  11 /unknown/: niet"},
		},
		{
			name:  "a timing line right after text starts a cue",
			file:  "c.vtt",
			input: "WEBVTT\n\n00:01.000 --> 00:02.000\neen\n00:02.000 --> 00:03.000\ntwee\n",
			want:  []string{"doc 1 id= ch=interview lang=", "  3 /unknown/: een", "  5 /unknown/: twee"},
		},
		{
			name:  "no header: the file is rejected",
			file:  "d.vtt",
			input: "00:01.000 --> 00:02.000\nhoi\n",
			want:  []string{"reject 1: not a WebVTT file: the first line is not WEBVTT"},
		},
		{
			name:  "an unclosed tag hides the rest of the cue",
			file:  "e.vtt",
			input: "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Het is een boom!\n\n00:03.000 --> 00:04.000\nwel tekst\n",
			want:  []string{"doc 1 id= ch=interview lang=", "  6 /unknown/: wel tekst"},
		},
		{
			name:  "SRT with a missing timing line and a lost index",
			file:  "f.srt",
			input: "1\n00:00:01,000 --> 00:00:02,000\nJan: hoi\n2\n00:00:03,000 --> 00:00:04,000\nJan: nog iets\n\n3\ngeen tijd\n",
			want:  []string{"doc 1 id= ch=interview lang=", "  2 Jan/unknown/: hoi nog iets", "reject 8: block without a cue timing line; not read"},
		},
		{
			name:  "not SRT at all",
			file:  "g.srt",
			input: "some text\n00:00:00,500 --> 00:00:07,000\n",
			want:  []string{"reject 1: not a valid SRT file: no cue with a valid timing line"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, _ := readString(t, tt.file, tt.input, Options{})
			checkBrief(t, items, tt.want)
		})
	}
}

func TestParseClock(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"00:01.500", 1500 * time.Millisecond, true},
		{"01:02:03,040", time.Hour + 2*time.Minute + 3*time.Second + 40*time.Millisecond, true},
		{"0:0:3.62", 3620 * time.Millisecond, true},
		{"1:02", 62 * time.Second, true},
		{"00:61.000", 0, false},
		{"00:1d.890", 0, false},
		{"-1:00", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := parseClock(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("parseClock(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestTranscriptOffsets(t *testing.T) {
	items, _ := readString(t, "t.txt", "[00:01:23] Interviewer: a\nKlant (1:30): b\n00:02:10\nKlant: c\nJan Smit  0:05\nd\n", Options{})
	var got []string
	for _, u := range items[0].Doc.Utterances {
		got = append(got, u.Offset.String())
	}
	if strings.Join(got, " ") != "1m23s 1m30s 2m10s 5s" {
		t.Errorf("offsets = %v", got)
	}
}

// TestVoiceTagCorpus checks the vtt.js voice-tag files against their README.
func TestVoiceTagCorpus(t *testing.T) {
	dir := corpus(t, "webvtt-voice-tags-vttjs")
	tests := []struct {
		file       string
		utterances int
		speakers   string // distinct, sorted, comma-separated
		first      time.Duration
		turns      string // speaker of each utterance, "|"-separated; "" = not checked
	}{
		{"spec-example.vtt", 5, "Neil deGrasse Tyson,Roger Bingham", 11 * time.Second,
			"Roger Bingham|Neil deGrasse Tyson|Roger Bingham|Neil deGrasse Tyson|Roger Bingham"},
		{"cycle-collector-talk.vtt", 3, "Chris Pearce,Kyle Huey", 0, "Kyle Huey|Chris Pearce|Kyle Huey"},
		{"cue-content.vtt", 1, "Neil deGrasse Tyson", 32500 * time.Millisecond, ""},
		{"cue-content-class.vtt", 1, "Mary", 32500 * time.Millisecond, ""},
		{"with-annotation.vtt", 1, "Mary", 0, ""},
		{"with-subclass.vtt", 1, "Joe", 0, ""},
		{"with-two-subclasses.vtt", 1, "Joe", 0, ""},
		{"with-closing-span.vtt", 1, "Joe", 0, ""},
		{"not-closed.vtt", 1, "", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			items, st := readAll(t, filepath.Join(dir, tt.file), Options{})
			if st.Format != "vtt" {
				t.Errorf("format %q", st.Format)
			}
			s := summarize(items)
			if s.utterances != tt.utterances || s.rejects != 0 {
				t.Fatalf("%d utterances, %d rejects; want %d, 0:\n%s", s.utterances, s.rejects, tt.utterances, dump(items))
			}
			if got := strings.Join(s.speakers, ","); got != tt.speakers {
				t.Errorf("speakers %q, want %q", got, tt.speakers)
			}
			if s.first.Offset != tt.first || s.roles["unknown"] != s.utterances {
				t.Errorf("first offset %v, roles %v; want %v, all unknown", s.first.Offset, s.roles, tt.first)
			}
			if tt.turns != "" {
				var turns []string
				for _, u := range items[0].Doc.Utterances {
					turns = append(turns, u.Speaker)
				}
				if got := strings.Join(turns, "|"); got != tt.turns {
					t.Errorf("turns %s, want %s", got, tt.turns)
				}
			}
		})
	}
	// no-end-gt.vtt: the unclosed <v ...> must not name a speaker.
	items, _ := readAll(t, filepath.Join(dir, "no-end-gt.vtt"), Options{})
	if s := summarize(items); s.utterances != 0 {
		t.Errorf("no-end-gt.vtt: %d utterances, speakers %q; want none", s.utterances, s.speakers)
	}
}

// TestSubtitleCorpus checks the webvtt-py fixtures against their README.
func TestSubtitleCorpus(t *testing.T) {
	dir := corpus(t, "subtitles-webvtt-py-fixtures")
	tests := []struct {
		file       string
		utterances int
		rejects    int // -1: not checked
		first      time.Duration
		texts      string // "|"-separated; "" = not checked
	}{
		{"sample.vtt", 16, 0, 500 * time.Millisecond, ""},
		{"one_caption.vtt", 1, 0, 500 * time.Millisecond, ""},
		{"captions_with_bom.vtt", 4, 0, 500 * time.Millisecond, ""},
		{"comments.vtt", 3, 0, 2*time.Minute + 15*time.Second, ""},
		{"styles.vtt", 1, 0, 0, ""},
		{"metadata_headers.vtt", 2, 0, 500 * time.Millisecond, ""},
		{"metadata_headers_multiline.vtt", 2, 0, 500 * time.Millisecond, ""},
		{"using_identifiers.vtt", 6, 0, 500 * time.Millisecond, ""},
		{"cue_tags.vtt", 3, 0, 16500 * time.Millisecond, "When the moon hits your eye|Like a big-a pizza pie|That's amore"},
		{"youtube_dl.vtt", 4, 0, 4*time.Minute + 46070*time.Millisecond, ""},
		{"missing_caption_text.vtt", 4, 0, 500 * time.Millisecond, ""},
		{"invalid_timeframe_in_cue_text.vtt", 3, 0, 500 * time.Millisecond, ""},
		{"invalid_timeframe.vtt", 6, 1, 500 * time.Millisecond, ""},
		{"missing_timeframe.vtt", 6, 1, 500 * time.Millisecond, ""},
		{"invalid.vtt", 0, 1, 0, ""},
		{"no_captions.vtt", 0, 1, 0, ""}, // "no cues found"
		{"empty.vtt", 0, 1, 0, ""},
		{"sample.srt", 5, 0, 500 * time.Millisecond, ""},
		{"one_caption.srt", 1, 0, 500 * time.Millisecond, ""},
		{"missing_caption_text.srt", 4, 0, 500 * time.Millisecond, ""},
		{"missing_timeframe.srt", 4, 1, 500 * time.Millisecond, ""},
		{"invalid_format1.srt", 0, 1, 0, ""},
		{"invalid_format2.srt", 0, 1, 0, ""},
		{"invalid_format3.srt", 0, 1, 0, ""},
		{"invalid_format4.srt", 0, 1, 0, ""},
		{"sample.sbv", 5, 0, 378 * time.Millisecond, ""},
		{"two_captions.sbv", 2, 0, 378 * time.Millisecond, ""},
		{"missing_caption_text.sbv", 4, 0, 378 * time.Millisecond, ""},
		{"invalid_timeframe.sbv", 4, 1, 378 * time.Millisecond, ""},
		{"missing_timeframe.sbv", 4, 1, 378 * time.Millisecond, ""},
		{"invalid_format.sbv", 0, 1, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			items, _ := readAll(t, filepath.Join(dir, tt.file), Options{})
			s := summarize(items)
			if s.utterances != tt.utterances || (tt.rejects >= 0 && s.rejects != tt.rejects) {
				t.Fatalf("%d utterances, %d rejects; want %d, %d:\n%s", s.utterances, s.rejects, tt.utterances, tt.rejects, dump(items))
			}
			if s.utterances > 0 && (s.first.Offset != tt.first || s.first.Speaker != "") {
				t.Errorf("first utterance at %v by %q, want %v and no speaker", s.first.Offset, s.first.Speaker, tt.first)
			}
			if tt.texts != "" {
				var texts []string
				for _, u := range items[0].Doc.Utterances {
					texts = append(texts, u.Text)
				}
				if got := strings.Join(texts, "|"); got != tt.texts {
					t.Errorf("texts %q, want %q", got, tt.texts)
				}
			}
		})
	}
}

// fuzzCaptions checks the common properties plus: at most one document.
func fuzzCaptions(t *testing.T, name, format string, data []byte) {
	items, _ := fuzzRead(t, name, format, data)
	docs := 0
	for _, it := range items {
		if it.Doc != nil {
			docs++
			checkDocValid(t, it)
		}
	}
	if docs > 1 {
		t.Fatalf("%d documents from one caption file", docs)
	}
}

func FuzzVTT(f *testing.F) {
	addSeeds(f, ".vtt")
	addSeeds(f, filepath.Join("vtt", "*.vtt"))
	f.Add([]byte("WEBVTT\n\nNOTE x\n\nid\n00:01.000 --> 00:02.000 align:end\n<v.a B>x</v><v>y\n<c>z<00:01.500>w\n00:02.000 --> 0\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzCaptions(t, "f.vtt", "vtt", data) })
}

func FuzzSRT(f *testing.F) {
	addSeeds(f, filepath.Join("srt", "*.srt"))
	addSeeds(f, filepath.Join("sbv", "*.sbv"))
	f.Add([]byte("1\n00:00:01,000 --> 00:00:02,000\n{\\an8}Jan: <i>hoi\n2\n00:00:03,000 --> x\n\n0:00:01.000,0:00:02.000\nq\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzCaptions(t, "f.srt", "srt", data)
		fuzzCaptions(t, "f.sbv", "sbv", data)
	})
}
