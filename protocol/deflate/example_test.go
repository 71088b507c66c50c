package deflate_test

import (
	"encoding/hex"
	"fmt"

	"github.com/wsplay/wsplay/protocol/deflate"
)

// The payload of RFC 7692 section 7.2.3.1: "Hello" in one fixed-Huffman
// block, the sync flush's tail 00 00 ff ff stripped.
func ExampleInflater_Inflate() {
	msg, _ := hex.DecodeString("f248cdc9c90700")
	z := deflate.NewInflater(deflate.Options{})
	out, err := z.Inflate(nil, msg)
	fmt.Println(string(out), err)
	// Output: Hello <nil>
}

// The second "Hello" of RFC 7692 section 7.2.3.2 copies "ello" from the
// first message, which context takeover kept in the window.
func ExampleInflater_InflateTraced() {
	first, _ := hex.DecodeString("f248cdc9c90700")
	second, _ := hex.DecodeString("f200110000")
	z := deflate.NewInflater(deflate.Options{})
	z.Inflate(nil, first)
	out, tr, _ := z.InflateTraced(nil, second, deflate.TraceOptions{})
	fmt.Println(string(out))
	for _, it := range tr.Items[1:] {
		fmt.Printf("bit %2d +%2d %-14s %s\n", it.Bit, it.Bits, it.Kind, it.Value)
	}
	// Output:
	// Hello
	// bit  0 + 1 block-header   0
	// bit  1 + 2 block-header   01
	// bit  3 + 8 literal        01111000
	// bit 11 + 7 length         0000010
	// bit 18 + 5 distance       00100
	// bit 23 + 1 distance-extra 0
	// bit 11 +13 copy           4@5
	// bit 24 + 7 end            0000000
	// bit 31 + 1 block-header   0
	// bit 32 + 2 block-header   00
	// bit 34 + 6 padding        0
	// bit 40 +32 tail           0000ffff
}

// With context takeover the compressor reproduces RFC 7692 section 7.2.3.2.
func ExampleCompressor() {
	c := deflate.NewCompressor(deflate.CompressorOptions{})
	fmt.Printf("%x\n", c.Compress(nil, []byte("Hello")))
	msg, choice := c.CompressExplained(nil, []byte("Hello"))
	fmt.Printf("%x %s %+v\n", msg, choice.Type, choice.Tokens)
	// Output:
	// f248cdc9c90700
	// f200110000 fixed [{Length:0 Distance:0 Literal:72} {Length:4 Distance:5 Literal:0}]
}
