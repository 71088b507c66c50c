// Command hello is a small js/wasm program for mergedata's test: it reads
// static data and looks its own function up by PC, which goes through the
// findfunctab that mergedata rewrites.
package main

import (
	"os"
	"runtime"
)

var greeting = [...]string{"hello", "from", "merged", "data"}

func main() {
	pc, _, _, _ := runtime.Caller(0)
	out := runtime.FuncForPC(pc).Name() + ":"
	for _, w := range greeting {
		out += " " + w
	}
	os.Stdout.WriteString(out + "\n")
}
