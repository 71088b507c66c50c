package pagetest

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// A link followed while the page still owes the hash an edit (it batches
// keystrokes for 200 ms) wins: the page shows the link's values and keeps
// the link, instead of writing the older edit over it.
func TestPageLinkWinsOverPendingEdit(t *testing.T) {
	t.Parallel()
	p := openPage(t, "/")
	p.waitJS(`!!document.querySelector("#fb-payload")`, "no frame builder")
	// The page's own state module (the same instance: same URL).
	eval[bool](p, `(import("./js/state.js").then((m) => { window.__state = m; }), true)`)
	p.waitJS(`!!window.__state`, "state.js did not load")
	// One task: an edit, a link replacing the hash, and the edit's batched
	// write coming due before the hashchange event (queued behind this
	// task) has run, as it can on a busy page.
	eval[bool](p, `(() => {
		const input = document.querySelector("#fb-payload");
		input.value = "typed";
		input.dispatchEvent(new Event("input"));
		location.hash = "#frame.payload=linked";
		window.__state.flush();
		return true;
	})()`)
	p.waitJS(`document.querySelector("#fb-payload").value === "linked"`, "the link's payload never showed")
	// Let any batched write run: it was due 200 ms after the edit.
	eval[bool](p, `(window.__linkShown = performance.now(), true)`)
	p.waitJS(`performance.now() - window.__linkShown > 400`, "the clock stopped")
	assert.Equal(t, "#frame.payload=linked", eval[string](p, `location.hash`))
	assert.Equal(t, "linked", eval[string](p, `document.querySelector("#fb-payload").value`))
}
