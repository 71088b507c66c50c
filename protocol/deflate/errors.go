package deflate

import "strconv"

// Problem is one way DEFLATE data can be wrong. Problems are comparable
// sentinels: errors.Is(err, ErrDistanceTooFar) reports whether err is one.
type Problem struct {
	ID      string // stable id, e.g. "distance-too-far"; its note is "deflate.error."+ID
	Section string // RFC 1951 section, empty when the problem is a limit of this reader
	Text    string // one English sentence
}

func (p *Problem) Error() string {
	if p.Section == "" {
		return p.Text
	}
	return p.Text + " (RFC 1951 section " + p.Section + ")"
}

// NoteID is the id of the problem's sentence among the package's notes.
func (p *Problem) NoteID() string { return "deflate.error." + p.ID }

// Error is a Problem met at a particular bit of the input.
type Error struct {
	Problem *Problem
	Bit     int64  // first bit at fault, counted from bit 0 of the input's first byte
	Value   string // what was read there, e.g. "BTYPE=11" or "distance 40000"
}

func (e *Error) Error() string {
	s := "deflate: " + e.Problem.ID + ": " + e.Problem.Error() + " at bit " + strconv.FormatInt(e.Bit, 10) +
		" (byte " + strconv.FormatInt(e.Bit/8, 10) + ")"
	if e.Value != "" {
		s += " (found " + e.Value + ")"
	}
	return s
}

// Unwrap lets errors.Is match the Problem.
func (e *Error) Unwrap() error { return e.Problem }

var allProblems []*Problem

func problem(id, section, text string) *Problem {
	p := &Problem{ID: id, Section: section, Text: text}
	allProblems = append(allProblems, p)
	return p
}

// Problems lists every problem the package reports, in a stable order.
func Problems() []*Problem { return append([]*Problem(nil), allProblems...) }

// What can be wrong with DEFLATE data. The checks are exactly those of Go's
// compress/flate, so that both accept the same streams.
var (
	ErrTruncated = problem("truncated", "3.2.3",
		"the data ends inside a block: more bits were needed")
	ErrReservedBlockType = problem("reserved-block-type", "3.2.3",
		"BTYPE 11 is reserved and never valid")
	ErrStoredLength = problem("stored-length", "3.2.4",
		"a stored block's NLEN must be the one's complement of LEN")
	ErrTooManyLengthCodes = problem("too-many-length-codes", "3.2.7",
		"HLIT may announce at most 286 literal/length codes (HLIT 0-29)")
	ErrTooManyDistanceCodes = problem("too-many-distance-codes", "3.2.7",
		"HDIST may announce at most 30 distance codes (HDIST 0-29)")
	ErrRepeatFirst = problem("repeat-without-previous", "3.2.7",
		"code length 16 repeats the previous length, so it cannot come first")
	ErrRepeatOverflow = problem("repeat-overflow", "3.2.7",
		"a repeated code length runs past the HLIT + HDIST lengths the header announced")
	ErrCodeLengths = problem("bad-code-lengths", "3.2.2",
		"the code lengths do not make a complete prefix code: too many codes of some length, or unused bit patterns")
	ErrInvalidCode = problem("invalid-code", "3.2.2",
		"these bits are not the code of any symbol")
	ErrInvalidLengthSymbol = problem("invalid-length-symbol", "3.2.6",
		"literal/length symbols 286 and 287 have codes in the fixed code but never occur in data")
	ErrInvalidDistanceSymbol = problem("invalid-distance-symbol", "3.2.6",
		"distance symbols 30 and 31 have codes in the fixed code but never occur in data")
	ErrDistanceTooFar = problem("distance-too-far", "3.2.5",
		"a back-reference reaches further back than the bytes produced so far, or than the window")
	ErrTooBig = problem("too-big", "",
		"the data inflates to more bytes than the reader accepts; it stopped at the limit")
)

func fail(p *Problem, bit int64, value string) *Error {
	return &Error{Problem: p, Bit: bit, Value: value}
}
