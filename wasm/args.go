//go:build js && wasm

package main

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"syscall/js"

	"github.com/wsplay/wsplay/protocol"
)

// Reading the caller's JS arguments: each reader checks the type and range,
// keeps the first problem and returns the default, so a function reads all
// its arguments and checks once.

func itoa(n int) string { return strconv.Itoa(n) }

// arg is args[i], or undefined when the caller passed fewer.
func arg(args []js.Value, i int) js.Value {
	if i < len(args) {
		return args[i]
	}
	return js.Undefined()
}

// given reports whether v was passed: undefined and null mean "use the default".
func given(v js.Value) bool { return !v.IsUndefined() && !v.IsNull() }

// input reads JS arguments and keeps the first problem, so that a function
// can read all of them and check once.
type input struct{ err error }

func (in *input) fail(msg string) {
	if in.err == nil {
		in.err = errors.New(msg)
	}
}

func (in *input) wrongType(name, want string, v js.Value) {
	in.fail(name + " must be " + want + ", not " + v.Type().String())
}

func (in *input) bool(v js.Value, name string, def bool) bool {
	if !given(v) {
		return def
	}
	if v.Type() != js.TypeBoolean {
		in.wrongType(name, "true or false", v)
		return def
	}
	return v.Bool()
}

// int reads a whole number; JS numbers beyond 2^53 are not exact, so they are
// refused too.
func (in *input) int(v js.Value, name string, def int) int {
	if !given(v) {
		return def
	}
	if v.Type() != js.TypeNumber {
		in.wrongType(name, "a number", v)
		return def
	}
	f := v.Float()
	if f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		in.fail(name + " must be a whole number")
		return def
	}
	return int(f)
}

// intIn reads a whole number in [lo, hi].
func (in *input) intIn(v js.Value, name string, def, lo, hi int) int {
	n := in.int(v, name, def)
	if n < lo || n > hi {
		in.fail(name + " must be between " + itoa(lo) + " and " + itoa(hi) + ", not " + itoa(n))
		return def
	}
	return n
}

func (in *input) string(v js.Value, name, def string) string {
	if !given(v) {
		return def
	}
	if v.Type() != js.TypeString {
		in.wrongType(name, "a string", v)
		return def
	}
	return v.String()
}

// strings reads an array of strings.
func (in *input) strings(v js.Value, name string) []string {
	if !given(v) {
		return nil
	}
	if !v.InstanceOf(jsArray) {
		in.wrongType(name, "an array of strings", v)
		return nil
	}
	out := make([]string, v.Length())
	for i := range out {
		out[i] = in.string(v.Index(i), name+"["+itoa(i)+"]", "")
	}
	return out
}

// bytes reads a Uint8Array (copied in one call) or a hex string; ok is false
// when v was not given.
func (in *input) bytes(v js.Value, name string) (b []byte, ok bool) {
	switch {
	case !given(v):
		return nil, false
	case v.Type() == js.TypeString:
		b, err := protocol.ParseHex(v.String())
		if err != nil {
			in.fail(name + ": " + strings.TrimPrefix(err.Error(), "wsplay: "))
		}
		return b, err == nil
	case v.InstanceOf(jsUint8Array):
		b = make([]byte, v.Length())
		js.CopyBytesToGo(b, v)
		return b, true
	}
	in.wrongType(name, "a Uint8Array or a hex string", v)
	return nil, false
}

// bytesOrText reads a message: bytes as in bytes, or {text} for its UTF-8.
func (in *input) bytesOrText(v js.Value, name string) []byte {
	if v.Type() == js.TypeObject && !v.InstanceOf(jsUint8Array) {
		text := v.Get("text")
		if !given(text) {
			in.fail(name + " must be a Uint8Array, a hex string or {text: string}")
		}
		return []byte(in.string(text, "text", ""))
	}
	b, ok := in.bytes(v, name)
	if !ok {
		in.fail(name + " is required (a Uint8Array, a hex string or {text: string})")
	}
	return b
}

// head reads an HTTP head, given as text or as bytes (a string here is
// text, not hex).
func (in *input) head(v js.Value, name string) []byte {
	if v.Type() == js.TypeObject && v.InstanceOf(jsUint8Array) {
		b, _ := in.bytes(v, name)
		return b
	}
	if v.Type() != js.TypeString {
		in.wrongType(name, "a string or a Uint8Array", v)
		return nil
	}
	return []byte(v.String())
}

// maskKey reads a masking key, which section 5.3 makes exactly 4 bytes.
func (in *input) maskKey(v js.Value, name string) (k [4]byte, ok bool) {
	b, ok := in.bytes(v, name)
	if ok && len(b) != 4 {
		in.fail(name + " must be 4 bytes (8 hex digits), not " + itoa(len(b)))
		return k, false
	}
	copy(k[:], b)
	return k, ok
}

// options reads an options object: undefined or null mean all defaults.
func (in *input) options(v js.Value, name string) options {
	if given(v) && (v.Type() != js.TypeObject || v.InstanceOf(jsUint8Array) || v.InstanceOf(jsArray)) {
		in.wrongType(name, "an object", v)
		return options{in: in}
	}
	return options{in: in, v: v}
}

// options is an options object; each reader returns the default for a
// missing property.
type options struct {
	in *input
	v  js.Value
}

func (o options) get(name string) js.Value {
	if !given(o.v) {
		return js.Undefined()
	}
	return o.v.Get(name)
}

func (o options) bool(name string, def bool) bool     { return o.in.bool(o.get(name), name, def) }
func (o options) int(name string, def int) int        { return o.in.int(o.get(name), name, def) }
func (o options) string(name, def string) string      { return o.in.string(o.get(name), name, def) }
func (o options) strings(name string) []string        { return o.in.strings(o.get(name), name) }
func (o options) bytes(name string) ([]byte, bool)    { return o.in.bytes(o.get(name), name) }
func (o options) maskKey(name string) ([4]byte, bool) { return o.in.maskKey(o.get(name), name) }
func (o options) intIn(name string, def, lo, hi int) int {
	return o.in.intIn(o.get(name), name, def, lo, hi)
}
