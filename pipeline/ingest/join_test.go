package ingest

import (
	"fmt"
	"strings"
	"testing"
)

// TestLongTurnsJoin: a speaker's many caption cues, a transcript turn of
// many lines and a header field folded over many lines are each joined
// with single spaces, in order, whole (they are joined once at the end of
// the turn or field, not line by line: README, "Limits and memory").
func TestLongTurnsJoin(t *testing.T) {
	const n = 2000
	words := func(prefix string, from, to int) []string {
		var w []string
		for i := from; i < to; i++ {
			w = append(w, fmt.Sprintf("%s%d", prefix, i))
		}
		return w
	}

	t.Run("vtt", func(t *testing.T) {
		var b strings.Builder
		b.WriteString("WEBVTT\n\n")
		cue := func(i int, who, text string) {
			fmt.Fprintf(&b, "00:%02d:%02d.000 --> 00:%02d:%02d.500\n<v %s>%s\n\n", i/60%60, i%60, i/60%60, i%60, who, text)
		}
		for i, w := range words("a", 0, n) {
			cue(i, "Klant", w)
		}
		cue(n, "Interviewer", "vraag")
		for i, w := range words("b", 0, 3) {
			cue(n+1+i, "Klant", w)
		}
		items, _ := readString(t, "long.vtt", b.String(), Options{})
		us := items[0].Doc.Utterances
		if len(us) != 3 {
			t.Fatalf("%d utterances, want 3", len(us))
		}
		if want := strings.Join(words("a", 0, n), " "); us[0].Text != want {
			t.Errorf("first turn %.80q..., want %.80q...", us[0].Text, want)
		}
		if us[1].Text != "vraag" || us[2].Text != "b0 b1 b2" {
			t.Errorf("turns %q, %q", us[1].Text, us[2].Text)
		}
	})

	t.Run("transcript", func(t *testing.T) {
		txt := "Klant: begin\n" + strings.Join(words("a", 0, n), "\n") + "\n\nnog een alinea\nen verder\nInterviewer: vraag\nen nog wat\n"
		items, _ := readString(t, "long.txt", txt, Options{Format: "transcript"})
		us := items[0].Doc.Utterances
		if len(us) != 3 {
			t.Fatalf("%d utterances, want 3", len(us))
		}
		if want := "begin " + strings.Join(words("a", 0, n), " "); us[0].Text != want {
			t.Errorf("first turn %.80q..., want %.80q...", us[0].Text, want)
		}
		if us[1].Text != "nog een alinea en verder" || us[1].Speaker != "Klant" || us[2].Text != "vraag en nog wat" {
			t.Errorf("turns %+v, %+v", us[1], us[2])
		}
	})

	t.Run("email header", func(t *testing.T) {
		for _, last := range []bool{false, true} {
			fold := "X-Long: start\n " + strings.Join(words("f", 0, n), "\n\t") + "\n"
			hdr := "From: Anna <anna@example.com>\n" + fold + "Subject: Help\n"
			if last {
				hdr = "From: Anna <anna@example.com>\nSubject: Help\n" + fold
			}
			h, body, ok := splitHeader([]byte(hdr + "\nDe tekst.\n"))
			if !ok || string(body) != "De tekst.\n" {
				t.Fatalf("last=%v: ok %v, body %q", last, ok, body)
			}
			if want := "start " + strings.Join(words("f", 0, n), " "); h.Get("X-Long") != want {
				t.Errorf("last=%v: X-Long %.80q..., want %.80q...", last, h.Get("X-Long"), want)
			}
			if h.Get("Subject") != "Help" || h.Get("From") != "Anna <anna@example.com>" {
				t.Errorf("last=%v: Subject %q, From %q", last, h.Get("Subject"), h.Get("From"))
			}
		}
	})
}
