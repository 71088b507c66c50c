//go:build js && wasm

package main

import (
	"strings"
	"syscall/js"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestInputRefusesUnsafeNumbers(t *testing.T) {
	var in input
	assert.Equal(t, 7, in.int(js.ValueOf(1e300), "n", 7))
	assert.Contains(t, in.err.Error(), "n must be a whole number")
	in = input{}
	in.int(js.Global().Get("NaN"), "n", 0)
	assert.Error(t, in.err)
	in = input{}
	assert.Equal(t, 42, in.int(js.ValueOf(42), "n", 0))
	assert.NoError(t, in.err)
}

func TestOptionsMustBeAPlainObject(t *testing.T) {
	assert.Contains(t, callErr(t, "encode", jsBytes([]byte{1})), "options must be an object")
	assert.Contains(t, callErr(t, "encode", js.ValueOf([]any{})), "options must be an object")
	assert.Contains(t, callErr(t, "decode", "8100", 5), "options must be an object, not number")
}

// TestInputKeepsTheFirstProblem: every reader returns its default on a bad
// value, and the first message is the one reported.
func TestInputKeepsTheFirstProblem(t *testing.T) {
	tests := []struct {
		name string
		read func(in *input) any
		want any
		err  string
	}{
		{"bool given a string", func(in *input) any { return in.bool(js.ValueOf("1"), "fin", true) }, true, "fin must be true or false, not string"},
		{"bool undefined", func(in *input) any { return in.bool(js.Undefined(), "fin", true) }, true, ""},
		{"int given a fraction", func(in *input) any { return in.int(js.ValueOf(1.5), "opcode", 1) }, 1, "opcode must be a whole number"},
		{"intIn below", func(in *input) any { return in.intIn(js.ValueOf(-1), "opcode", 1, 0, 15) }, 1, "opcode must be between 0 and 15, not -1"},
		{"intIn at the top", func(in *input) any { return in.intIn(js.ValueOf(15), "opcode", 1, 0, 15) }, 15, ""},
		{"string given null", func(in *input) any { return in.string(js.Null(), "key", "d") }, "d", ""},
		{"strings given a string", func(in *input) any { return in.strings(js.ValueOf("chat"), "protocols") }, []string(nil), "protocols must be an array of strings"},
		{"odd hex", func(in *input) any { b, ok := in.bytes(js.ValueOf("abc"), "payload"); return ok && b != nil }, false, "payload: hex input has an odd number of digits"},
		{"key of 3 bytes", func(in *input) any { _, ok := in.maskKey(js.ValueOf("010203"), "maskKey"); return ok }, false, "maskKey must be 4 bytes (8 hex digits), not 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var in input
			assert.Equal(t, tt.want, tt.read(&in))
			if tt.err == "" {
				assert.NoError(t, in.err)
				return
			}
			if assert.Error(t, in.err) {
				assert.True(t, strings.HasPrefix(in.err.Error(), tt.err), "%q starts %q", in.err, tt.err)
			}
			in.fail("a later problem")
			assert.NotContains(t, in.err.Error(), "later", "the first problem wins")
		})
	}
}
