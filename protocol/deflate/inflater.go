package deflate

// Tail is what a permessage-deflate sender strips from the end of each
// compressed message and a receiver appends again (RFC 7692 section 7.2.1):
// LEN and NLEN of the empty stored block a sync flush ends with.
var Tail = [4]byte{0x00, 0x00, 0xff, 0xff}

// Options configure an Inflater.
type Options struct {
	// WindowBits is the base-2 logarithm of the LZ77 window, 8 to 15
	// (RFC 7692 section 7.1.2); 0 means 15. Back-references further than
	// the window are refused, which is how a receiver holds a peer to the
	// window it agreed to.
	WindowBits int
	// MaxOutput caps the bytes one call may produce; 0 means no cap. The
	// inflater stops at the cap with ErrTooBig, having allocated at most
	// about that much.
	MaxOutput int
	// NoContextTakeover forgets the window after every message (RFC 7692
	// section 7.1.1), so that no message may refer to an earlier one.
	NoContextTakeover bool
}

// TraceOptions configure the traced path.
type TraceOptions struct {
	MaxItems int // stop recording after this many items; 0 means 100000
}

// Inflater inflates the messages of one direction of a connection in order.
// With context takeover it keeps the last window of output between
// messages, and only that: the output goes to the caller's buffer. The zero
// value is an inflater with a 32 KiB window, no cap and context takeover.
type Inflater struct {
	opts   Options
	window []byte // the last output, at most the window size, oldest first
}

// NewInflater returns an Inflater with opts.
func NewInflater(opts Options) *Inflater { return &Inflater{opts: opts} }

// Options returns the inflater's options.
func (z *Inflater) Options() Options { return z.opts }

// Reset forgets the window, as at the start of a connection. A call that
// fails leaves the window as it was before it.
func (z *Inflater) Reset() { z.window = z.window[:0] }

// Prime sets the window to the end of earlier, the bytes the earlier
// messages of a direction inflated to, as if they had just been inflated
// (RFC 7692 section 7.2.3.3's shared window): a reader that already knows
// them needs no replay. With NoContextTakeover there is no window to set.
func (z *Inflater) Prime(earlier []byte) {
	z.Reset()
	z.keep(earlier)
}

// Window returns the bytes kept for the next message (valid until the next
// call).
func (z *Inflater) Window() []byte { return z.window }

func (z *Inflater) windowSize() int {
	if z.opts.WindowBits < 8 || z.opts.WindowBits > 15 {
		return maxWindow
	}
	return 1 << z.opts.WindowBits
}

// Inflate appends to dst the bytes of one permessage-deflate message, whose
// payload arrived without the 4-byte tail (RFC 7692 section 7.2.2): it reads
// msg followed by Tail, until a final block or the end of the data at a
// block boundary. The window is then kept or forgotten per the options.
func (z *Inflater) Inflate(dst, msg []byte) ([]byte, error) {
	return z.run(dst, msg, Tail[:], true, nil)
}

// InflateTraced is Inflate with a trace of every field, code and symbol.
func (z *Inflater) InflateTraced(dst, msg []byte, opts TraceOptions) ([]byte, *Trace, error) {
	tr := newTracer(opts)
	out, err := z.run(dst, msg, Tail[:], true, tr)
	tr.t.InputBits, tr.t.TailBytes = int64(len(msg)+len(Tail))*8, len(Tail)
	tr.failed(err)
	return out, tr.t, err
}

// InflateStream appends to dst a complete DEFLATE stream (one that ends
// with a final block, nothing appended), as compress/flate reads it, and
// keeps the window per the options.
func (z *Inflater) InflateStream(dst, stream []byte) ([]byte, error) {
	return z.run(dst, stream, nil, false, nil)
}

// InflateStreamTraced is InflateStream with a trace.
func (z *Inflater) InflateStreamTraced(dst, stream []byte, opts TraceOptions) ([]byte, *Trace, error) {
	tr := newTracer(opts)
	out, err := z.run(dst, stream, nil, false, tr)
	tr.t.InputBits = int64(len(stream)) * 8
	tr.failed(err)
	return out, tr.t, err
}

func newTracer(opts TraceOptions) *tracer {
	if opts.MaxItems <= 0 {
		opts.MaxItems = 100000
	}
	t := &tracer{t: &Trace{}, maxItems: opts.MaxItems}
	t.put(KindInfo, "deflate.bit-order", 0, 0, "")
	return t
}

func (z *Inflater) run(dst, in, tail []byte, message bool, tr *tracer) ([]byte, error) {
	d := getDecoder()
	defer putDecoder(d)
	d.r.reset(in, tail)
	d.out, d.base, d.tr, d.message = dst, len(dst), tr, message
	if tr != nil {
		tr.d = d
	}
	d.window = z.windowSize()
	d.hist = z.window
	if z.opts.NoContextTakeover {
		d.hist = nil
	}
	d.limit = int(^uint(0) >> 1)
	if z.opts.MaxOutput > 0 && z.opts.MaxOutput < d.limit-d.base {
		d.limit = d.base + z.opts.MaxOutput
	}
	err := d.run()
	out := d.out
	d.out, d.hist, d.tr = nil, nil, nil
	d.r.reset(nil, nil)
	if err == nil {
		z.keep(out[len(dst):])
	}
	return out, err
}

// keep slides the window over a message's output.
func (z *Inflater) keep(out []byte) {
	if z.opts.NoContextTakeover {
		return
	}
	w := z.windowSize()
	if cap(z.window) < w {
		z.window = append(make([]byte, 0, w), z.window...)
	}
	if len(out) >= w {
		z.window = append(z.window[:0], out[len(out)-w:]...)
		return
	}
	if drop := len(z.window) + len(out) - w; drop > 0 {
		z.window = append(z.window[:0], z.window[drop:]...)
	}
	z.window = append(z.window, out...)
}
