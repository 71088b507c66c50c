// Package floorpeer is the floor of the comparisons: the smallest echo
// server one would write by hand from RFC 6455, with no library and no
// checks beyond the length limit. It reads each frame straight from the
// socket (no bufio), unmasks it byte by byte and writes header and payload
// in one write. For measurements only; nothing that ships imports it.
package floorpeer

import (
	"crypto/sha1"
	"encoding/base64"
	"encoding/binary"
	"io"
	"net"
	"net/http"
)

// MaxMessage is the largest frame the floor accepts, as wsplay's default.
const MaxMessage = 1 << 20

// guid is RFC 6455 section 1.3's key suffix.
const guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

// Echo answers the opening handshake (section 4.2.2) and echoes every data
// frame with its opcode; a ping gets its pong, a close its close.
func Echo(w http.ResponseWriter, r *http.Request) {
	key := r.Header.Get("Sec-WebSocket-Key")
	if key == "" {
		http.Error(w, "not a WebSocket handshake", http.StatusBadRequest)
		return
	}
	nc, brw, err := w.(http.Hijacker).Hijack()
	if err != nil {
		return
	}
	sum := sha1.Sum([]byte(key + guid))
	_, err = nc.Write([]byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Accept: " + base64.StdEncoding.EncodeToString(sum[:]) + "\r\n\r\n"))
	if err != nil || brw.Reader.Buffered() > 0 {
		nc.Close() // a client that speaks before the 101 is beyond the floor
		return
	}
	go serve(nc)
}

// serve echoes frames until the client closes or breaks the limit.
func serve(nc net.Conn) {
	defer nc.Close()
	var hdr [14]byte
	for {
		if _, err := io.ReadFull(nc, hdr[:2]); err != nil {
			return
		}
		op := hdr[0] & 0x0f
		n := uint64(hdr[1] & 0x7f)
		switch n {
		case 126:
			if _, err := io.ReadFull(nc, hdr[2:4]); err != nil {
				return
			}
			n = uint64(binary.BigEndian.Uint16(hdr[2:4]))
		case 127:
			if _, err := io.ReadFull(nc, hdr[2:10]); err != nil {
				return
			}
			n = binary.BigEndian.Uint64(hdr[2:10])
		}
		if n > MaxMessage {
			return
		}
		var key [4]byte
		if _, err := io.ReadFull(nc, key[:]); err != nil {
			return
		}
		out := appendHeader(make([]byte, 0, 10+n), hdr[0], n) // FIN, RSV and opcode as they came
		start := len(out)
		out = out[:start+int(n)]
		if _, err := io.ReadFull(nc, out[start:]); err != nil {
			return
		}
		for i := range out[start:] {
			out[start+i] ^= key[i&3]
		}
		if op == 0x9 { // ping: answer with a pong (section 5.5.3)
			out[0] = 0x8a
		}
		if op != 0xa { // a pong needs no answer
			if _, err := nc.Write(out); err != nil || op == 0x8 {
				return
			}
		}
	}
}

// appendHeader appends an unmasked frame header (section 5.2).
func appendHeader(b []byte, first byte, n uint64) []byte {
	switch {
	case n < 126:
		return append(b, first, byte(n))
	case n <= 0xffff:
		return binary.BigEndian.AppendUint16(append(b, first, 126), uint16(n))
	}
	return binary.BigEndian.AppendUint64(append(b, first, 127), n)
}
