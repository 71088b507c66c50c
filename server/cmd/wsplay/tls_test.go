package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server/internal/testutil"
	"github.com/wsplay/wsplay/server/internal/wsclient"
)

// testCertificate makes a self-signed ECDSA P-256 certificate for 127.0.0.1,
// writes it and its key as PEM files, and returns their paths and a pool
// that trusts it.
func testCertificate(t *testing.T) (certFile, keyFile string, roots *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "wsplay test"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	cert, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	require.NoError(t, err)

	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	require.NoError(t, os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600))
	require.NoError(t, os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600))
	roots = x509.NewCertPool()
	roots.AddCert(cert)
	return certFile, keyFile, roots
}

// With -tls-cert and -tls-key the server speaks https and wss: a raw client
// over tls.Dial gets its echo, and the tap streams over https with the
// exact request and frames of that connection.
func TestTLS(t *testing.T) {
	t.Parallel()
	certFile, keyFile, roots := testCertificate(t)
	s := runServer(t, "-tls-cert", certFile, "-tls-key", keyFile)
	require.True(t, strings.HasPrefix(s.url, "https://127.0.0.1:"), s.url)
	addr := strings.TrimPrefix(s.url, "https://")
	tlsConfig := &tls.Config{RootCAs: roots, ServerName: "127.0.0.1"}

	// The tap over https.
	https := &http.Client{Transport: &http.Transport{TLSClientConfig: tlsConfig}, Timeout: testutil.IOTimeout}
	defer https.CloseIdleConnections()
	res, err := https.Get(s.url + "/healthz")
	require.NoError(t, err)
	assert.Equal(t, "ok", testutil.Body(t, res))
	assert.Equal(t, "HTTP/1.1", res.Proto, "WebSockets need HTTP/1.1")
	res.Body.Close()
	id := testutil.NewTapID()
	tapRes, err := (&http.Client{Transport: &http.Transport{TLSClientConfig: tlsConfig}}).Get(s.url + "/tap?tap=" + id)
	require.NoError(t, err)
	t.Cleanup(func() { tapRes.Body.Close() })
	require.Equal(t, http.StatusOK, tapRes.StatusCode)
	tap := testutil.StreamOf(t, tapRes)
	require.Equal(t, "hello", tap.Next().Name)

	// wss with the test client.
	wc, err := wsclient.Dial(context.Background(), wsclient.Options{Addr: addr, Path: "/ws?tap=" + id, Origin: s.url,
		TLS: tlsConfig, Timeout: testutil.IOTimeout})
	require.NoError(t, err)
	c := testutil.Wrap(t, wc)
	t.Cleanup(func() { _ = c.Abort() })
	request := c.Request
	payload := []byte("over wss: " + strings.Repeat("€", 100))
	c.Send(protocol.OpText, payload)
	c.Expect(protocol.OpText, payload)
	c.Send(protocol.OpClose, protocol.AppendClose(nil, protocol.StatusNormalClosure, "bye"))
	assert.Equal(t, "bye", c.ExpectClose().Reason)

	evs := tap.Until("closed")
	require.GreaterOrEqual(t, len(evs), 3)
	assert.Equal(t, string(request), string(evs[0].Bytes(t)), "the tap shows the request as it arrived, decrypted")
	assert.False(t, evs[0].Reconstructed)
	assert.Equal(t, c.Frame(protocol.Header{Fin: true, Opcode: protocol.OpText}, payload), evs[2].Bytes(t))
	assert.True(t, evs[len(evs)-1].Clean)

	// Plain http on the TLS port gets nowhere.
	_, err = http.Get("http://" + addr + "/healthz")
	assert.Error(t, err)
}

func TestTLSFlags(t *testing.T) {
	t.Parallel()
	certFile, _, _ := testCertificate(t)
	for _, args := range [][]string{
		{"-tls-cert", certFile},
		{"-tls-cert", certFile, "-tls-key", filepath.Join(t.TempDir(), "missing.pem")},
		{"-tls-cert", certFile, "-tls-key", certFile},
	} {
		err := run(t.Context(), append([]string{"-addr", "127.0.0.1:0"}, args...), func(string) string { return "" }, &strings.Builder{})
		assert.Error(t, err, args)
	}
}
