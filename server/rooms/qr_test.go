package rooms

import (
	"encoding/xml"
	"regexp"
	"strconv"
	"strings"
	"testing"

	qrcode "github.com/skip2/go-qrcode"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The SVG is well-formed XML, has the 4-module quiet zone around the
// library's symbol, and draws exactly its dark modules.
func TestQRSVG(t *testing.T) {
	t.Parallel()
	link := "https://wsplay.example.org/room.html?room=K7Q4MZ"
	svg, err := QRSVG(link)
	require.NoError(t, err)
	require.NoError(t, xml.Unmarshal(svg, new(struct{})), "well-formed")

	q, err := qrcode.New(link, qrcode.Medium)
	require.NoError(t, err)
	q.DisableBorder = true
	bits := q.Bitmap()
	size := len(bits) + 8
	assert.Contains(t, string(svg), `viewBox="0 0 `+strconv.Itoa(size)+" "+strconv.Itoa(size)+`"`)

	dark := 0
	for _, row := range bits {
		for _, on := range row {
			if on {
				dark++
			}
		}
	}
	drawn := 0
	for _, m := range regexp.MustCompile(`M(\d+) (\d+)h(\d+)`).FindAllStringSubmatch(string(svg), -1) {
		x, _ := strconv.Atoi(m[1])
		y, _ := strconv.Atoi(m[2])
		w, _ := strconv.Atoi(m[3])
		require.GreaterOrEqual(t, x, 4, "quiet zone on the left")
		require.GreaterOrEqual(t, y, 4, "quiet zone on top")
		require.LessOrEqual(t, x+w, size-4, "quiet zone on the right")
		require.Less(t, y, size-4, "quiet zone below")
		for i := range w {
			require.True(t, bits[y-4][x-4+i], "module %d,%d is dark", x+i, y)
		}
		drawn += w
	}
	assert.Equal(t, dark, drawn)
	assert.Contains(t, string(svg), "<title>"+link+"</title>")
}

func TestQRSVGEscapesItsTitle(t *testing.T) {
	t.Parallel()
	svg, err := QRSVG("a<b>&c")
	require.NoError(t, err)
	assert.True(t, strings.Contains(string(svg), "<title>a&lt;b&gt;&amp;c</title>"))
}
