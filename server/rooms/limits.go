package rooms

import "time"

// Limits bound what rooms may cost; zero fields get DefaultLimits' values.
type Limits struct {
	Students    int           // per room (-room-students)
	Rooms       int           // open rooms in the whole server (-max-rooms)
	RoomsPerIP  int           // open rooms created from one address (-rooms-per-ip)
	MessageSize int           // bytes in one message, student's or teacher's
	PerSecond   float64       // messages a student may send each second; more are dropped
	TeacherRate float64       // messages the teacher may send each second
	Idle        time.Duration // a room ends this long after its last activity
	Misses      int           // wrong room codes one address may try per MissWindow
	MissWindow  time.Duration
	Queue       int // frames waiting for one slow reader; beyond, it is closed with 4003
}

// DefaultLimits are the limits of issue 11: 300 students, 2 messages a
// second each, 1 KiB per message, a room ends after 2 hours of silence.
func DefaultLimits() Limits {
	return Limits{Students: 300, Rooms: 1000, RoomsPerIP: 5, MessageSize: 1024, PerSecond: 2, TeacherRate: 10,
		Idle: 2 * time.Hour, Misses: 30, MissWindow: 10 * time.Minute, Queue: 4096}
}

// WithDefaults fills the fields left at zero.
func (l Limits) WithDefaults() Limits {
	d := DefaultLimits()
	setDefault(&l.Students, d.Students)
	setDefault(&l.Rooms, d.Rooms)
	setDefault(&l.RoomsPerIP, d.RoomsPerIP)
	setDefault(&l.MessageSize, d.MessageSize)
	setDefault(&l.PerSecond, d.PerSecond)
	setDefault(&l.TeacherRate, d.TeacherRate)
	setDefault(&l.Idle, d.Idle)
	setDefault(&l.Misses, d.Misses)
	setDefault(&l.MissWindow, d.MissWindow)
	setDefault(&l.Queue, d.Queue)
	return l
}

func setDefault[T int | float64 | time.Duration](v *T, def T) {
	if *v <= 0 {
		*v = def
	}
}
