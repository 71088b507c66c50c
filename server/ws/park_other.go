//go:build !linux

package ws

// parker: connections are parked without a goroutine on Linux (epoll);
// elsewhere each one keeps its goroutine, waiting in the runtime's poller.
type parker struct{}

func newParker() *parker { return &parker{} }

func (*parker) park(*Conn) bool   { return false }
func (*parker) unpark(*Conn) bool { return false }

func socketFD(*Conn) int32 { return -1 }
