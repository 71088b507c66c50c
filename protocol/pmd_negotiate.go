package protocol

// PerMessageDeflate is the name of the extension of RFC 7692 section 7.
const PerMessageDeflate = "permessage-deflate"

// DeflateParams are permessage-deflate's four parameters (RFC 7692 section
// 7.1), as offered by a client or agreed with a server. A window of 0 bits
// means the parameter is absent.
type DeflateParams struct {
	ServerNoContextTakeover bool // the server starts every message with an empty window (7.1.1.1)
	ClientNoContextTakeover bool // the client does (7.1.1.2)
	ServerMaxWindowBits     int  // the server's LZ77 window is at most 2^n bytes (7.1.2.1)
	ClientMaxWindowBits     int  // the client's is (7.1.2.2)
	// ClientWindowBitsOffered is set when an offer carries
	// client_max_window_bits, with or without a value: the client can
	// honour a smaller window if the server asks for one (Chrome sends it
	// bare).
	ClientWindowBitsOffered bool
}

// ServerWindowBits is the server's window in bits: 15 when not limited.
func (p DeflateParams) ServerWindowBits() int { return windowOr15(p.ServerMaxWindowBits) }

// ClientWindowBits is the client's window in bits: 15 when not limited.
func (p DeflateParams) ClientWindowBits() int { return windowOr15(p.ClientMaxWindowBits) }

func windowOr15(n int) int {
	if n == 0 {
		return 15
	}
	return n
}

// String writes the parameters as a Sec-WebSocket-Extensions element, in
// the order RFC 7692 lists them.
func (p DeflateParams) String() string {
	s := PerMessageDeflate
	if p.ServerNoContextTakeover {
		s += "; server_no_context_takeover"
	}
	if p.ClientNoContextTakeover {
		s += "; client_no_context_takeover"
	}
	if p.ServerMaxWindowBits != 0 {
		s += "; server_max_window_bits=" + itoa(p.ServerMaxWindowBits)
	}
	if p.ClientMaxWindowBits != 0 {
		s += "; client_max_window_bits=" + itoa(p.ClientMaxWindowBits)
	} else if p.ClientWindowBitsOffered {
		s += "; client_max_window_bits"
	}
	return s
}

// ParseDeflateParams reads the parameters of a permessage-deflate element.
// A malformed element, an unknown or repeated parameter, a value where none
// belongs, or a window outside 8-15 (decimal, no leading zero) makes the
// element unusable: the note says why (RFC 7692 section 7.1: an offer a
// server cannot accept is declined, a response a client cannot accept fails
// the connection).
func ParseDeflateParams(e Extension) (DeflateParams, *Note) {
	var p DeflateParams
	if !EqualFoldASCII(e.Name, PerMessageDeflate) {
		return p, &Note{ID: "pmd.not-deflate", Args: []string{e.Name}}
	}
	if e.Malformed {
		return p, &Note{ID: "pmd.malformed", Args: []string{e.Text}}
	}
	seen := map[string]bool{}
	for _, x := range e.Params {
		name := lowerASCII(x.Name)
		if seen[name] {
			return p, &Note{ID: "pmd.duplicate", Args: []string{x.Name}}
		}
		seen[name] = true
		if note := p.set(name, x); note != nil {
			return p, note
		}
	}
	return p, nil
}

// set applies one parameter.
func (p *DeflateParams) set(name string, x ExtensionParam) *Note {
	switch name {
	case "server_no_context_takeover", "client_no_context_takeover":
		if x.HasValue {
			return &Note{ID: "pmd.value-not-allowed", Args: []string{x.Name, x.Value}}
		}
		if name == "server_no_context_takeover" {
			p.ServerNoContextTakeover = true
		} else {
			p.ClientNoContextTakeover = true
		}
		return nil
	case "server_max_window_bits", "client_max_window_bits":
		if name == "client_max_window_bits" {
			p.ClientWindowBitsOffered = true
			if !x.HasValue {
				return nil
			}
		}
		bits, ok := windowBits(x.Value)
		if !x.HasValue || !ok {
			return &Note{ID: "pmd.bad-window", Args: []string{x.Name, x.Value}}
		}
		if name == "server_max_window_bits" {
			p.ServerMaxWindowBits = bits
		} else {
			p.ClientMaxWindowBits = bits
		}
		return nil
	}
	return &Note{ID: "pmd.unknown-param", Args: []string{x.Name}}
}

// windowBits reads a window size: 8 to 15 in decimal without a leading zero.
func windowBits(v string) (int, bool) {
	if len(v) == 1 && v[0] >= '8' && v[0] <= '9' {
		return int(v[0] - '0'), true
	}
	if len(v) == 2 && v[0] == '1' && v[1] >= '0' && v[1] <= '5' {
		return 10 + int(v[1]-'0'), true
	}
	return 0, false
}
