package main

import (
	"flag"
	"fmt"

	"github.com/wsplay/wsplay/server"
)

// roomFlags adds the classroom rooms' limits (README "Rooms").
func roomFlags(fset *flag.FlagSet, l *server.RoomLimits, def func(name, variable string) string) {
	fset.IntVar(&l.Students, "room-students", l.Students, "students per classroom room; beyond it 503 (they count against the room, not against -max-conns-per-ip)"+def("room-students", "WSPLAY_ROOM_STUDENTS"))
	fset.IntVar(&l.Rooms, "max-rooms", l.Rooms, "classroom rooms open at once on the whole server; beyond it POST /rooms gets 503"+def("max-rooms", "WSPLAY_MAX_ROOMS"))
	fset.IntVar(&l.RoomsPerIP, "rooms-per-ip", l.RoomsPerIP, "classroom rooms open at once created from one client address; beyond it 429"+def("rooms-per-ip", "WSPLAY_ROOMS_PER_IP"))
}

// checkRooms refuses limits that would switch rooms off by accident.
func checkRooms(l server.RoomLimits) error {
	for name, v := range map[string]int{"room-students": l.Students, "max-rooms": l.Rooms, "rooms-per-ip": l.RoomsPerIP} {
		if v < 1 {
			return fmt.Errorf("-%s: want at least 1, got %d", name, v)
		}
	}
	return nil
}
