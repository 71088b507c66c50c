// Package testutil holds what the server's tests share: the one test client
// (a t-bound wrapper of wsclient), the one reader of the tap's event stream,
// the one locked buffer, tap ids, and the hang guard every network step
// uses. It imports no package of the server, so every test package may
// import it.
package testutil

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// IOTimeout bounds every network step of a test; it is a hang guard, never
// a performance assertion.
const IOTimeout = 10 * time.Second

// NewTapID makes up a tap id the way the page does: 128 random bits in hex.
func NewTapID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// LockedBuffer collects what other goroutines write (a server's logs, a
// browser's output) for a test to read at any time.
type LockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *LockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String is everything written so far.
func (b *LockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Bytes is a copy of everything written so far.
func (b *LockedBuffer) Bytes() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return bytes.Clone(b.buf.Bytes())
}

// Len is how many bytes were written.
func (b *LockedBuffer) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Len()
}

// WaitFor waits until the buffer holds want, within IOTimeout. A server
// logs a connection after its answer is on the wire, so a client can see
// the answer before the line.
func (b *LockedBuffer) WaitFor(t testing.TB, want string) {
	t.Helper()
	require.Eventually(t, func() bool { return strings.Contains(b.String(), want) },
		IOTimeout, time.Millisecond, "no %q in:\n%s", want, b)
}
