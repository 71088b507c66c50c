package protocol

import (
	"strconv"
	"strings"
)

// CheckResponse validates a server's answer from the client's side (section
// 4.1, the client's checks of the server's handshake): status 101, the
// Upgrade and Connection tokens, the Accept that matches key, and no
// extension or subprotocol the client did not offer.
func CheckResponse(r *Response, key string, protocols, extensions []string) error {
	if r.Status != 101 {
		return violation(ErrResponseStatus, -1, strconv.Itoa(r.Status))
	}
	if !r.Headers.HasToken("Upgrade", "websocket") {
		return violation(ErrResponseUpgrade, -1, quoteValue(r.Headers.Get("Upgrade")))
	}
	if !r.Headers.HasToken("Connection", "upgrade") {
		return violation(ErrResponseConnection, -1, quoteValue(r.Headers.Get("Connection")))
	}
	if got := r.Headers.Values("Sec-WebSocket-Accept"); len(got) != 1 || strings.TrimSpace(got[0]) != AcceptKey(key) {
		return violation(ErrResponseAccept, -1, quoteValue(strings.Join(got, ", ")))
	}
	for _, e := range r.Headers.Tokens("Sec-WebSocket-Extensions") {
		if !offered(extensionName(e), extensions, extensionName) {
			return violation(ErrResponseExtension, -1, e)
		}
	}
	if p := r.Headers.Values("Sec-WebSocket-Protocol"); len(p) > 0 {
		if len(p) > 1 || !offered(strings.TrimSpace(p[0]), protocols, strings.TrimSpace) {
			return violation(ErrResponseProtocol, -1, strings.Join(p, ", "))
		}
	}
	return nil
}

// extensionName is the name of one extension offer or answer, without its
// parameters (section 9.1).
func extensionName(e string) string {
	name, _, _ := strings.Cut(e, ";")
	return strings.TrimSpace(name)
}

// offered reports whether name is among list, each element read through key.
func offered(name string, list []string, key func(string) string) bool {
	for _, o := range list {
		if EqualFoldASCII(key(o), name) {
			return true
		}
	}
	return false
}
