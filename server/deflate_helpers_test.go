package server

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/server/internal/testutil"
	"github.com/wsplay/wsplay/server/internal/wsclient"
)

// chromeOffer is what Chrome sends on every connection; Firefox sends the
// bare name.
const chromeOffer = "permessage-deflate; client_max_window_bits"

// dialDeflate opens a WebSocket at target offering permessage-deflate with
// offer, and requires the 101.
func dialDeflate(t testing.TB, addr, target, offer string) *testutil.Client {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testutil.IOTimeout)
	defer cancel()
	c, err := wsclient.Dial(ctx, wsclient.Options{Addr: addr, Path: target, Deflate: offer, Timeout: testutil.IOTimeout})
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Abort() })
	return testutil.Wrap(t, c)
}
