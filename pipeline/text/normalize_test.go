package text

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestNormalize(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"plain unchanged", "Ik krijg een foutmelding.", "Ik krijg een foutmelding."},
		{"trim and fold", "  a \t b   c  ", "a b c"},
		{"single newline folds", "first line\nsecond line", "first line second line"},
		{"blank line is a paragraph", "one\n\n two \r\n\r\nthree", "one\ntwo\nthree"},
		{"crlf single", "a\r\nb", "a b"},
		{"quoted reply lines dropped", "Subject: RE: refund\n\n> On 3 May you wrote:\n> We are sorry to see you go!\n\nNo thanks, cancel it.", "Subject: RE: refund\nNo thanks, cancel it."},
		{"indented quote dropped", "Hallo,\n >Wij bellen u.\nNiemand belde.", "Hallo,\nNiemand belde."},
		{"a subject line stands on its own", "Subject: Refund\nHi,\nI was charged twice", "Subject: Refund\nHi,\nI was charged twice"},
		{"a dutch subject and closing", "Onderwerp: retour\nDe jas is te klein.\nGroetjes,\nSanne", "Onderwerp: retour\nDe jas is te klein. Groetjes,\nSanne"},
		{"a russian greeting", "Здравствуйте!\nЗаказ не пришёл", "Здравствуйте!\nЗаказ не пришёл"},
		{"a hard wrap after a comma stays inside the sentence", "I tried the app, the website,\nand the phone line", "I tried the app, the website, and the phone line"},
		{"a long line ending in a comma is no greeting", "Hi there, I tried it twice,\nthen gave up", "Hi there, I tried it twice, then gave up"},
		{"one quoted line stays", "> 50 users need access", "> 50 users need access"},
		{"a survey's question above the answer is dropped", "Survey — Why didn't you apply?\nIt was a Phase 1 trial.", "It was a Phase 1 trial."},
		{"dutch survey prompt with a colon", "Enquête bewoners, vraag 7 (opmerkingen):\nGraag de notulen per post.", "Graag de notulen per post."},
		{"russian survey prompt", "Опрос: Почему вы не подали заявку?\nДа нам и так нормально.", "Да нам и так нормально."},
		{"an NPS prompt with the score", "NPS LaadThuis — Toelichting bij uw score (9)\nMonteur was op tijd.", "Monteur was op tijd."},
		{"a labelled survey prompt without a question mark", "Анкета: Оцените работу кассира\nВсё нормально, быстро обслужили.", "Всё нормально, быстро обслужили."},
		{"a survey line that asks nothing stays", "Survey results attached\nThe numbers look odd.", "Survey results attached The numbers look odd."},
		{"a question alone stays", "Survey — why didn't you apply?", "Survey — why didn't you apply?"},
		{"a members' consultation asks as a survey", "Ledenraadpleging: Wat zou je willen veranderen?\nDat je nu niks krijgt.", "Dat je nu niks krijgt."},
		{"an intake form asks as a survey", "Intake form: How did you handle bills before?\nI just paid them.", "I just paid them."},
		{"a subject line is the customer's own", "Subject: Feedback on my survey?\nWhy was I charged twice?", "Subject: Feedback on my survey?\nWhy was I charged twice?"},
		{"the customer's own question stays", "Why didn't you call me back?\nI waited all day.", "Why didn't you call me back? I waited all day."},
		{"all quotation stays", "> Wij bellen u.\n> Groet", "> Wij bellen u. > Groet"},
		{"list items", "Problemen:\n- export\n- login\n1. een\n2) twee", "Problemen:\n- export\n- login\n1. een\n2) twee"},
		{"nbsp and zero width", "a\u00a0b\u200bc\ufeff d\u00adf", "a bc df"},
		{"controls dropped", "a\x00b\x07c\x1b", "abc"},
		{"invalid utf8", "caf\xe9 ok", "caf\ufffd ok"},
		{"nfc", "cafe\u0301", "caf\u00e9"},
		{"html paragraphs", "<p>Hallo&nbsp;wereld</p><p>Tweede &amp; derde<br>regel</p>", "Hallo wereld\nTweede & derde\nregel"},
		{"html list", "<ul><li>een</li><li>twee</li></ul>", "een\ntwee"},
		{"html script and style", "<style>p{}</style>tekst<script>alert(1)</script> hier", "tekst hier"},
		{"html inline tags", "dit is <b>echt</b> <i>vervelend</i>", "dit is echt vervelend"},
		{"html table cells", "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\nc"},
		{"broken markup", "<p>open <b>never closed", "open never closed"},
		{"entity only", "it&#39;s &#x2019; &eacute;", "it's ’ é"},
		{"ampersand is not html", "R&D and Q&A", "R&D and Q&A"},
		{"less than is not html", "a < b and 3<4 <3", "a < b and 3<4 <3"},
		{"tag needs closing bracket", "if x<y then", "if x<y then"},
		{"html newlines fold", "<div>regel een\nloopt door</div><div>twee</div>", "regel een loopt door\ntwee"},
		{"ami annotations", "now um {vocalsound} {disfmarker} We can", "now um We can"},
		{"annotation only", "{vocalsound}", ""},
		{"annotations touching words", "okay{gap}so [Laughter]right", "okay so right"},
		{"bracketed non-speech", "Ik wil (lacht) [onverstaanbaar] exporteren (crosstalk) [ inaudible ]", "Ik wil exporteren"},
		{"russian", "Я хочу [смех] выгрузить", "Я хочу выгрузить"},
		{"removal closes another", "ok ((gap)gap) [[pause]Pause]", "ok"},
		{"other bracketed words stay", "export (CSV) [urgent] {name} (pauses) [gap", "export (CSV) [urgent] {name} (pauses) [gap"},
		{"annotation in html", "<p>ja {vocalsound} nee</p>", "ja nee"},
		{"annotation across lines keeps the paragraph", "een\n\n[pause]\n\ntwee", "een\ntwee"},
		{"empty", "", ""},
		{"only whitespace", " \n\t ", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := Normalize(c.in); got != c.want {
				t.Errorf("Normalize(%q)\n got %q\nwant %q", c.in, got, c.want)
			}
		})
	}
}

// NormalizeAsked returns the survey question it dropped, normalised, and
// nothing when it dropped none.
func TestNormalizeAsked(t *testing.T) {
	for _, c := range []struct{ in, text, asked string }{
		{"Survey —  Why didn't you apply?\nIt was a Phase 1 trial.", "It was a Phase 1 trial.", "Survey — Why didn't you apply?"},
		{"<p>Опрос: Что нам улучшить?</p>\n<p>Чтобы перезванивали.</p>", "Чтобы перезванивали.", "Опрос: Что нам улучшить?"},
		{"Subject: Feedback on my survey?\nWhy was I charged twice?", "Subject: Feedback on my survey?\nWhy was I charged twice?", ""},
		{"Survey — why didn't you apply?", "Survey — why didn't you apply?", ""},
		{"Plain text.", "Plain text.", ""},
	} {
		text, asked := NormalizeAsked(c.in)
		if text != c.text || asked != c.asked {
			t.Errorf("NormalizeAsked(%q) = %q, %q; want %q, %q", c.in, text, asked, c.text, c.asked)
		}
	}
}

func TestNormalizeFastPathDoesNotAllocate(t *testing.T) {
	for _, s := range []string{"Ik krijg steeds een foutmelding bij het inloggen.", "Geëxporteerd naar Excel, 😀", "R&D < Q&A", "Export (CSV) [urgent] {x} (pause"} {
		if n := testing.AllocsPerRun(100, func() { _ = Normalize(s) }); n != 0 {
			t.Errorf("Normalize(%q): %v allocations", s, n)
		}
		if got := Normalize(s); got != s {
			t.Errorf("Normalize(%q) = %q", s, got)
		}
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"<p>a&amp;b</p>", "a\n\nb", "x\xffy", "<scr<script>ipt>", "&#0;&#xD800;", "- a\n- b", "cafe\u0301"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Normalize(s)
		if !utf8.ValidString(got) || !norm.NFC.IsNormalString(got) {
			t.Fatalf("Normalize(%q) = %q: not valid NFC", s, got)
		}
		if strings.TrimSpace(got) != got || strings.Contains(got, "  ") || strings.Contains(got, "\n\n") {
			t.Fatalf("Normalize(%q) = %q: whitespace not folded", s, got)
		}
		for _, r := range got {
			if r != '\n' && dropRune(r) {
				t.Fatalf("Normalize(%q) = %q: has %U", s, got, r)
			}
		}
	})
}

// TestNormalizeAMI: in the AMI meetings (QMSum packaging) the only brace
// tags are {vocalsound}, {disfmarker} and {gap}; none may survive, and the
// turns that are only tags (counted in the corpus README) become empty.
func TestNormalizeAMI(t *testing.T) {
	dir := "../../../shared/corpora/meeting-transcripts-qmsum-ami"
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	for _, tt := range []struct {
		file    string
		turns   int
		tagOnly int
	}{{"ES2002a.json", 287, 31}, {"ES2002b.json", 621, 24}, {"ES2002c.json", 640, 30}, {"ES2002d.json", 950, 48}} {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			var meeting struct {
				Transcripts []struct{ Content string } `json:"meeting_transcripts"`
			}
			if err := json.Unmarshal(data, &meeting); err != nil {
				t.Fatal(err)
			}
			empty := 0
			for _, turn := range meeting.Transcripts {
				got := Normalize(turn.Content)
				if strings.ContainsAny(got, "{}") {
					t.Errorf("%q: braces left in %q", turn.Content, got)
				}
				if got == "" {
					empty++
				}
			}
			if len(meeting.Transcripts) != tt.turns || empty != tt.tagOnly {
				t.Errorf("%d turns, %d empty after Normalize; want %d, %d", len(meeting.Transcripts), empty, tt.turns, tt.tagOnly)
			}
		})
	}
}
