package tap

import (
	"bytes"
	"maps"
	"net/http"
	"slices"

	"github.com/wsplay/wsplay/protocol"
)

// HeadOf finds the request head in what the connection recorded. The head
// ends where the bytes net/http read ahead begin (pending of them); it starts
// at the last line start from which the core parses a request of exactly that
// length with r's method and target. Lines inside a head cannot start such a
// request (net/http refuses a header name with a space), so the last match is
// this request and not an earlier one on the same connection. Nil when the
// head is not in the copy, for example one longer than the copy keeps.
func HeadOf(recorded []byte, pending int, r *http.Request) []byte {
	end := len(recorded) - pending
	if end <= 0 {
		return nil
	}
	rec := recorded[:end]
	prefix := []byte(r.Method + " ")
	for p := end - 1; p >= 0; p-- {
		if p > 0 && rec[p-1] != '\n' || !bytes.HasPrefix(rec[p:], prefix) {
			continue
		}
		req, n, err := protocol.ParseRequest(rec[p:])
		if n == end-p && (err != nil || req.Method == r.Method && req.Target == r.RequestURI) {
			return rec[p:end:end]
		}
	}
	return nil
}

// RequestOf returns the handshake as the core sees it. A recorded head (see
// HeadOf) is used as it arrived; without one (a test server without the
// recording listener, a head longer than the copy) the request is rebuilt
// from what net/http parsed, with headers sorted by name, and exact is false.
func RequestOf(head []byte, r *http.Request) (req protocol.Request, _ []byte, exact bool, err error) {
	if head != nil {
		req, _, err := protocol.ParseRequest(head)
		return req, head, true, err
	}
	req = protocol.Request{Method: r.Method, Target: r.RequestURI, Proto: r.Proto}
	req.Headers = append(req.Headers, protocol.HeaderField{Name: "Host", Value: r.Host})
	for _, name := range slices.Sorted(maps.Keys(r.Header)) {
		for _, v := range r.Header[name] {
			req.Headers = append(req.Headers, protocol.HeaderField{Name: name, Value: v})
		}
	}
	return req, protocol.AppendRequest(nil, req), false, nil
}
