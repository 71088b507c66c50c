package peers

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Every peer echoing as it should is tested with the client that drives
// them (server/internal/wsclient's TestEchoEveryLengthFormAndFragmentation).

func TestKinds(t *testing.T) {
	t.Parallel()
	assert.Equal(t, []string{"floor", "gobwas", "gorilla", "gorilla-deflate"}, Kinds())
	for _, kind := range Kinds() {
		echo, ok := Echo(kind)
		assert.True(t, ok, kind)
		assert.NotNil(t, echo, kind)
	}
	_, ok := Echo("nginx")
	assert.False(t, ok)
}
