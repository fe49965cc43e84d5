package text

import (
	"bufio"
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
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
	}
	for _, path := range []string{"../../testdata/gold/gold.jsonl", "../../../shared/gold/gold.jsonl"} {
		lines = append(lines, goldTexts(t, path)...)
	}
	var n, shortcut int
	for _, lang := range []string{"en", "nl", "ru"} {
		seg := segmenterFor(lang)
		for _, text := range lines {
			for _, line := range strings.Split(Normalize(text), "\n") {
				bare := strings.NewReplacer(".", "", "!", "", "?", "").Replace(line)
				for _, l := range []string{line, bare} {
					n++
					if i := strings.IndexAny(l, ".!?"); i < 0 || i >= finalRun(l) {
						shortcut++
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
	if shortcut < 100 {
		t.Fatalf("the shortcut was taken on only %d of %d lines", shortcut, n)
	}
}

// FuzzSegmentShortcut holds the shortcut equal to the Punkt segmenter on
// any line.
func FuzzSegmentShortcut(f *testing.F) {
	for _, s := range []string{"Kan ik exporteren?", "Dr. Jansen belde.", `Ze zei "stop."`, "Wow. \"", "a.b!", "Echt?!  "} {
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
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var r struct{ Text string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, r.Text)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
