package ws

import (
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/protocol/deflate"
	"github.com/wsplay/wsplay/server/internal/testutil"
	"github.com/wsplay/wsplay/server/internal/wsclient"
)

// recorder keeps what its Handler saw, and on "burst" sends from two
// goroutines at once.
type recorder struct {
	mu   sync.Mutex
	seen []Message
}

func (r *recorder) Open(*Conn) error { return nil }

func (r *recorder) Message(c *Conn, m Message) error {
	r.mu.Lock()
	r.seen = append(r.seen, Message{Opcode: m.Opcode, Payload: append([]byte(nil), m.Payload...), Compressed: m.Compressed})
	r.mu.Unlock()
	if string(m.Payload) != "burst" {
		return nil
	}
	var wg sync.WaitGroup
	for _, text := range burst {
		wg.Go(func() { _ = c.Send(protocol.OpText, text) })
	}
	wg.Wait()
	return nil
}

// burst are the two messages sent at once: different, and long enough to
// overlap.
var burst = [][]byte{
	[]byte(strings.Repeat("the first goroutine's message; ", 3000)),
	[]byte(strings.Repeat("a second, other message! ", 3000)),
}

// A Handler learns which messages came compressed, and gets them inflated;
// sends from several goroutines go out one whole compressed message at a
// time, in the order they were compressed: with the server keeping its
// context (the core's compressor, a 1 KiB window) the client's inflater,
// which keeps it too, reads them back.
func TestDeflateHandlerSeesCompressed(t *testing.T) {
	t.Parallel()
	srv := testServer(1 << 20)
	server, client := net.Pipe()
	params := protocol.DeflateParams{ServerMaxWindowBits: 10, ClientMaxWindowBits: 15}
	rec := &recorder{}
	done := make(chan bool, 1)
	go func() {
		done <- srv.ServeConnAgreed(server, rec, protocol.Agreement{Deflate: protocol.DeflateAnswer{Accepted: true, Params: params}})
	}()
	c := testutil.Wrap(t, wsclient.Over(client, wsclient.Options{Timeout: testutil.IOTimeout}))
	c.SendFrame(protocol.Header{Fin: true, Rsv1: true, Opcode: protocol.OpText}, []byte{0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00})
	c.Send(protocol.OpText, []byte("plain"))
	c.SendFrame(protocol.Header{Fin: true, Rsv1: true, Opcode: protocol.OpText},
		deflate.NewCompressor(deflate.CompressorOptions{}).Compress(nil, []byte("burst")))
	z := deflate.NewInflater(deflate.Options{WindowBits: 10})
	var got [][]byte
	for range 2 {
		h, payload, err := readRSV1Frame(client)
		require.NoError(t, err)
		assert.True(t, h.Rsv1 && h.Fin, "one whole compressed frame: %s", h)
		msg, err := z.Inflate(nil, payload)
		require.NoError(t, err, "the messages went out in the order they were compressed")
		got = append(got, msg)
	}
	assert.ElementsMatch(t, burst, got)
	require.NoError(t, client.Close())
	select {
	case <-done:
	case <-time.After(testutil.IOTimeout):
		t.Fatal("the handler did not return")
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	assert.Equal(t, []Message{
		{Opcode: protocol.OpText, Payload: []byte("Hello"), Compressed: true},
		{Opcode: protocol.OpText, Payload: []byte("plain")},
		{Opcode: protocol.OpText, Payload: []byte("burst"), Compressed: true},
	}, rec.seen)
}

// readRSV1Frame reads one server frame off nc, RSV1 allowed. net.Pipe hands
// over each of the server's writes on its own, one frame each here.
func readRSV1Frame(nc net.Conn) (protocol.Header, []byte, error) {
	_ = nc.SetReadDeadline(time.Now().Add(testutil.IOTimeout))
	var buf []byte
	chunk := make([]byte, 4096)
	for {
		h, n, _ := protocol.ParseHeader(buf)
		if n > 0 && len(buf) >= n+int(h.Length) {
			return h, buf[n : n+int(h.Length)], protocol.CheckHeader(h, protocol.Limits{From: protocol.FromServer, Extensions: 4})
		}
		k, err := nc.Read(chunk)
		if err != nil {
			return h, nil, err
		}
		buf = append(buf, chunk[:k]...)
	}
}
