package protocol

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseExtensions(t *testing.T) {
	t.Parallel()
	exts := ParseExtensions(`permessage-deflate; client_max_window_bits; server_max_window_bits="10", x-webkit-deflate-frame`,
		"permessage-deflate;client_no_context_takeover", " , ")
	require.Len(t, exts, 3)
	assert.Equal(t, "permessage-deflate", exts[0].Name)
	assert.Equal(t, []ExtensionParam{{Name: "client_max_window_bits"}, {Name: "server_max_window_bits", Value: "10", HasValue: true}}, exts[0].Params)
	assert.False(t, exts[0].Malformed)
	assert.Equal(t, "x-webkit-deflate-frame", exts[1].Name)
	assert.Equal(t, "permessage-deflate;client_no_context_takeover", exts[2].Text)

	for _, bad := range []string{`permessage-deflate; a=""`, "permessage-deflate; a b", `permessage-deflate; x="a b"`, "; x", "permessage deflate"} {
		require.Len(t, ParseExtensions(bad), 1, bad)
		assert.True(t, ParseExtensions(bad)[0].Malformed, bad)
	}
}

// TestNegotiateDeflate is the table of offers and the answer each gets,
// with the default configuration unless the case says otherwise.
func TestNegotiateDeflate(t *testing.T) {
	t.Parallel()
	small := DeflateConfig{ClientMaxWindowBits: 10, ServerMaxWindowBits: 12}
	tests := []struct {
		name    string
		cfg     DeflateConfig
		headers []string
		answer  string // "" = declined
		offer   int
		agreed  DeflateParams
		notes   []string
	}{
		{"Chrome", DeflateConfig{}, []string{"permessage-deflate; client_max_window_bits"},
			"permessage-deflate", 0, DeflateParams{ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}, []string{"pmd.accepted"}},
		{"Chrome, small windows", small, []string{"permessage-deflate; client_max_window_bits"},
			"permessage-deflate; server_max_window_bits=12; client_max_window_bits=10", 0,
			DeflateParams{ServerMaxWindowBits: 12, ClientMaxWindowBits: 10}, []string{"pmd.accepted"}},
		{"Firefox", DeflateConfig{}, []string{"permessage-deflate"},
			"permessage-deflate", 0, DeflateParams{ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}, []string{"pmd.accepted"}},
		{"Firefox cannot be asked for a small window", small, []string{"permessage-deflate"},
			"permessage-deflate; server_max_window_bits=12", 0, DeflateParams{ServerMaxWindowBits: 12, ClientMaxWindowBits: 15}, []string{"pmd.accepted"}},
		{"no context takeover asked by the server", DeflateConfig{ServerNoContextTakeover: true, ClientNoContextTakeover: true}, []string{"permessage-deflate"},
			"permessage-deflate; server_no_context_takeover; client_no_context_takeover", 0,
			DeflateParams{ServerNoContextTakeover: true, ClientNoContextTakeover: true, ServerMaxWindowBits: 15, ClientMaxWindowBits: 15}, []string{"pmd.accepted"}},
		{"every parameter offered", DeflateConfig{},
			[]string{"permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=9; client_max_window_bits=11"},
			"permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=9; client_max_window_bits=11", 0,
			DeflateParams{ServerNoContextTakeover: true, ClientNoContextTakeover: true, ServerMaxWindowBits: 9, ClientMaxWindowBits: 11}, []string{"pmd.accepted"}},
		{"quoted value", DeflateConfig{}, []string{`permessage-deflate; client_max_window_bits="12"`},
			"permessage-deflate; client_max_window_bits=12", 0, DeflateParams{ServerMaxWindowBits: 15, ClientMaxWindowBits: 12}, []string{"pmd.accepted"}},
		{"the first acceptable of several offers in one header", DeflateConfig{},
			[]string{"permessage-deflate; server_max_window_bits=16, permessage-deflate; server_max_window_bits=10, permessage-deflate"},
			"permessage-deflate; server_max_window_bits=10", 1, DeflateParams{ServerMaxWindowBits: 10, ClientMaxWindowBits: 15},
			[]string{"pmd.bad-window", "pmd.accepted"}},
		{"several headers, other extensions skipped", DeflateConfig{},
			[]string{"x-webkit-deflate-frame", "permessage-deflate; foo=1", "permessage-deflate; client_no_context_takeover"},
			"permessage-deflate; client_no_context_takeover", 2, DeflateParams{ClientNoContextTakeover: true, ServerMaxWindowBits: 15, ClientMaxWindowBits: 15},
			[]string{"pmd.unknown-param", "pmd.accepted"}},
		{"duplicate", DeflateConfig{}, []string{"permessage-deflate; client_max_window_bits; client_max_window_bits=10"}, "", 0, DeflateParams{}, []string{"pmd.duplicate"}},
		{"duplicate flag", DeflateConfig{}, []string{"permessage-deflate; server_no_context_takeover; SERVER_NO_CONTEXT_TAKEOVER"}, "", 0, DeflateParams{}, []string{"pmd.duplicate"}},
		{"value on a flag", DeflateConfig{}, []string{"permessage-deflate; server_no_context_takeover=1"}, "", 0, DeflateParams{}, []string{"pmd.value-not-allowed"}},
		{"window 7", DeflateConfig{}, []string{"permessage-deflate; client_max_window_bits=7"}, "", 0, DeflateParams{}, []string{"pmd.bad-window"}},
		{"window 16", DeflateConfig{}, []string{"permessage-deflate; server_max_window_bits=16"}, "", 0, DeflateParams{}, []string{"pmd.bad-window"}},
		{"leading zero", DeflateConfig{}, []string{"permessage-deflate; server_max_window_bits=010"}, "", 0, DeflateParams{}, []string{"pmd.bad-window"}},
		{"server window without a value", DeflateConfig{}, []string{"permessage-deflate; server_max_window_bits"}, "", 0, DeflateParams{}, []string{"pmd.bad-window"}},
		{"malformed", DeflateConfig{}, []string{`permessage-deflate; client_max_window_bits="1 0"`}, "", 0, DeflateParams{}, []string{"pmd.malformed"}},
		{"a window the server cannot keep to", DeflateConfig{ServerMinWindowBits: 15}, []string{"permessage-deflate; server_max_window_bits=10"},
			"", 0, DeflateParams{}, []string{"pmd.server-window-too-small"}},
		{"nothing offered", DeflateConfig{}, nil, "", 0, DeflateParams{}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a := NegotiateDeflate(tc.cfg, ParseExtensions(tc.headers...))
			assert.Equal(t, tc.answer, a.Header)
			assert.Equal(t, tc.answer != "", a.Accepted)
			var ids []string
			for _, n := range a.Notes {
				ids = append(ids, n.Note.ID)
				assert.NotEqual(t, n.Note.ID, n.Note.English())
			}
			assert.Equal(t, tc.notes, ids)
			if a.Accepted {
				assert.Equal(t, tc.offer, a.Offer)
				assert.Equal(t, tc.agreed, a.Params)
				// The client, having offered it, accepts this answer and
				// agrees on the same parameters.
				offer, _ := ParseDeflateParams(ParseExtensions(tc.headers...)[tc.offer])
				ok, p, err := CheckDeflateResponse(offer, a.Header)
				require.NoError(t, err)
				assert.True(t, ok)
				assert.Equal(t, tc.agreed, p)
			}
		})
	}
}

func TestCheckDeflateResponse(t *testing.T) {
	t.Parallel()
	chrome := DeflateParams{ClientWindowBitsOffered: true}
	tests := []struct {
		name   string
		offer  DeflateParams
		answer string
		err    *Rule
	}{
		{"declined", chrome, "", nil},
		{"another extension", chrome, "x-webkit-deflate-frame", ErrResponseExtension},
		{"two answers", chrome, "permessage-deflate, permessage-deflate", ErrResponseExtension},
		{"unknown parameter", chrome, "permessage-deflate; x=1", ErrResponseDeflate},
		{"client window not offered", DeflateParams{}, "permessage-deflate; client_max_window_bits=10", ErrResponseDeflate},
		{"client window without a value", chrome, "permessage-deflate; client_max_window_bits", ErrResponseDeflate},
		{"client window above the offer", DeflateParams{ClientWindowBitsOffered: true, ClientMaxWindowBits: 10}, "permessage-deflate; client_max_window_bits=11", ErrResponseDeflate},
		{"server window above the offer", DeflateParams{ServerMaxWindowBits: 10}, "permessage-deflate; server_max_window_bits=12", ErrResponseDeflate},
		{"server window not answered", DeflateParams{ServerMaxWindowBits: 10}, "permessage-deflate", ErrResponseDeflate},
		{"server takeover not answered", DeflateParams{ServerNoContextTakeover: true}, "permessage-deflate", ErrResponseDeflate},
		{"fine", chrome, "permessage-deflate; client_max_window_bits=9", nil},
	}
	for _, tc := range tests {
		ok, _, err := CheckDeflateResponse(tc.offer, tc.answer)
		if tc.err == nil {
			assert.NoError(t, err, tc.name)
			assert.Equal(t, tc.answer != "", ok, tc.name)
			continue
		}
		assert.ErrorIs(t, err, tc.err, tc.name)
		assert.False(t, ok, tc.name)
	}
}

func TestDeflateParamNotes(t *testing.T) {
	t.Parallel()
	e := ParseExtensions("permessage-deflate; client_max_window_bits; server_max_window_bits=10; server_no_context_takeover; client_no_context_takeover; client_max_window_bits=9; x")[0]
	var ids []string
	for _, n := range DeflateParamNotes(e) {
		ids = append(ids, n.ID)
		assert.NotEqual(t, n.ID, n.English())
	}
	assert.Equal(t, []string{"pmd.param.client-max-window-bits.bare", "pmd.param.server-max-window-bits", "pmd.param.server-no-context-takeover",
		"pmd.param.client-no-context-takeover", "pmd.param.client-max-window-bits", "pmd.param.unknown"}, ids)
	assert.Contains(t, DeflateParamNotes(e)[1].English(), "2^10")
}
