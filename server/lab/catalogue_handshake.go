package lab

import (
	"strings"

	"github.com/wsplay/wsplay/protocol"
)

// handshakeExperiments break each rule of the opening handshake (RFC 6455
// section 4), plus two limits a server keeps that the RFC leaves to it.
func handshakeExperiments(host string) []Experiment {
	get := "GET /ws HTTP/1.1"
	malformed := refused("not-http", protocol.ErrMalformedHTTP, "GET /ws\r\nHost: "+host+"\r\n\r\n")
	malformed.Expect.AnsweredBy = "net/http"
	noHost := refused("no-host", protocol.ErrMissingHost, RequestWith(host, get, "Host:"))
	noHost.Expect.AnsweredBy = "net/http"
	version := refused("version-8", protocol.ErrVersion, RequestWith(host, get, "Sec-WebSocket-Version: 8"))
	version.Expect.Headers = []string{"Sec-WebSocket-Version: 13"}
	method := refused("post", protocol.ErrMethodNotGet, RequestWith(host, "POST /ws HTTP/1.1", "Content-Length: 0"))
	// A head larger than -max-header: RFC 6585 section 5's 431. Half the
	// lab's 64 KiB is past any -max-header the lab's limit leaves room for.
	huge := Experiment{ID: "huge-head", Request: RequestWith(host, get, "X-Padding: "+strings.Repeat("a", 32<<10)),
		Expect: Expectation{RFC: "6585", Section: "5", Status: 431, ClosedBy: "server", AnsweredBy: "net/http"}}
	// A head written 8 bytes a second: the RFC sets no time limit, and a
	// server that waits forever can be held open by anyone (a slowloris);
	// -handshake-timeout (10 s) cuts it before any answer.
	trickle := Experiment{ID: "trickled-request", Chunk: 8, PauseMs: 1000,
		Expect: Expectation{RFC: "6455", Section: "10.4", ClosedBy: "server", StatusVaries: true}}
	return []Experiment{
		malformed, method,
		refused("http-1.0", protocol.ErrHTTPVersion, RequestWith(host, "GET /ws HTTP/1.0")),
		noHost,
		refused("upgrade-h2c", protocol.ErrUpgradeHeader, RequestWith(host, get, "Upgrade: h2c")),
		refused("connection-keep-alive", protocol.ErrConnectionHeader, RequestWith(host, get, "Connection: keep-alive")),
		refused("no-key", protocol.ErrMissingKey, RequestWith(host, get, "Sec-WebSocket-Key:")),
		refused("short-key", protocol.ErrInvalidKey, RequestWith(host, get, "Sec-WebSocket-Key: c2hvcnQ=")),
		version, huge, trickle,
	}
}

// RequestWith is a valid upgrade request to host for /ws (the catalogue's
// key), changed by edits: "Name: value" replaces a header or adds it,
// "Name:" drops it; start replaces the start line.
func RequestWith(host, start string, edits ...string) string {
	r := protocol.NewRequest(protocol.ClientRequest{Host: host, Path: "/ws", Key: sampleKey})
	for _, e := range edits {
		name, value, _ := strings.Cut(e, ":")
		value = strings.TrimSpace(value)
		kept := r.Headers[:0]
		for _, f := range r.Headers {
			if !strings.EqualFold(f.Name, name) {
				kept = append(kept, f)
			}
		}
		if r.Headers = kept; value != "" {
			r.Headers = append(r.Headers, protocol.HeaderField{Name: name, Value: value})
		}
	}
	head := string(protocol.AppendRequest(nil, r))
	_, rest, _ := strings.Cut(head, "\r\n")
	return start + "\r\n" + rest
}
