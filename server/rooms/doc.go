// Package rooms runs classroom rooms on WebSockets: a teacher creates a
// room (POST /rooms), students join it by its code (/ws?room=&name=) and the
// teacher's projector (/ws?room=&secret=) sees every frame each student
// sends, masking key and RSV1 bit included, while a broadcast goes out as
// one server frame, the same bytes to every student.
//
// Every message is a JSON text frame (README "Rooms" documents them all, so
// that a class can write its own client). A room lives in the process that
// created it; nginx routes every request carrying ?room= to that instance.
//
// Application close codes (RFC 6455 section 7.4.2 leaves 4000-4999 to
// applications):
//
//	4001 removed by the teacher
//	4002 the room filled up while the student was connecting
//	4003 too slow: the student's (or teacher's) queue of unsent frames overflowed
//	4004 replaced: the teacher opened the room in another window
//
// Ending a class, by the teacher or after 2 hours without activity, closes
// every connection with 1001 (going away) and a reason.
package rooms
