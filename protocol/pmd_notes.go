package protocol

import (
	"strings"

	"github.com/wsplay/wsplay/protocol/deflate"
)

// The notes of permessage-deflate: negotiation (RFC 7692 section 7.1) and
// the DEFLATE trace, whose English lives with the inflater.
func init() {
	for id, t := range deflate.NoteTemplates() {
		english[id] = t
	}
	for _, t := range pmdNotes {
		english[t[0]] = t[1]
	}
}

var pmdNotes = [...][2]string{
	{"pmd.accepted", "Accepted: the server answers \"{0}\"."},
	{"pmd.not-deflate", "\"{0}\" is not permessage-deflate."},
	{"pmd.malformed", "\"{0}\" does not follow the extension grammar (name; parameter=value; …), so the offer is declined."},
	{"pmd.duplicate", "{0} appears twice, so the offer is declined."},
	{"pmd.unknown-param", "{0} is not a permessage-deflate parameter, so the offer is declined."},
	{"pmd.value-not-allowed", "{0} takes no value (found {1}), so the offer is declined."},
	{"pmd.bad-window", "{0} needs a window size of 8 to 15, written without a leading zero (found \"{1}\"), so the offer is declined."},
	{"pmd.server-window-too-small", "The client asks the server to use a window of 2^{0} bytes, but this server cannot go below 2^{1}: the offer is declined."},

	{"pmd.param.server-no-context-takeover", "server_no_context_takeover: the server forgets its window after every message, so no message it sends refers to an earlier one."},
	{"pmd.param.client-no-context-takeover", "client_no_context_takeover: the client forgets its window after every message."},
	{"pmd.param.server-max-window-bits", "server_max_window_bits={0}: the server's back-references reach at most 2^{0} bytes back."},
	{"pmd.param.client-max-window-bits", "client_max_window_bits={0}: the client's back-references reach at most 2^{0} bytes back."},
	{"pmd.param.client-max-window-bits.bare", "client_max_window_bits without a value: the client can use a smaller window if the server asks for one."},
	{"pmd.param.unknown", "{0}: not a permessage-deflate parameter."},
}

// DeflateParamNotes explains each parameter of an offer or answer, in order.
func DeflateParamNotes(e Extension) []Note {
	notes := make([]Note, 0, len(e.Params))
	for _, p := range e.Params {
		id := "pmd.param." + strings.ReplaceAll(lowerASCII(p.Name), "_", "-")
		if _, ok := english[id]; !ok {
			notes = append(notes, Note{ID: "pmd.param.unknown", Args: []string{p.Name}})
			continue
		}
		if id == "pmd.param.client-max-window-bits" && !p.HasValue {
			id += ".bare"
		}
		notes = append(notes, Note{ID: id, Args: []string{p.Value}})
	}
	return notes
}
