package text

import (
	"bufio"
	"os"
	"path/filepath"
	"testing"
)

// snowballDir is ../shared/snowball relative to the repository root.
var snowballDir = filepath.Join("..", "..", "..", "shared", "snowball")

// vocabAgreement stems every word of dir/voc.txt and compares with
// dir/output.txt; it skips when the files are absent.
func vocabAgreement(t *testing.T, dir string) (same, total int, diffs []string) {
	t.Helper()
	voc, err := os.Open(filepath.Join(dir, "voc.txt"))
	if err != nil {
		t.Skipf("Snowball vocabulary absent: %v", err)
	}
	defer voc.Close()
	out, err := os.Open(filepath.Join(dir, "output.txt"))
	if err != nil {
		t.Skipf("Snowball vocabulary absent: %v", err)
	}
	defer out.Close()
	a := NewAnalyzer()
	vs, os_ := bufio.NewScanner(voc), bufio.NewScanner(out)
	for vs.Scan() {
		if !os_.Scan() {
			t.Fatalf("%s: output.txt shorter than voc.txt", dir)
		}
		w, want := vs.Text(), os_.Text()
		total++
		// Stem the way Analyze does: through Norm.
		if got := a.Stem("nl", normWord(w)); got == want {
			same++
		} else if len(diffs) < 10 {
			diffs = append(diffs, w+": "+got+" != "+want)
		}
	}
	return same, total, diffs
}

func TestDutchStemmerOldSnowball(t *testing.T) {
	same, total, diffs := vocabAgreement(t, filepath.Join(snowballDir, "dutch_porter"))
	t.Logf("dutch_porter: %d/%d = %.2f%% agree", same, total, 100*float64(same)/float64(total))
	if float64(same) < 0.999*float64(total) {
		t.Errorf("agreement below 99.9%%; first differences: %q", diffs)
	}
}

// TestDutchStemmerCurrentSnowball only reports agreement with the current
// Snowball Dutch algorithm, for the record: blevesearch implements the old one.
func TestDutchStemmerCurrentSnowball(t *testing.T) {
	same, total, diffs := vocabAgreement(t, filepath.Join(snowballDir, "dutch"))
	t.Logf("dutch (current algorithm): %d/%d = %.2f%% agree; e.g. %q", same, total, 100*float64(same)/float64(total), diffs[:min(len(diffs), 5)])
}
