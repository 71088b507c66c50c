package deflate

import (
	"testing"

	"github.com/wsplay/wsplay/protocol/protocoltest"
)

// loadExamples returns the examples of RFC 7692 section 7.2.3 by id.
func loadExamples(t testing.TB) map[string]protocoltest.DeflateExample {
	return protocoltest.LoadDeflate(t)
}
