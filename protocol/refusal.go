package protocol

// Refusal builds the answer to a handshake that CheckRequest refused: the
// status the violated rule names (426 for a version mismatch, section 4.4)
// and a one-line body that says which rule.
func Refusal(err error) Response {
	status, text := 400, ErrMalformedHTTP.Error()
	if v, ok := AsViolation(err); ok && v.Rule.HTTP != 0 {
		status = v.Rule.HTTP
	}
	if err != nil {
		text = err.Error()
	}
	return PlainRefusal(status, text)
}

// PlainRefusal builds a complete refusal of an opening handshake: status, a
// plain-text body of one line that says why, and "Connection: close", since
// the connection stays HTTP and is not reused (section 4.2.2: any status but
// 101 means no WebSocket). A 426 also lists the one version this endpoint
// speaks, "Sec-WebSocket-Version: 13", as section 4.4 requires. A server
// uses it for refusals of its own (403 for a foreign Origin, 503 when full)
// and may append headers such as Retry-After.
func PlainRefusal(status int, why string) Response {
	r := Response{Proto: "HTTP/1.1", Status: status, Reason: statusText(status), Headers: Headers{
		{"Content-Type", "text/plain; charset=utf-8"},
		{"Connection", "close"},
	}, Body: why + "\n"}
	if status == 426 {
		r.Headers = append(r.Headers, HeaderField{"Sec-WebSocket-Version", "13"})
	}
	return r
}

// statusText is the reason phrase of the statuses a WebSocket server answers
// a handshake with (RFC 9110 section 15), and "Error" for any other.
func statusText(code int) string {
	switch code {
	case 101:
		return "Switching Protocols"
	case 400:
		return "Bad Request"
	case 403:
		return "Forbidden"
	case 404:
		return "Not Found"
	case 405:
		return "Method Not Allowed"
	case 409:
		return "Conflict"
	case 410:
		return "Gone"
	case 426:
		return "Upgrade Required"
	case 429:
		return "Too Many Requests"
	case 431:
		return "Request Header Fields Too Large"
	case 500:
		return "Internal Server Error"
	case 503:
		return "Service Unavailable"
	}
	return "Error"
}
