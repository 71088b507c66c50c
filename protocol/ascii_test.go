package protocol

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestEqualFoldASCII(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"websocket", "WebSocket", true},
		{"Upgrade", "UPGRADE", true},
		{"", "", true},
		{"websocket", "websockets", false},
		{"websoc\u212Aet", "websocket", false}, // KELVIN SIGN: strings.EqualFold says yes
		{"ſec", "sec", false},                  // LATIN SMALL LETTER LONG S, likewise
		{"a@", "A`", false},                    // '@' and '`' sit next to 'A' and 'a'
		{"[z]", "[Z]", true},
	} {
		assert.Equal(t, tc.want, EqualFoldASCII(tc.a, tc.b), "%q %q", tc.a, tc.b)
		if isASCII(tc.a) && isASCII(tc.b) {
			assert.Equal(t, strings.EqualFold(tc.a, tc.b), EqualFoldASCII(tc.a, tc.b), "on ASCII both agree: %q %q", tc.a, tc.b)
		}
	}
}

func FuzzEqualFoldASCII(f *testing.F) {
	f.Add("websocket", "WebSocket")
	f.Add("websoc\u212Aet", "websocket")
	f.Fuzz(func(t *testing.T, a, b string) {
		got := EqualFoldASCII(a, b)
		if isASCII(a) && isASCII(b) && got != strings.EqualFold(a, b) {
			t.Fatalf("EqualFoldASCII(%q, %q) = %v, strings.EqualFold says otherwise", a, b, got)
		}
		if got && len(a) != len(b) {
			t.Fatalf("equal but of different lengths: %q %q", a, b)
		}
	})
}
