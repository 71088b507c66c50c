// Package protocoltest holds what the tests of the protocol core and of its
// adapters share: the RFC 6455 test vectors, embedded, behind typed loaders.
// Like net/http/httptest it is for tests only. Package protocol never
// imports it, and it imports nothing of ours, so that protocol's own
// (internal) tests can use it without an import cycle.
package protocoltest

import (
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strconv"
	"testing"
)

// rfc6455 holds the examples of RFC 6455 sections 1.3 and 5.7 byte for
// byte, the tutorials' examples, boundary cases and frames that break one
// rule each.
//
//go:embed rfc6455.json
var rfc6455 []byte

// Vectors is the whole set.
type Vectors struct {
	Accept  []Accept
	Frames  []Frame
	Invalid []Invalid
}

// Accept is a Sec-WebSocket-Key and the Sec-WebSocket-Accept it gives
// (section 1.3, 4.2.2).
type Accept struct {
	Source, Key, Accept string
}

// Frame is a valid frame: the fields that built it and its bytes.
type Frame struct {
	Source, Name string
	Fin          bool
	Opcode       uint8
	Masked       bool
	MaskKey      [4]byte // when Masked
	Payload      []byte  // the application data, unmasked
	Header       []byte  // the header alone
	// Wire is the whole frame: as the file spells it, or, for long
	// payloads, the file's header followed by the payload.
	Wire []byte
}

// Invalid is a frame that breaks one rule.
type Invalid struct {
	Name    string
	Rule    string // as the file words it, "RFC 6455 5.2: ..."
	Section string // the section the rule comes from, e.g. "5.2"
	From    string // who sent it: "client" or "server"
	Wire    []byte
}

// Load returns the embedded vectors, freshly parsed (callers may change
// them), and fails t if the file is broken.
func Load(t testing.TB) Vectors {
	t.Helper()
	v, err := Parse(rfc6455)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// Parse reads a vectors file in the format of rfc6455.json.
func Parse(raw []byte) (Vectors, error) {
	var f file
	if err := json.Unmarshal(raw, &f); err != nil {
		return Vectors{}, errors.New("protocoltest: " + err.Error())
	}
	v := Vectors{Accept: f.Accept}
	for _, fr := range f.Frames {
		frame, err := fr.frame()
		if err != nil {
			return Vectors{}, errors.New("protocoltest: frame " + strconv.Quote(fr.Name) + ": " + err.Error())
		}
		v.Frames = append(v.Frames, frame)
	}
	for _, in := range f.Invalid {
		invalid, err := in.invalid()
		if err != nil {
			return Vectors{}, errors.New("protocoltest: invalid frame " + strconv.Quote(in.Name) + ": " + err.Error())
		}
		v.Invalid = append(v.Invalid, invalid)
	}
	if len(v.Accept) == 0 || len(v.Frames) == 0 || len(v.Invalid) == 0 {
		return Vectors{}, errors.New("protocoltest: the file must have accept, frames and invalid vectors")
	}
	return v, nil
}

// DecodeHex decodes s or fails t, for hex written in a test.
func DecodeHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
