//go:build js && wasm

package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Only "{digits}" is a placeholder; any other brace stays text.
func TestParseTemplatePlaceholders(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		args []int
	}{
		{"Byte {0}: j = {0} mod 4 = {1}; {2}", []int{0, 0, 1, 2}},
		{"{10} and {9}", []int{10, 9}},
		{"no placeholder", nil},
		{"{x} {} {-1} {+1} {12345} { 1}", nil},
		{"open { only", nil},
	}
	for _, c := range cases {
		tp := parseTemplate(c.in)
		assert.Equal(t, c.args, tp.args, c.in)
		assert.Len(t, tp.text, len(c.args)+1, c.in)
		if c.args == nil {
			assert.Equal(t, c.in, strings.Join(tp.text, ""), "the braces stay as text")
		}
	}
}
