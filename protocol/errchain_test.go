package protocol

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/wsplay/wsplay/protocol/deflate"
)

// AsViolation must agree with errors.As on every shape of chain the module
// builds: direct, wrapped once or twice with %w, joined, absent, and nil.
func TestAsViolationAgreesWithErrorsAs(t *testing.T) {
	t.Parallel()
	v := violation(ErrReservedOpcode, 0, "0x3")
	cases := []struct {
		name string
		err  error
		want *Violation
	}{
		{"nil", nil, nil},
		{"violation", v, v},
		{"wrapped once", fmt.Errorf("decoding: %w", v), v},
		{"wrapped twice", fmt.Errorf("outer: %w", fmt.Errorf("inner: %w", v)), v},
		{"joined after another error", errors.Join(errors.New("from 192.0.2.1"), v), v},
		{"joined inside a wrap", fmt.Errorf("x: %w", errors.Join(errors.New("a"), fmt.Errorf("b: %w", v))), v},
		{"first of two joined", errors.Join(v, violation(ErrTooBig, 2, "")), v},
		{"joined without one", errors.Join(errors.New("a"), ErrTooBig), nil},
		{"a rule is not a violation", ErrReservedOpcode, nil},
		{"plain error", errors.New("boom"), nil},
		{"wrapped plain error", fmt.Errorf("x: %w", errors.New("boom")), nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got, ok := AsViolation(c.err)
			var std *Violation
			stdOK := errors.As(c.err, &std)
			assert.Equal(t, stdOK, ok, "found")
			assert.Same(t, std, got, "the same violation as errors.As")
			assert.Same(t, c.want, got)
		})
	}
}

// findError serves other error types too: the deflate error behind an
// inflate failure is found through wrapping.
func TestFindErrorDeflateError(t *testing.T) {
	t.Parallel()
	de := &deflate.Error{Problem: deflate.ErrTooBig, Bit: 9}
	got, ok := findError[*deflate.Error](fmt.Errorf("inflate: %w", de))
	assert.True(t, ok)
	assert.Same(t, de, got)
	_, ok = findError[*deflate.Error](violation(ErrInflate, -1, "x"))
	assert.False(t, ok, "a violation is not a deflate error")
}
