package rooms

import (
	"strconv"
	"strings"

	qrcode "github.com/skip2/go-qrcode"
)

// quietZone is the light margin a QR reader needs around the symbol, in
// modules (ISO/IEC 18004 asks for 4).
const quietZone = 4

// QRSVG draws text as a QR code in SVG: go-qrcode computes the modules
// (error correction level M, readable with up to 15% of it hidden), and
// each dark run of a row becomes one rectangle of a single path. The
// drawing scales to whatever size the page gives it (viewBox in modules,
// crisp edges), so it can fill a projector.
func QRSVG(text string) ([]byte, error) {
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return nil, err
	}
	q.DisableBorder = true
	bits := q.Bitmap()
	size := len(bits) + 2*quietZone
	var b strings.Builder
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ` + strconv.Itoa(size) + " " + strconv.Itoa(size) +
		`" shape-rendering="crispEdges" role="img"><title>` + escapeXML(text) + `</title>` +
		`<rect width="100%" height="100%" fill="#fff"/><path fill="#000" d="`)
	for y, row := range bits {
		for x := 0; x < len(row); {
			if !row[x] {
				x++
				continue
			}
			start := x
			for x < len(row) && row[x] {
				x++
			}
			b.WriteString("M" + strconv.Itoa(start+quietZone) + " " + strconv.Itoa(y+quietZone) + "h" + strconv.Itoa(x-start) + "v1h-" + strconv.Itoa(x-start) + "z")
		}
	}
	b.WriteString(`"/></svg>`)
	return []byte(b.String()), nil
}

// escapeXML makes text safe inside an element.
func escapeXML(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}
