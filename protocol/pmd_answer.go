package protocol

// DeflateConfig is what a server wants from permessage-deflate.
type DeflateConfig struct {
	// ServerNoContextTakeover: the server compresses every message on its
	// own, keeping no window between messages (it says so in the answer).
	ServerNoContextTakeover bool
	// ClientNoContextTakeover asks the client to do the same, so that the
	// server's inflater keeps nothing between messages.
	ClientNoContextTakeover bool
	// ServerMaxWindowBits is the window the server's compressor uses, 8-15;
	// 0 means 15. A smaller one is announced in the answer.
	ServerMaxWindowBits int
	// ServerMinWindowBits is the smallest window the server's compressor
	// can be held to (15 for Go's compress/flate, 8 for this package's
	// compressor); 0 means 8. An offer asking for less is declined.
	ServerMinWindowBits int
	// ClientMaxWindowBits is the window the server's inflater keeps, 8-15;
	// 0 means 15. It is asked for when the offer carries
	// client_max_window_bits; otherwise the client's window is 15 bits.
	ClientMaxWindowBits int
}

// DeflateAnswer is a server's decision on the offers of one handshake.
type DeflateAnswer struct {
	Accepted bool
	Offer    int           // index of the accepted offer among the extensions
	Params   DeflateParams // what both sides now use; windows are 8-15, never 0
	Header   string        // the Sec-WebSocket-Extensions value to answer with, "" when declined
	Notes    []OfferNote   // one per permessage-deflate offer read, saying what became of it
}

// OfferNote says why an offer was accepted or declined.
type OfferNote struct {
	Offer int // index among the extensions
	Note  Note
}

// NegotiateDeflate picks the first permessage-deflate offer among exts that
// the server can accept (RFC 7692 sections 5 and 7.1) and words the answer.
// Offers of other extensions are skipped; an offer with an unusable
// parameter, or one asking for a smaller server window than the server can
// keep to, is declined; with no acceptable offer the answer carries no
// extension at all, as section 5 says.
func NegotiateDeflate(cfg DeflateConfig, exts []Extension) DeflateAnswer {
	var a DeflateAnswer
	for i, e := range exts {
		if !EqualFoldASCII(e.Name, PerMessageDeflate) {
			continue
		}
		offer, why := ParseDeflateParams(e)
		if why == nil {
			var agreed DeflateParams
			agreed, a.Header, why = answerOffer(cfg, offer)
			if why == nil {
				a.Accepted, a.Offer, a.Params = true, i, agreed
				a.Notes = append(a.Notes, OfferNote{i, Note{ID: "pmd.accepted", Args: []string{a.Header}}})
				return a
			}
		}
		a.Notes = append(a.Notes, OfferNote{i, *why})
	}
	return a
}

// answerOffer returns what the server agrees to for one valid offer, and
// the answer's header value.
func answerOffer(cfg DeflateConfig, offer DeflateParams) (DeflateParams, string, *Note) {
	serverBits := windowOr15(cfg.ServerMaxWindowBits)
	if offer.ServerMaxWindowBits != 0 {
		if offer.ServerMaxWindowBits < max(cfg.ServerMinWindowBits, 8) {
			return DeflateParams{}, "", &Note{ID: "pmd.server-window-too-small",
				Args: []string{itoa(offer.ServerMaxWindowBits), itoa(max(cfg.ServerMinWindowBits, 8))}}
		}
		serverBits = min(serverBits, offer.ServerMaxWindowBits)
	}
	clientBits := 15
	if offer.ClientWindowBitsOffered {
		clientBits = min(windowOr15(cfg.ClientMaxWindowBits), offer.ClientWindowBits())
	}
	answer := DeflateParams{
		ServerNoContextTakeover: offer.ServerNoContextTakeover || cfg.ServerNoContextTakeover,
		ClientNoContextTakeover: offer.ClientNoContextTakeover || cfg.ClientNoContextTakeover,
	}
	// Section 7.1.2.1: an offered server limit is answered; a smaller
	// window of the server's own choice is announced.
	if offer.ServerMaxWindowBits != 0 || serverBits < 15 {
		answer.ServerMaxWindowBits = serverBits
	}
	// Section 7.1.2.2: client_max_window_bits only when offered.
	if offer.ClientWindowBitsOffered && (clientBits < 15 || offer.ClientMaxWindowBits != 0) {
		answer.ClientMaxWindowBits = clientBits
	}
	agreed := answer
	agreed.ServerMaxWindowBits, agreed.ClientMaxWindowBits = serverBits, clientBits
	return agreed, answer.String(), nil
}

// CheckDeflateResponse is the client's check of the server's answer to its
// permessage-deflate offer (RFC 7692 section 7.1): header is the response's
// Sec-WebSocket-Extensions values. It returns whether the extension was
// accepted and, if so, what both sides use. An answer that names another
// extension, repeats one, or agrees to what the offer does not allow breaks
// a rule, and the client fails the connection.
func CheckDeflateResponse(offer DeflateParams, header ...string) (bool, DeflateParams, error) {
	exts := ParseExtensions(header...)
	if len(exts) == 0 {
		return false, DeflateParams{}, nil
	}
	if len(exts) > 1 || !EqualFoldASCII(exts[0].Name, PerMessageDeflate) {
		return false, DeflateParams{}, violation(ErrResponseExtension, -1, exts[len(exts)-1].Text)
	}
	got, why := ParseDeflateParams(exts[0])
	if why != nil {
		return false, DeflateParams{}, violation(ErrResponseDeflate, -1, why.English())
	}
	bad := func(what string) (bool, DeflateParams, error) {
		return false, DeflateParams{}, violation(ErrResponseDeflate, -1, what)
	}
	switch {
	case got.ClientWindowBitsOffered && !offer.ClientWindowBitsOffered:
		return bad("client_max_window_bits was not offered")
	case got.ClientWindowBitsOffered && got.ClientMaxWindowBits == 0:
		return bad("client_max_window_bits needs a value in an answer")
	case offer.ClientMaxWindowBits != 0 && got.ClientMaxWindowBits > offer.ClientMaxWindowBits:
		return bad("client_max_window_bits=" + itoa(got.ClientMaxWindowBits) + " is above the offered " + itoa(offer.ClientMaxWindowBits))
	case offer.ServerMaxWindowBits != 0 && got.ServerMaxWindowBits == 0:
		return bad("server_max_window_bits was offered but not answered")
	case offer.ServerMaxWindowBits != 0 && got.ServerMaxWindowBits > offer.ServerMaxWindowBits:
		return bad("server_max_window_bits=" + itoa(got.ServerMaxWindowBits) + " is above the offered " + itoa(offer.ServerMaxWindowBits))
	case offer.ServerNoContextTakeover && !got.ServerNoContextTakeover:
		return bad("server_no_context_takeover was offered but not answered")
	}
	got.ClientNoContextTakeover = got.ClientNoContextTakeover || offer.ClientNoContextTakeover
	got.ServerMaxWindowBits, got.ClientMaxWindowBits = got.ServerWindowBits(), got.ClientWindowBits()
	got.ClientWindowBitsOffered = false
	return true, got, nil
}
