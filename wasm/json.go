//go:build js && wasm

package main

import (
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Results travel to JavaScript as one JSON text that JSON.parse turns into
// objects. Every string that crosses syscall/js is decoded by its own
// TextDecoder call, which costs microseconds in Node and Chromium; building a
// 1024-step masking table property by property took over 30 ms, one JSON text
// takes a few. Byte slices and long strings skip the JSON text: they are
// written as null and set afterwards in one call each (see toJS).

// kv is one property of a JS object under construction.
type kv struct {
	key string
	val any
}

// object is a JS object under construction, properties in order. Values may
// be nil (null), string, bool, int, int64, uint64, []byte (a Uint8Array),
// object, []object, []string, []int or a jsonFunc. A nil slice is an empty
// array.
type object []kv

// jsonFunc writes a value itself, for results so large that building an
// object tree first would cost more than the JSON (the masking table). It
// writes plain JSON only: no byte slices and no strings longer than
// longString, which must go through value.
type jsonFunc func(w *jsonWriter)

// longString is the length above which a string is passed on its own rather
// than escaped into the JSON text.
const longString = 4096

// pathStep is a property name, or an array index when key is "".
type pathStep struct {
	key   string
	index int
}

// later is a value set after JSON.parse, at path.
type later struct {
	path []pathStep
	val  any // []byte or string
}

// jsonWriter writes a value tree as JSON and collects the values that go
// around it.
type jsonWriter struct {
	buf   []byte
	path  []pathStep
	later []later
}

func (w *jsonWriter) value(v any) {
	switch v := v.(type) {
	case nil:
		w.buf = append(w.buf, "null"...)
	case string:
		if len(v) > longString {
			w.setLater(v)
			return
		}
		w.string(v)
	case bool:
		w.buf = strconv.AppendBool(w.buf, v)
	case int:
		w.buf = strconv.AppendInt(w.buf, int64(v), 10)
	case int64:
		w.buf = strconv.AppendInt(w.buf, v, 10)
	case uint64:
		w.buf = strconv.AppendUint(w.buf, v, 10)
	case []byte:
		w.setLater(v)
	case object:
		w.buf = append(w.buf, '{')
		for i, p := range v {
			if i > 0 {
				w.buf = append(w.buf, ',')
			}
			w.key(p.key)
			w.path = append(w.path, pathStep{key: p.key})
			w.value(p.val)
			w.path = w.path[:len(w.path)-1]
		}
		w.buf = append(w.buf, '}')
	case []object:
		w.array(len(v), func(i int) { w.value(v[i]) })
	case []string:
		w.array(len(v), func(i int) { w.value(v[i]) })
	case []int:
		w.array(len(v), func(i int) { w.int(v[i]) })
	case jsonFunc:
		v(w)
	default:
		panic("wsplay: no JSON form for a result value") // a bug in this package; export reports it
	}
}

func (w *jsonWriter) array(n int, item func(i int)) {
	w.buf = append(w.buf, '[')
	for i := 0; i < n; i++ {
		if i > 0 {
			w.buf = append(w.buf, ',')
		}
		w.path = append(w.path, pathStep{index: i})
		item(i)
		w.path = w.path[:len(w.path)-1]
	}
	w.buf = append(w.buf, ']')
}

// key writes a property name and its colon.
func (w *jsonWriter) key(k string) {
	w.string(k)
	w.buf = append(w.buf, ':')
}

func (w *jsonWriter) int(n int) { w.buf = strconv.AppendInt(w.buf, int64(n), 10) }

func (w *jsonWriter) setLater(v any) {
	w.buf = append(w.buf, "null"...)
	w.later = append(w.later, later{path: append([]pathStep(nil), w.path...), val: v})
}

// plain marks the bytes a JSON string holds as they are.
var plain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// string writes s as a JSON string.
func (w *jsonWriter) string(s string) {
	w.buf = append(w.buf, '"')
	w.text(s)
	w.buf = append(w.buf, '"')
}

// template is a note's English template cut at its {0}, {1}...
// placeholders, with the text between them already escaped for JSON, so that
// it can be filled many times cheaply. Note.English does the same with a
// string replacement per argument, which costs microseconds per note in wasm;
// the tests check both agree.
type template struct {
	text []string // escaped text before each placeholder, and after the last
	args []int    // argument index of each placeholder
}

func parseTemplate(t string) template {
	var tp template
	var w jsonWriter
	for {
		open := strings.IndexByte(t, '{')
		end := strings.IndexByte(t[max(open, 0):], '}')
		if open < 0 || end < 0 {
			break
		}
		n, ok := placeholderIndex(t[open+1 : open+end])
		if !ok { // not a placeholder: keep the brace as text
			w.text(t[:open+1])
			t = t[open+1:]
			continue
		}
		w.text(t[:open])
		tp.text = append(tp.text, string(w.buf))
		tp.args = append(tp.args, n)
		w.buf = w.buf[:0]
		t = t[open+end+1:]
	}
	w.text(t)
	tp.text = append(tp.text, string(w.buf))
	return tp
}

// filled writes tp with args as a JSON string. A placeholder without an
// argument stays as it is, as in Note.English.
func (w *jsonWriter) filled(tp template, args []string) {
	w.buf = append(w.buf, '"')
	for i, n := range tp.args {
		w.buf = append(w.buf, tp.text[i]...)
		if n < len(args) {
			w.text(args[n])
		} else {
			w.buf = append(w.buf, '{')
			w.int(n)
			w.buf = append(w.buf, '}')
		}
	}
	w.buf = append(w.buf, tp.text[len(tp.text)-1]...)
	w.buf = append(w.buf, '"')
}

// text writes s escaped for a JSON string, in ASCII: characters beyond
// ASCII become \uXXXX escapes. One such character makes TextDecoder and
// JSON.parse treat the whole text as two-byte, which made both three to ten
// times slower. Invalid UTF-8 (a close reason may hold any bytes) becomes
// U+FFFD, as TextDecoder would make it.
func (w *jsonWriter) text(s string) {
	start := 0
	for i := 0; i < len(s); {
		if plain[s[i]] {
			i++
			continue
		}
		w.buf = append(w.buf, s[start:i]...)
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			w.buf = append(w.buf, '\\', c)
			i++
		case c < 0x20:
			w.escape(rune(c))
			i++
		default:
			r, size := utf8.DecodeRuneInString(s[i:]) // utf8.RuneError for a bad byte
			if r > 0xFFFF {
				r1, r2 := utf16.EncodeRune(r)
				w.escape(r1)
				r = r2
			}
			w.escape(r)
			i += size
		}
		start = i
	}
	w.buf = append(w.buf, s[start:]...)
}

// escape writes r, at most U+FFFF, as \uXXXX.
func (w *jsonWriter) escape(r rune) {
	const hexDigits = "0123456789abcdef"
	w.buf = append(w.buf, '\\', 'u', hexDigits[r>>12&15], hexDigits[r>>8&15], hexDigits[r>>4&15], hexDigits[r&15])
}

// placeholderIndex reads the n of a "{n}" placeholder: ASCII digits only, as
// the templates write them (strconv.Atoi's errors would pull strconv.Quote
// and Unicode's tables into the wasm).
func placeholderIndex(s string) (int, bool) {
	if s == "" || len(s) > 4 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}
