package capture

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
)

// benchCapture is a ~10 MB capture written by Write: echoes of 1 KiB
// messages with a few small ones in between, as a lesson's traffic looks.
func benchCapture(b *testing.B) []byte {
	var frames []sessionFrame
	payload := string(make([]byte, 1024))
	for i := 0; len(frames) < 9000; i++ {
		frames = append(frames, clientFrame(protocol.OpBinary, true, payload), serverFrame(protocol.OpBinary, true, payload))
		if i%10 == 0 {
			frames = append(frames, clientFrame(protocol.OpPing, true, "ping"), serverFrame(protocol.OpPong, true, "ping"))
		}
	}
	s := testSession(frames...)
	for i := range s.Events {
		s.Events[i].Time = testStart + Timestamp(time.Duration(i)*time.Microsecond)
	}
	file, err := Write(s)
	require.NoError(b, err)
	return file
}

func BenchmarkRead10MB(b *testing.B) {
	file := benchCapture(b)
	b.SetBytes(int64(len(file)))
	b.ReportAllocs()
	for b.Loop() {
		c, err := Read(file, Limits{})
		if err != nil || len(c.Connections[0].Frames) < 9000 {
			b.Fatal(err, len(c.Connections[0].Frames))
		}
	}
}

func BenchmarkWrite(b *testing.B) {
	s := testSession(lessonFrames()...)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Write(s); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadMillionTinyPackets reads a million one-byte segments: the
// stream of 7-byte frames arrives a byte at a time.
func BenchmarkReadMillionTinyPackets(b *testing.B) {
	req, _ := handshakeHeads()
	stream := req
	for len(stream) < 1_000_000 {
		stream = protocol.AppendFrame(stream, clientFrame(protocol.OpText, true, "x").f)
	}
	f := acceptedFlow()
	for i := range stream[:1_000_000] {
		f.data(0, i, stream[i:i+1])
	}
	file := pcapFile(littleEndian, false, LinkEthernet, f.pkts)
	b.SetBytes(int64(len(file)))
	b.ReportAllocs()
	for b.Loop() {
		c, err := Read(file, Limits{})
		if err != nil || c.Packets != len(f.pkts) {
			b.Fatal(err, c.Packets)
		}
	}
}
