package ingest

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"hash"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// Duplicate is an input a walk left out because another input of the same
// walk holds the same content: a ticket export downloaded twice ("tickets
// (1).csv"), or a Slack export given both as its folder and as the zip it
// was unpacked from. Reading both would count every record twice.
type Duplicate struct {
	Path   string `json:"path"`    // Rel of the input left out
	SameAs string `json:"same_as"` // Rel of the input read instead
	// Input is the one left out, for a caller that must still find it (a
	// run from before duplicates were left out lists it).
	Input Input `json:"-"`
}

// dropDuplicates returns ins without the inputs whose content another
// input already holds, in their order (the first by Rel is kept; a plain
// file over its .gz copy; a Slack folder over its zip), and the ones it
// left out. Only files of
// equal size are hashed, so a walk without duplicates reads nothing extra.
// Empty files are all kept: each is reported as empty by the reader. A
// file that cannot be read is kept, for the reader to reject.
func dropDuplicates(ins []Input, isDir func(path string) bool) ([]Input, []Duplicate) {
	drop := map[int]string{} // index in ins -> Rel it duplicates

	bySize := map[int64][]int{}
	for i, in := range ins {
		if in.Size > 0 && !isDir(in.Path) {
			bySize[in.Size] = append(bySize[in.Size], i)
		}
	}
	var toHash []int
	for _, group := range bySize {
		if len(group) > 1 {
			toHash = append(toHash, group...)
		}
	}
	sort.Ints(toHash)
	sums := hashFiles(ins, toHash)
	first := map[[sha256.Size]byte]int{}
	for k, i := range toHash { // in ins order
		if sums[k] == nil {
			continue
		}
		if j, ok := first[*sums[k]]; ok {
			drop[i] = ins[j].Rel
			continue
		}
		first[*sums[k]] = i
	}

	// A file and a gzipped copy of it beside it (tickets.csv and
	// tickets.csv.gz): the plain one is read.
	byRel := map[string]int{}
	for i, in := range ins {
		byRel[in.Rel] = i
	}
	for i, in := range ins {
		plain, ok := cutSuffixFold(in.Rel, ".gz")
		j, found := byRel[plain]
		if _, done := drop[i]; !ok || !found || done || isDir(ins[j].Path) {
			continue
		}
		if _, done := drop[j]; !done && sameAsGunzipped(ins[j].Path, in.Path) {
			drop[i] = ins[j].Rel
		}
	}

	// A Slack folder and a zip of the same export.
	var folders, zips []int
	for i, in := range ins {
		switch {
		case isDir(in.Path):
			folders = append(folders, i)
		case strings.EqualFold(filepath.Ext(in.Path), ".zip"):
			zips = append(zips, i)
		}
	}
	if len(folders) > 0 && len(zips) > 0 {
		sigs := make([]map[string]fileSig, len(folders))
		for k, i := range folders {
			sigs[k] = slackDirSig(ins[i].Path)
		}
		for _, z := range zips {
			if _, done := drop[z]; done {
				continue
			}
			zs := slackZipSig(ins[z].Path)
			for k, i := range folders {
				if zs != nil && sameSig(zs, sigs[k], ins[i].Path) {
					drop[z] = ins[i].Rel
					break
				}
			}
		}
	}

	if len(drop) == 0 {
		return ins, nil
	}
	kept := make([]Input, 0, len(ins)-len(drop))
	var dups []Duplicate
	for i, in := range ins {
		if of, ok := drop[i]; ok {
			dups = append(dups, Duplicate{Path: in.Rel, SameAs: of, Input: in})
			continue
		}
		kept = append(kept, in)
	}
	return kept, dups
}

// hashFiles returns the SHA-256 of the files ins[idx[k]], nil where a
// file cannot be read, hashing on every core: a folder of 60,000 small
// transcripts has most of its sizes in common, and the hashing sits
// before the first record is read.
func hashFiles(ins []Input, idx []int) []*[sha256.Size]byte {
	sums := make([]*[sha256.Size]byte, len(idx))
	workers := min(runtime.GOMAXPROCS(0), len(idx))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, 64<<10)
			h := sha256.New()
			for k := w; k < len(idx); k += workers {
				sums[k] = fileSHA256(ins[idx[k]].Path, h, buf)
			}
		}()
	}
	wg.Wait()
	return sums
}

func fileSHA256(p string, h hash.Hash, buf []byte) *[sha256.Size]byte {
	f, err := os.Open(p)
	if err != nil {
		return nil
	}
	defer f.Close()
	h.Reset()
	if _, err := io.CopyBuffer(h, struct{ io.Reader }{f}, buf); err != nil {
		return nil
	}
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return &sum
}

// cutSuffixFold is strings.CutSuffix ignoring the suffix's case.
func cutSuffixFold(s, suffix string) (string, bool) {
	if len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix) {
		return s[:len(s)-len(suffix)], true
	}
	return s, false
}

// sameAsGunzipped reports whether the gzip file at gz unpacks to the bytes
// of the file at plain, reading both side by side up to the first
// difference.
func sameAsGunzipped(plain, gz string) bool {
	pf, err := os.Open(plain)
	if err != nil {
		return false
	}
	defer pf.Close()
	gf, err := os.Open(gz)
	if err != nil {
		return false
	}
	defer gf.Close()
	zr, err := gzip.NewReader(gf)
	if err != nil {
		return false
	}
	a, b := make([]byte, 64<<10), make([]byte, 64<<10)
	for {
		n, errA := io.ReadFull(pf, a)
		m, errB := io.ReadFull(zr, b)
		if n != m || !bytes.Equal(a[:n], b[:m]) {
			return false
		}
		endA := errA == io.EOF || errA == io.ErrUnexpectedEOF
		endB := errB == io.EOF || errB == io.ErrUnexpectedEOF
		switch {
		case endA && endB:
			return true
		case errA != nil || errB != nil:
			return false // one ended early, or a read or gzip error
		}
	}
}

// fileSig is what a zip's directory tells of a file without unpacking it.
type fileSig struct {
	size  uint64
	crc32 uint32
}

// slackRead reports whether the export reader reads the file name
// (relative to the export root): users, channels and the day files.
func slackRead(name string) bool {
	if name == "users.json" || name == "channels.json" {
		return true
	}
	m := slackDayRe.FindStringSubmatch(name)
	return m != nil && !strings.HasPrefix(m[1], ".")
}

// slackDirSig lists the sizes of the files the reader would read in the
// export folder dir (CRCs are computed only when a zip matches in size).
func slackDirSig(dir string) map[string]fileSig {
	d, err := newSlackDirFS(dir)
	if err != nil {
		return nil
	}
	sig := map[string]fileSig{}
	for _, n := range d.files {
		if !slackRead(n) {
			continue
		}
		fi, err := os.Stat(filepath.Join(d.root, filepath.FromSlash(n)))
		if err != nil {
			return nil
		}
		sig[n] = fileSig{size: uint64(fi.Size())}
	}
	return sig
}

// slackZipSig reads the directory of the zip at p and lists the files of
// the Slack export inside it as the reader would find them; nil when p is
// not a readable zip holding an export.
func slackZipSig(p string) map[string]fileSig {
	z, err := zip.OpenReader(p)
	if err != nil {
		return nil
	}
	defer z.Close()
	sfs := newSlackZipFS(&zipArchive{Reader: &z.Reader})
	if _, ok := sfs.byName["users.json"]; !ok {
		return nil
	}
	sig := map[string]fileSig{}
	for _, n := range sfs.files {
		if slackRead(n) {
			f := z.File[sfs.byName[n]]
			sig[n] = fileSig{size: f.UncompressedSize64, crc32: f.CRC32}
		}
	}
	return sig
}

// sameSig reports whether the zip's export (zs) holds the same files as
// the folder at dir (ds, sizes only): same names and sizes, then the same
// CRC-32 of every file's bytes.
func sameSig(zs, ds map[string]fileSig, dir string) bool {
	if ds == nil || len(zs) != len(ds) {
		return false
	}
	for n, z := range zs {
		if d, ok := ds[n]; !ok || d.size != z.size {
			return false
		}
	}
	for n, z := range zs {
		f, err := os.Open(filepath.Join(dir, filepath.FromSlash(n)))
		if err != nil {
			return false
		}
		h := crc32.NewIEEE()
		_, err = io.Copy(h, f)
		f.Close()
		if err != nil || h.Sum32() != z.crc32 {
			return false
		}
	}
	return true
}
