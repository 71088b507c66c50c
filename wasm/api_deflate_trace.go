//go:build js && wasm

package main

import (
	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/protocol/deflate"
)

// The JS shape of a DEFLATE trace (protocol/deflate.Trace), shared by
// inflate, compress and decode so that the page renders one shape.

// traceObject describes a trace; in is the input as read (the tail
// appended), out the inflated bytes.
func traceObject(tr *deflate.Trace, in, out []byte) object {
	blocks := make([]object, len(tr.Blocks))
	for i, b := range tr.Blocks {
		blocks[i] = object{
			{"bit", b.Bit},
			{"final", b.Final},
			{"type", b.Type.String()},
			{"btype", int(b.Type)},
			{"codeLengthCodes", codeObjects(b.CL)},
			{"literalCodes", codeObjects(b.Lit)},
			{"distanceCodes", codeObjects(b.Dist)},
		}
	}
	items := make([]object, len(tr.Items))
	for i := range tr.Items {
		items[i] = itemObject(&tr.Items[i], in, out)
	}
	tail := object{{"hex", ""}, {"bytes", 0}, {"bit", tr.InputBits}}
	if tr.TailBytes > 0 {
		tail = object{
			{"hex", protocol.Hex(deflate.Tail[:tr.TailBytes])},
			{"bytes", tr.TailBytes},
			{"bit", tr.InputBits - int64(8*tr.TailBytes)},
		}
	}
	return object{
		{"blocks", blocks},
		{"items", items},
		{"tail", tail},
		{"inputBits", tr.InputBits},
		{"truncated", tr.Truncated},
	}
}

func codeObjects(codes []deflate.Code) []object {
	out := make([]object, len(codes))
	for i, c := range codes {
		out[i] = object{{"symbol", c.Symbol}, {"length", c.Len}, {"code", c.Code}}
	}
	return out
}

// itemObject describes one field, code or symbol. code is its bits as 0/1
// in the order the inflater read them: a Huffman code reads most
// significant bit first, a number least significant first (RFC 1951
// section 3.1.1).
func itemObject(it *deflate.Item, in, out []byte) object {
	args := it.Args
	if args == nil {
		args = []string{}
	}
	o := object{
		{"kind", it.Kind.String()},
		{"id", it.ID},
		{"args", args},
		{"text", protocol.Note{ID: it.ID, Args: it.Args}.English()},
		{"bit", it.Bit},
		{"bits", it.Bits},
		{"code", bitsAsRead(in, it.Bit, it.Bits)},
		{"value", it.Value},
		{"section", it.Section},
		{"rfc", it.RFC},
		{"block", it.Block},
		{"out", it.Out},
		{"outLength", it.OutLen},
		{"outHex", outHex(out, it.Out, it.OutLen)},
	}
	if c := it.Copy; c != nil {
		o = append(o,
			kv{"length", c.Length},
			kv{"distance", c.Distance},
			kv{"from", c.From},
			kv{"copiedHex", protocol.Hex(c.Bytes)},
			kv{"earlierBytes", c.Earlier},
			kv{"fromEarlierMessage", c.Earlier > 0},
		)
	}
	return o
}

// bitsAsRead spells n bits of in from bit at, least significant bit of each
// byte first; "" for items too long to spell or outside in.
func bitsAsRead(in []byte, at int64, n int) string {
	if n <= 0 || n > maxCodeBitsShown || at < 0 || at+int64(n) > int64(len(in))*8 {
		return ""
	}
	b := make([]byte, n)
	for i := range b {
		p := at + int64(i)
		b[i] = '0' + in[p/8]>>(p%8)&1
	}
	return string(b)
}

// outHex is the hex of the bytes an item produced, when few enough to show.
func outHex(out []byte, at, n int) string {
	if n <= 0 || n > maxOutHexShown || at < 0 || at+n > len(out) {
		return ""
	}
	return protocol.Hex(out[at : at+n])
}
