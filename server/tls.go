package server

import (
	"crypto/tls"
	"fmt"
)

// LoadTLS reads the certificate and key for https and wss. Only HTTP/1.1
// is offered: a WebSocket upgrade is an HTTP/1.1 exchange (RFC 6455
// section 4.1), and the tap's event stream needs nothing more.
func LoadTLS(certFile, keyFile string) (*tls.Config, error) {
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, fmt.Errorf("-tls-cert %s, -tls-key %s: %w", certFile, keyFile, err)
	}
	return &tls.Config{
		Certificates: []tls.Certificate{cert},
		MinVersion:   tls.VersionTLS12,
		NextProtos:   []string{"http/1.1"},
	}, nil
}
