package rooms

import (
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	school = netip.MustParseAddr("192.0.2.10")
	other  = netip.MustParseAddr("192.0.2.20")
)

func refusalOf(t *testing.T, err error) *Refusal {
	t.Helper()
	require.Error(t, err)
	r, ok := err.(*Refusal)
	require.True(t, ok, "%T", err)
	return r
}

// A shard asks for a code with that prefix (what nginx routes on); a bad
// one says which character is wrong.
func TestCreateWithShard(t *testing.T) {
	t.Parallel()
	g := New(Config{Clock: newFakeClock(), Limits: Limits{RoomsPerIP: 100}})
	for _, shard := range []string{"AB", "zz", "29"} {
		c, err := g.Create(school, shard)
		require.NoError(t, err)
		assert.True(t, strings.HasPrefix(c.Room, strings.ToUpper(shard)), c.Room)
		assert.Len(t, c.Secret, 32)
	}
	_, err := g.Create(school, "A0")
	assert.Equal(t, "bad-code", refusalOf(t, err).ID)
	_, err = g.Create(school, "ABC")
	assert.Equal(t, "bad-shard", refusalOf(t, err).ID)
	assert.Equal(t, 3, g.Rooms())
}

// Rooms are capped per creating address (429) and in total (503); ending
// one frees its slot.
func TestCreateLimits(t *testing.T) {
	t.Parallel()
	g := New(Config{Clock: newFakeClock(), Limits: Limits{RoomsPerIP: 2, Rooms: 3}})
	first, err := g.Create(school, "")
	require.NoError(t, err)
	_, err = g.Create(school, "")
	require.NoError(t, err)
	_, err = g.Create(school, "")
	r := refusalOf(t, err)
	assert.Equal(t, StatusTooMany, r.Status)
	assert.Contains(t, r.Why, "limit of 2 open rooms")

	_, err = g.Create(other, "")
	require.NoError(t, err)
	_, err = g.Create(netip.MustParseAddr("192.0.2.30"), "")
	assert.Equal(t, StatusUnavailable, refusalOf(t, err).Status)

	room, refusal := g.Lookup(first.Room)
	require.Nil(t, refusal)
	room.End("done")
	_, err = g.Create(school, "")
	assert.NoError(t, err, "the ended room's slot is free")
}

// A room ends 2 hours after its last activity, not 2 hours after it began;
// its code then answers "ended" (410), a code never made "no-room" (404).
func TestRoomEndsWhenIdle(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	g := New(Config{Clock: clock})
	c, err := g.Create(school, "")
	require.NoError(t, err)
	room, _ := g.Lookup(c.Room)

	clock.advance(90 * time.Minute)
	room.touch()
	clock.advance(90 * time.Minute) // 3 h since creation, 1.5 h since activity
	_, refusal := g.Lookup(c.Room)
	require.Nil(t, refusal, "still open")

	clock.advance(30*time.Minute - time.Second)
	_, refusal = g.Lookup(c.Room)
	require.Nil(t, refusal, "one second before the limit")
	clock.advance(time.Second)
	_, refusal = g.Lookup(c.Room)
	require.NotNil(t, refusal)
	assert.Equal(t, StatusGone, refusal.Status)
	assert.Equal(t, 0, g.Rooms())

	never := "22222" + string(Alphabet[len(Alphabet)-1])
	if never == c.Room {
		never = "333333"
	}
	_, refusal = g.Lookup(never)
	assert.Equal(t, StatusNotFound, refusal.Status)
}

// Wrong codes count against the address; past the limit the address is
// refused (429) even with a right code, until the window passes. Other
// addresses are not affected.
func TestWrongCodesCountAgainstTheAddress(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	g := New(Config{Clock: clock, Limits: Limits{Misses: 3, MissWindow: time.Minute}})
	c, err := g.Create(school, "")
	require.NoError(t, err)
	wrong := "ZZZZZZ"
	if wrong == c.Room {
		wrong = "YYYYYY"
	}
	for range 3 {
		_, r := g.find(other, wrong)
		assert.Equal(t, StatusNotFound, r.Status)
	}
	_, r := g.find(other, c.Room)
	require.NotNil(t, r)
	assert.Equal(t, StatusTooMany, r.Status)
	assert.Contains(t, r.Why, "3 wrong room codes")

	_, r = g.find(school, c.Room)
	assert.Nil(t, r, "another address is not blocked")
	clock.advance(time.Minute + time.Second)
	_, r = g.find(other, c.Room)
	assert.Nil(t, r, "the window passed")
}

func TestCheckName(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, err string
	}{
		{"Ada", ""},
		{"<b>bold</b>&amp;", ""}, // markup is kept as text; pages show it as such
		{"李小龍", ""},
		{strings.Repeat("é", 24), ""},
		{strings.Repeat("é", 25), "at most 24 characters; this one has 25"},
		{"", "1 to 24 characters"},
		{"a\nb", "control characters (U+000A at byte 1)"},
		{"\xff", "UTF-8"},
	} {
		got, r := checkName(tc.name)
		if tc.err == "" {
			require.Nil(t, r, tc.name)
			assert.Equal(t, tc.name, got)
			continue
		}
		require.NotNil(t, r, tc.name)
		assert.Contains(t, r.Why, tc.err)
		assert.Equal(t, StatusBadRequest, r.Status)
	}
}

// Two a second: a burst of two, then one every half second.
func TestBucket(t *testing.T) {
	t.Parallel()
	var b bucket
	at := time.Unix(100, 0)
	steps := []struct {
		after time.Duration
		ok    bool
	}{{0, true}, {0, true}, {0, false}, {100 * time.Millisecond, false}, {400 * time.Millisecond, true}, {0, false}, {10 * time.Second, true}, {0, true}, {0, false}}
	for i, s := range steps {
		at = at.Add(s.after)
		assert.Equal(t, s.ok, b.take(at, 2, 2), "step %d", i)
	}
}

func TestParseRequest(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in, err string
	}{
		{`{"type":"say","text":"hi"}`, ""},
		{`{"type":"say","text":"hi"} {}`, "more follows"},
		{`{"type":"say","txt":"hi"}`, `unknown field "txt"`},
		{`{"type":"say"`, "unexpected EOF"},
		{`hello`, "invalid character"},
		{`[1]`, "cannot unmarshal array"},
	} {
		_, r := parseRequest([]byte(tc.in))
		if tc.err == "" {
			assert.Nil(t, r, tc.in)
			continue
		}
		require.NotNil(t, r, tc.in)
		assert.Equal(t, "bad-json", r.ID)
		assert.Contains(t, r.Why, tc.err, tc.in)
	}
}

func FuzzParseRequest(f *testing.F) {
	f.Add([]byte(`{"type":"say","text":"hi"}`))
	f.Add([]byte(`{"type":"mute","student":3,"muted":true}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, refusal := parseRequest(b)
		if refusal != nil {
			require.NotEmpty(t, refusal.Why)
			return
		}
		_ = r.Type
	})
}

// Rooms created and ended in a loop keep at most maxGone ended codes.
func TestEndedCodesAreBounded(t *testing.T) {
	t.Parallel()
	g := New(Config{Clock: newFakeClock(), Limits: Limits{RoomsPerIP: 1}})
	for range maxGone + 100 {
		c, err := g.Create(school, "")
		require.NoError(t, err)
		room, _ := g.Lookup(c.Room)
		room.End("done")
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	assert.LessOrEqual(t, len(g.gone), maxGone)
	assert.Positive(t, len(g.gone))
}
