package capture

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
)

func TestEveryConnectionIsListedWithWhatItCarries(t *testing.T) {
	t.Parallel()
	req, resp := handshakeHeads()
	badVersion := strings.Replace(string(req), "Version: 13", "Version: 8", 1)
	refusal := protocol.AppendResponse(nil, protocol.Response{Proto: "HTTP/1.1", Status: 403, Reason: "Forbidden"})
	badAccept := strings.Replace(string(resp), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", "AAAAAAAAAAAAAAAAAAAAAAAAAAA=", 1)
	tlsHello := []byte{0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0x00, 0x00, 0x01, 0x00}
	for _, tc := range []struct {
		name           string
		client, server string
		kind           Kind
		reason         string
	}{
		{"tls", string(tlsHello), "", KindTLS, "TLS (record type 0x16, version 0x0301): a wss:// or https:// connection, whose bytes cannot be read without the TLS session keys"},
		{"tls mid-stream", "", "\x17\x03\x03\x00\x10", KindTLS, "record type 0x17, version 0x0303"},
		{"long head", "GET /" + strings.Repeat("a", MaxHeadBytes), "", KindNotHTTP, "does not end in the bytes the capture holds (looked in the first 65536)"},
		{"not http", "\x00\x01binary protocol", "", KindNotHTTP, "not HTTP: the client's first bytes are 0001"},
		{"plain http", "GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 200 OK\r\n\r\n", KindHTTP, "GET /index.html; the server answered 200 OK"},
		{"bad upgrade", badVersion, "HTTP/1.1 426 Upgrade Required\r\n\r\n", KindBadUpgrade, "handshake-version"},
		{"refused", string(req), string(refusal), KindRefused, "the server answered 403 Forbidden"},
		{"no answer", string(req), "", KindNoAnswer, "no answer"},
		{"garbled answer", string(req), "HTTP/1.1 ok\r\n\r\n", KindNoAnswer, "http-malformed"},
		{"malformed request", "GET /\r\nHost: x\r\n\r\n", "", KindNotHTTP, "http-malformed"},
		{"bad accept", string(req), badAccept, KindWebSocket, "response-accept"},
		{"nothing", "", "", KindNoData, "no payload"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFlow()
			f.syn()
			for off := 0; off < len(tc.client); off += maxSegment { // an IPv4 packet holds 64 KiB
				f.data(0, off, []byte(tc.client[off:min(off+maxSegment, len(tc.client))]))
			}
			if tc.server != "" {
				f.data(1, 0, []byte(tc.server))
			}
			_, conn := f.read(t, Limits{})
			assert.Equal(t, tc.kind, conn.Kind)
			assert.Contains(t, conn.Reason, tc.reason)
			assert.Equal(t, tc.kind != KindWebSocket, conn.Kind.Skipped())
			assert.Equal(t, tc.kind == KindWebSocket, conn.Kind.IsWebSocket())
			assert.NotEqual(t, "unknown", conn.Kind.String())
			if tc.kind == KindNotHTTP || tc.kind == KindTLS {
				assert.LessOrEqual(t, conn.Client.Bytes, MaxHeadBytes, "bytes that cannot be read are not kept")
			}
		})
	}
}

func TestUpgradeDetailsAndTheDeflateHook(t *testing.T) {
	t.Parallel()
	req, resp := handshakeHeads("permessage-deflate; client_max_window_bits")
	compressed := protocol.Frame{Header: protocol.Header{Fin: true, Rsv1: true, Opcode: protocol.OpText}, Payload: []byte{0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00}}
	f := newFlow()
	f.syn()
	f.data(0, 0, req)
	f.data(1, 0, append(resp, protocol.AppendFrame(nil, compressed)...))
	_, conn := f.read(t, Limits{})
	require.Equal(t, KindWebSocket, conn.Kind, conn.Reason)
	assert.True(t, conn.Deflate())
	assert.Equal(t, []string{"permessage-deflate; client_max_window_bits"}, conn.Extensions)
	require.Len(t, conn.Frames, 1)
	fr := conn.Frames[0]
	assert.True(t, fr.Header.Rsv1)
	assert.True(t, fr.Compressed)
	assert.Empty(t, fr.Violations, "RSV1 is allowed once permessage-deflate is negotiated, and UTF-8 is checked after inflating")
	assert.Equal(t, compressed.Payload, fr.Payload, "the payload stays compressed for the inflater")
	assert.Equal(t, []string{"permessage-deflate; client_max_window_bits"}, conn.Upgrade.Extensions)
}

func TestFramesCarryTheCoreDecoding(t *testing.T) {
	t.Parallel()
	b, err := Write(testSession(
		sessionFrame{protocol.FromClient, protocol.Frame{Header: protocol.Header{Fin: true, Opcode: protocol.OpText}, Payload: []byte("unmasked")}},
		clientFrame(protocol.OpText, true, "\xff"),
		serverFrame(protocol.OpClose, true, "\x03\xed"),
	))
	require.NoError(t, err)
	c, err := Read(b, Limits{})
	require.NoError(t, err)
	fr := c.Connections[0].Frames
	require.Len(t, fr, 3)
	require.NotEmpty(t, fr[0].Violations)
	assert.Equal(t, protocol.ErrUnmaskedClientFrame, fr[0].Violations[0].Rule)
	assert.Equal(t, int64(1), fr[0].Violations[0].Offset, "the MASK bit's byte, counted in the client's stream after the head")
	assert.Equal(t, protocol.ErrInvalidUTF8, fr[1].Violations[0].Rule)
	assert.Equal(t, int64(fr[1].Offset+6), fr[1].Violations[0].Offset, "the bad byte")
	assert.Equal(t, protocol.ErrCloseCodeLocal, fr[2].Violations[0].Rule)
	assert.NotEmpty(t, fr[2].Fields)
}
