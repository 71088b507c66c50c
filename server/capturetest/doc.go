// Package capturetest compares the capture reader and writer of
// protocol/capture with references nobody here wrote: Debian's tshark
// (Wireshark's dissectors) and tcpdump. The tests skip when a tool is
// missing, and fail instead when CI=true.
package capturetest
