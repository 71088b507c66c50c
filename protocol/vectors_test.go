package protocol

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol/protocoltest"
)

// The RFC 6455 vectors (protocol/protocoltest/rfc6455.json): the examples of
// sections 1.3 and 5.7, the tutorials' examples, boundary cases and invalid
// frames.

var mustHex = protocoltest.DecodeHex

func TestVectorsAccept(t *testing.T) {
	t.Parallel()
	for _, v := range protocoltest.Load(t).Accept {
		t.Run(v.Source, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, v.Accept, AcceptKey(v.Key))
			tr := TraceAccept(v.Key)
			assert.Equal(t, v.Accept, tr.Accept, "the trace's base64 groups must spell the same value")
			assert.NoError(t, tr.Err)
		})
	}
}

func TestVectorsFrames(t *testing.T) {
	t.Parallel()
	for _, v := range protocoltest.Load(t).Frames {
		t.Run(v.Name, func(t *testing.T) {
			t.Parallel()
			f := Frame{Header: Header{Fin: v.Fin, Opcode: Opcode(v.Opcode), Masked: v.Masked, MaskKey: v.MaskKey}, Payload: v.Payload}
			wire := AppendFrame(nil, f)
			assert.True(t, bytes.Equal(v.Wire, wire), "byte for byte: want %.40x…, got %.40x…", v.Wire, wire)

			from := FromServer
			if v.Masked {
				from = FromClient
			}
			d := Decode(wire, Limits{From: from})
			require.Len(t, d.Frames, 1)
			if v.Opcode == 0 { // a lone continuation frame: valid only after its start
				require.Len(t, d.Violations, 1)
				assert.ErrorIs(t, d.Violations[0], ErrContinuationWithoutStart)
			} else {
				assert.Empty(t, d.Violations)
			}
			assert.Zero(t, d.NeedMore)
			got := d.Frames[0]
			assert.Equal(t, len(v.Header), got.HeaderSize)
			assert.True(t, bytes.Equal(v.Payload, got.Payload))
			assert.Equal(t, v.Fin, got.Header.Fin)
			assert.Equal(t, Opcode(v.Opcode), got.Header.Opcode)
		})
	}
}

func TestVectorsInvalid(t *testing.T) {
	t.Parallel()
	for _, v := range protocoltest.Load(t).Invalid {
		t.Run(v.Name, func(t *testing.T) {
			t.Parallel()
			from := FromServer
			if v.From == "client" {
				from = FromClient
			}
			d := Decode(v.Wire, Limits{From: from})
			require.NotEmpty(t, d.Violations, "expected a violation of %q", v.Rule)
			got := d.Violations[0]
			assert.Equal(t, v.Section, got.Rule.Section, "section of %s", got.Rule.ID)
			assert.GreaterOrEqual(t, got.Offset, int64(0))
		})
	}
}
