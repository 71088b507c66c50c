package protocol

import "strings"

// Extension is one element of a Sec-WebSocket-Extensions list (RFC 6455
// section 9.1): a name and its parameters, as one offer of a client or the
// answer of a server.
type Extension struct {
	Name   string
	Params []ExtensionParam
	Text   string // the element as it was written, trimmed
	// Malformed is set when the element does not follow the grammar of
	// section 9.1; Name and Params then hold what could be read.
	Malformed bool
}

// ExtensionParam is one parameter: a name with an optional value. A quoted
// value is unquoted; section 9.1 requires it to be a token then too.
type ExtensionParam struct {
	Name     string
	Value    string
	HasValue bool
}

// ParseExtensions reads every element of one or more Sec-WebSocket-Extensions
// header values, in order: several offers may share a header or come in
// several headers, and both mean the same list.
func ParseExtensions(values ...string) []Extension {
	var out []Extension
	for _, v := range values {
		for _, elem := range splitOutsideQuotes(v, ',') {
			if elem = strings.TrimSpace(elem); elem != "" {
				out = append(out, parseExtension(elem))
			}
		}
	}
	return out
}

// splitOutsideQuotes cuts s at every sep that is not inside a quoted string.
func splitOutsideQuotes(s string, sep byte) []string {
	var parts []string
	quoted, escaped, start := false, false, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case escaped:
			escaped = false
		case quoted && c == '\\':
			escaped = true
		case c == '"':
			quoted = !quoted
		case c == sep && !quoted:
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	return append(parts, s[start:])
}

func parseExtension(elem string) Extension {
	parts := splitOutsideQuotes(elem, ';')
	e := Extension{Name: strings.TrimSpace(parts[0]), Text: elem}
	e.Malformed = !isToken([]byte(e.Name)) || e.Name == ""
	for _, p := range parts[1:] {
		name, value, hasValue := strings.Cut(p, "=")
		param := ExtensionParam{Name: strings.TrimSpace(name), HasValue: hasValue}
		if !isToken([]byte(param.Name)) || param.Name == "" {
			e.Malformed = true
		}
		if hasValue {
			v, ok := paramValue(strings.TrimSpace(value))
			param.Value = v
			e.Malformed = e.Malformed || !ok
		}
		e.Params = append(e.Params, param)
	}
	return e
}

// paramValue unquotes a quoted-string and checks that the value is a token.
func paramValue(v string) (string, bool) {
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		var b strings.Builder
		for i := 1; i < len(v)-1; i++ {
			if v[i] == '\\' && i+1 < len(v)-1 {
				i++
			}
			b.WriteByte(v[i])
		}
		v = b.String()
	}
	return v, v != "" && isToken([]byte(v))
}
