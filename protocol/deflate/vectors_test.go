package deflate

import (
	"encoding/hex"
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

// rfcExample is one example of RFC 7692 section 7.2.3, from
// testdata/rfc7692.json (shared with the protocol package's tests).
type rfcExample struct {
	ID         string          `json:"id"`
	Section    string          `json:"section"`
	What       string          `json:"what"`
	Text       string          `json:"text"`
	Previous   string          `json:"previous"`
	DeflateHex string          `json:"deflate_hex"`
	WireHex    json.RawMessage `json:"wire_hex"`
}

// loadExamples reads the RFC 7692 examples: the one loader of the file.
func loadExamples(t testing.TB) map[string]rfcExample {
	t.Helper()
	raw, err := os.ReadFile("testdata/rfc7692.json")
	require.NoError(t, err)
	var file struct {
		Examples []rfcExample `json:"examples"`
	}
	require.NoError(t, json.Unmarshal(raw, &file))
	out := map[string]rfcExample{}
	for _, e := range file.Examples {
		out[e.ID] = e
	}
	require.NotEmpty(t, out)
	return out
}

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	require.NoError(t, err)
	return b
}
