package protocol

// AsViolation finds the first *Violation in err's tree, in the order
// errors.As searches it for &v: err, then what Unwrap() error or, depth
// first, each of Unwrap() []error (errors.Join) returns. Unlike errors.As it
// ignores As methods, which no error of this module has.
//
// It exists for the wasm: errors.As works through internal/reflectlite,
// which adds about 11 KB of brotli to wsplay.wasm; a type switch does not.
func AsViolation(err error) (*Violation, bool) { return findError[*Violation](err) }

// findError returns the first error of type T in err's tree.
func findError[T error](err error) (T, bool) {
	for err != nil {
		if t, ok := err.(T); ok {
			return t, true
		}
		switch u := err.(type) {
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		case interface{ Unwrap() []error }:
			return findFirst[T](u.Unwrap())
		default:
			err = nil
		}
	}
	var zero T
	return zero, false
}

func findFirst[T error](errs []error) (T, bool) {
	for _, e := range errs {
		if t, ok := findError[T](e); ok {
			return t, true
		}
	}
	var zero T
	return zero, false
}
