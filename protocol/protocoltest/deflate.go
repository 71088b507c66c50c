package protocoltest

import (
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"testing"
)

// rfc7692 holds the permessage-deflate examples of RFC 7692 section 7.2.3,
// each payload checked by inflating it with the tail 00 00 ff ff appended.
//
//go:embed rfc7692.json
var rfc7692 []byte

// DeflateExample is one example of RFC 7692 section 7.2.3: a compressed
// payload (tail stripped), or whole frames on the wire, and the text they
// carry.
type DeflateExample struct {
	ID, Section, What string
	Text              string
	Previous          string   // the message sent before, when the window is shared
	Deflate           []byte   // the compressed payload, when the example gives one
	Wire              [][]byte // the frames, when the example gives them
}

type fileDeflate struct {
	ID         string          `json:"id"`
	Section    string          `json:"section"`
	What       string          `json:"what"`
	Text       string          `json:"text"`
	Previous   string          `json:"previous"`
	DeflateHex string          `json:"deflate_hex"`
	WireHex    json.RawMessage `json:"wire_hex"`
}

// LoadDeflate returns the RFC 7692 examples by id, freshly parsed.
func LoadDeflate(t testing.TB) map[string]DeflateExample {
	t.Helper()
	ex, err := ParseDeflate(rfc7692)
	if err != nil {
		t.Fatalf("rfc7692.json: %v", err)
	}
	return ex
}

// ParseDeflate reads a file shaped like rfc7692.json.
func ParseDeflate(raw []byte) (map[string]DeflateExample, error) {
	var f struct {
		Examples []fileDeflate `json:"examples"`
	}
	if err := json.Unmarshal(raw, &f); err != nil {
		return nil, err
	}
	if len(f.Examples) == 0 {
		return nil, errors.New("no examples")
	}
	out := make(map[string]DeflateExample, len(f.Examples))
	for _, e := range f.Examples {
		ex, err := e.example()
		if err != nil {
			return nil, errors.New(e.ID + ": " + err.Error())
		}
		out[e.ID] = ex
	}
	return out, nil
}

func (e fileDeflate) example() (DeflateExample, error) {
	out := DeflateExample{ID: e.ID, Section: e.Section, What: e.What, Text: e.Text, Previous: e.Previous}
	var err error
	if e.DeflateHex != "" {
		if out.Deflate, err = hex.DecodeString(e.DeflateHex); err != nil {
			return out, errors.New("deflate_hex: " + err.Error())
		}
	}
	if len(e.WireHex) == 0 {
		return out, nil
	}
	var many []string
	var one string
	switch {
	case json.Unmarshal(e.WireHex, &one) == nil:
		many = []string{one}
	case json.Unmarshal(e.WireHex, &many) != nil:
		return out, errors.New("wire_hex must be a string or a list of strings")
	}
	for _, s := range many {
		w, err := hex.DecodeString(s)
		if err != nil {
			return out, errors.New("wire_hex: " + err.Error())
		}
		out.Wire = append(out.Wire, w)
	}
	return out, nil
}
