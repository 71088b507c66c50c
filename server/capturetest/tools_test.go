package capturetest

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/protocol/capture"
)

// requireTool returns the path of a command, skipping the test when it is
// missing, except under CI=true, where that fails it.
func requireTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required under CI=true (apt-get install %s): %v", name, name, err)
		}
		t.Skipf("%s not installed: %v", name, err)
	}
	return p
}

// wireFrame is what both readers must agree on about one frame.
type wireFrame struct {
	Packet     int
	Fin        bool
	Opcode     int
	MaskKey    string // hex, "" when not masked
	Payload    string // hex of the unmasked payload
	CloseCode  int    // 0 unless a close frame with a code
	FromServer bool
}

func (f wireFrame) String() string {
	p := f.Payload
	if len(p) > 40 {
		p = p[:40] + "…(" + strconv.Itoa(len(f.Payload)/2) + " bytes)"
	}
	return "packet " + strconv.Itoa(f.Packet) + " fin=" + strconv.FormatBool(f.Fin) + " op=" + strconv.Itoa(f.Opcode) +
		" mask=" + f.MaskKey + " close=" + strconv.Itoa(f.CloseCode) + " payload=" + p
}

// ourFrames lists the frames of every WebSocket connection the reader found.
func ourFrames(t *testing.T, file []byte) []wireFrame {
	t.Helper()
	c, err := capture.Read(file, capture.Limits{})
	require.NoError(t, err)
	var out []wireFrame
	for _, conn := range c.Connections {
		if !conn.Kind.IsWebSocket() {
			continue
		}
		for _, f := range conn.Frames {
			w := wireFrame{Packet: f.Packet, Fin: f.Header.Fin, Opcode: int(f.Header.Opcode),
				Payload: hex.EncodeToString(f.Payload), FromServer: f.From == protocol.FromServer}
			if f.Header.Masked {
				w.MaskKey = hex.EncodeToString(f.Header.MaskKey[:])
			}
			if f.Header.Opcode == protocol.OpClose && len(f.Payload) >= 2 {
				w.CloseCode = int(f.Payload[0])<<8 | int(f.Payload[1])
			}
			out = append(out, w)
		}
	}
	return out
}

// tsharkFrames runs `tshark -r file -Y websocket -T json` and lists the
// WebSocket frames Wireshark's dissector found, in packet order.
// A frame whose TCP source port is one of serverPorts came from the server.
// extra are more tshark arguments.
func tsharkFrames(t *testing.T, file string, serverPorts []int, extra ...string) []wireFrame {
	t.Helper()
	tshark := requireTool(t, "tshark")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	args := append([]string{"-r", file, "-Y", "websocket", "-T", "json", "-x", "--no-duplicate-keys"}, extra...)
	cmd := exec.CommandContext(ctx, tshark, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "tshark: %s", stderr.String())
	var packets []struct {
		Source struct {
			Layers map[string]json.RawMessage `json:"layers"`
		} `json:"_source"`
	}
	require.NoError(t, json.Unmarshal(out, &packets))
	var frames []wireFrame
	for _, p := range packets {
		var frame map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(p.Source.Layers["frame"], &frame))
		num := firstString(t, frame["frame.number"])
		n, err := strconv.Atoi(num)
		require.NoError(t, err)
		srcPort := tcpSrcPort(t, p.Source.Layers["tcp"])
		for _, ws := range objects(t, p.Source.Layers["websocket"]) {
			frames = append(frames, tsharkFrame(t, n, ws, slices.Contains(serverPorts, srcPort)))
		}
	}
	return frames
}

func tsharkFrame(t *testing.T, packet int, ws map[string]json.RawMessage, fromServer bool) wireFrame {
	t.Helper()
	op, err := strconv.Atoi(firstString(t, ws["websocket.opcode"]))
	require.NoError(t, err)
	f := wireFrame{Packet: packet, Fin: firstString(t, ws["websocket.fin"]) == "1", Opcode: op,
		FromServer: fromServer}
	if firstString(t, ws["websocket.mask"]) == "1" {
		f.MaskKey = strings.ReplaceAll(firstString(t, ws["websocket.masking_key"]), ":", "")
	}
	if raw, ok := ws["websocket.payload_raw"]; ok {
		var fields []any
		require.NoError(t, json.Unmarshal(raw, &fields))
		f.Payload = fields[0].(string)
	}
	if op == int(protocol.OpClose) && len(f.Payload) >= 4 {
		code, err := strconv.ParseUint(f.Payload[:4], 16, 16)
		require.NoError(t, err)
		f.CloseCode = int(code)
		// Wireshark's own reading of the code, to make sure it is the field we think.
		var payload map[string]json.RawMessage
		if json.Unmarshal(ws["websocket.payload"], &payload) == nil {
			var cl map[string]json.RawMessage
			if json.Unmarshal(payload["websocket.payload.close"], &cl) == nil {
				require.Equal(t, strconv.Itoa(int(code)), firstString(t, cl["websocket.payload.close.status_code"]))
			}
		}
	}
	return f
}

func tcpSrcPort(t *testing.T, raw json.RawMessage) int {
	t.Helper()
	var tcp map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(raw, &tcp))
	p, err := strconv.Atoi(firstString(t, tcp["tcp.srcport"]))
	require.NoError(t, err)
	return p
}

// objects reads a layer that is one object, or several when a packet holds
// more than one frame.
func objects(t *testing.T, raw json.RawMessage) []map[string]json.RawMessage {
	t.Helper()
	var one map[string]json.RawMessage
	if json.Unmarshal(raw, &one) == nil {
		return []map[string]json.RawMessage{one}
	}
	var many []map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(raw, &many), "%s", raw)
	return many
}

// firstString reads a value that is a string, or a list of them.
func firstString(t *testing.T, raw json.RawMessage) string {
	t.Helper()
	if raw == nil {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var list []string
	require.NoError(t, json.Unmarshal(raw, &list), "%s", raw)
	require.NotEmpty(t, list)
	return list[0]
}

// requireSameFrames compares the two readers frame by frame.
func requireSameFrames(t *testing.T, want, got []wireFrame) {
	t.Helper()
	for i := range min(len(want), len(got)) {
		require.Equal(t, want[i], got[i], "frame %d:\ntshark: %s\nwsplay: %s", i, want[i], got[i])
	}
	require.Equal(t, len(want), len(got), "frame counts")
	t.Logf("tshark and wsplay agree on %d frames", len(got))
}

// tsharkInflated lists the text Wireshark inflated from each compressed
// WebSocket text message (websocket.pmc set), in packet order.
func tsharkInflated(t *testing.T, file string, extra ...string) []string {
	t.Helper()
	tshark := requireTool(t, "tshark")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	args := append([]string{"-r", file, "-Y", "websocket.pmc == 1 && websocket.opcode == 1", "-T", "fields", "-e", "websocket.payload.text", "-E", "occurrence=a"}, extra...)
	out, err := exec.CommandContext(ctx, tshark, args...).Output()
	require.NoError(t, err)
	var texts []string
	for _, line := range strings.Split(strings.TrimSuffix(string(out), "\n"), "\n") {
		if line != "" {
			texts = append(texts, line)
		}
	}
	return texts
}
