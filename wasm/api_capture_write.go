//go:build js && wasm

package main

import (
	"syscall/js"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/protocol/capture"
)

// Saving a session: the tap's events, as the page holds them, written as a
// .pcapng file by the core (capture.Write).

// maxWriteEvents bounds the events writeCapture reads: the tap queues at
// most 2,048 per subscriber, a page keeps what it was sent.
const maxWriteEvents = 200_000

// writeCapture is wsplay.writeCapture(events | {events}): tap events, as the
// live section receives them with their kind added ({kind, t, conn, from,
// hex, size, by, count}), written as a .pcapng file. Each conn becomes one
// TCP connection between two loopback endpoints; a dropped marker is noted
// on the next packet of the connection that follows it.
func writeCapture(args []js.Value) (any, error) {
	var in input
	list := arg(args, 0)
	if given(list) && !list.InstanceOf(jsArray) && list.Type() == js.TypeObject {
		list = list.Get("events")
	}
	if !given(list) || !list.InstanceOf(jsArray) {
		in.fail("give the tap's events: an array, or {events: [...]}")
		return nil, in.err
	}
	if n := list.Length(); n > maxWriteEvents {
		in.fail("at most " + itoa(maxWriteEvents) + " events, not " + itoa(n))
		return nil, in.err
	}
	sessions := sessionsOf(&in, list)
	if in.err != nil {
		return nil, in.err
	}
	b, err := capture.Write(sessions...)
	if err != nil {
		return nil, err
	}
	return object{{"bytes", b}, {"connections", len(sessions)}}, nil
}

// sessionsOf groups the events by connection, in the order each first
// appears.
func sessionsOf(in *input, list js.Value) []capture.Session {
	var sessions []capture.Session
	index := map[string]int{} // conn → its session (string keys: the wasm links no map code for int keys)
	dropped := 0
	for i := range list.Length() {
		name := "events[" + itoa(i) + "]"
		ev, conn, ok := tapEvent(in, list.Index(i), name)
		if !ok {
			return nil
		}
		if ev.Kind == capture.EventDropped {
			dropped += ev.Dropped
			continue
		}
		s, seen := index[itoa(conn)]
		if !seen {
			s = len(sessions)
			index[itoa(conn)] = s
			sessions = append(sessions, capture.Session{})
		}
		if dropped > 0 {
			sessions[s].Events = append(sessions[s].Events, capture.Event{Kind: capture.EventDropped, Dropped: dropped, Time: ev.Time})
			dropped = 0
		}
		sessions[s].Events = append(sessions[s].Events, ev)
	}
	return sessions
}

var eventKinds = map[string]capture.EventKind{
	"request": capture.EventRequest, "response": capture.EventResponse, "frame": capture.EventFrame,
	"closed": capture.EventClosed, "dropped": capture.EventDropped,
}

// tapEvent reads one event in the tap's shape (README, "The wire tap").
func tapEvent(in *input, v js.Value, name string) (ev capture.Event, conn int, ok bool) {
	o := in.options(v, name)
	kind := o.string("kind", "")
	ev.Kind = eventKinds[kind]
	if ev.Kind == 0 {
		in.fail(name + ".kind must be request, response, frame, closed or dropped, not \"" + kind + "\"")
	}
	ev.Time = capture.Timestamp(o.intIn("t", 0, 0, 1<<53) * 1000)
	conn = o.intIn("conn", 0, 0, 1<<53)
	switch ev.Kind {
	case capture.EventRequest, capture.EventResponse, capture.EventFrame:
		ev.From = readRole(o, "from", name, false)
		ev.Bytes, ok = o.bytes("bytes")
		if !ok {
			ev.Bytes, ok = o.bytes("hex")
		}
		if !ok && in.err == nil {
			in.fail(name + " needs its bytes (hex or bytes)")
		}
		ev.Size = o.intIn("size", 0, 0, capture.MaxStreamBytes)
	case capture.EventClosed:
		ev.By = readRole(o, "by", name, true) // "": the TCP connection just ended
	case capture.EventDropped:
		ev.Dropped = o.intIn("count", 0, 0, 1<<31)
	}
	return ev, conn, in.err == nil
}

// readRole reads "client" or "server" (or "" when empty is allowed).
func readRole(o options, key, name string, empty bool) protocol.Role {
	switch s := o.string(key, ""); s {
	case "client":
		return protocol.FromClient
	case "server":
		return protocol.FromServer
	case "":
		if empty {
			return 0
		}
		o.in.fail(name + "." + key + " is required: \"client\" or \"server\"")
	default:
		o.in.fail(name + "." + key + " must be \"client\" or \"server\", not \"" + s + "\"")
	}
	return 0
}
