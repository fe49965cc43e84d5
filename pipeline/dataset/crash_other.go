//go:build !unix

package dataset

import "os"

func selfSignal(stop bool) { os.Exit(137) }
