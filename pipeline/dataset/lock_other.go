//go:build !unix

package dataset

import (
	"errors"
	"os"
)

var errWouldBlock = errors.New("would block")

// tryLock: incremental runs need flock(2); other systems are not supported.
func tryLock(f *os.File) error {
	return errors.New("incremental runs (--state) need a Unix system for their lock")
}

func unlock(f *os.File) {}
