package tap

import (
	"encoding/hex"
	"encoding/json"
	"strconv"
)

var eventNames = map[Kind]string{
	Request:  "request",
	Response: "response",
	Frame:    "frame",
	Closed:   "closed",
	Dropped:  "dropped",
}

// appendEvent formats ev as one SSE event. Bytes travel as hex so they
// arrive exact; handshake heads also come as text for reading.
func appendEvent(b []byte, ev Event) []byte {
	b = append(b, "event: "...)
	b = append(b, eventNames[ev.Kind]...)
	b = append(b, "\ndata: {\"t\":"...)
	b = strconv.AppendInt(b, ev.At.UnixMicro(), 10)
	if ev.Conn != 0 {
		b = appendInt(b, "conn", int64(ev.Conn))
	}
	switch ev.Kind {
	case Request, Response, Frame:
		b = append(b, ",\"from\":\""...)
		b = append(b, ev.From.String()...)
		b = append(b, '"')
		b = appendInt(b, "size", int64(ev.Size))
		if len(ev.Data) < ev.Size {
			b = append(b, ",\"truncated\":true"...)
		}
		if ev.Kind == Request && ev.More != nil {
			b = append(b, ",\"path\":"...)
			b = appendJSONString(b, ev.More.Path)
			if ev.More.Reconstructed {
				b = append(b, ",\"reconstructed\":true"...)
			}
		}
		if ev.Kind != Frame {
			b = append(b, ",\"text\":"...)
			b = appendJSONString(b, string(ev.Data))
		}
		b = append(b, ",\"hex\":\""...)
		b = hex.AppendEncode(b, ev.Data)
		b = append(b, '"')
	case Closed:
		d := ev.More
		if d == nil {
			d = &Details{}
		}
		b = appendInt(b, "code", int64(d.Code))
		b = append(b, ",\"reason\":"...)
		b = appendJSONString(b, d.Reason)
		b = append(b, ",\"by\":"...)
		b = appendJSONString(b, d.By)
		b = append(b, ",\"clean\":"...)
		b = strconv.AppendBool(b, d.Clean)
		if d.Err != "" {
			b = append(b, ",\"error\":"...)
			b = appendJSONString(b, d.Err)
		}
	case Dropped:
		b = appendInt(b, "count", int64(ev.Lost))
	}
	return append(b, "}\n\n"...)
}

func appendInt(b []byte, name string, v int64) []byte {
	b = append(b, ",\""...)
	b = append(b, name...)
	b = append(b, "\":"...)
	return strconv.AppendInt(b, v, 10)
}

// appendJSONString quotes s for JSON (invalid UTF-8 becomes U+FFFD; the hex
// next to it stays exact).
func appendJSONString(b []byte, s string) []byte {
	q, _ := json.Marshal(s)
	return append(b, q...)
}
