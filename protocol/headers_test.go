package protocol

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestHeaders(t *testing.T) {
	t.Parallel()
	hs := Headers{
		{"Connection", "keep-alive, Upgrade"},
		{"connection", " , close ,,"},
		{"Host", "a"},
	}
	assert.Equal(t, []string{"keep-alive, Upgrade", " , close ,,"}, hs.Values("CONNECTION"))
	assert.Equal(t, "keep-alive, Upgrade", hs.Get("connection"))
	assert.Equal(t, "", hs.Get("Upgrade"))
	assert.Nil(t, hs.Values("Upgrade"))
	assert.Equal(t, []string{"keep-alive", "Upgrade", "close"}, hs.Tokens("Connection"))
	assert.True(t, hs.HasToken("connection", "UPGRADE"))
	assert.False(t, hs.HasToken("connection", "upgrad"))
}
