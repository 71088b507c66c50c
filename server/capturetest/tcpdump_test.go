package capturetest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/protocol/capture"
)

// serverPkg is the wsplay binary's package, relative to the module root.
const serverPkg = "./server/cmd/wsplay"

// hangGuard bounds every wait of these tests.
const hangGuard = 60 * time.Second

// TestTcpdumpRecordingMatchesTshark records real traffic between the wsplay
// server and a raw client on loopback with tcpdump, then reads the capture
// with the reader and with tshark and compares them frame by frame.
func TestTcpdumpRecordingMatchesTshark(t *testing.T) {
	t.Parallel()
	tcpdump, dir, bin := recordingTools(t)
	addr := startServer(t, bin, "127.0.0.1:0")
	addr6 := startServer(t, bin, "[::1]:0")
	ports := []int{addr.Port, addr6.Port}
	// -i lo writes Ethernet; -i any writes Linux cooked v2 (SLL2).
	files := map[capture.LinkType]string{
		capture.LinkEthernet: filepath.Join(dir, "lo.pcap"),
		capture.LinkSLL2:     filepath.Join(dir, "any.pcap"),
	}
	var stops []func()
	for link, file := range files {
		iface := "lo"
		if link == capture.LinkSLL2 {
			iface = "any"
		}
		stops = append(stops, startTcpdump(t, tcpdump, iface, file, ports))
	}

	lessonConnection(t, addr.String())
	for _, bad := range [][]byte{
		frame(protocol.Header{Fin: true, Opcode: 0x3, Masked: true}, "reserved opcode"),
		frame(protocol.Header{Fin: true, Opcode: protocol.OpText}, "unmasked"),
		frame(protocol.Header{Fin: true, Opcode: protocol.OpText, Masked: true}, "bad \xc3\x28 UTF-8"),
	} {
		brokenConnection(t, addr.String(), bad)
	}
	lessonConnection(t, addr6.String()) // the same over IPv6
	for _, file := range files {
		waitForConnections(t, file, 5)
	}
	for _, stop := range stops {
		stop()
	}
	if keep := os.Getenv("WSPLAY_CAPTURE_KEEP"); keep != "" { // to look at them in Wireshark
		for _, file := range files {
			b, err := os.ReadFile(file)
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(keep, filepath.Base(file)), b, 0o644))
		}
	}
	for link, file := range files {
		t.Run(link.String(), func(t *testing.T) { compareWithTshark(t, file, link, ports) })
	}
}

// compareWithTshark reads a recording of the lesson, the three broken
// connections and the lesson over IPv6 with the reader and with tshark.
func compareWithTshark(t *testing.T, file string, link capture.LinkType, ports []int) {
	b, err := os.ReadFile(file)
	require.NoError(t, err)
	c, err := capture.Read(b, capture.Limits{})
	require.NoError(t, err)
	assert.Empty(t, c.Problems)
	require.Len(t, c.Interfaces, 1)
	require.Equal(t, link, c.Interfaces[0].LinkType)
	require.Len(t, c.Connections, 5)
	codes := []int{}
	for _, conn := range c.Connections {
		require.Equal(t, capture.KindWebSocket, conn.Kind, conn.Reason)
		assert.True(t, conn.Client.SYN && conn.Server.SYN)
		assert.NoError(t, conn.ResponseErr)
		last := conn.Frames[len(conn.Frames)-1]
		require.NotNil(t, last.Close, "the server's close frame ends each connection")
		codes = append(codes, int(last.Close.Code))
	}
	assert.Equal(t, []int{1000, 1002, 1002, 1007, 1000}, codes)
	assert.True(t, c.Connections[4].Client.Addr.V6)
	// The server's port is a random free one. Wireshark finds HTTP there by
	// heuristics, unless the client's ephemeral port happens to be one that
	// another dissector registered (it tries the lower port first), so the
	// port is named as HTTP. The writer's test uses 8080 and no settings.
	var decodeAs []string
	for _, p := range ports {
		decodeAs = append(decodeAs, "-d", "tcp.port=="+strconv.Itoa(p)+",http")
	}
	want := tsharkFrames(t, file, ports, decodeAs...)
	got := ourFrames(t, b)
	assert.Greater(t, len(got), 20)
	requireSameFrames(t, want, got)
}

// recordingTools checks for tshark, tcpdump and root, and builds the wsplay
// binary into a temporary directory.
func recordingTools(t *testing.T) (tcpdump, dir, bin string) {
	t.Helper()
	requireTool(t, "tshark")
	tcpdump = requireTool(t, "tcpdump")
	if os.Geteuid() != 0 && os.Getenv("CI") != "true" {
		t.Skip("tcpdump -i lo needs root")
	}
	dir = t.TempDir()
	return tcpdump, dir, buildServer(t, dir)
}

// buildServer builds the wsplay binary into dir.
func buildServer(t *testing.T, dir string) string {
	t.Helper()
	root, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}").Output()
	require.NoError(t, err)
	bin := filepath.Join(dir, "wsplay")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, serverPkg)
	cmd.Dir = strings.TrimSpace(string(root))
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	return bin
}

var listeningURL = regexp.MustCompile(`"url":"http://([^"]+)"`)

// startServer runs the binary on listen (a loopback address with port 0),
// with more flags if given, and returns the address it got.
func startServer(t *testing.T, bin, listen string, flags ...string) *net.TCPAddr {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"-addr", listen, "-log-format", "json", "-ping-interval", "1h"}, flags...)...)
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
	})
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := listeningURL.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
				break
			}
		}
		_, _ = io.Copy(io.Discard, stderr)
	}()
	select {
	case a := <-found:
		addr, err := net.ResolveTCPAddr("tcp", a)
		require.NoError(t, err)
		return addr
	case <-time.After(hangGuard):
		t.Fatal("the server never said where it listens")
	}
	return nil
}

// startTcpdump records ports on iface into file and returns once tcpdump
// is listening; the function it returns stops it.
func startTcpdump(t *testing.T, tcpdump, iface, file string, ports []int) func() {
	t.Helper()
	// -B: a 32 MiB kernel buffer, so that a busy machine does not drop the
	// first packets of a connection before tcpdump is scheduled.
	args := []string{"-i", iface, "-U", "-s", "0", "-B", "32768", "-w", file}
	for i, p := range ports {
		if i > 0 {
			args = append(args, "or")
		}
		args = append(args, "port", strconv.Itoa(p))
	}
	cmd := exec.Command(tcpdump, args...)
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	stopped := false
	stop := func() {
		if stopped {
			return
		}
		stopped = true
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
	}
	t.Cleanup(stop)
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if strings.Contains(sc.Text(), "listening on") {
				close(ready)
				break
			}
		}
		_, _ = io.Copy(io.Discard, stderr)
	}()
	select {
	case <-ready:
	case <-time.After(hangGuard):
		t.Fatal("tcpdump never said it was listening")
	}
	return stop
}

// waitForConnections waits until the capture holds n WebSocket connections
// that both sides closed, so that tcpdump has written every packet before it
// stops.
func waitForConnections(t *testing.T, file string, n int) {
	t.Helper()
	deadline := time.Now().Add(hangGuard)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(file); err == nil {
			c, _ := capture.Read(b, capture.Limits{})
			closed := 0
			for _, conn := range c.Connections {
				if conn.Kind.IsWebSocket() && conn.Client.FIN && conn.Server.FIN {
					closed++
				}
			}
			if closed == n {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	b, _ := os.ReadFile(file)
	c, err := capture.Read(b, capture.Limits{})
	for _, conn := range c.Connections {
		t.Logf("connection %d: %s %s, client FIN %v RST %v, server FIN %v RST %v", conn.Number, conn.Kind, conn.Reason,
			conn.Client.FIN, conn.Client.RST, conn.Server.FIN, conn.Server.RST)
	}
	t.Fatalf("the capture never held %d closed connections (%v)", n, err)
}

var clientMask = [4]byte{0x12, 0x34, 0x56, 0x78}

// frame encodes one client frame; masked ones use clientMask.
func frame(h protocol.Header, payload string) []byte {
	if h.Masked {
		h.MaskKey = clientMask
	}
	return protocol.AppendFrame(nil, protocol.Frame{Header: h, Payload: []byte(payload)})
}

func masked(fin bool, op protocol.Opcode, payload string) []byte {
	return frame(protocol.Header{Fin: fin, Opcode: op, Masked: true}, payload)
}

// dial opens a WebSocket on a plain net.Conn with the core's handshake.
func dial(t *testing.T, addr, path string) net.Conn {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, hangGuard)
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close() }) // a second Close only returns an error
	require.NoError(t, c.SetDeadline(time.Now().Add(hangGuard)))
	req := protocol.NewRequest(protocol.ClientRequest{Host: addr, Path: path})
	_, err = c.Write(protocol.AppendRequest(nil, req))
	require.NoError(t, err)
	var head []byte
	buf := make([]byte, 4096)
	for {
		n, err := c.Read(buf)
		require.NoError(t, err)
		head = append(head, buf[:n]...)
		resp, size, err := protocol.ParseResponse(head)
		require.NoError(t, err)
		if size > 0 {
			require.Equal(t, 101, resp.Status)
			require.Equal(t, size, len(head), "the server sends nothing before the client's first frame")
			return c
		}
	}
}

// lessonConnection sends fragmented, control and large frames, then closes.
func lessonConnection(t *testing.T, addr string) {
	c := dial(t, addr, "/ws?frag=16000")
	big := strings.Repeat("0123456789abcdef", 200_000/16)
	var out []byte
	for _, f := range [][]byte{
		masked(true, protocol.OpText, "Hello"),
		masked(false, protocol.OpText, "and a"),
		masked(true, protocol.OpPing, "in between"),
		masked(false, protocol.OpContinuation, " happy new"),
		masked(true, protocol.OpContinuation, " year!"),
		masked(true, protocol.OpBinary, big),
		masked(false, protocol.OpBinary, big[:70_000]),
		masked(true, protocol.OpContinuation, big[:1000]),
		masked(true, protocol.OpPong, "unasked"),
		masked(true, protocol.OpClose, "\x03\xe8bye"),
	} {
		out = append(out, f...)
	}
	_, err := c.Write(out)
	require.NoError(t, err)
	readToEnd(t, c)
}

// brokenConnection sends a good frame, then one that breaks a rule: the
// server closes with the rule's code.
func brokenConnection(t *testing.T, addr string, bad []byte) {
	c := dial(t, addr, "/ws")
	_, err := c.Write(append(masked(true, protocol.OpText, "fine"), bad...))
	require.NoError(t, err)
	readToEnd(t, c)
}

// readToEnd reads until the server closes the connection, then closes the
// client's side.
func readToEnd(t *testing.T, c net.Conn) {
	t.Helper()
	var all bytes.Buffer
	_, err := io.Copy(&all, c)
	if err != nil && !errors.Is(err, net.ErrClosed) {
		require.NoError(t, err)
	}
	require.NotZero(t, all.Len())
	require.NoError(t, c.Close())
}
