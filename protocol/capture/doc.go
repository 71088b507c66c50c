// Package capture reads packet captures (.pcap and .pcapng) and finds the
// WebSocket connections in them, and writes a session that a wsplay server
// tapped as a .pcapng file that Wireshark dissects as WebSocket.
//
// Like the rest of the core it is pure: functions over bytes, no I/O, and
// nothing beyond the standard library and package protocol, so it builds for
// js/wasm and keeps the page small. Every frame it finds is decoded by
// protocol.Decode, so a frame read from a capture has the same shape as one
// typed into the page's decoder.
//
// The reader follows the file formats of draft-ietf-opsawg-pcap (the classic
// libpcap format) and draft-ietf-opsawg-pcapng, IPv4 (RFC 791), IPv6
// (RFC 8200) and TCP (RFC 9293). It reassembles each direction of a TCP
// connection from the segments the capture holds; it does not check IP or TCP
// checksums, because loopback captures carry checksums the kernel never
// filled in. Hostile input costs bounded work and memory: see Limits.
package capture
