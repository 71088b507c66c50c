package protocoltest

import (
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
)

// file is rfc6455.json as written: hex strings, and a fill rule for long
// payloads.
type file struct {
	Accept  []Accept      `json:"accept"`
	Frames  []fileFrame   `json:"frames"`
	Invalid []fileInvalid `json:"invalid"`
}

type fileFrame struct {
	Source      string `json:"source"`
	Name        string `json:"name"`
	Fin         bool   `json:"fin"`
	Opcode      uint8  `json:"opcode"`
	Masked      bool   `json:"masked"`
	MaskKeyHex  string `json:"mask_key_hex"`
	PayloadHex  string `json:"payload_hex"`
	PayloadLen  int    `json:"payload_len"`
	PayloadFill string `json:"payload_fill"`
	WireHex     string `json:"wire_hex"`
	HeaderHex   string `json:"header_hex"`
}

type fileInvalid struct {
	Name    string `json:"name"`
	Rule    string `json:"rule"`
	WireHex string `json:"wire_hex"`
	From    string `json:"from"`
}

// frame decodes the hex of one valid frame and checks that its parts fit.
func (f fileFrame) frame() (Frame, error) {
	out := Frame{Source: f.Source, Name: f.Name, Fin: f.Fin, Opcode: f.Opcode, Masked: f.Masked}
	if f.Masked {
		key, err := hex.DecodeString(f.MaskKeyHex)
		if err != nil || len(key) != 4 {
			return out, errors.New("mask_key_hex must be 4 bytes of hex")
		}
		copy(out.MaskKey[:], key)
	}
	var err error
	if out.Payload, err = f.payload(); err != nil {
		return out, err
	}
	switch {
	case f.WireHex != "" && f.HeaderHex == "":
		if out.Wire, err = hex.DecodeString(f.WireHex); err != nil {
			return out, errors.New("wire_hex: " + err.Error())
		}
		if len(out.Wire) < 2+len(out.Payload) {
			return out, errors.New("wire_hex is shorter than a header and the payload")
		}
		out.Header = out.Wire[:len(out.Wire)-len(out.Payload)]
	case f.HeaderHex != "" && f.WireHex == "" && !f.Masked:
		if out.Header, err = hex.DecodeString(f.HeaderHex); err != nil {
			return out, errors.New("header_hex: " + err.Error())
		}
		out.Wire = append(append([]byte(nil), out.Header...), out.Payload...)
	default:
		return out, errors.New("needs wire_hex, or header_hex for an unmasked frame, not both")
	}
	return out, nil
}

// payload is payload_hex, or payload_len bytes made by payload_fill.
func (f fileFrame) payload() ([]byte, error) {
	if f.PayloadLen == 0 {
		b, err := hex.DecodeString(f.PayloadHex)
		if err != nil {
			return nil, errors.New("payload_hex: " + err.Error())
		}
		return b, nil
	}
	if f.PayloadHex != "" {
		return nil, errors.New("payload_hex and payload_len exclude each other")
	}
	b := make([]byte, f.PayloadLen)
	for i := range b {
		switch f.PayloadFill {
		case "bytes i mod 256":
			b[i] = byte(i)
		case "ascii 'a'":
			b[i] = 'a'
		case "zero":
		default:
			return nil, errors.New("unknown payload_fill " + strconv.Quote(f.PayloadFill))
		}
	}
	return b, nil
}

// invalid decodes one invalid frame and reads the section its rule names.
func (f fileInvalid) invalid() (Invalid, error) {
	out := Invalid{Name: f.Name, Rule: f.Rule, From: f.From}
	if f.From != "client" && f.From != "server" {
		return out, errors.New(`from must be "client" or "server", not ` + strconv.Quote(f.From))
	}
	rest, ok := strings.CutPrefix(f.Rule, "RFC 6455 ")
	section, _, found := strings.Cut(rest, ":")
	if !ok || !found || section == "" {
		return out, errors.New(`rule must start "RFC 6455 <section>:", not ` + strconv.Quote(f.Rule))
	}
	out.Section = section
	var err error
	if out.Wire, err = hex.DecodeString(f.WireHex); err != nil || len(out.Wire) < 2 {
		return out, errors.New("wire_hex must be a frame in hex")
	}
	return out, nil
}
