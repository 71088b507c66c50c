package lab

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/wsplay/wsplay/protocol"
)

// experiment is one run's input, checked: exactly what goes on the wire.
type experiment struct {
	request  []byte        // the request head as the learner wrote it
	bytes    []byte        // what follows the 101
	chunk    int           // bytes per write; 0 = each part in one write
	reqChunk int           // bytes per write of the request head; 0 = in one write
	pause    time.Duration // between writes
}

// body is the JSON of POST /lab.
type body struct {
	Request *string `json:"request"` // absent: a valid request built by the core
	Bytes   string  `json:"bytes"`   // hex
	Chunk   int     `json:"chunk"`
	// RequestChunk is the request head's own chunk; absent: Chunk. It lets
	// the bytes trickle after a request sent at once.
	RequestChunk *int `json:"requestChunk"`
	PauseMs      int  `json:"pauseMs"`
}

// maxPieces bounds the writes, and so the lines, of one experiment.
const maxPieces = 1024

// parse reads and checks the body; every problem is a 400 that says which
// field and where, or a 413 for too many bytes.
func (l *Lab) parse(w http.ResponseWriter, r *http.Request) (experiment, *refusal) {
	// Hex takes 2 characters a byte (3 with separators), and a raw head
	// in JSON about 1 (2 for \r and \n): 4 a byte covers any real body.
	limit := int64(4*l.cfg.MaxBytes + 1024)
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, limit))
	dec.DisallowUnknownFields()
	var b body
	if err := dec.Decode(&b); err != nil {
		return experiment{}, l.jsonProblem(err, dec.InputOffset())
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return experiment{}, bad("the body holds more than one JSON object", int(dec.InputOffset()))
	}
	req := l.defaultRequest(r)
	if b.Request != nil {
		req = []byte(*b.Request)
	}
	raw, off, err := decodeHex(b.Bytes)
	if err != nil {
		return experiment{}, bad("bytes: "+err.Error(), off)
	}
	if n := len(req) + len(raw); n > l.cfg.MaxBytes {
		return experiment{}, &refusal{status: http.StatusRequestEntityTooLarge, limit: l.cfg.MaxBytes, offset: -1,
			msg: "the request and the bytes come to " + strconv.Itoa(n) + " bytes; an experiment takes at most " + strconv.Itoa(l.cfg.MaxBytes)}
	}
	exp := experiment{request: req, bytes: raw, chunk: b.Chunk, reqChunk: b.Chunk, pause: time.Duration(b.PauseMs) * time.Millisecond}
	if b.RequestChunk != nil {
		exp.reqChunk = *b.RequestChunk
	}
	return exp, l.checkPacing(exp, b.PauseMs)
}

func (l *Lab) checkPacing(exp experiment, pauseMs int) *refusal {
	switch {
	case exp.chunk < 0:
		return bad("chunk: want 0 (all at once) or a number of bytes per write, got "+strconv.Itoa(exp.chunk), -1)
	case exp.reqChunk < 0:
		return bad("requestChunk: want 0 (all at once) or a number of bytes per write, got "+strconv.Itoa(exp.reqChunk), -1)
	case pauseMs < 0 || exp.pause > l.cfg.Timeout:
		return bad("pauseMs: want 0 to "+strconv.FormatInt(l.cfg.Timeout.Milliseconds(), 10)+" (the experiment's time limit), got "+strconv.Itoa(pauseMs), -1)
	case pieces(len(exp.request), exp.reqChunk)+pieces(len(exp.bytes), exp.chunk) > maxPieces:
		return &refusal{status: http.StatusBadRequest, limit: maxPieces, offset: -1,
			msg: "chunk: " + strconv.Itoa(exp.chunk) + " bytes a write makes more than " + strconv.Itoa(maxPieces) + " writes; take larger pieces"}
	}
	return nil
}

// pieces is how many writes n bytes take at chunk bytes each (0 = one).
func pieces(n, chunk int) int {
	if chunk <= 0 {
		return 1
	}
	return (n + chunk - 1) / chunk
}

// defaultRequest is a valid opening handshake (section 4.1) built by the
// core for /ws on the host the learner reached.
func (l *Lab) defaultRequest(r *http.Request) []byte {
	return protocol.AppendRequest(nil, protocol.NewRequest(protocol.ClientRequest{Host: r.Host, Path: "/ws"}))
}

func (l *Lab) jsonProblem(err error, at int64) *refusal {
	var tooBig *http.MaxBytesError
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &tooBig):
		return &refusal{status: http.StatusRequestEntityTooLarge, limit: l.cfg.MaxBytes, offset: -1,
			msg: "the body is longer than " + strconv.FormatInt(tooBig.Limit, 10) + " bytes; an experiment takes at most " + strconv.Itoa(l.cfg.MaxBytes) + " bytes"}
	case errors.As(err, &syntax):
		return bad("the body is not JSON: "+syntax.Error(), max(int(syntax.Offset)-1, 0)) // Offset counts the bad character
	case errors.As(err, &typ):
		return bad("field "+typ.Field+" wants a JSON "+typ.Type.String()+", got a "+typ.Value+" ending at offset "+strconv.FormatInt(typ.Offset, 10), int(typ.Offset))
	case errors.Is(err, io.EOF):
		return bad(`the body is empty; send {"bytes": "<hex>"} at least`, 0)
	}
	return bad("the body: "+err.Error(), int(at))
}

func bad(msg string, offset int) *refusal {
	return &refusal{status: http.StatusBadRequest, msg: msg, offset: offset}
}

// decodeHex reads hex digits, ignoring spaces, line breaks and colons
// between bytes. On error, off is the index of the bad character.
func decodeHex(s string) (b []byte, off int, err error) {
	b = make([]byte, 0, len(s)/2)
	hi, half := byte(0), -1 // half: index of a byte's first digit, -1 = none
	for i := 0; i < len(s); i++ {
		c := s[i]
		v, ok := hexValue(c)
		switch {
		case !ok && half < 0 && (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ':'):
			continue
		case !ok:
			what := strconv.QuoteRune(rune(c))
			if c >= 0x80 {
				what = "a non-ASCII character"
			}
			return nil, i, errors.New(what + " at offset " + strconv.Itoa(i) + " is not a hex digit")
		case half < 0:
			hi, half = v, i
		default:
			b, half = append(b, hi<<4|v), -1
		}
	}
	if half >= 0 {
		return nil, half, errors.New("the digit at offset " + strconv.Itoa(half) + " has no partner: a byte is two hex digits")
	}
	return b, -1, nil
}

func hexValue(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
