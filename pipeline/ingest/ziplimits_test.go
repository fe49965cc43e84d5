package ingest

import (
	"bytes"
	"math/rand"
	"os"
	"path/filepath"
	"testing"
)

// An archive larger than zipMemory is spooled to a file in the directory it
// is given (the run's own temporary folder inside --out), and the file is
// gone once the archive is closed.
func TestLargeZipSpoolsIntoTempDir(t *testing.T) {
	old := zipMemory
	zipMemory = 1 << 10
	defer func() { zipMemory = old }()

	big := make([]byte, 16<<10) // incompressible, so the archive stays > 1 KiB
	rand.New(rand.NewSource(1)).Read(big)
	data := zipOf(t, map[string][]byte{"word/document.xml": big})
	if len(data) <= zipMemory {
		t.Fatalf("test archive is %d bytes, not larger than zipMemory", len(data))
	}
	dir := t.TempDir()
	z, err := openZip(bytes.NewReader(data), docxLimits, dir)
	if err != nil {
		t.Fatal(err)
	}
	spooled, _ := filepath.Glob(filepath.Join(dir, "jobminer-zip-*"))
	if len(spooled) != 1 {
		t.Errorf("spool files in the given dir while open: %v, want one", spooled)
	}
	if z.file("word/document.xml") == nil {
		t.Error("entry not found in the spooled archive")
	}
	z.close()
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("spool file left after close: %v", left)
	}
}
