package lab_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/server"
	"github.com/wsplay/wsplay/server/lab"
)

const docsSite = "https://docs.example.org"

// ask sends one request with an Origin (none when empty) and more headers.
func ask(t *testing.T, method, url, origin, body string, header ...string) *http.Response {
	t.Helper()
	if origin != "" {
		header = append(header, "Origin", origin)
	}
	return send(t, method, url, body, header...)
}

// A page on an allowed origin (-origins) may use the lab as a browser
// does: the preflight, then the POST, then the catalogue; the page's own
// origin too. Any other origin gets 403 and no CORS header, so its page
// reads nothing.
func TestLabCORS(t *testing.T) {
	t.Parallel()
	_, base := startLab(t, server.Config{Origins: []string{docsSite}})
	own := base // the page the server serves: http://127.0.0.1:port
	preflight := []string{"Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type"}
	for _, tc := range []struct {
		name, method, path, origin string
		header                     []string
		status                     int
		allowed                    bool
	}{
		{"preflight from the docs site", http.MethodOptions, "/lab", docsSite, preflight, http.StatusNoContent, true},
		{"POST from the docs site", http.MethodPost, "/lab", docsSite, nil, http.StatusOK, true},
		{"catalogue from the docs site", http.MethodGet, "/lab/experiments", docsSite, nil, http.StatusOK, true},
		{"POST from the server's own page", http.MethodPost, "/lab", own, nil, http.StatusOK, true},
		{"POST without Origin (curl)", http.MethodPost, "/lab", "", nil, http.StatusOK, false},
		{"preflight from a foreign site", http.MethodOptions, "/lab", "https://evil.example", preflight, http.StatusForbidden, false},
		{"POST from a foreign site", http.MethodPost, "/lab", "https://evil.example", nil, http.StatusForbidden, false},
		{"catalogue from a foreign site", http.MethodGet, "/lab/experiments", "https://evil.example", nil, http.StatusForbidden, false},
		{"preflight of the catalogue", http.MethodOptions, "/lab/experiments", docsSite, preflight, http.StatusNoContent, true},
		{"a look-alike origin", http.MethodPost, "/lab", "https://docs.example.org.evil.example", nil, http.StatusForbidden, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res := ask(t, tc.method, base+tc.path, tc.origin, `{"bytes":""}`, tc.header...)
			assert.Equal(t, tc.status, res.StatusCode)
			assert.Contains(t, res.Header.Values("Vary"), "Origin", "caches keep one answer per origin")
			if !tc.allowed {
				assert.Empty(t, res.Header.Get("Access-Control-Allow-Origin"))
				return
			}
			assert.Equal(t, tc.origin, res.Header.Get("Access-Control-Allow-Origin"))
			if tc.method == http.MethodOptions {
				assert.Contains(t, res.Header.Get("Access-Control-Allow-Methods"), map[string]string{"/lab": "POST", "/lab/experiments": "GET"}[tc.path])
				assert.Equal(t, "Content-Type", res.Header.Get("Access-Control-Allow-Headers"))
				assert.NotEmpty(t, res.Header.Get("Access-Control-Max-Age"))
			}
		})
	}
}

// A refusal to an allowed origin carries the CORS header, so that the page
// can read why (here 429 with Retry-After); the methods the lab does not
// take get 405 naming those it does.
func TestLabCORSRefusalsAreReadable(t *testing.T) {
	t.Parallel()
	_, base := startLab(t, server.Config{Origins: []string{docsSite}, Lab: server.LabLimits{Rate: 0.001, Burst: 1}})
	require.Equal(t, http.StatusOK, ask(t, http.MethodPost, base+"/lab", docsSite, `{"bytes":""}`).StatusCode)
	res := ask(t, http.MethodPost, base+"/lab", docsSite, `{"bytes":""}`)
	assert.Equal(t, http.StatusTooManyRequests, res.StatusCode)
	assert.Equal(t, docsSite, res.Header.Get("Access-Control-Allow-Origin"))
	assert.NotEmpty(t, res.Header.Get("Retry-After"))
	msg, _ := refusal(t, res)
	assert.Contains(t, msg, "too many experiments")

	res = ask(t, http.MethodDelete, base+"/lab/experiments", docsSite, "")
	assert.Equal(t, http.StatusMethodNotAllowed, res.StatusCode)
	assert.Equal(t, "GET, HEAD, OPTIONS", res.Header.Get("Allow"))
	res = ask(t, http.MethodPut, base+"/lab", docsSite, "")
	assert.Equal(t, "POST, OPTIONS", res.Header.Get("Allow"))
}

// The catalogue reads no body and names the Host it was asked with, which
// net/http has already checked (no line break can reach a request head);
// HEAD gets the headers alone.
func TestCatalogueRequestShapes(t *testing.T) {
	t.Parallel()
	_, base := startLab(t, server.Config{})
	res := send(t, http.MethodGet, base+"/lab/experiments", strings.Repeat("x", 1<<20), "Host", "docs.example.org:8443")
	require.Equal(t, http.StatusOK, res.StatusCode)
	var cat lab.Catalogue
	require.NoError(t, json.NewDecoder(res.Body).Decode(&cat))
	for _, e := range cat.Experiments {
		if e.Request != "" && e.ID != "not-http" && e.ID != "no-host" {
			assert.True(t, strings.Contains(e.Request, "\r\nHost: docs.example.org:8443\r\n"), "%s: the host asked for", e.ID)
		}
	}
	head := send(t, http.MethodHead, base+"/lab/experiments", "")
	assert.Equal(t, http.StatusOK, head.StatusCode)
	body, err := io.ReadAll(head.Body)
	require.NoError(t, err)
	assert.Empty(t, body)
}
