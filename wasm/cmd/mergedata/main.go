// Command mergedata shrinks the compressed size of a Go-built wasm module
// by joining its data segments that lie close together.
//
// The Go linker starts a new data segment after each run of zeros, which
// keeps the raw file small; but the findfunctab alone (20 bytes per 4096
// wasm PCs, mostly zeros) then becomes tens of thousands of tiny segments,
// and their headers cost about 40 KB of brotli. Written out as zeros, the
// same bytes cost about 6 KB. `make wasm` runs it before compressing:
//
//	mergedata [-gap N] file.wasm
//
// rewrites file.wasm in place; the memory the module starts with is the same.
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	gap := flag.Uint("gap", defaultGap, "join segments at most this many bytes apart")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: mergedata [-gap N] file.wasm")
		os.Exit(2)
	}
	if err := rewrite(flag.Arg(0), uint32(*gap)); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// defaultGap is the gap that gave the smallest brotli for wsplay's wasm.
const defaultGap = 1024

func rewrite(path string, gap uint32) error {
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	in, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	out, err := merge(in, gap)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	// A whole new file, renamed over the old one: an interrupted run leaves
	// the linker's output as it was.
	tmp := path + ".merging"
	if err := os.WriteFile(tmp, out, info.Mode().Perm()); err != nil {
		return err
	}
	if err := os.Chmod(tmp, info.Mode().Perm()); err != nil { // WriteFile's mode passes through the umask
		return err
	}
	return os.Rename(tmp, path)
}
