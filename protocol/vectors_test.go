package protocol

import (
	"encoding/hex"
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// vectors mirrors testdata/rfc6455.json: the examples of RFC 6455 sections
// 1.3 and 5.7, the tutorials' examples, boundary cases and invalid frames.
type vectors struct {
	Accept []struct {
		Source, Key, Accept string
	} `json:"accept"`
	Frames []struct {
		Source, Name string
		Fin          bool   `json:"fin"`
		Opcode       uint8  `json:"opcode"`
		Masked       bool   `json:"masked"`
		MaskKeyHex   string `json:"mask_key_hex"`
		PayloadHex   string `json:"payload_hex"`
		PayloadLen   int    `json:"payload_len"`
		PayloadFill  string `json:"payload_fill"`
		WireHex      string `json:"wire_hex"`
		HeaderHex    string `json:"header_hex"`
	} `json:"frames"`
	Invalid []struct {
		Name, Rule string
		WireHex    string `json:"wire_hex"`
		From       string `json:"from"`
	} `json:"invalid"`
}

func loadVectors(t testing.TB) vectors {
	t.Helper()
	raw, err := os.ReadFile("testdata/rfc6455.json")
	require.NoError(t, err)
	var v vectors
	require.NoError(t, json.Unmarshal(raw, &v))
	require.NotEmpty(t, v.Frames)
	return v
}

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	require.NoError(t, err)
	return b
}

func fill(kind string, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		switch kind {
		case "bytes i mod 256":
			b[i] = byte(i)
		case "ascii 'a'":
			b[i] = 'a'
		}
	}
	return b
}

func TestVectorsAccept(t *testing.T) {
	for _, v := range loadVectors(t).Accept {
		t.Run(v.Source, func(t *testing.T) {
			assert.Equal(t, v.Accept, AcceptKey(v.Key))
			tr := TraceAccept(v.Key)
			assert.Equal(t, v.Accept, tr.Accept, "the trace's base64 groups must spell the same value")
			assert.NoError(t, tr.Err)
		})
	}
}

func TestVectorsFrames(t *testing.T) {
	for _, v := range loadVectors(t).Frames {
		t.Run(v.Name, func(t *testing.T) {
			payload := mustHex(t, v.PayloadHex)
			if v.PayloadLen > 0 {
				payload = fill(v.PayloadFill, v.PayloadLen)
			}
			f := Frame{Header: Header{Fin: v.Fin, Opcode: Opcode(v.Opcode), Masked: v.Masked}, Payload: payload}
			if v.Masked {
				copy(f.MaskKey[:], mustHex(t, v.MaskKeyHex))
			}
			wire := AppendFrame(nil, f)
			if v.WireHex != "" {
				assert.Equal(t, v.WireHex, hex.EncodeToString(wire))
			} else {
				assert.Equal(t, v.HeaderHex, hex.EncodeToString(wire[:len(v.HeaderHex)/2]))
				assert.Len(t, wire, len(v.HeaderHex)/2+len(payload))
			}

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
			assert.Equal(t, payload, got.Payload)
			assert.Equal(t, v.Fin, got.Header.Fin)
			assert.Equal(t, Opcode(v.Opcode), got.Header.Opcode)
		})
	}
}

func TestVectorsInvalid(t *testing.T) {
	for _, v := range loadVectors(t).Invalid {
		t.Run(v.Name, func(t *testing.T) {
			from := FromServer
			if v.From == "client" {
				from = FromClient
			}
			d := Decode(mustHex(t, v.WireHex), Limits{From: from})
			require.NotEmpty(t, d.Violations, "expected a violation of %q", v.Rule)
			got := d.Violations[0]
			assert.Contains(t, v.Rule, "RFC 6455 "+got.Rule.Section+":", "section of %s", got.Rule.ID)
			assert.GreaterOrEqual(t, got.Offset, int64(0))
		})
	}
}
