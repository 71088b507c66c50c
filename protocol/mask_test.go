package protocol

import (
	"bytes"
	"math/rand"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// refMask is section 5.3 written out: "Octet i of the transformed data is the
// XOR of octet i of the original data with octet at index i modulo 4 of the
// masking key", for data that starts at position pos of the payload.
func refMask(in []byte, key [4]byte, pos int) []byte {
	out := make([]byte, len(in))
	for i := range in {
		out[i] = in[i] ^ key[(pos+i)%4]
	}
	return out
}

func TestMaskRFCExample(t *testing.T) {
	t.Parallel()
	// Section 5.7: "Hello" masked with 37 fa 21 3d travels as 7f 9f 4d 51 58.
	b := []byte("Hello")
	assert.Equal(t, 5, Mask(b, rfcKey, 0))
	assert.Equal(t, []byte{0x7f, 0x9f, 0x4d, 0x51, 0x58}, b)
	Mask(b, rfcKey, 0)
	assert.Equal(t, "Hello", string(b))
}

func TestMaskEveryPositionAndLength(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewSource(1))
	src := make([]byte, 300)
	r.Read(src)
	for _, key := range [][4]byte{rfcKey, {0, 0, 0, 0}, {0xff, 0xff, 0xff, 0xff}, {1, 2, 3, 4}} {
		for pos := 0; pos < 4; pos++ {
			for n := 0; n <= 300; n++ {
				b := bytes.Clone(src[:n])
				next := Mask(b, key, pos)
				require.Equal(t, pos+n, next)
				require.Equal(t, refMask(src[:n], key, pos), b, "key %x pos %d len %d", key, pos, n)
			}
		}
	}
}

func TestMaskRandom(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewSource(2))
	for i := 0; i < 2000; i++ {
		n := r.Intn(4100)
		pos := r.Intn(1 << 20)
		var key [4]byte
		r.Read(key[:])
		src := make([]byte, n)
		r.Read(src)
		b := bytes.Clone(src)
		require.Equal(t, pos+n, Mask(b, key, pos))
		require.Equal(t, refMask(src, key, pos), b, "key %x pos %d len %d", key, pos, n)
	}
}

// TestMaskUnalignedAndBounded masks sub-slices at every alignment and checks
// that no byte outside the slice is touched.
func TestMaskUnalignedAndBounded(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewSource(3))
	buf := make([]byte, 256)
	r.Read(buf)
	for off := 0; off < 16; off++ {
		for _, n := range []int{0, 1, 7, 8, 9, 63, 64, 65, 100, 200} {
			b := bytes.Clone(buf)
			Mask(b[off:off+n], rfcKey, off)
			assert.Equal(t, buf[:off], b[:off], "before the slice")
			assert.Equal(t, buf[off+n:], b[off+n:], "after the slice")
			assert.Equal(t, refMask(buf[off:off+n], rfcKey, off), b[off:off+n])
		}
	}
}

// TestMaskInPieces masks a payload in random pieces, chaining the position
// Mask returns, and compares with masking it in one go.
func TestMaskInPieces(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewSource(4))
	for i := 0; i < 500; i++ {
		n := r.Intn(3000)
		var key [4]byte
		r.Read(key[:])
		src := make([]byte, n)
		r.Read(src)
		whole := bytes.Clone(src)
		Mask(whole, key, 0)

		pieces := bytes.Clone(src)
		pos := 0
		for pos < n {
			end := min(n, pos+r.Intn(100))
			pos = Mask(pieces[pos:end], key, pos)
		}
		require.Equal(t, whole, pieces, "len %d", n)
	}
}

func TestMaskTwiceRestores(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewSource(5))
	for i := 0; i < 500; i++ {
		src := make([]byte, r.Intn(1000))
		r.Read(src)
		var key [4]byte
		r.Read(key[:])
		pos := r.Intn(8)
		b := bytes.Clone(src)
		Mask(b, key, pos)
		if len(src) >= 4 && key != [4]byte{} {
			require.NotEqual(t, src, b, "a non-zero key changes the data")
		}
		Mask(b, key, pos)
		require.Equal(t, src, b)
	}
}

func TestTraceMask(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewSource(6))
	for i := 0; i < 200; i++ {
		src := make([]byte, r.Intn(70))
		r.Read(src)
		var key [4]byte
		r.Read(key[:])
		pos := r.Intn(10)
		steps := TraceMask(src, key, pos)
		require.Len(t, steps, len(src))
		masked := bytes.Clone(src)
		Mask(masked, key, pos)
		for k, s := range steps {
			assert.Equal(t, pos+k, s.I)
			assert.Equal(t, (pos+k)%4, s.J)
			assert.Equal(t, src[k], s.Original)
			assert.Equal(t, key[(pos+k)%4], s.Key)
			assert.Equal(t, s.Original^s.Key, s.Result)
			assert.Equal(t, masked[k], s.Result, "TraceMask and Mask disagree at byte %d", k)
		}
	}
}

func TestMaskStepNote(t *testing.T) {
	t.Parallel()
	steps := TraceMask([]byte("Hello"), rfcKey, 0)
	require.Len(t, steps, 5)
	// 'o' (0x6f) is byte 4, j = 0, key[0] = 0x37, 0x6f ^ 0x37 = 0x58.
	n := steps[4].Note()
	assert.Equal(t, "mask.step", n.ID)
	assert.Equal(t, []string{"4", "0", "0x6f", "0x37", "0x58"}, n.Args)
	s := n.English()
	for _, want := range []string{"4 mod 4 = 0", "0x6f", "key[0]", "0x37", "0x58"} {
		assert.Contains(t, s, want)
	}
	assert.False(t, strings.Contains(s, "{"), s)
	// A step keeps the leading zero of small bytes.
	assert.Equal(t, "0x0a", TraceMask([]byte{0x0a}, [4]byte{}, 0)[0].Note().Args[2])
}

// TestMaskEmptyAndNil: masking nothing returns pos unchanged at every
// position, touches no byte around an empty sub-slice (not even the ones
// its capacity reaches), and traces no step.
func TestMaskEmptyAndNil(t *testing.T) {
	t.Parallel()
	around := []byte("0123456789abcdef")
	for _, pos := range []int{0, 1, 2, 3, 4, 5, 7, 1 << 20, 1<<31 - 1} {
		assert.Equal(t, pos, Mask(nil, rfcKey, pos), "nil at %d", pos)
		b := bytes.Clone(around)
		for at := 0; at <= len(b); at++ {
			assert.Equal(t, pos, Mask(b[at:at], rfcKey, pos), "empty at %d, pos %d", at, pos)
		}
		assert.Equal(t, around, b, "an empty slice masks no byte of its array")
		assert.Empty(t, TraceMask(nil, rfcKey, pos))
		assert.Empty(t, TraceMask(b[3:3], rfcKey, pos))
	}
}

// TestNewMaskKey: section 5.3 wants a fresh, unpredictable key per frame.
func TestNewMaskKey(t *testing.T) {
	t.Parallel()
	seen := map[[4]byte]bool{}
	zero := 0
	for i := 0; i < 64; i++ {
		k := NewMaskKey()
		seen[k] = true
		if k == [4]byte{} {
			zero++
		}
	}
	// 64 draws of 32 random bits: a repeat has probability below 1e-6.
	assert.Len(t, seen, 64, "keys repeat")
	assert.LessOrEqual(t, zero, 1, "an all-zero key would leave the payload unmasked")
}
