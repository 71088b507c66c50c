//go:build !unix

package main

import "errors"

func raiseFileLimit() (uint64, error) {
	return 0, errors.New("raising the open-file limit is only done on Unix")
}
