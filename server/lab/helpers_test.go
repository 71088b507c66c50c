package lab_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server"
	"github.com/wsplay/wsplay/server/internal/testutil"
	"github.com/wsplay/wsplay/server/internal/wsclient"
)

// line is any line of an experiment's answer; each type fills its fields.
type line struct {
	Type   string `json:"type"`
	T      int64  `json:"t"`
	From   string `json:"from"`
	Size   int    `json:"size"`
	Status int    `json:"status"`
	Text   string `json:"text"`
	Hex    string `json:"hex"`
	Part   string `json:"part"`
	Offset int    `json:"offset"`
	Opcode string `json:"opcode"`
	Code   int    `json:"code"`
	Reason string `json:"reason"`
	By     string `json:"by"`
	Error  string `json:"error"`

	CloseCode   int    `json:"closeCode"`
	CloseReason string `json:"closeReason"`
	ClosedBy    string `json:"closedBy"`
	Rule        string `json:"rule"`
}

// answer is a whole experiment's answer: its lines, the last one the summary.
type answer struct {
	lines   []line
	summary line
}

func (a answer) ofType(kind string) []line {
	var out []line
	for _, l := range a.lines {
		if l.Type == kind {
			out = append(out, l)
		}
	}
	return out
}

// startLab runs a server on a free 127.0.0.1 port and returns it and its
// base URL; the server stops when the test ends.
func startLab(t testing.TB, cfg server.Config) (*server.Server, string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	if cfg.ShutdownTimeout == 0 {
		cfg.ShutdownTimeout = 5 * time.Second
	}
	if cfg.CloseTimeout == 0 {
		cfg.CloseTimeout = 500 * time.Millisecond
	}
	srv, err := server.New(cfg)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-served:
			if err != nil && !errors.Is(err, http.ErrServerClosed) {
				t.Errorf("serve: %v", err)
			}
		case <-time.After(testutil.IOTimeout):
			t.Error("serve did not return")
		}
	})
	return srv, "http://" + ln.Addr().String()
}

var client = &http.Client{Timeout: 2 * testutil.IOTimeout}

// post sends body to /lab.
func post(t testing.TB, base, body string, header ...string) *http.Response {
	t.Helper()
	return send(t, http.MethodPost, base+"/lab", body, header...)
}

// send makes one request with header's name-value pairs and closes its
// answer when the test ends.
func send(t testing.TB, method, url, body string, header ...string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	require.NoError(t, err)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
		if http.CanonicalHeaderKey(header[i]) == "Host" {
			req.Host = header[i+1] // net/http sends req.Host, not the header
		}
	}
	res, err := client.Do(req)
	require.NoError(t, err)
	t.Cleanup(func() { _ = res.Body.Close() })
	return res
}

// run posts an experiment and reads every line of its answer.
func run(t testing.TB, base string, exp map[string]any) answer {
	t.Helper()
	a, err := fetch(base, exp)
	require.NoError(t, err)
	return a
}

// fetch is run for goroutines other than the test's: it fails nothing.
func fetch(base string, exp map[string]any) (answer, error) {
	body, err := json.Marshal(exp)
	if err != nil {
		return answer{}, err
	}
	res, err := client.Post(base+"/lab", "application/json", bytes.NewReader(body))
	if err != nil {
		return answer{}, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/x-ndjson" {
		return answer{}, fmt.Errorf("status %d, %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	var a answer
	sc := bufio.NewScanner(res.Body)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var l line
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			return answer{}, fmt.Errorf("%w in %s", err, sc.Bytes())
		}
		a.lines = append(a.lines, l)
	}
	if err := sc.Err(); err != nil {
		return answer{}, err
	}
	if len(a.lines) == 0 || a.lines[len(a.lines)-1].Type != "summary" {
		return answer{}, errors.New("the answer does not end with a summary")
	}
	a.summary = a.lines[len(a.lines)-1]
	return a, nil
}

// refusal reads a JSON refusal of the lab.
func refusal(t testing.TB, res *http.Response) (msg string, fields map[string]any) {
	t.Helper()
	require.Equal(t, "application/json", res.Header.Get("Content-Type"))
	require.NoError(t, json.NewDecoder(res.Body).Decode(&fields))
	msg, _ = fields["error"].(string)
	require.NotEmpty(t, msg)
	return msg, fields
}

var maskKey = [4]byte{0x37, 0xfa, 0x21, 0x3d}

// masked is the hex of a masked client frame.
func masked(h protocol.Header, payload []byte) string {
	return hex.EncodeToString(wsclient.Masked(h, payload, maskKey))
}

func hexOf(b []byte) string { return hex.EncodeToString(b) }
