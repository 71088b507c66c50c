package protocol

import (
	"math/rand"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol/protocoltest"
)

var placeholderRE = regexp.MustCompile(`\{([0-9]+)\}`)

// emittedNotes gathers every note the package can produce, from every
// source: opcodes, status codes, rules, field names, decoded frames of the
// vectors (valid and invalid) and of random frames, accept traces, mask
// steps, header and start-line notes.
func emittedNotes(t *testing.T) []Note {
	var notes []Note
	for op := Opcode(0); op < 18; op++ {
		notes = append(notes, Note{ID: op.NoteID(), Args: []string{op.Hex()}})
	}
	for c := 0; c <= 5001; c++ {
		sc := StatusCode(c)
		notes = append(notes, Note{ID: sc.NoteID(), Args: []string{itoa(c)}})
	}
	notes = append(notes, Note{ID: StatusCode(65535).NoteID(), Args: []string{"65535"}})
	for _, r := range Rules() {
		notes = append(notes, Note{ID: r.NoteID()})
	}

	var wires [][]byte
	v := protocoltest.Load(t)
	for _, f := range v.Frames {
		wires = append(wires, f.Wire)
	}
	for _, f := range v.Invalid {
		wires = append(wires, f.Wire)
	}
	r := rand.New(rand.NewSource(15))
	for i := 0; i < 300; i++ {
		n := r.Intn(130)
		if i%50 == 0 {
			n = 70000
		}
		payload := make([]byte, n)
		r.Read(payload)
		op := Opcode(r.Intn(16))
		if op == OpClose && n >= 2 {
			payload[0], payload[1] = byte(r.Intn(24)), byte(r.Intn(256))
		}
		f := Frame{Header: Header{Fin: r.Intn(2) == 0, Rsv1: r.Intn(2) == 0, Rsv2: r.Intn(2) == 0, Rsv3: r.Intn(2) == 0,
			Opcode: op, Masked: r.Intn(2) == 0}, Payload: payload}
		wires = append(wires, AppendFrame(nil, f))
	}
	fieldIDs := map[string]bool{}
	for _, w := range wires {
		for _, lim := range []Limits{{From: FromServer}, {From: FromClient}} {
			for _, fr := range Decode(w, lim).Frames {
				for _, f := range fr.Fields {
					notes = append(notes, f.Note)
					fieldIDs[f.ID] = true
				}
			}
		}
	}
	for id := range fieldIDs {
		notes = append(notes, Note{ID: "field." + id})
	}

	for _, key := range []string{rfcKey13, tutorialKey, "", "short", "!!!!", strings.Repeat("k", 100)} {
		notes = append(notes, TraceAccept(key).Notes()...)
	}
	for _, s := range TraceMask([]byte("Hello, world"), rfcKey, 3) {
		notes = append(notes, s.Note())
	}
	for _, h := range []string{"Host", "upgrade", "CONNECTION", "Sec-WebSocket-Key", "Sec-WebSocket-Version",
		"Origin", "Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions", "Sec-WebSocket-Accept", "User-Agent",
		"Cookie", "Authorization", "X-Anything", ""} {
		notes = append(notes, HeaderNote(h))
	}
	for _, s := range []int{0, 101, 200, 400, 404, 426, 500} {
		notes = append(notes, StartLineNote(s))
	}
	notes = append(notes, pmdEmittedNotes(t)...)
	return notes
}

func TestEveryNoteHasEnglish(t *testing.T) {
	t.Parallel()
	notes := emittedNotes(t)
	require.Greater(t, len(notes), 5000)
	ids := map[string]bool{}
	for _, n := range notes {
		ids[n.ID] = true
		tmpl, ok := EnglishTemplate(n.ID)
		if !assert.True(t, ok, "no English template for %q", n.ID) {
			continue
		}
		assert.NotEmpty(t, tmpl)
		s := n.English()
		assert.NotEqual(t, n.ID, s, "English must not fall back to the id")
		for _, m := range placeholderRE.FindAllStringSubmatch(tmpl, -1) {
			k, _ := strconv.Atoi(m[1])
			assert.Less(t, k, len(n.Args), "%q uses {%d} but the note has %d args", n.ID, k, len(n.Args))
		}
		assert.False(t, placeholderRE.MatchString(s), "unfilled placeholder in %q: %s", n.ID, s)
	}

	// The other way round: every template is used by something, so the
	// catalogue a translator works on has no dead entries. Base64 groups of
	// one byte are shown by pages for other inputs, never by an accept
	// trace (a SHA-1 digest is 20 bytes, 20 mod 3 = 2).
	unused := map[string]bool{"accept.padding-2": true}
	for _, id := range NoteIDs() {
		if unused[id] {
			assert.False(t, ids[id], "%s is used after all; drop it from the list", id)
			continue
		}
		assert.True(t, ids[id], "template %q is never emitted", id)
	}
}

func TestNoteIDs(t *testing.T) {
	t.Parallel()
	ids := NoteIDs()
	assert.True(t, sort.StringsAreSorted(ids))
	seen := map[string]bool{}
	for _, id := range ids {
		assert.False(t, seen[id], "duplicate %s", id)
		seen[id] = true
		tmpl, ok := EnglishTemplate(id)
		assert.True(t, ok, id)
		assert.NotEmpty(t, strings.TrimSpace(tmpl), id)
		assert.Regexp(t, `^[a-z0-9]+([.-][a-z0-9]+)*$`, id)
	}
	for _, r := range Rules() {
		assert.True(t, seen[r.NoteID()], "rule %s has a note", r.ID)
		tmpl, _ := EnglishTemplate(r.NoteID())
		assert.Equal(t, r.Text, tmpl)
	}
	_, ok := EnglishTemplate("no.such.note")
	assert.False(t, ok)
}

func TestNoteEnglish(t *testing.T) {
	t.Parallel()
	tests := []Note{
		{ID: "length7.direct", Args: []string{"5"}},
		{ID: "accept.group", Args: []string{"b37a4f", "44 55 41 15", "s3pP"}},
		// {0} and {1} appear twice in this template: both are filled.
		{ID: "mask.step", Args: []string{"6", "2", "0x6c", "0x21", "0x4d"}},
		{ID: "opcode.reserved-control", Args: []string{"0xb"}},
	}
	for _, n := range tests {
		tmpl, ok := EnglishTemplate(n.ID)
		require.True(t, ok, n.ID)
		pairs := []string{}
		for i, a := range n.Args {
			pairs = append(pairs, "{"+strconv.Itoa(i)+"}", a)
		}
		want := strings.NewReplacer(pairs...).Replace(tmpl)
		got := n.English()
		assert.Equal(t, want, got)
		assert.NotEqual(t, tmpl, got, "%s has placeholders to fill", n.ID)
		for _, a := range n.Args {
			assert.Contains(t, got, a)
		}
		assert.False(t, placeholderRE.MatchString(got), got)
	}
	assert.Contains(t, Note{ID: "mask.step", Args: []string{"6", "2", "0x6c", "0x21", "0x4d"}}.English(), "6 mod 4 = 2")

	// Extra args are ignored, a note without placeholders is its template.
	tmpl, _ := EnglishTemplate("fin.1")
	assert.Equal(t, tmpl, Note{ID: "fin.1", Args: []string{"x"}}.English())
	// Unknown ids fall back to the id, which TestEveryNoteHasEnglish forbids
	// for anything the package emits.
	assert.Equal(t, "no.such.note", Note{ID: "no.such.note"}.English())
}

func TestHeaderNote(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"Host":                     "header.host",
		"HOST":                     "header.host",
		"upgrade":                  "header.upgrade",
		"Connection":               "header.connection",
		"sec-websocket-key":        "header.sec-websocket-key",
		"Sec-WebSocket-Version":    "header.sec-websocket-version",
		"Sec-WebSocket-Accept":     "header.sec-websocket-accept",
		"Sec-WebSocket-Protocol":   "header.sec-websocket-protocol",
		"Sec-WebSocket-Extensions": "header.sec-websocket-extensions",
		"Origin":                   "header.origin",
		"User-Agent":               "header.user-agent",
		"Cookie":                   "header.other",
		"other":                    "header.other",
		"":                         "header.other",
	}
	for name, id := range tests {
		assert.Equal(t, id, HeaderNote(name).ID, name)
	}
}

func TestStartLineNote(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "start.request", StartLineNote(0).ID)
	assert.Equal(t, "start.101", StartLineNote(101).ID)
	assert.Equal(t, "start.426", StartLineNote(426).ID)
	for _, s := range []int{100, 200, 301, 400, 403, 404, 500} {
		assert.Equal(t, "start.refused", StartLineNote(s).ID, "%d", s)
	}
}

func TestSortStrings(t *testing.T) {
	t.Parallel()
	cases := map[string][]string{
		"empty":      {},
		"one":        {"a"},
		"sorted":     {"a", "b", "c"},
		"reversed":   {"rule.z", "rule.m", "field.fin", "accept.key"},
		"duplicates": {"b", "a", "b", "a"},
		"prefixes":   {"status.reserved-1004", "status.reserved", "status", ""},
	}
	for name, in := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got := append([]string(nil), in...)
			sortStrings(got)
			want := append([]string(nil), in...)
			sort.Strings(want)
			assert.Equal(t, want, got)
		})
	}
}
