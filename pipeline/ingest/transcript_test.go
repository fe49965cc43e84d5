package ingest

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestReadTranscript(t *testing.T) {
	tests := []struct {
		name  string
		input string
		opts  Options
		want  []string
	}{
		{
			name:  "Dutch conventions",
			input: "Interviewer: Hoe gaat het?\nKlant: Prima.\nOnderzoeker: En verder?\nDeelnemer: Druk.\nVraag: Waarom?\nAntwoord: Daarom.\nInterviewster: Dank je.\nGebruiker: Graag.\n",
			want: []string{
				"doc 1 id= ch=interview lang=",
				"  1 Interviewer/interviewer/: Hoe gaat het?", "  2 Klant/customer/: Prima.",
				"  3 Onderzoeker/interviewer/: En verder?", "  4 Deelnemer/customer/: Druk.",
				"  5 Vraag/interviewer/: Waarom?", "  6 Antwoord/customer/: Daarom.",
				"  7 Interviewster/interviewer/: Dank je.", "  8 Gebruiker/customer/: Graag.",
			},
		},
		{
			name:  "English conventions",
			input: "Q: How do you pay?\nA: By card.\nModerator: Anything else?\nParticipant: No.\nI: Thanks.\nR: Bye.\nInterviewer: One more.\nInterviewee: Sure.\nMODERATOR 2: Also.\nRespondent 3: Fine.\n",
			want: []string{
				"doc 1 id= ch=interview lang=",
				"  1 Q/interviewer/: How do you pay?", "  2 A/customer/: By card.",
				"  3 Moderator/interviewer/: Anything else?", "  4 Participant/customer/: No.",
				"  5 I/interviewer/: Thanks.", "  6 R/customer/: Bye.",
				"  7 Interviewer/interviewer/: One more.", "  8 Interviewee/customer/: Sure.",
				"  9 MODERATOR 2/interviewer/: Also.", "  10 Respondent 3/customer/: Fine.",
			},
		},
		{
			name:  "names stay unknown unless named with --interviewer; support words are agents",
			input: "Anna de Wit: Hoe ging het?\nBob: Niet goed.\nMedewerker: Sorry.\nSpeaker 2: Hm.\n",
			opts:  Options{Interviewers: []string{"anna DE wit"}},
			want: []string{
				"doc 1 id= ch=interview lang=",
				"  1 Anna de Wit/interviewer/: Hoe ging het?", "  2 Bob/unknown/: Niet goed.",
				"  3 Medewerker/agent/: Sorry.", "  4 Speaker 2/unknown/: Hm.",
			},
		},
		{
			name: "timestamps before and after the label",
			input: "[00:01:23] Interviewer: a\n00:01:30 Klant: b\nKlant (00:01:40): c\nInterviewer [1:02]: d\n" +
				"(00:02:00) - Klant: e\n00:02:10\nKlant: f\n",
			want: []string{
				"doc 1 id= ch=interview lang=",
				"  1 Interviewer/interviewer/: a", "  2 Klant/customer/: b", "  3 Klant/customer/: c",
				"  4 Interviewer/interviewer/: d", "  5 Klant/customer/: e", "  7 Klant/customer/: f",
			},
		},
		{
			name:  "Otter style: label and time alone, text below",
			input: "Jan Smit  0:00\nHello there.\nHow are you?\n\nKlant  0:05\nFine.\n\nAnd you?\n",
			want: []string{
				"doc 1 id= ch=interview lang=",
				"  1 Jan Smit/unknown/: Hello there. How are you?",
				"  5 Klant/customer/: Fine.",
				"  8 Klant/customer/: And you?",
			},
		},
		{
			name:  "continuation lines and paragraphs",
			input: "Klant: Eerste regel\n   tweede regel  \n\nderde alinea\nInterviewer:\nVraag op de volgende regel?\n",
			want: []string{
				"doc 1 id= ch=interview lang=",
				"  1 Klant/customer/: Eerste regel tweede regel",
				"  4 Klant/customer/: derde alinea",
				"  5 Interviewer/interviewer/: Vraag op de volgende regel?",
			},
		},
		{
			name: "things that look like labels but are speech",
			input: "Klant: Kijk maar\nNote: dit is geen spreker\nhttps://example.com/help staat het\nhttp: ook niet\n" +
				"Het probleem is dit: het werkt niet\nThe thing is: it breaks\nOm 10:30: begint het\nEen twee drie vier vijf: te lang\n" +
				"Ja: dat dacht ik\nZei hij, toen: niks\n",
			want: []string{
				"doc 1 id= ch=interview lang=",
				"  1 Klant/customer/: Kijk maar Note: dit is geen spreker https://example.com/help staat het http: ook niet " +
					"Het probleem is dit: het werkt niet The thing is: it breaks Om 10:30: begint het Een twee drie vier vijf: te lang " +
					"Ja: dat dacht ik Zei hij, toen: niks",
			},
		},
		{
			name:  "a lower-case label used twice is a speaker",
			input: "jan: hoi\nmarie: hallo\njan: hoe is het\nmarie: goed\n",
			want: []string{
				"doc 1 id= ch=interview lang=",
				"  1 jan/unknown/: hoi", "  2 marie/unknown/: hallo", "  3 jan/unknown/: hoe is het", "  4 marie/unknown/: goed",
			},
		},
		{
			name:  "a short header before the first label is skipped",
			input: "Interview 3 - webshop\nDatum: 12 maart\n\nInterviewer: Vertel.\nKlant: Nou.\n",
			want: []string{
				"doc 1 id= ch=interview lang=",
				"  4 Interviewer/interviewer/: Vertel.", "  5 Klant/customer/: Nou.",
			},
		},
		{
			name:  "long text before the first label is rejected",
			input: strings.Repeat("Dit is een lange inleiding zonder spreker.\n", 11) + "Klant: Hallo.\n",
			want: []string{
				"doc 1 id= ch=interview lang=", "  12 Klant/customer/: Hallo.",
				"reject 1: text before the first speaker label (lines 1-11) is not part of any turn",
			},
		},
		{
			name:  "a label without text is dropped",
			input: "Klant: Hallo.\nInterviewer:\n\n",
			want:  []string{"doc 1 id= ch=interview lang=", "  1 Klant/customer/: Hallo."},
		},
		{
			name:  "no labels at all",
			input: "Gewoon wat tekst.\nNog wat.\n",
			want:  []string{"reject 1: no speaker labels found (lines like 'Name: text'); use --format to read the file as another format"},
		},
		{
			name:  "Russian",
			input: "Интервьюер: Как дела?\nКлиент: Хорошо.\nМария: Да.\n",
			want: []string{
				"doc 1 id= ch=interview lang=",
				"  1 Интервьюер/interviewer/: Как дела?", "  2 Клиент/customer/: Хорошо.", "  3 Мария/unknown/: Да.",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, st := readString(t, "in.txt", tt.input, Options{Format: "transcript", Interviewers: tt.opts.Interviewers})
			if st.Format != "transcript" {
				t.Errorf("format %q, want transcript", st.Format)
			}
			checkBrief(t, items, tt.want)
		})
	}
}

func TestClassifyLabel(t *testing.T) {
	tests := []struct {
		name  string
		line  string
		label string // "" = no label candidate
		text  string
	}{
		{"plain", "Klant: hallo", "Klant", "hallo"},
		{"bracketed time", "[00:01:23] Jan: ja", "Jan", "ja"},
		{"bare time", "1:02:03 Jan: ja", "Jan", "ja"},
		{"time after label", "Jan (00:01:02): ja", "Jan", "ja"},
		{"colon at end", "Jan de Vries:", "Jan de Vries", ""},
		{"otter", "Speaker 1   12:04", "Speaker 1", ""},
		{"url", "https://example.com", "", ""},
		{"no space after colon", "Re:hallo", "", ""},
		{"clock time in text", "Om 10:30 begint het", "", ""},
		{"five words", "Een twee drie vier vijf: x", "", ""},
		{"too long", strings.Repeat("a", 41) + ": x", "", ""},
		{"starts with a digit", "3 dingen: a, b, c", "", ""},
		{"punctuation in label", "Nou, kijk: zo", "", ""},
		{"colon mid-line", "Ik zei het al: nee", "Ik zei het al", "nee"}, // a candidate; accept() rejects it
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := classify(1, tt.line)
			if l.label != tt.label || (tt.label != "" && l.text != tt.text) {
				t.Errorf("classify(%q) = label %q text %q, want %q %q", tt.line, l.label, l.text, tt.label, tt.text)
			}
		})
	}
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name, file, content, want string
	}{
		{"csv by extension", "a.CSV", "text\nhoi\n", "csv"},
		{"tsv by extension", "a.tsv", "id\ttext\n1\thoi\n", "csv"},
		{"csv by content", "export", "id;text\n1;hoi\n2;doei\n", "csv"},
		{"jsonl by extension", "a.ndjson", `{"text":"x"}` + "\n", "jsonl"},
		{"jsonl by content", "a.log", `{"text":"x"}` + "\n", "jsonl"},
		{"json array", "data", "[{\"text\":\"x\"}]", "json"},
		{"pretty json in .jsonl", "a.jsonl", "{\n \"text\": \"x\"\n}\n", "json"},
		{"transcript", "a.txt", "Interviewer: a\nKlant: b\n", "transcript"},
		{"transcript without extension", "notes", "Titel\nQ: a\nA: b\nmore\n", "transcript"},
		{"gz suffix ignored", "a.csv.gz", "text\nhoi\n", "csv"},
		{"markdown is not a transcript", "README.md", "Usage: jobminer run\nExample: x\n", ""},
		{"prose .txt is nothing", "a.txt", "Dit is gewoon een tekst.\nMet twee regels.\n", ""},
		{"binary is nothing", "a.bin", "PK\x03\x04\x00\x00Interviewer: a\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ""
			if f := detect(tt.file, []byte(tt.content)); f != nil {
				got = f.Name
			}
			if got != tt.want {
				t.Errorf("detect(%q) = %q, want %q", tt.file, got, tt.want)
			}
		})
	}
}

// labelLines are shapes matchLabel, mayBeTime and otterMatch must decide as
// the regexps do, the plain ones they decide themselves and those they leave
// to the regexps.
var labelLines = []string{
	"", ":", " : x", "a:", "a: ", "a:x", "a:\tx", "a :  x  ", "  Klant:   hallo  ", "Klant:\r",
	"Klant: hallo", "[00:01:23] Jan: ja", "1:02:03 Jan: ja", "Jan (00:01:02): ja", "Jan [00:01:02]: ja",
	"Jan de Vries:", "Speaker 1   12:04", "https://example.com", "Re:hallo", "Om 10:30 begint het",
	"3 dingen: a, b, c", "Nou, kijk: zo", "Ik zei het al: nee", "Speaker 2: hoi", "(Jan): x", "Jan): x",
	strings.Repeat("a", 80) + ": x", strings.Repeat("a", 81) + ": x", strings.Repeat("é", 80) + ": x",
	strings.Repeat("é", 81) + ": x", "Jan\n: x", "Jan: x\ny", "Jan:\n", "\xff: \xfe", "Zoë:\u00a0ja", "Zoë\u00a0: ja",
	"Jan\v: x", "Jan:\vx", "Jan: a: b", "Jan - 10:30: x", "— Jan: x", "12:04", " [00:01:02] ", "(1:02)",
	"\t3:04.5", "Speaker 1   12:04", "Jan de Vries  00:02:10", "Jan", "x 1:2",
	"[00:00:12] Interviewer: Thanks", "(0:03) Jan - x: y", "[00:01:02.123] Jan: x", "[00:01:02.1234] Jan: x",
	"00:01 - Jan: x", "00:01 – Jan: hoi", "[00:01]Jan:x", "[00:01]Jan: x", "[00:01] 2e spreker: x", "12:34:5 Jan: x",
	"1:2 Jan: x", "123:45 Jan: x", "[00:01:] Jan: x", "[00:01. Jan: x", "00:01,5) — Jan:", "[00:01] Jan (PM): x",
	"  [10:00]   Jan :  a\nb", "[00:01] : x", "[00:01]", "[00:01] Jan:", "(00:01) [Jan]: x",
	"Sanne (00:01:02): Met het", "Interviewer (00:00:41):", "Jan [1:02]:x", "Jan (1:02) : x", "Jan (1:02]: x",
	"Jan (1:023): x", "Jan (1:02) (3:04): x", " (00:01): x", "Jan (00:01):\tx\ny", "3 Jan (00:01): x",
	"Jan (00:01)", "Jan 00:01 ]", "Jan 00:01)  ", "Jan 00:01:02.5", "Jan\t(00:01): x", "Jan, Piet (00:01): x",
}

func checkMatchLabel(t *testing.T, s string) {
	t.Helper()
	label, text, at, ok := matchLabel(s)
	m := labelRe.FindStringSubmatch(s)
	if ok != (m != nil) || ok && (label != m[2] || text != m[4] || at != m[1]+m[3]) {
		t.Errorf("matchLabel(%q) = %q %q %q %v, labelRe gives %q", s, label, text, at, ok, m)
	}
	if !mayBeTime(s) && timeOnlyRe.MatchString(s) {
		t.Errorf("mayBeTime(%q) = false, timeOnlyRe matches", s)
	}
	if got, want := otterMatch(s), otterRe.FindStringSubmatch(s); !slices.Equal(got, want) {
		t.Errorf("otterMatch(%q) = %q, otterRe gives %q", s, got, want)
	}
}

func TestMatchLabel(t *testing.T) {
	for _, s := range labelLines {
		checkMatchLabel(t, s)
	}
}

func FuzzMatchLabel(f *testing.F) {
	for _, s := range labelLines {
		f.Add(s)
	}
	f.Fuzz(checkMatchLabel)
}

// Random lines over the characters the label and time shapes turn on:
// matchLabel and otterMatch must agree with the regexps on every one.
func TestMatchLabelRandom(t *testing.T) {
	alphabet := []string{"0", "1", "9", ":", ":", "[", "]", "(", ")", " ", " ", "\t", "\n", "a", "J", "é", ".", ",", "-", "–",
		"Jan", "Jan ", "12:34", "1:02:03", "00:01.5", "3:04,123", "10:00", ": ", ": x", " - "}
	rng := rand.New(rand.NewPCG(1, 2))
	var sb strings.Builder
	for range 300000 {
		sb.Reset()
		for range rng.IntN(12) {
			sb.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		checkMatchLabel(t, sb.String())
		if t.Failed() {
			return
		}
	}
}
