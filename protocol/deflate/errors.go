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

// Problems lists every problem the package reports, in a stable order.
func Problems() []*Problem { return append([]*Problem(nil), allProblems...) }

// allProblems is static data, like the problems: no code runs to build it.
var allProblems = []*Problem{ErrTruncated, ErrReservedBlockType, ErrStoredLength, ErrTooManyLengthCodes,
	ErrTooManyDistanceCodes, ErrRepeatFirst, ErrRepeatOverflow, ErrCodeLengths, ErrInvalidCode,
	ErrInvalidLengthSymbol, ErrInvalidDistanceSymbol, ErrDistanceTooFar, ErrTooBig}

// What can be wrong with DEFLATE data. The checks are exactly those of Go's
// compress/flate, so that both accept the same streams.
var (
	ErrTruncated = &Problem{ID: "truncated", Section: "3.2.3",
		Text: "the data ends inside a block: more bits were needed"}
	ErrReservedBlockType = &Problem{ID: "reserved-block-type", Section: "3.2.3",
		Text: "BTYPE 11 is reserved and never valid"}
	ErrStoredLength = &Problem{ID: "stored-length", Section: "3.2.4",
		Text: "a stored block's NLEN must be the one's complement of LEN"}
	ErrTooManyLengthCodes = &Problem{ID: "too-many-length-codes", Section: "3.2.7",
		Text: "HLIT may announce at most 286 literal/length codes (HLIT 0-29)"}
	ErrTooManyDistanceCodes = &Problem{ID: "too-many-distance-codes", Section: "3.2.7",
		Text: "HDIST may announce at most 30 distance codes (HDIST 0-29)"}
	ErrRepeatFirst = &Problem{ID: "repeat-without-previous", Section: "3.2.7",
		Text: "code length 16 repeats the previous length, so it cannot come first"}
	ErrRepeatOverflow = &Problem{ID: "repeat-overflow", Section: "3.2.7",
		Text: "a repeated code length runs past the HLIT + HDIST lengths the header announced"}
	ErrCodeLengths = &Problem{ID: "bad-code-lengths", Section: "3.2.2",
		Text: "the code lengths do not make a complete prefix code: too many codes of some length, or unused bit patterns"}
	ErrInvalidCode = &Problem{ID: "invalid-code", Section: "3.2.2",
		Text: "these bits are not the code of any symbol"}
	ErrInvalidLengthSymbol = &Problem{ID: "invalid-length-symbol", Section: "3.2.6",
		Text: "literal/length symbols 286 and 287 have codes in the fixed code but never occur in data"}
	ErrInvalidDistanceSymbol = &Problem{ID: "invalid-distance-symbol", Section: "3.2.6",
		Text: "distance symbols 30 and 31 have codes in the fixed code but never occur in data"}
	ErrDistanceTooFar = &Problem{ID: "distance-too-far", Section: "3.2.5",
		Text: "a back-reference reaches further back than the bytes produced so far, or than the window"}
	ErrTooBig = &Problem{ID: "too-big", Section: "",
		Text: "the data inflates to more bytes than the reader accepts; it stopped at the limit"}
)

func fail(p *Problem, bit int64, value string) *Error {
	return &Error{Problem: p, Bit: bit, Value: value}
}

// failNum is fail with a value of label and a number, formatted here once
// rather than at every call site.
func failNum(p *Problem, bit int64, label string, n int) *Error {
	return &Error{Problem: p, Bit: bit, Value: label + strconv.Itoa(n)}
}
