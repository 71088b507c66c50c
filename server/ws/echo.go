package ws

import (
	"errors"
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/wsplay/wsplay/protocol"
)

// maxGreeting is the longest ?greet= text, in bytes.
const maxGreeting = 1024

// Echo sends every message back with its opcode: the demo /ws serves.
type Echo struct {
	Greet string // text sent as soon as the connection opens; "" for none
	Frag  int    // echo in frames of this many payload bytes; 0 = as it came
}

// ChooseEcho reads the echo's options from the query string, greet= and
// frag=, as the page sends them.
func ChooseEcho(r *http.Request) (Handler, error) {
	var e Echo
	q := r.URL.Query()
	e.Greet = q.Get("greet")
	if len(e.Greet) > maxGreeting || !utf8.ValidString(e.Greet) {
		return nil, errors.New("greet: want UTF-8 text of at most " + strconv.Itoa(maxGreeting) + " bytes")
	}
	if f := q.Get("frag"); f != "" {
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 {
			return nil, errors.New("frag: want a frame size of at least 1 byte")
		}
		e.Frag = n
	}
	if e == (Echo{}) {
		return plainEcho, nil
	}
	return e, nil
}

// plainEcho is the Echo with no options, boxed once: most connections use
// it, and an idle one then holds no handler of its own.
var plainEcho Handler = Echo{}

// Open sends the greeting: the tutorials' first example, where the server
// speaks first.
func (e Echo) Open(c *Conn) error {
	if e.Greet == "" {
		return nil
	}
	c.Logger().Info("greeting sent", "conn", c.ID(), "text", e.Greet)
	return c.Send(protocol.OpText, []byte(e.Greet))
}

// Message echoes m: in frames of e.Frag bytes when fragments were asked for,
// else as one frame, with no copy when it arrived in one.
func (e Echo) Message(c *Conn, m Message) error {
	if e.Frag > 0 && len(m.Payload) > e.Frag {
		return c.SendFragments(m.Opcode, m.Payload, e.Frag)
	}
	return c.SendBack(m)
}

// LogAttrs are the fields the "websocket open" log line shows.
func (e Echo) LogAttrs() []any { return []any{"greet", e.Greet != "", "frag", e.Frag} }
