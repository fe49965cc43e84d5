//go:build unix

package dataset

import "syscall"

func selfSignal(stop bool) {
	sig := syscall.SIGKILL
	if stop {
		sig = syscall.SIGSTOP
	}
	syscall.Kill(syscall.Getpid(), sig)
}
