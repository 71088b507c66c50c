// Package capture reads packet captures (.pcap and .pcapng) and finds the
// WebSocket connections in them, and writes a session that a wsplay server
// tapped as a .pcapng file that Wireshark dissects as WebSocket.
//
// Like the rest of the core it is pure: functions over bytes, no I/O, and
// nothing beyond the standard library and package protocol, so it builds for
// js/wasm and keeps the page small (it even does without net/netip and time:
// see Endpoint and Timestamp). Every frame it finds is decoded by
// protocol.Decode, so a frame read from a capture has the same shape as one
// typed into the page's decoder.
//
// Read takes the bytes of a file and returns a Capture: its interfaces, every
// TCP connection (Connection) with what it carries (Kind) and, for each
// WebSocket, the request and the 101 parsed and checked by the core and every
// frame of both directions with the time of the segment that completed it.
// Whatever was wrong is a Problem naming a Fault, the packet and the byte of
// the file. Write takes Sessions in the shape the server's tap delivers
// (Event) and returns the .pcapng bytes.
//
// The reader follows the file formats of draft-ietf-opsawg-pcap (the classic
// libpcap format) and draft-ietf-opsawg-pcapng, IPv4 (RFC 791), IPv6
// (RFC 8200) and TCP (RFC 9293). It reassembles each direction of a TCP
// connection from the segments the capture holds, the first copy of a byte
// winning over retransmissions and overlaps; it does not reassemble IP
// fragments, and it does not check IP or TCP checksums, because loopback
// captures carry checksums the kernel never filled in. Hostile input costs
// bounded work and memory: see Limits.
//
// server/capturetest compares both directions with Debian's tshark and
// tcpdump: what Write wrote, and real traffic recorded on loopback between
// the wsplay server and a raw client or Chromium.
package capture
