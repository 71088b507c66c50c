//go:build js && wasm

package main

import (
	"errors"
	"strings"
	"syscall/js"
	"unsafe"

	"github.com/wsplay/wsplay/protocol"
)

// Conversion of results from Go to JS values (and of errors to the shape
// the page reads). Reading the caller's arguments lives in args.go.

var (
	jsObject     = js.Global().Get("Object")
	jsUint8Array = js.Global().Get("Uint8Array")
	jsArray      = js.Global().Get("Array")
	jsonParse    = js.Global().Get("JSON").Get("parse")
)

// export wraps fn as a JS function that never throws. An error becomes
// {error: {...}}; a panic, which would otherwise kill the Go runtime and with
// it every later call from the page, becomes {error: {message: "internal
// error: ..."}}.
func export(name string, fn func(args []js.Value) (any, error)) js.Func {
	return js.FuncOf(func(_ js.Value, args []js.Value) (result any) {
		defer func() {
			if r := recover(); r != nil {
				result = internalError(r)
			}
		}()
		v, err := fn(args)
		if err != nil {
			if _, ok := protocol.AsViolation(err); !ok {
				err = errors.New("wsplay." + name + ": " + strings.TrimPrefix(err.Error(), "wsplay: "))
			}
			v = object{{"error", errorObject(err)}}
		}
		return toJS(v)
	})
}

// internalError builds its object by hand: the JSON path may be what failed.
func internalError(r any) js.Value {
	msg := "unexpected panic"
	switch v := r.(type) {
	case error:
		msg = v.Error()
	case string:
		msg = v
	}
	e := jsObject.New()
	e.Set("message", "wsplay: internal error: "+strings.TrimPrefix(msg, "wsplay: "))
	o := jsObject.New()
	o.Set("error", e)
	return o
}

// scratch is the JSON buffer of the previous call. JS calls into Go one at a
// time, so one buffer serves them all.
var scratch []byte

const maxScratch = 4 << 20

// toJS converts a result tree (see object) into JS values.
func toJS(v any) js.Value {
	switch v := v.(type) {
	case string:
		return js.ValueOf(v)
	case []byte:
		return uint8Array(v)
	}
	w := jsonWriter{buf: scratch[:0]}
	w.value(v)
	// JSON.parse decodes the text before it returns, so the buffer can be
	// lent to it instead of copied, and kept for the next call.
	root := jsonParse.Invoke(unsafe.String(unsafe.SliceData(w.buf), len(w.buf)))
	if cap(w.buf) <= maxScratch {
		scratch = w.buf[:0]
	}
	var parent js.Value
	var parentPath []pathStep
	var made map[stringKey]any
	for i, l := range w.later {
		at := l.path[:len(l.path)-1]
		if i == 0 || !samePath(at, parentPath) {
			parent, parentPath = root, at
			for _, s := range at {
				parent = step(parent, s)
			}
		}
		var val any
		switch v := l.val.(type) {
		case []byte:
			val = uint8Array(v)
		case string: // JS strings are immutable: the same text may be shared
			k := stringKey{unsafe.StringData(v), len(v)}
			if val = made[k]; val == nil {
				val = js.ValueOf(v)
				if made == nil {
					made = map[stringKey]any{}
				}
				made[k] = val
			}
		}
		if last := l.path[len(l.path)-1]; last.key != "" {
			parent.Set(last.key, val)
		} else {
			parent.SetIndex(last.index, val)
		}
	}
	return root
}

// stringKey identifies a Go string by its memory, not its contents.
type stringKey struct {
	data *byte
	len  int
}

func step(v js.Value, s pathStep) js.Value {
	if s.key != "" {
		return v.Get(s.key)
	}
	return v.Index(s.index)
}

func samePath(a, b []pathStep) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// uint8Array copies b into a new Uint8Array in one call.
func uint8Array(b []byte) js.Value {
	a := jsUint8Array.New(len(b))
	js.CopyBytesToJS(a, b)
	return a
}

// noteObject is a note as the page translates it: {id, args, text}.
func noteObject(n protocol.Note) object {
	args := n.Args
	if args == nil {
		args = []string{}
	}
	return object{{"id", n.ID}, {"args", args}, {"text", n.English()}}
}

// errorObject is the JS shape of an error: {message} and, for a broken RFC
// rule, the same fields as a decoded violation.
func errorObject(err error) object {
	if v, ok := protocol.AsViolation(err); ok && v.Rule != nil {
		return violationObject(v, 0)
	}
	return object{{"message", err.Error()}}
}

// violationObject describes v; base is subtracted from its offset.
func violationObject(v *protocol.Violation, base int) object {
	off := int(v.Offset)
	if off >= 0 {
		off -= base
	}
	return object{
		{"rule", v.Rule.ID},
		{"section", v.Rule.Section},
		{"message", v.Error()},
		{"offset", off},
		{"value", v.Value},
		{"closeCode", int(v.Rule.Close)},
		{"httpStatus", v.Rule.HTTP},
		{"note", noteObject(protocol.Note{ID: v.Rule.NoteID()})},
	}
}

func violationObjects(vs []*protocol.Violation, base int) []object {
	out := make([]object, len(vs))
	for i, v := range vs {
		out[i] = violationObject(v, base)
	}
	return out
}
