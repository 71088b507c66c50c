package protocol

// Field describes one field of an encoded frame: where its bits are, what
// they say and why, for a page to draw. Bit positions count from the most
// significant bit of the byte at Offset, as the diagram in section 5.2 does.
type Field struct {
	ID      string // stable field id: "fin", "rsv1", "opcode", "mask", "length7", "length16", "length64", "mask-key", "payload", "close-code", "close-reason"
	Name    string // short English label as in section 5.2, e.g. "Payload len"
	Offset  int    // first byte, counted from the start of the decoded input
	Size    int    // number of bytes the field touches
	Bit     int    // first bit within the byte at Offset (0 = most significant)
	Bits    int    // width in bits
	Raw     string // the bits as written ("1", "0001"); hex for keys and payloads (payloads over 64 bytes are shortened with "…")
	Value   string // the decoded value, e.g. "1", "0x1", "300"
	Note    Note   // what the value means here
	Section string // RFC 6455 section that defines the field
}

// annotateHeader lists the header fields of h, encoded at base in the input.
func annotateHeader(h Header, base int) []Field {
	b0 := func(id, name string, bit, bits int, v uint64, note Note) Field {
		return Field{ID: id, Name: name, Offset: base, Size: 1, Bit: bit, Bits: bits,
			Raw: bitsOf(v, bits), Value: utoa(v), Note: note, Section: "5.2"}
	}
	flag := func(b bool) uint64 {
		if b {
			return 1
		}
		return 0
	}
	finNote := "fin.0"
	if h.Fin {
		finNote = "fin.1"
	}
	fields := []Field{b0("fin", "FIN", 0, 1, flag(h.Fin), Note{ID: finNote})}
	for i, set := range [3]bool{h.Rsv1, h.Rsv2, h.Rsv3} {
		id := "rsv" + itoa(i+1)
		fields = append(fields, b0(id, "RSV"+itoa(i+1), 1+i, 1, flag(set), Note{ID: "rsv." + itoa(int(flag(set))), Args: []string{"RSV" + itoa(i+1)}}))
	}
	op := b0("opcode", "opcode", 4, 4, uint64(h.Opcode), Note{ID: h.Opcode.NoteID(), Args: []string{h.Opcode.Hex()}})
	op.Value = h.Opcode.Hex()
	fields = append(fields, op)

	maskNote := "mask.0"
	if h.Masked {
		maskNote = "mask.1"
	}
	m := b0("mask", "MASK", 0, 1, flag(h.Masked), Note{ID: maskNote})
	m.Offset = base + 1
	fields = append(fields, m)

	l7 := h.Length
	lenNote := Note{ID: "length7.direct", Args: []string{utoa(h.Length)}}
	switch h.LengthForm {
	case Length16:
		l7, lenNote = 126, Note{ID: "length7.ext16"}
	case Length64:
		l7, lenNote = 127, Note{ID: "length7.ext64"}
	}
	l := b0("length7", "Payload len", 1, 7, l7, lenNote)
	l.Offset = base + 1
	fields = append(fields, l)

	off := base + 2
	switch h.LengthForm {
	case Length16:
		fields = append(fields, Field{ID: "length16", Name: "Extended payload length (16 bits)", Offset: off, Size: 2, Bits: 16,
			Raw: bitsOf(h.Length, 16), Value: utoa(h.Length), Note: Note{ID: "length16", Args: []string{utoa(h.Length)}}, Section: "5.2"})
		off += 2
	case Length64:
		fields = append(fields, Field{ID: "length64", Name: "Extended payload length (64 bits)", Offset: off, Size: 8, Bits: 64,
			Raw: bitsOf(h.Length, 64), Value: utoa(h.Length), Note: Note{ID: "length64", Args: []string{utoa(h.Length)}}, Section: "5.2"})
		off += 8
	}
	if h.Masked {
		k := Hex(h.MaskKey[:])
		fields = append(fields, Field{ID: "mask-key", Name: "Masking-key", Offset: off, Size: 4, Bits: 32,
			Raw: k, Value: k, Note: Note{ID: "mask-key", Args: []string{k}}, Section: "5.3"})
	}
	return fields
}

// annotatePayload describes the payload (and, for a close frame, its code and
// reason) of a frame whose payload starts at base.
func annotatePayload(h Header, masked, payload []byte, base int) []Field {
	if len(payload) == 0 {
		return nil
	}
	note := Note{ID: "payload.plain", Args: []string{itoa(len(payload))}}
	if h.Masked {
		note.ID = "payload.masked"
	}
	fields := []Field{{ID: "payload", Name: "Payload data", Offset: base, Size: len(payload), Bits: 8 * len(payload),
		Raw: hexPreview(masked), Value: hexPreview(payload), Note: note, Section: "5.2"}}
	if h.Opcode == OpClose && len(payload) >= 2 {
		code := StatusCode(uint16(payload[0])<<8 | uint16(payload[1]))
		fields = append(fields, Field{ID: "close-code", Name: "Close status code", Offset: base, Size: 2, Bits: 16,
			Raw: bitsOf(uint64(code), 16), Value: itoa(int(code)), Note: Note{ID: code.NoteID(), Args: []string{itoa(int(code))}}, Section: "7.4"})
		if len(payload) > 2 {
			fields = append(fields, Field{ID: "close-reason", Name: "Close reason", Offset: base + 2, Size: len(payload) - 2, Bits: 8 * (len(payload) - 2),
				Raw: hexPreview(payload[2:]), Value: string(payload[2:]), Note: Note{ID: "close-reason", Args: []string{itoa(len(payload) - 2)}}, Section: "5.5.1"})
		}
	}
	return fields
}

// hexPreview is hex for short byte strings and the first 48 and last 16
// bytes around "…" for long ones, so annotations stay small.
func hexPreview(b []byte) string {
	if len(b) <= 64 {
		return Hex(b)
	}
	return Hex(b[:48]) + "…" + Hex(b[len(b)-16:])
}
