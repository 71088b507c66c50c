//go:build js && wasm

package main

import (
	"strings"
	"syscall/js"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestToJSStrings(t *testing.T) {
	for _, s := range []string{"", "plain", `quote " and \ backslash`, "tab\tnew\nline\x00\x1f", "中文 ✓ 😀", "\u2028\u2029"} {
		got := toJS(object{{"s", s}}).Get("s").String()
		assert.Equal(t, s, got)
	}
	// Invalid UTF-8 becomes U+FFFD, as TextDecoder makes it.
	assert.Equal(t, "a\ufffdb\ufffd", toJS(object{{"s", "a\xffb\xc3"}}).Get("s").String())
	assert.Equal(t, js.ValueOf("a\xffb\xc3").String(), toJS(object{{"s", "a\xffb\xc3"}}).Get("s").String())
}

func TestJSONTextStaysASCII(t *testing.T) {
	// One character beyond ASCII makes TextDecoder and JSON.parse treat the
	// whole text as two-byte, several times slower.
	var w jsonWriter
	w.value(object{{"s", "中文 ✓ 😀 … \xff"}})
	for i, c := range w.buf {
		require.Less(t, c, byte(0x80), "byte %d of %s", i, w.buf)
	}
	assert.Equal(t, `{"s":"\u4e2d\u6587 \u2713 \ud83d\ude00 \u2026 \ufffd"}`, string(w.buf))
}

func TestToJSValues(t *testing.T) {
	v := toJS(object{
		{"n", -3}, {"big", uint64(1) << 60}, {"t", true}, {"null", nil},
		{"ints", []int{1, 2}}, {"none", []object(nil)}, {"strs", []string{"a"}},
	})
	assert.Equal(t, -3, v.Get("n").Int())
	assert.Equal(t, float64(uint64(1)<<60), v.Get("big").Float())
	assert.True(t, v.Get("t").Bool())
	assert.True(t, v.Get("null").IsNull())
	assert.Equal(t, 2, v.Get("ints").Index(1).Int())
	assert.True(t, v.Get("none").InstanceOf(jsArray), "a nil slice is an empty array")
	assert.Equal(t, "a", v.Get("strs").Index(0).String())
}

func TestToJSSetsBytesAndLongStringsInPlace(t *testing.T) {
	long := strings.Repeat("ab\"c", longString)
	v := toJS(object{
		{"top", []byte{1, 2}},
		{"list", []object{{{"a", []byte{3}}, {"b", long}}, {{"a", []byte{}}}}},
		{"after", "x"},
	})
	assert.Equal(t, []byte{1, 2}, goBytes(t, v.Get("top")))
	list := v.Get("list")
	require.Equal(t, 2, list.Length())
	assert.Equal(t, []byte{3}, goBytes(t, list.Index(0).Get("a")))
	assert.Equal(t, long, list.Index(0).Get("b").String())
	assert.Zero(t, list.Index(1).Get("a").Length())
	assert.Equal(t, "x", v.Get("after").String())
	assert.Equal(t, []byte{9}, goBytes(t, toJS([]byte{9})))
}
