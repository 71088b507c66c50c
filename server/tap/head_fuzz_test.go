package tap

import (
	"bytes"
	"net/http/httptest"
	"testing"

	"github.com/wsplay/wsplay/protocol"
)

// FuzzHeadOf feeds the recorder's search arbitrary recorded bytes, as a
// hostile client can send them. It must not panic, and what it returns must
// be the bytes right before the read-ahead, parsed whole by the core as a
// request for r's method and target.
func FuzzHeadOf(f *testing.F) {
	head := "GET /ws HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\n\r\n"
	f.Add([]byte(head), uint16(0))
	f.Add([]byte("GET /x HTTP/1.1\r\n\r\n"+head+"\x81\x82abcd"), uint16(6))
	f.Add([]byte("POST /ws HTTP/1.1\r\nContent-Length: 48\r\n\r\n"+head+head), uint16(0))
	f.Add([]byte("GET /ws HTTP/1.1\nGET /ws HTTP/1.1\n\n"), uint16(0))
	r := httptest.NewRequest("GET", "/ws", nil)
	f.Fuzz(func(t *testing.T, recorded []byte, pending uint16) {
		got := HeadOf(recorded, int(pending), r)
		if got == nil {
			return
		}
		end := len(recorded) - int(pending)
		if !bytes.HasSuffix(recorded[:end], got) {
			t.Fatalf("%q is not the bytes before the read-ahead of %q", got, recorded)
		}
		req, n, err := protocol.ParseRequest(got)
		if n != len(got) {
			t.Fatalf("the core parses %d of the %d bytes returned", n, len(got))
		}
		if err == nil && (req.Method != "GET" || req.Target != "/ws") {
			t.Fatalf("returned a request for %s %s", req.Method, req.Target)
		}
	})
}
