package text

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/neurosnap/sentences.v1"

	"jobminer/pipeline/internal/goldtest"
)

// TestSegmentShortcut checks that the shortcut for lines without . ! ? gives
// exactly what the Punkt segmenter gives, on every line of both gold sets
// and on each of them with its sentence punctuation taken out (so that the
// shortcut is taken on real text).
func TestSegmentShortcut(t *testing.T) {
	lines := []string{
		"ok thx", "  leading and trailing  ", "\u00a0no-break\u00a0", "één regel zonder punt 👍",
		"m'n facturen o.a", "Hallo!", "wat nu?", "3.5 procent", "e.g", "… echt", "Yahoo", "",
		"это работает т.е", "(zie bijlage)", `"quoted"`, "a;b:c,d",
		"Kan ik mijn facturen exporteren?", `Ze zei "stop."`, "Echt?!  ", "Wow. \"", "(zie bijlage.)", "Dr. Jansen belde.",
		"Mr. Smith?", "Hoi. Ik wil exporteren.", "...", "?", "Bel me 06.12 ok!", "U.S.A.",
		"Het werkt niet. Kunt u helpen? Ik heb o.a. Exact. Bedankt!", "Wow Yahoo! Great. Ok", "Dat is t.e. Нет.",
		"Echt?! Nee. Ja!! Ok", "Café. Prima. Één ding. Bel dhr. Jansen.", "Hi. Mr. Smith. Etc. Then", "ok. We tried. ill. Then",
		"Это так. Т.е. Нет. Слово. Да!", "Wait... What? (Really.) Yes. \"Stop.\" Go", "A. Dit. Ab. Cd! Ef? Gh.  Ij",
	}
	for _, path := range []string{"../../testdata/gold/gold.jsonl", "../../../shared/gold/gold.jsonl"} {
		lines = append(lines, goldTexts(t, path)...)
	}
	var n, shortcut, cut int
	for _, lang := range []string{"en", "nl", "ru"} {
		seg := segmenterFor(lang)
		for _, text := range lines {
			for _, line := range strings.Split(Normalize(text), "\n") {
				bare := strings.NewReplacer(".", "", "!", "", "?", "").Replace(line)
				for _, l := range []string{line, bare} {
					n++
					if i := strings.IndexAny(l, ".!?"); i < 0 || i >= finalRun(l) {
						shortcut++
					} else if seg.nextCut(l, 0) >= 0 {
						cut++
					}
					got, want := seg.segment(l), seg.Segment(l)
					if len(got) == 0 && len(want) == 0 {
						continue
					}
					if !reflect.DeepEqual(got, want) {
						t.Errorf("%s %q: shortcut %+v, segmenter %+v", lang, l, got, want)
					}
				}
			}
		}
	}
	if shortcut < 100 || cut < 20 {
		t.Fatalf("the shortcut was taken on only %d and a line cut on %d of %d lines", shortcut, cut, n)
	}
	t.Logf("%d lines: %d one sentence without Punkt, %d cut at certain ends", n, shortcut, cut)
}

// FuzzSegmentShortcut holds the shortcut equal to the Punkt segmenter on
// any line.
func FuzzSegmentShortcut(f *testing.F) {
	for _, s := range []string{"Kan ik exporteren?", "Dr. Jansen belde.", `Ze zei "stop."`, "Wow. \"", "a.b!", "Echt?!  ",
		"Het werkt niet. Kunt u helpen? Ik heb o.a. Exact.", "Это так. Т.е. Нет.", "Café. Één. Yahoo! Ok", "Aé. .", "INV-12? ok. 😡 nee. ..."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		line = strings.Split(Normalize(line), "\n")[0]
		for _, lang := range []string{"en", "nl", "ru"} {
			seg := segmenterFor(lang)
			got, want := seg.segment(line), seg.Segment(line)
			if len(got) == 0 && len(want) == 0 {
				continue
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s %q: shortcut %+v, segmenter %+v", lang, line, got, want)
			}
		}
	})
}

// goldTexts returns the text fields of a gold JSONL file, or none when it is
// absent (../shared is not always there).
func goldTexts(t *testing.T, path string) []string {
	t.Helper()
	var out []string
	for _, r := range goldtest.Read(t, path) {
		out = append(out, r.Text)
	}
	return out
}

// TestSegmentCorpus holds segment equal to Punkt on the text fields of the
// JSONL file in $JOBMINER_SEGMENT_CORPUS (e.g. a corpus from
// ../shared/bench/gen), for checking on more text than the gold sets.
func TestSegmentCorpus(t *testing.T) {
	path := os.Getenv("JOBMINER_SEGMENT_CORPUS")
	if path == "" {
		t.Skip("JOBMINER_SEGMENT_CORPUS not set")
	}
	var n, differ int
	for _, text := range goldTexts(t, path) {
		for _, line := range strings.Split(Normalize(text), "\n") {
			for _, lang := range []string{"en", "nl"} {
				seg := segmenterFor(lang)
				n++
				if got, want := seg.segment(line), seg.Segment(line); (len(got) > 0 || len(want) > 0) && !reflect.DeepEqual(got, want) {
					if differ++; differ <= 10 {
						t.Errorf("%s %q: segment %+v, Punkt %+v", lang, line, got, want)
					}
				}
			}
		}
	}
	t.Logf("%d lines, %d differ", n, differ)
}

// TestCutsNeedNoCollocation holds the assumption nextCut makes about the
// sentence models: Punkt keeps "word. next" together when the pair is a
// collocation of the model, so no collocation may start with a word that
// nextCut would cut after.
func TestCutsNeedNoCollocation(t *testing.T) {
	for lang, st := range map[string]*sentences.Storage{"en": englishStorage(), "nl": dutchStorage(), "ru": russianStorage()} {
		seg := segmenterFor(lang)
		for c := range st.Collocations {
			first, next, _ := strings.Cut(c, ",")
			if line := first + ". " + next; seg.nextCut(line, 0) >= 0 {
				t.Errorf("%s: collocation %q, but nextCut cuts %q", lang, c, line)
			}
		}
	}
}
