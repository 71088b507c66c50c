package protocol

import "strings"

// GUID is the fixed string a server appends to Sec-WebSocket-Key before
// hashing (RFC 6455 section 1.3). Only WebSocket servers know it, so a valid
// Sec-WebSocket-Accept shows the server understood the handshake.
const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

// AcceptKey returns Sec-WebSocket-Accept for a Sec-WebSocket-Key:
// base64(SHA-1(key + GUID)), section 4.2.2 item 5.4.
func AcceptKey(key string) string {
	sum := sha1Sum([]byte(key + GUID))
	return encodeBase64(sum[:])
}

// NewKey returns a fresh Sec-WebSocket-Key: 16 random bytes, base64-encoded
// (section 4.1 item 7).
func NewKey() string {
	var b [16]byte
	randomBytes(b[:])
	return encodeBase64(b[:])
}

// NewMaskKey returns a masking key from a strong source of entropy, as
// section 5.3 requires: a proxy must not be able to predict it.
func NewMaskKey() [4]byte {
	var k [4]byte
	randomBytes(k[:])
	return k
}

// CheckKey reports whether key is the base64 encoding of exactly 16 bytes, as
// section 4.2.1 item 5 requires of Sec-WebSocket-Key.
func CheckKey(key string) error {
	if key == "" {
		return violation(ErrMissingKey, -1, "")
	}
	if !isBase64Of16Bytes(key) {
		return violation(ErrInvalidKey, -1, key)
	}
	return nil
}

// Base64Group is one step of base64: up to 3 input bytes (24 bits) read as
// four 6-bit indices into the base64 alphabet. A group of 1 or 2 bytes is
// padded with zero bits and its missing characters are written as "=".
type Base64Group struct {
	Bytes   []byte // 1 to 3 input bytes
	Indices []int  // the 6-bit values, 2 to 4 of them; padding has none
	Chars   string // 4 characters, "=" for padding
	Padding int    // number of "=" characters (0, 1 or 2)
}

// AcceptTrace is the derivation of Sec-WebSocket-Accept, step by step, for a
// page to show.
type AcceptTrace struct {
	Key         string
	GUID        string
	Concat      string   // Key + GUID
	ConcatBytes []byte   // its ASCII bytes, the input of SHA-1
	SHA1        [20]byte // the digest
	SHA1Hex     string
	Groups      []Base64Group // base64 of the digest, 3 bytes at a time
	Accept      string
	// Err is set when Key is not a valid Sec-WebSocket-Key; the value is
	// still derived, because a server that skipped the check would send it.
	Err error
}

// TraceAccept derives Sec-WebSocket-Accept for key and records every step.
func TraceAccept(key string) AcceptTrace {
	t := AcceptTrace{Key: key, GUID: GUID, Concat: key + GUID, Err: CheckKey(key)}
	t.ConcatBytes = []byte(t.Concat)
	t.SHA1 = sha1Sum(t.ConcatBytes)
	t.SHA1Hex = Hex(t.SHA1[:])
	t.Groups = Base64Groups(t.SHA1[:])
	for _, g := range t.Groups {
		t.Accept += g.Chars
	}
	return t
}

// Base64Groups splits b into the 3-byte groups of standard base64 (RFC 4648
// section 4) and shows how each becomes four characters.
func Base64Groups(b []byte) []Base64Group {
	groups := make([]Base64Group, 0, (len(b)+2)/3)
	for i := 0; i < len(b); i += 3 {
		chunk := b[i:min(i+3, len(b))]
		chars, indices := base64Quantum(chunk)
		groups = append(groups, Base64Group{
			Bytes:   append([]byte(nil), chunk...),
			Indices: append([]int(nil), indices[:len(chunk)+1]...),
			Chars:   string(chars[:]),
			Padding: 3 - len(chunk),
		})
	}
	return groups
}

// Notes narrates the trace as notes, in order: key, GUID, concatenation,
// SHA-1, base64 and each of its groups, padding, result.
func (t AcceptTrace) Notes() []Note {
	notes := []Note{{ID: "accept.key", Args: []string{t.Key}}}
	if t.Err != nil {
		notes = append(notes, Note{ID: "accept.key-invalid", Args: []string{t.Key}})
	}
	notes = append(notes,
		Note{ID: "accept.guid", Args: []string{t.GUID}},
		Note{ID: "accept.concat", Args: []string{itoa(len(t.Concat))}},
		Note{ID: "accept.sha1", Args: []string{t.SHA1Hex}},
		Note{ID: "accept.base64"})
	for _, g := range t.Groups {
		notes = append(notes, g.Note())
		if g.Padding > 0 {
			notes = append(notes, Note{ID: "accept.padding-" + itoa(g.Padding)})
		}
	}
	return append(notes, Note{ID: "accept.result", Args: []string{t.Accept}})
}

// Note narrates one base64 group: its bytes, its 6-bit indices, its characters.
func (g Base64Group) Note() Note {
	idx := make([]string, len(g.Indices))
	for i, v := range g.Indices {
		idx[i] = itoa(v)
	}
	return Note{ID: "accept.group", Args: []string{Hex(g.Bytes), strings.Join(idx, " "), g.Chars}}
}
