package static

import (
	"strconv"
	"strings"
)

// encodings are the precompressed twins the build may write, best first.
var encodings = []struct{ name, suffix string }{
	{"br", ".br"},
	{"gzip", ".gz"},
}

// accepts reports whether Accept-Encoding header values list coding with a
// non-zero quality ("br;q=0" is an explicit refusal, RFC 9110 section 12.5.3).
func accepts(values []string, coding string) bool {
	for _, v := range values {
		for _, item := range strings.Split(v, ",") {
			name, params, _ := strings.Cut(item, ";")
			if !strings.EqualFold(strings.TrimSpace(name), coding) {
				continue
			}
			q, err := quality(params)
			return err == nil && q > 0
		}
	}
	return false
}

// quality reads the q parameter of one Accept-Encoding item; absent means 1.
func quality(params string) (float64, error) {
	for _, p := range strings.Split(params, ";") {
		k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
		if strings.EqualFold(strings.TrimSpace(k), "q") {
			return strconv.ParseFloat(strings.TrimSpace(v), 64)
		}
	}
	return 1, nil
}
