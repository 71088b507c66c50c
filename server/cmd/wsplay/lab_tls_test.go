package main

import (
	"bufio"
	"crypto/tls"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/server/internal/testutil"
)

// Over TLS the lab speaks TLS to its own listener too: the unmasked
// "Hello" of RFC 6455 section 5.7 still gets 1002.
func TestLabOverTLS(t *testing.T) {
	t.Parallel()
	certFile, keyFile, roots := testCertificate(t)
	s := runServer(t, "-tls-cert", certFile, "-tls-key", keyFile)
	https := &http.Client{Timeout: testutil.IOTimeout,
		Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots, ServerName: "127.0.0.1"}}}
	defer https.CloseIdleConnections()
	res, err := https.Post(s.url+"/lab", "application/json", strings.NewReader(`{"bytes":"810548656c6c6f"}`))
	require.NoError(t, err)
	defer res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)
	var last string
	for sc := bufio.NewScanner(res.Body); sc.Scan(); {
		last = sc.Text()
	}
	assert.Contains(t, last, `"status":101,"closeCode":1002`)
	assert.Contains(t, last, `"rule":"client-frame-unmasked"`)
}
