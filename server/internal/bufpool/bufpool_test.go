package bufpool

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGetReturnsAClassThatFits(t *testing.T) {
	t.Parallel()
	p := New()
	for _, tc := range []struct{ n, size int }{
		{0, 4 << 10}, {1, 4 << 10}, {4 << 10, 4 << 10}, {4<<10 + 1, 16 << 10},
		{64<<10 + 14, 64<<10 + 64}, {1<<20 + 64, 1<<20 + 64}, {1<<20 + 65, 1<<20 + 65},
	} {
		b := p.Get(tc.n)
		require.NotNil(t, b)
		assert.Len(t, *b, tc.size, "Get(%d)", tc.n)
		assert.Equal(t, len(*b), cap(*b), "Get(%d): length is capacity", tc.n)
		p.Put(b)
	}
	assert.Zero(t, p.Lent())
}

// Each pool counts only its own buffers, so pools in parallel tests do not
// see each other's.
func TestLentCountsPerPool(t *testing.T) {
	t.Parallel()
	a, b := New(), New()
	x, y := a.Get(10), a.Get(100<<10)
	assert.Equal(t, int64(2), a.Lent())
	assert.Zero(t, b.Lent())
	a.Put(x)
	assert.Equal(t, int64(1), a.Lent())
	a.Put(y)
	a.Put(nil)
	assert.Zero(t, a.Lent())
}

// A buffer that comes back has its full length again, whatever the borrower
// resliced it to.
func TestPutRestoresLength(t *testing.T) {
	t.Parallel()
	p := New()
	b := p.Get(Chunk)
	*b = (*b)[:3]
	p.Put(b)
	b = p.Get(Chunk)
	assert.Len(t, *b, Chunk)
	p.Put(b)
}
