package server

import (
	"errors"
	"fmt"
	"net/http"
	"path"
	"strings"
)

// The page only ever runs its own files: scripts and the WebAssembly core
// from this server ('wasm-unsafe-eval' lets WebAssembly compile; it allows
// no JavaScript eval), styles from its own stylesheets, and connections
// back to this server. A payload that somehow reached the DOM as HTML could
// then still run nothing: inline scripts, event handler attributes and
// foreign scripts are all refused by the browser.
const pagePolicy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
	"img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'"

// securityHeaders sets the headers every response carries: the content
// security policy (with the frame policy of the page asked for), no MIME
// sniffing, and no Referer leaving the page (its URL holds the learner's
// inputs).
func securityHeaders(frameAncestors []string, next http.Handler) http.Handler {
	embedFrom := "*"
	if len(frameAncestors) > 0 {
		embedFrom = strings.Join(frameAncestors, " ")
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		// embed.html is made to be framed by other sites (-frame-ancestors);
		// the full page only by itself, so no other site can overlay it.
		ancestors := "'self'"
		if path.Clean(r.URL.Path) == "/embed.html" {
			ancestors = embedFrom
		} else {
			h.Set("X-Frame-Options", "SAMEORIGIN") // for browsers without frame-ancestors
		}
		h.Set("Content-Security-Policy", pagePolicy+"; connect-src 'self'"+selfSockets(r.Host)+
			"; frame-ancestors "+ancestors)
		next.ServeHTTP(w, r)
	})
}

// selfSockets names this server's ws: and wss: origins for connect-src.
// CSP Level 3 lets 'self' cover them, but older browsers need them spelled
// out. The Host header comes from the client, so it is used only when it
// is a plain host[:port] that cannot smuggle in another directive.
func selfSockets(host string) string {
	if host == "" || len(host) > 255 {
		return ""
	}
	for _, c := range host {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '.' || c == '-' || c == ':' || c == '[' || c == ']'
		if !ok {
			return ""
		}
	}
	return " ws://" + host + " wss://" + host
}

// ParseFrameAncestors reads -frame-ancestors: origins such as
// https://docs.example.org (a leading *. in the host allows its
// subdomains), or *, 'self' or 'none'. nil means the default, *.
func ParseFrameAncestors(s string) ([]string, error) {
	var out []string
	for _, item := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		switch item {
		case "*", "'self'", "'none'":
			out = append(out, item)
			continue
		case "self", "none":
			out = append(out, "'"+item+"'")
			continue
		}
		o := strings.Replace(item, "://*.", "://wildcard.", 1)
		n, ok := normalizeOrigin(o)
		if !ok || strings.ContainsAny(item, ";'\"") {
			return nil, fmt.Errorf("%q is not an origin like https://docs.example.org, nor *, self or none", item)
		}
		out = append(out, strings.Replace(n, "://wildcard.", "://*.", 1))
	}
	for _, item := range out {
		if item == "'none'" && len(out) > 1 {
			return nil, errors.New("'none' cannot be combined with other sources")
		}
	}
	return out, nil
}
