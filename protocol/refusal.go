package protocol

import "errors"

// Refusal builds the answer to a handshake that CheckRequest refused: the
// status the violated rule names (426 with "Sec-WebSocket-Version: 13" for a
// version mismatch, section 4.4) and a one-line body that says which rule.
func Refusal(err error) Response {
	status, rule := 400, ErrMalformedHTTP
	if v := (*Violation)(nil); errors.As(err, &v) && v.Rule.HTTP != 0 {
		status, rule = v.Rule.HTTP, v.Rule
	}
	r := Response{Proto: "HTTP/1.1", Status: status, Reason: statusText(status), Headers: Headers{
		{"Content-Type", "text/plain; charset=utf-8"},
		{"Connection", "close"},
	}}
	if status == 426 {
		r.Headers = append(r.Headers, HeaderField{"Sec-WebSocket-Version", "13"})
	}
	if err != nil {
		r.Body = err.Error() + "\n"
	} else {
		r.Body = rule.Error() + "\n"
	}
	return r
}

func statusText(code int) string {
	switch code {
	case 101:
		return "Switching Protocols"
	case 400:
		return "Bad Request"
	case 403:
		return "Forbidden"
	case 405:
		return "Method Not Allowed"
	case 426:
		return "Upgrade Required"
	case 431:
		return "Request Header Fields Too Large"
	case 503:
		return "Service Unavailable"
	}
	return "Error"
}
