package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/server/rooms"
)

func TestRoomFlags(t *testing.T) {
	t.Parallel()
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	o, err := parseOptions(nil, env(nil), &strings.Builder{})
	require.NoError(t, err)
	assert.Equal(t, rooms.DefaultLimits(), o.cfg.Rooms, "the rooms' defaults")

	o, err = parseOptions([]string{"-room-students", "40"},
		env(map[string]string{"WSPLAY_ROOM_STUDENTS": "500", "WSPLAY_MAX_ROOMS": "7", "WSPLAY_ROOMS_PER_IP": "2"}), &strings.Builder{})
	require.NoError(t, err)
	assert.Equal(t, 40, o.cfg.Rooms.Students, "a flag beats the environment")
	assert.Equal(t, 7, o.cfg.Rooms.Rooms)
	assert.Equal(t, 2, o.cfg.Rooms.RoomsPerIP)

	for _, args := range [][]string{{"-room-students", "0"}, {"-max-rooms", "-1"}, {"-rooms-per-ip", "0"}, {"-room-students", "many"}} {
		_, err := parseOptions(args, env(nil), &strings.Builder{})
		assert.Error(t, err, args)
	}
}
