//go:build linux

package ws

import (
	"sync"
	"syscall"
	"time"
)

// parker holds the connections that have gone quiet without a goroutine:
// each is a file descriptor in an epoll set of its own (the runtime's
// poller offers no wait without a goroutine), and one goroutine, blocked in
// epoll_wait, gives a connection a fresh goroutine when its client sends
// again or hangs up. A parked connection costs its Conn, its socket and an
// idle timer: no stack, no buffer.
//
// The set and its goroutine exist only while something is parked, so a
// server with no quiet connection holds neither an extra descriptor nor an
// extra goroutine (tests count both).
type parker struct {
	mu     sync.Mutex
	epfd   int             // -1 while nothing is parked
	gen    int             // counts the sets made: a number can be reused
	parked map[int32]*Conn // by descriptor
}

func newParker() *parker { return &parker{epfd: -1, parked: map[int32]*Conn{}} }

// park registers c to be resumed when its socket becomes readable (data,
// end of stream or error), or false when it cannot be: c's goroutine then
// goes on waiting as before. On true, c belongs to the parker and the
// calling goroutine must let go of it at once.
func (p *parker) park(c *Conn) bool {
	if c.fd < 0 {
		return false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.epfd < 0 {
		fd, err := syscall.EpollCreate1(syscall.EPOLL_CLOEXEC)
		if err != nil {
			return false
		}
		p.epfd = fd
		p.gen++
		go p.wait(fd, p.gen)
	}
	ev := syscall.EpollEvent{Events: syscall.EPOLLIN | syscall.EPOLLRDHUP | syscall.EPOLLONESHOT, Fd: c.fd}
	if syscall.EpollCtl(p.epfd, syscall.EPOLL_CTL_ADD, int(c.fd), &ev) != nil {
		p.stopIfEmpty()
		return false
	}
	p.parked[c.fd] = c
	c.parked = true
	return true
}

// unpark takes c back if it is parked, and reports whether it was: the
// caller then gives it a goroutine.
func (p *parker) unpark(c *Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !c.parked {
		return false
	}
	p.release(c)
	p.stopIfEmpty()
	return true
}

// release forgets c, with p.mu held.
func (p *parker) release(c *Conn) {
	_ = syscall.EpollCtl(p.epfd, syscall.EPOLL_CTL_DEL, int(c.fd), nil)
	delete(p.parked, c.fd)
	c.parked = false
}

// stopIfEmpty retires the set once nothing is parked, with p.mu held. Its
// goroutine closes it on the way out: closed here, its number could go to
// a new set while that goroutine is about to wait on it, and the events it
// then took from the new set would be lost.
func (p *parker) stopIfEmpty() {
	if len(p.parked) == 0 && p.epfd >= 0 {
		p.epfd = -1
	}
}

// wait resumes each connection whose socket the kernel reports ready, until
// the set it waits on (generation gen) is retired; then it closes the set.
// The timeout bounds how long that takes to notice. A retired set holds no
// connection, so no event is lost by leaving it. Should the set fail, every
// connection is resumed, so that none is stranded.
func (p *parker) wait(epfd, gen int) {
	var events [128]syscall.EpollEvent
	for {
		n, err := syscall.EpollWait(epfd, events[:], int(time.Second/time.Millisecond))
		p.mu.Lock()
		if p.gen != gen || p.epfd < 0 {
			p.mu.Unlock()
			_ = syscall.Close(epfd)
			return
		}
		var ready []*Conn
		for _, ev := range events[:max(n, 0)] {
			if c := p.parked[ev.Fd]; c != nil {
				ready = append(ready, c)
			}
		}
		if err != nil && err != syscall.EINTR {
			ready = ready[:0]
			for _, c := range p.parked {
				ready = append(ready, c)
			}
		}
		for _, c := range ready {
			p.release(c)
		}
		p.stopIfEmpty()
		p.mu.Unlock()
		for _, c := range ready {
			go c.resume()
		}
	}
}

// socketFD is the descriptor under c's socket, or -1.
func socketFD(c *Conn) int32 {
	fd := int32(-1)
	if c.raw != nil {
		_ = c.raw.Control(func(d uintptr) { fd = int32(d) })
	}
	return fd
}

// count is how many connections are parked.
func (p *parker) count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.parked)
}

// running reports whether the epoll set (and its goroutine) exists.
func (p *parker) running() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.epfd >= 0
}
