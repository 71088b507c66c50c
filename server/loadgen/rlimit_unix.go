//go:build unix

package main

import "syscall"

// raiseFileLimit lifts the soft limit on open files to the hard limit. Go
// raises its own soft limit at start-up but restores the old one for child
// processes; setting it explicitly makes a spawned server inherit it too.
func raiseFileLimit() (uint64, error) {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return 0, err
	}
	lim.Cur = lim.Max
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return 0, err
	}
	return lim.Cur, nil
}
