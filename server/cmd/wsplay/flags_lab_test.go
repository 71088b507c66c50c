package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/server/lab"
)

func TestLabFlags(t *testing.T) {
	t.Parallel()
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	o, err := parseOptions(nil, env(nil), &strings.Builder{})
	require.NoError(t, err)
	assert.Equal(t, lab.DefaultLimits(), o.cfg.Lab, "the lab's defaults")

	o, err = parseOptions([]string{"-lab-rate", "0.5", "-lab-max", "3"},
		env(map[string]string{"WSPLAY_LAB_PER_IP": "4", "WSPLAY_LAB_BURST": "6", "WSPLAY_LAB_RATE": "9"}), &strings.Builder{})
	require.NoError(t, err)
	assert.Equal(t, 4, o.cfg.Lab.PerIP)
	assert.Equal(t, 6, o.cfg.Lab.Burst)
	assert.Equal(t, 0.5, o.cfg.Lab.Rate, "a flag beats the environment")
	assert.Equal(t, 3, o.cfg.Lab.MaxActive)

	for _, args := range [][]string{
		{"-lab-per-ip", "0"}, {"-lab-burst", "-1"}, {"-lab-max", "0"}, {"-lab-rate", "0"}, {"-lab-rate", "NaN"}, {"-lab-rate", "lots"},
	} {
		_, err := parseOptions(args, env(nil), &strings.Builder{})
		assert.Error(t, err, args)
	}
}
