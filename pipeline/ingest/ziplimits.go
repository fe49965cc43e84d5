package ingest

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
)

// Zip containers (.docx, a zipped Slack export) are untrusted: a small
// archive can claim or hold gigabytes (a zip bomb). zipLimits bound what
// reading one may cost. Entry names are only compared with the names a
// reader wants; they are never used as file paths.
type zipLimits struct {
	archive int64 // bytes of the archive itself
	entries int   // entries in its directory
	entry   int64 // decompressed bytes of one opened entry
	total   int64 // decompressed bytes of all opened entries together
	ratio   int64 // decompressed:compressed; checked once an entry passes ratioFloor
}

// ratioFloor: below this many decompressed bytes the ratio is not checked,
// so tiny, very repetitive entries (an empty styles part) still open.
const ratioFloor = 1 << 20

var (
	docxLimits  = zipLimits{archive: 256 << 20, entries: 1000, entry: 64 << 20, total: 128 << 20, ratio: 200}
	slackLimits = zipLimits{archive: 4 << 30, entries: 200000, entry: 64 << 20, total: 4 << 30, ratio: 200}
)

// zipMemory is how much of an archive is held in memory; a larger one is
// spooled to a temporary file.
var zipMemory = 32 << 20 // a variable so a test can make it small

var errZipLimit = errors.New("zip limit exceeded")

// zipArchive is an opened archive with its decompression budget.
type zipArchive struct {
	*zip.Reader
	lim   zipLimits
	used  int64 // decompressed bytes so far
	close func()
}

// openZip reads the archive from r (zip needs random access) and opens its
// directory, spooling a large one to a file in tmpDir. Errors wrapping errZipLimit or from archive/zip mean bad data;
// other errors are I/O failures.
func openZip(r io.Reader, lim zipLimits, tmpDir string) (*zipArchive, error) {
	buf := make([]byte, 0, 64<<10)
	var rdr io.ReaderAt
	var size int64
	closeFn := func() {}
	b, err := readUpTo(r, buf, zipMemory)
	if err != nil {
		return nil, err
	}
	if len(b) <= zipMemory {
		rdr, size = bytes.NewReader(b), int64(len(b))
	} else {
		f, err := os.CreateTemp(tmpDir, "jobminer-zip-*")
		if err != nil {
			return nil, err
		}
		closeFn = func() { f.Close(); os.Remove(f.Name()) }
		n, err := io.Copy(f, io.MultiReader(bytes.NewReader(b), io.LimitReader(r, lim.archive-int64(len(b))+1)))
		if err != nil {
			closeFn()
			return nil, err
		}
		if n > lim.archive {
			closeFn()
			return nil, fmt.Errorf("%w: archive larger than %d MiB", errZipLimit, lim.archive>>20)
		}
		rdr, size = f, n
	}
	zr, err := zip.NewReader(rdr, size)
	if errors.Is(err, zip.ErrInsecurePath) {
		err = nil // names are never used as paths here
	}
	if err != nil {
		closeFn()
		return nil, fmt.Errorf("not a readable zip archive: %w", err)
	}
	if len(zr.File) > lim.entries {
		closeFn()
		return nil, fmt.Errorf("%w: %d entries, at most %d are read", errZipLimit, len(zr.File), lim.entries)
	}
	return &zipArchive{Reader: zr, lim: lim, close: closeFn}, nil
}

// readUpTo reads r into buf until EOF or until it holds more than max bytes.
func readUpTo(r io.Reader, buf []byte, max int) ([]byte, error) {
	b := bytes.NewBuffer(buf)
	_, err := b.ReadFrom(io.LimitReader(r, int64(max)+1))
	return b.Bytes(), err
}

// file returns the entry named name, or nil.
func (z *zipArchive) file(name string) *zip.File {
	for _, f := range z.File {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// open opens an entry for reading within the limits: its declared sizes
// are checked first, and the bytes actually decompressed are counted, so a
// header that lies does not help. Reading past a limit fails with an error
// wrapping errZipLimit.
func (z *zipArchive) open(f *zip.File) (io.ReadCloser, error) {
	if f.UncompressedSize64 > uint64(z.lim.entry) {
		return nil, fmt.Errorf("%w: %s would decompress to %d MiB, at most %d MiB", errZipLimit, f.Name, f.UncompressedSize64>>20, z.lim.entry>>20)
	}
	if f.UncompressedSize64 > ratioFloor && f.UncompressedSize64 > uint64(z.lim.ratio)*f.CompressedSize64 {
		return nil, fmt.Errorf("%w: %s is compressed more than %d:1 (a zip bomb?)", errZipLimit, f.Name, z.lim.ratio)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	return &limitedEntry{rc: rc, z: z, name: f.Name, compressed: int64(f.CompressedSize64)}, nil
}

type limitedEntry struct {
	rc         io.ReadCloser
	z          *zipArchive
	name       string
	n          int64
	compressed int64
}

func (e *limitedEntry) Read(p []byte) (int, error) {
	n, err := e.rc.Read(p)
	e.n += int64(n)
	e.z.used += int64(n)
	lim := e.z.lim
	switch {
	case e.n > lim.entry:
		return n, fmt.Errorf("%w: %s decompresses to more than %d MiB", errZipLimit, e.name, lim.entry>>20)
	case e.z.used > lim.total:
		return n, fmt.Errorf("%w: the archive decompresses to more than %d MiB", errZipLimit, lim.total>>20)
	case e.n > ratioFloor && e.n > lim.ratio*max(e.compressed, 1):
		return n, fmt.Errorf("%w: %s is compressed more than %d:1 (a zip bomb?)", errZipLimit, e.name, lim.ratio)
	}
	return n, err
}

func (e *limitedEntry) Close() error { return e.rc.Close() }
