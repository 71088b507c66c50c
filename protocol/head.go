package protocol

import (
	"bytes"
	"strings"
)

// ParseRequest reads an HTTP/1.1 request head from b. It returns n == 0 and no
// error while the empty line that ends the head has not arrived yet; n is
// otherwise the length of the head, so bytes after it (frames a client
// pipelined) are not lost. Lines may end in CRLF or, leniently, LF.
func ParseRequest(b []byte) (r Request, n int, err error) {
	start, hs, n, err := parseHead(b)
	if n == 0 || err != nil {
		return r, n, err
	}
	parts := strings.Split(start, " ")
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" {
		return r, n, violation(ErrMalformedHTTP, 0, quoteValue(start))
	}
	return Request{Method: parts[0], Target: parts[1], Proto: parts[2], Headers: hs}, n, nil
}

// ParseResponse reads an HTTP/1.1 response head from b, like ParseRequest.
func ParseResponse(b []byte) (r Response, n int, err error) {
	start, hs, n, err := parseHead(b)
	if n == 0 || err != nil {
		return r, n, err
	}
	proto, rest, _ := strings.Cut(start, " ")
	code, reason, _ := strings.Cut(rest, " ")
	status, ok := digitsValue(code)
	if !strings.HasPrefix(proto, "HTTP/") || len(code) != 3 || !ok {
		return r, n, violation(ErrMalformedHTTP, 0, quoteValue(start))
	}
	return Response{Proto: proto, Status: int(status), Reason: reason, Headers: hs}, n, nil
}

// parseHead splits an HTTP message head into its start line and headers.
func parseHead(b []byte) (start string, hs Headers, n int, err error) {
	if n = headLength(b); n == 0 {
		return "", nil, 0, nil
	}
	off := 0
	for lineNo := 0; off < n; lineNo++ {
		i := bytes.IndexByte(b[off:n], '\n')
		line := b[off : off+i]
		lineStart := off
		off += i + 1
		line = bytes.TrimSuffix(line, []byte("\r"))
		if len(line) == 0 {
			break
		}
		if lineNo == 0 {
			start = string(line)
			continue
		}
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok || len(name) == 0 || !isToken(name) {
			return "", nil, n, violation(ErrMalformedHTTP, int64(lineStart), quoteValue(string(line)))
		}
		hs = append(hs, HeaderField{Name: string(name), Value: string(bytes.Trim(value, " \t"))})
	}
	if start == "" {
		return "", nil, n, violation(ErrMalformedHTTP, 0, "")
	}
	return start, hs, n, nil
}

// headLength is the length of the head at the start of b, up to and
// including the empty line that ends it, or 0 while that line is missing.
func headLength(b []byte) int {
	end := bytes.Index(b, []byte("\n\r\n"))
	endLF := bytes.Index(b, []byte("\n\n"))
	switch {
	case end >= 0 && (endLF < 0 || end < endLF):
		return end + 3
	case endLF >= 0:
		return endLF + 2
	}
	return 0
}

// isToken reports whether b is an HTTP token (RFC 7230 section 3.2.6); this
// also refuses a space before the colon and folded lines.
func isToken(b []byte) bool {
	for _, c := range b {
		if c <= ' ' || c >= 0x7F || strings.IndexByte("\"(),/:;<=>?@[\\]{}", c) >= 0 {
			return false
		}
	}
	return true
}
