//go:build js && wasm

package main

import (
	"errors"
	"syscall/js"

	"github.com/wsplay/wsplay/protocol"
)

// object is a JS object under construction. Values may be strings, numbers,
// bools, js.Value, js.Func or nested objects.
type object map[string]any

// value converts o with js.ValueOf, which uses a type switch rather than
// reflect. That switch knows map[string]any but not the named type object,
// so nested objects are converted first.
func (o object) value() js.Value {
	m := make(map[string]any, len(o))
	for k, v := range o {
		if nested, ok := v.(object); ok {
			v = nested.value()
		}
		m[k] = v
	}
	return js.ValueOf(m)
}

// export wraps fn as a JS function. A panic must not reach syscall/js, where it
// would kill the Go runtime and with it every later call from the page, so it
// becomes {error: {message}} instead.
func export(fn func(args []js.Value) js.Value) js.Func {
	return js.FuncOf(func(_ js.Value, args []js.Value) (result any) {
		defer func() {
			if r := recover(); r != nil {
				result = object{"error": object{"message": "wsplay: internal error: " + panicMessage(r)}}.value()
			}
		}()
		return fn(args)
	})
}

// panicMessage describes a recovered value without fmt.
func panicMessage(r any) string {
	switch v := r.(type) {
	case error:
		return v.Error()
	case string:
		return v
	default:
		return "unexpected panic"
	}
}

// stringArg returns args[i] when it is a JS string.
func stringArg(args []js.Value, i int) (string, bool) {
	if i >= len(args) || args[i].Type() != js.TypeString {
		return "", false
	}
	return args[i].String(), true
}

// errorObject is the JS shape of an error: {rule, section, message}, where
// rule and section are set only for a protocol.Violation.
func errorObject(err error) object {
	o := object{"message": err.Error()}
	var v *protocol.Violation
	if errors.As(err, &v) && v.Rule != nil {
		o["rule"] = v.Rule.ID
		o["section"] = v.Rule.Section
	}
	return o
}

// errorValue is {error: errorObject(err)}, the result of a failed call.
func errorValue(err error) js.Value {
	return object{"error": errorObject(err)}.value()
}
