package ingest

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestReadWhatsApp(t *testing.T) {
	tests := []struct {
		name, input string
		opts        Options
		want        []string
	}{
		{
			name:  "Dutch Android: system lines, media and a caption",
			input: "1-2-2026 09:00 - Berichten en oproepen zijn end-to-end versleuteld.\n1-2-2026 09:01 - Jan: <Media weggelaten>\n1-2-2026 09:02 - Jan: IMG-1.jpg (bestand bijgevoegd)\nkijk hier\n1-2-2026 09:03 - Piet: ok\n",
			opts:  Options{Customers: []string{"JAN"}},
			want:  []string{"doc 3 id= ch=chat lang=", "  3 Jan/customer/: kijk hier", "  5 Piet/unknown/: ok"},
		},
		{
			name:  "12-hour clocks with a. m. and p. m.",
			input: "[3/6/18 1:55:00 p. m.] a: m\n[3/6/18 12:10:00 a. m.] b: n\n",
			want:  []string{"doc 1 id= ch=chat lang=", "  1 a/unknown/: m", "  2 b/unknown/: n"},
		},
		{
			name:  "empty bodies and sender-less lines are no speech",
			input: "01/01/19, 11:25 - John Doe:.\n01/01/19, 11:26 - Luke: \n01/01/19, 11:27 - You were added\nnot a message\n",
			want:  []string{"reject 1: no messages with text found (system lines, media placeholders and empty messages are not speech)"},
		},
		{
			name:  "forced on a file without messages",
			input: "Interviewer: hoi\n",
			opts:  Options{Format: "whatsapp"},
			want:  []string{"reject 1: no WhatsApp messages found (lines like '22-11-2026 10:15 - Name: text'); use --format to read the file as another format"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, st := readString(t, "chat.txt", tt.input, tt.opts)
			if st.Format != "whatsapp" {
				t.Errorf("format = %q", st.Format)
			}
			checkBrief(t, items, tt.want)
		})
	}
}

func TestWhatsAppTimes(t *testing.T) {
	tests := []struct {
		name, input string
		want        time.Time
	}{
		{"Dutch day first", "22-11-2026 10:15 - Naam: bericht\n", time.Date(2026, 11, 22, 10, 15, 0, 0, time.UTC)},
		{"iOS seconds", "[22/11/2026, 10:15:32] Name: msg\n", time.Date(2026, 11, 22, 10, 15, 32, 0, time.UTC)},
		{"US month first with PM", "11/22/26, 10:15 PM - Name: msg\n", time.Date(2026, 11, 22, 22, 15, 0, 0, time.UTC)},
		{"ambiguous US date with PM is month first", "3/4/26, 12:05 AM - Name: msg\n", time.Date(2026, 3, 4, 0, 5, 0, 0, time.UTC)},
		{"ambiguous date without AM/PM is day first", "3/4/26, 12:05 - Name: msg\n", time.Date(2026, 4, 3, 12, 5, 0, 0, time.UTC)},
		{"other lines decide the order", "03/04/26, 12:05 - A: x\n03/20/26, 12:05 - A: y\n", time.Date(2026, 3, 4, 12, 5, 0, 0, time.UTC)},
		{"narrow no-break space before PM", "11/22/26, 10:15\u202fPM - Name: msg\n", time.Date(2026, 11, 22, 22, 15, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, _ := readString(t, "c.txt", tt.input, Options{})
			if len(items) == 0 || items[0].Doc == nil {
				t.Fatalf("no document:\n%s", dump(items))
			}
			if got := items[0].Doc.Utterances[0].Time; !got.Equal(tt.want) {
				t.Errorf("time %s, want %s", got, tt.want)
			}
		})
	}
}

// TestWhatsAppCorpus checks the chat-miner and whatsapp-chat-parser files
// against their READMEs.
func TestWhatsAppCorpus(t *testing.T) {
	miner := corpus(t, "whatsapp-chat-miner-fixtures")
	pustur := corpus(t, "whatsapp-format-variants-pustur")
	minerSpeakers := "Jahn Doe,John Doe,John Doe 🤓,John-John Doe,🤓"
	first := time.Date(2019, 1, 1, 11, 25, 0, 0, time.UTC)
	tests := []struct {
		path       string
		utterances int
		speakers   string
		first      time.Time // zero: not checked
	}{
		{filepath.Join(miner, "whatsapp", "test_ddmmyy_24hrs.txt"), 6, minerSpeakers, first},
		{filepath.Join(miner, "whatsapp", "test_mmddyy_24hrs.txt"), 6, minerSpeakers, first},
		{filepath.Join(miner, "whatsapp", "test_[mmddyy]_24hrs.txt"), 6, minerSpeakers, first},
		{filepath.Join(miner, "whatsapp", "test_mmddyyyy_12hrs.txt"), 6, minerSpeakers, first},
		{filepath.Join(miner, "whatsapp", "test_yyyymmdd_24hrs.txt"), 6, minerSpeakers, first},
		{filepath.Join(miner, "signal", "test_export.txt"), 2, "Jane Doe,John Doe", time.Date(2019, 12, 24, 12, 23, 0, 0, time.UTC)},
		{filepath.Join(pustur, "short_chat_android_ddmmyyyy.txt"), 3, "+410123456789,Sample User,TestBot", time.Date(2017, 3, 6, 0, 45, 0, 0, time.UTC)},
		{filepath.Join(pustur, "line_variants.txt"), 15, "Loris,Luke,a", time.Date(2018, 6, 3, 13, 55, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.path), func(t *testing.T) {
			items, st := readAll(t, tt.path, Options{})
			if st.Format != "whatsapp" {
				t.Errorf("format %q", st.Format)
			}
			s := summarize(items)
			if s.docs != 1 || s.utterances != tt.utterances || s.rejects != 0 {
				t.Fatalf("%d docs, %d utterances, %d rejects; want 1, %d, 0:\n%s", s.docs, s.utterances, s.rejects, tt.utterances, dump(items))
			}
			if got := strings.Join(s.speakers, ","); got != tt.speakers {
				t.Errorf("speakers %q, want %q", got, tt.speakers)
			}
			if s.roles["unknown"] != s.utterances {
				t.Errorf("roles %v, want all unknown", s.roles)
			}
			if !tt.first.IsZero() && !s.first.Time.Equal(tt.first) {
				t.Errorf("first time %s, want %s", s.first.Time, tt.first)
			}
		})
	}
	// Details the README calls out.
	items, _ := readAll(t, filepath.Join(pustur, "line_variants.txt"), Options{})
	var texts []string
	for _, u := range items[0].Doc.Utterances {
		texts = append(texts, u.Text)
	}
	all := strings.Join(texts, "|")
	for _, want := range []string{"|Dir auch frohe Ostern.|", "one\ntwo\n2016-04-29 10:30:00"} {
		if !strings.Contains(all, want) {
			t.Errorf("line_variants.txt: no utterance %q in %q", want, all)
		}
	}
	items, _ = readAll(t, filepath.Join(pustur, "short_chat_android_ddmmyyyy.txt"), Options{})
	if us := items[0].Doc.Utterances; us[len(us)-1].Text != "How are you?\n\nIs everything alright?" {
		t.Errorf("last message %q keeps its blank line?", us[len(us)-1].Text)
	}
}

func TestWhatsAppBeatsTranscript(t *testing.T) {
	// "Name: text" after the date would also read as a transcript label.
	_, st := readString(t, "chat.txt", "22-11-2026 10:15 - Sanne: hoi\n22-11-2026 10:16 - Pieter: hallo\n", Options{})
	if st.Format != "whatsapp" {
		t.Errorf("format = %q, want whatsapp", st.Format)
	}
	_, st = readString(t, "t.txt", "Interviewer: hoi\nKlant: 22-11-2026 10:15 - x\n", Options{})
	if st.Format != "transcript" {
		t.Errorf("format = %q, want transcript", st.Format)
	}
}

func FuzzWhatsApp(f *testing.F) {
	addSeeds(f, filepath.Join("whatsapp", "*.txt"))
	f.Add([]byte("\u200e[3/6/18 1:55:00 p. m.] a: \u200e<attached: x.jpg>\ncap\n13.6.2018 klo 21.25.15 - b: m\n31-02-2026 25:61 - c: d\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		items, _ := fuzzRead(t, "f.txt", "whatsapp", data)
		docs := 0
		for _, it := range items {
			if it.Doc != nil {
				docs++
				checkDocValid(t, it)
			}
		}
		if docs > 1 {
			t.Fatalf("%d documents from one chat", docs)
		}
	})
}
