package protocol

import (
	"math/rand"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol/deflate"
)

// pmdEmittedNotes gathers the notes of permessage-deflate: DEFLATE traces of
// the RFC 7692 examples and of compressed texts of every kind (stored,
// fixed, dynamic, with the window of an earlier message), a stream with a
// reserved block type, every DEFLATE problem, negotiation outcomes and
// parameter notes.
func pmdEmittedNotes(t *testing.T) []Note {
	var notes []Note
	trace := func(z *deflate.Inflater, msg []byte) {
		_, tr, _ := z.InflateTraced(nil, msg, deflate.TraceOptions{})
		for _, it := range tr.Items {
			notes = append(notes, Note{ID: it.ID, Args: it.Args})
		}
	}
	for _, hexes := range []string{"f248cdc9c90700", "000500faff48656c6c6f00", "f348cdc9c9070000", "f24805000000ffffcac9c90700", "07"} {
		trace(deflate.NewInflater(deflate.Options{}), mustHex(t, hexes))
	}
	r := rand.New(rand.NewSource(9))
	letters := make([]byte, 3000)
	for i := range letters {
		letters[i] = "abcdefghijklmnopqrstuvwxyz"[r.Intn(26)]
	}
	random := make([]byte, 500)
	r.Read(random)
	c, z := deflate.NewCompressor(deflate.CompressorOptions{}), deflate.NewInflater(deflate.Options{})
	for _, text := range [][]byte{[]byte("Hello"), []byte("Hello"), {0, 1, 2, 0, 1, 2, 0, 1, 2},
		[]byte(strings.Repeat("abcdefghijkl", 40)), letters, random} {
		trace(z, c.Compress(nil, text))
	}
	for _, p := range deflate.Problems() {
		notes = append(notes, Note{ID: p.NoteID()})
	}
	offers := []string{"permessage-deflate", "x-webkit-deflate-frame", "permessage-deflate; a b", "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
		"permessage-deflate; x", "permessage-deflate; server_no_context_takeover=1", "permessage-deflate; server_max_window_bits=99"}
	for _, o := range offers {
		e := ParseExtensions(o)[0]
		if _, why := ParseDeflateParams(e); why != nil {
			notes = append(notes, *why)
		}
		for _, n := range NegotiateDeflate(DeflateConfig{}, []Extension{e}).Notes {
			notes = append(notes, n.Note)
		}
	}
	for _, n := range NegotiateDeflate(DeflateConfig{ServerMinWindowBits: 15}, ParseExtensions("permessage-deflate; server_max_window_bits=9")).Notes {
		notes = append(notes, n.Note)
	}
	all := ParseExtensions("permessage-deflate; client_max_window_bits; client_max_window_bits=9; server_max_window_bits=9; " +
		"server_no_context_takeover; client_no_context_takeover; other")
	require.Len(t, all, 1)
	return append(notes, DeflateParamNotes(all[0])...)
}
