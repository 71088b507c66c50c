package main

import (
	"fmt"
	"io"
)

// report writes the human-readable result lines.
type report struct{ w io.Writer }

func (r *report) line(format string, args ...any) {
	fmt.Fprintf(r.w, format+"\n", args...)
}
