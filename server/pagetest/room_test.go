package pagetest

import (
	"context"
	"encoding/hex"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wsplay/wsplay/protocol"
	"github.com/wsplay/wsplay/server"
	"github.com/wsplay/wsplay/server/internal/browsertest"
	"github.com/wsplay/wsplay/server/internal/testutil"
)

// markupName is a display name that would be an element if a page used it
// as markup; 20 characters, within the 24 allowed.
const markupName = `<b>Bob</b><i>!</i>`

// roomTab is one tab of the shared browser.
func roomTab(t *testing.T, browser context.Context) *browsertest.Tab {
	ctx, cancel := chromedp.NewContext(browser)
	t.Cleanup(cancel)
	tab := &browsertest.Tab{T: t, Ctx: ctx}
	browsertest.CatchErrors(t, ctx)
	return tab
}

// openRoomPage loads path in English and waits for its view.
func openRoomPage(tab *browsertest.Tab, base, path, view string) {
	tab.T.Helper()
	tab.Do(chromedp.Navigate("about:blank"), chromedp.Navigate(base+path))
	tab.Wait(`document.documentElement.dataset.roomReady === "`+view+`"`, "the room page never showed "+view)
}

// startClass opens the landing page, presses "Start a class" and waits
// for the projector; it returns the room's code.
func startClass(tab *browsertest.Tab, base string) string {
	tab.T.Helper()
	openRoomPage(tab, base, "/room.html#lang=en", "room.heading")
	browsertest.Screenshot(tab.T, tab.Ctx, "landing")
	tab.Do(chromedp.Click(chromedp.CSS("#room-start")))
	waitThroughNavigation(tab, `document.querySelector("#room-conn")?.dataset.roomKey === "room.connected"`, "the projector never connected")
	return tab.Eval(`new URLSearchParams(location.search).get("room")`)
}

// joinClass opens the join link, types a name and joins.
func joinClass(tab *browsertest.Tab, base, code, name string) {
	tab.T.Helper()
	openRoomPage(tab, base, "/room.html?room="+code+"#lang=en", "room.studentHeading")
	if browsertest.Screenshots() && name == markupName {
		tab.Do(chromedp.EmulateViewport(360, 640))
		browsertest.Screenshot(tab.T, tab.Ctx, "student-join-360")
	}
	tab.Do(chromedp.SendKeys(chromedp.CSS("#room-name"), name), chromedp.Click(chromedp.CSS("#room-join")))
	tab.Wait(`!document.querySelector(".room-in").hidden`, "the student never got in")
}

// waitThroughNavigation is Wait for a condition that a navigation the page
// started itself (location.assign) comes before: a poll in the old
// document ends with "navigated or closed", and starts again in the new.
func waitThroughNavigation(tab *browsertest.Tab, js, why string) {
	tab.T.Helper()
	ctx := browsertest.Step(tab.T, tab.Ctx)
	for {
		err := browsertest.Poll(ctx, js)
		if err == nil || ctx.Err() != nil || !strings.Contains(err.Error(), "navigated or closed") {
			require.NoError(tab.T, err, why)
			return
		}
	}
}

func say(tab *browsertest.Tab, text string) {
	tab.T.Helper()
	tab.Do(chromedp.SendKeys(chromedp.CSS("#room-say-text"), text), chromedp.Click(chromedp.CSS("#room-say-send")))
}

// With permessage-deflate agreed (Chromium offers it), the projector marks
// a student's compressed frame with RSV1 and still shows the text, which
// the server inflated.
func TestRoomBrowserCompressed(t *testing.T) {
	t.Parallel()
	base, browser, teacher, code := openClassWith(t, server.Config{Deflate: true})
	student := roomTab(t, browser)
	joinClass(student, base, code, "Zip")
	say(student, "squeeze squeeze squeeze squeeze")
	const row = `#room-timeline li[data-kind="message"]`
	teacher.Wait(`!!document.querySelector('`+row+`')`, "no message on the projector")
	label := teacher.Text(row)
	assert.Contains(t, label, "RSV1: compressed")
	assert.Contains(t, label, "squeeze squeeze")
	raw, err := hex.DecodeString(teacher.Eval(`document.querySelector('` + row + `').dataset.hex`))
	require.NoError(t, err)
	h, _, _ := protocol.ParseHeader(raw)
	assert.True(t, h.Rsv1, "the frame as it travelled has RSV1")
}

// openClass starts the server and a browser whose first tab starts a class.
func openClass(t *testing.T) (base string, browser context.Context, teacher *browsertest.Tab, code string) {
	return openClassWith(t, server.Config{})
}

func openClassWith(t *testing.T, cfg server.Config) (base string, browser context.Context, teacher *browsertest.Tab, code string) {
	base = roomBase(t, cfg)
	browser = browsertest.New(t)
	teacher = &browsertest.Tab{T: t, Ctx: browser}
	browsertest.CatchErrors(t, browser)
	return base, browser, teacher, startClass(teacher, base)
}

// roomBase starts the server and returns the URL Chromium reaches it at.
func roomBase(t *testing.T, cfg server.Config) string {
	browsertest.RequireWasm(t)
	addr := startServer(t, cfg)
	return "http://localhost:" + addr[strings.LastIndexByte(addr, ':')+1:]
}

// A teacher and three students in four tabs: the projector shows each
// student's frame with three different masking keys; each student sees
// the broadcast; a removed student's page shows 4001; a name with markup
// stays text everywhere.
func TestRoomBrowserClass(t *testing.T) {
	t.Parallel()
	base, browser, teacher, code := openClass(t)
	require.Len(t, code, 6)

	names := []string{"Ada", markupName, "李雷"}
	var students []*browsertest.Tab
	for i, name := range names {
		s := roomTab(t, browser)
		joinClass(s, base, code, name)
		students = append(students, s)
		teacher.Wait(`document.querySelector("#room-count").value === "`+strconv.Itoa(i+1)+`"`, "the count never reached "+strconv.Itoa(i+1))
	}
	assert.Equal(t, markupName, students[1].Eval(`document.querySelector("#room-you bdi").textContent`))
	assert.Equal(t, "0", students[1].Eval(`String(document.querySelectorAll("#room-you b, #room-you i").length)`), "no element made of the name")

	for i, s := range students {
		say(s, "hi from "+strconv.Itoa(i))
	}
	const rows = `#room-timeline li[data-kind="message"]`
	teacher.Wait(`document.querySelectorAll('`+rows+`').length === 3`, "the projector never showed three messages")
	keys := map[[4]byte]bool{}
	for i := range 3 {
		sel := `[...document.querySelectorAll('` + rows + `')][` + strconv.Itoa(i) + `]`
		raw, err := hex.DecodeString(teacher.Eval(sel + `.dataset.hex`))
		require.NoError(t, err)
		f := testutil.DecodeFrame(t, raw, "client")
		assert.True(t, f.Header.Masked, "a browser masks")
		keys[f.Header.MaskKey] = true
		label := teacher.Eval(sel + `.textContent`)
		assert.Contains(t, label, hex.EncodeToString(f.Header.MaskKey[:]), "the row shows the key")
		assert.Contains(t, label, "hi from ", "and the text")
	}
	assert.Len(t, keys, 3, "three students, three masking keys")

	// Selecting a row (keyboard: focus and Enter) draws its frame with the
	// shared frame view, masking key included.
	teacher.Do(chromedp.Focus(chromedp.CSS(rows+" button")), chromedp.KeyEvent("\r"))
	teacher.Wait(`!!document.querySelector("#room-detail .frameview")`, "no frame view for the selected row")
	first := testutil.DecodeFrame(t, mustHex(t, teacher.Eval(`document.querySelector('`+rows+`').dataset.hex`)), "client")
	assert.Contains(t, teacher.Text("#room-detail"), hex.EncodeToString(first.Header.MaskKey[:]))
	assert.Contains(t, teacher.Text("#room-roster"), markupName)
	assert.Equal(t, "0", teacher.Eval(`String(document.querySelectorAll("#room-roster b, #room-timeline b").length)`))

	teacher.Do(chromedp.SendKeys(chromedp.CSS("#room-broadcast-text"), "quiz at ten"), chromedp.Click(chromedp.CSS("#room-broadcast-send")))
	teacher.Wait(`document.querySelector("#room-sent").dataset.count === "3"`, "the broadcast report never came")
	frame, err := hex.DecodeString(teacher.Eval(`document.querySelector("#room-sent").dataset.hex`))
	require.NoError(t, err)
	f := testutil.DecodeFrame(t, frame, "server")
	assert.False(t, f.Header.Masked, "the server never masks")
	assert.Contains(t, teacher.Text("#room-sent"), strconv.Itoa(len(frame))+" bytes")
	for _, s := range students {
		s.Wait(`document.querySelector("#room-broadcasts li")?.textContent === "quiz at ten"`, "a student never saw the broadcast")
	}

	// The student's own wire: its masked frame, as the tap saw it.
	const own = `#room-wire li[data-kind="frame"][data-from="client"]`
	students[0].Wait(`!!document.querySelector('`+own+`')`, "the student's own wire shows no frame of its own")
	mine := students[0].TimelineFrame(own)
	assert.True(t, mine.Header.Masked)
	assert.Contains(t, string(mine.Payload), `"type":"say"`)

	shots(t, teacher, students[1])

	teacher.Do(chromedp.Click(chromedp.CSS(`#room-roster li[data-student="2"] button[data-act="remove"]`)))
	students[1].Wait(`document.querySelector("#room-closed").dataset.code === "4001"`, "the removed student's page never showed 4001")
	assert.Contains(t, students[1].Text("#room-closed"), "4001 removed by the teacher")
	teacher.Wait(`[...document.querySelectorAll('#room-timeline li[data-kind="left"]')].some(li => li.textContent.includes("4001"))`, "the projector never showed the 4001")
	teacher.Wait(`document.querySelector("#room-count").value === "2"`, "the count never went down")

	// Ending takes two presses; then everyone gets 1001.
	teacher.Do(chromedp.Click(chromedp.CSS("#room-end")))
	assert.Contains(t, teacher.Text("#room-end"), "Press again")
	teacher.Do(chromedp.Click(chromedp.CSS("#room-end")))
	for _, s := range []*browsertest.Tab{students[0], students[2]} {
		s.Wait(`document.querySelector("#room-closed").dataset.code === "1001"`, "a student's page never showed the end of the class")
		assert.Contains(t, s.Text("#room-closed"), "class ended by the teacher")
	}
	teacher.Wait(`document.querySelector("#room-conn").dataset.code === "1001"`, "the projector never showed the end")

	// A latecomer's page says the class has ended before a name is typed.
	late := roomTab(t, browser)
	openRoomPage(late, base, "/room.html?room="+code+"#lang=en", "room.studentHeading")
	late.Wait(`document.querySelector("#room-problem").dataset.error === "ended"`, "the latecomer's page never said why")
	assert.Equal(t, "This class has ended.", late.Text("#room-problem"))
}

// shots takes the projector at 1280x720 and a student at 360 px, in both
// languages, when screenshots are asked for.
func shots(t *testing.T, teacher, student *browsertest.Tab) {
	if !browsertest.Screenshots() {
		return
	}
	for _, lang := range []string{"en", "zh-CN"} {
		for _, tab := range []*browsertest.Tab{teacher, student} {
			tab.Do(chromedp.EmulateViewport(1280, 720))
			switchLanguage(tab, lang)
		}
		browsertest.Screenshot(t, teacher.Ctx, "projector-"+lang)
		student.Do(chromedp.EmulateViewport(360, 780))
		browsertest.Screenshot(t, student.Ctx, "student-360-"+lang)
		browsertest.ScreenshotOf(t, student.Ctx, "student-360-full-"+lang, "body")
	}
	for _, tab := range []*browsertest.Tab{teacher, student} {
		switchLanguage(tab, "en")
	}
	teacher.Do(chromedp.Click(chromedp.CSS("#room-qr-big")))
	browsertest.Screenshot(t, teacher.Ctx, "projector-qr-big")
	teacher.Do(chromedp.KeyEvent(kb.Escape))
	teacher.Wait(`!document.querySelector(".room-qr-box.big")`, "Esc did not shrink the QR code")
}

func mustHex(t *testing.T, s string) []byte {
	b, err := hex.DecodeString(s)
	require.NoError(t, err)
	return b
}

// switchLanguage picks lang in the page's language menu.
func switchLanguage(tab *browsertest.Tab, lang string) {
	tab.T.Helper()
	tab.Eval(`(() => { const s = document.querySelector("#lang-select"); s.value = "` + lang + `"; s.dispatchEvent(new Event("change")); return ""; })()`)
	tab.Wait(`document.documentElement.lang === "`+lang+`"`, "the language never switched to "+lang)
}

// A projector link with a wrong secret: the server refuses it before the
// 101, and the page offers nothing to broadcast or remove with; a student
// in the room hears nothing from it.
func TestRoomBrowserWrongSecret(t *testing.T) {
	t.Parallel()
	base, browser, teacher, code := openClass(t)
	student := roomTab(t, browser)
	joinClass(student, base, code, "Eve")

	intruder := roomTab(t, browser)
	openRoomPage(intruder, base, "/room.html?room="+code+"#secret="+strings.Repeat("0", 32)+"&lang=en", "room.projector")
	intruder.Wait(`document.querySelector("#room-conn").dataset.roomKey === "room.refusedTeacher"`, "the page never said it was refused")
	assert.Equal(t, "true", intruder.Eval(`String(document.querySelector("#room-broadcast-send").disabled && document.querySelector("#room-end").disabled)`))
	assert.Equal(t, "0", intruder.Eval(`String(document.querySelectorAll("#room-roster button:not([disabled])").length)`), "no remove or mute button")
	// Enabling the button by hand sends nothing: there is no socket.
	intruder.Eval(`(() => { const b = document.querySelector("#room-broadcast-send"); b.disabled = false; document.querySelector("#room-broadcast-text").disabled = false; document.querySelector("#room-broadcast-text").value = "pwned"; b.click(); return ""; })()`)
	teacher.Do(chromedp.SendKeys(chromedp.CSS("#room-broadcast-text"), "real"), chromedp.Click(chromedp.CSS("#room-broadcast-send")))
	student.Wait(`document.querySelector("#room-broadcasts li")?.textContent === "real"`, "the real broadcast never came")
	assert.Equal(t, "1", student.Eval(`String(document.querySelectorAll("#room-broadcasts li").length)`), "only the teacher's")
	assert.Equal(t, "1", teacher.Eval(`document.querySelector("#room-count").value`), "the intruder is nobody in the room")
}
