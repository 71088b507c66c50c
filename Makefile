# wsplay: `make run` serves the playground, `make test` checks everything.

GO        ?= go
GOROOT    := $(shell $(GO) env GOROOT)
WASM_LIB  := $(GOROOT)/lib/wasm
WASM_DIR  := site/wasm
WASM      := $(WASM_DIR)/wsplay.wasm
BIN       := bin/wsplay
# Inlining off for the wasm: brotli squeezes the un-inlined code ~50 KB
# smaller (610 -> 560 KB); the page's 1 KiB keystroke is no slower within
# noise, a 1 MiB encode+decode takes ~20 % more CPU. test-wasm uses the same
# flags so that the tests run the code that ships.
WASM_GCFLAGS ?= all=-l
# Go 1.26's default Green Tea GC costs the wasm ~9 KB of brotli over the
# classic collector, which the page's small heap does not miss. Empty it
# (make wasm WASM_GOEXPERIMENT=) on a toolchain that no longer has the
# classic one.
WASM_GOEXPERIMENT ?= nogreenteagc

.PHONY: build wasm wasm-budget run test fmt-check vet test-native test-wasm clean loadgen gorilla-peer soak idle-mem

# The server embeds site/, so the wasm must exist before the server compiles.
build: wasm
	$(GO) build -o $(BIN) ./server/cmd/wsplay

# wasm_exec.js is copied from the toolchain on every build so that it always
# matches the compiler. mergedata joins the linker's thousands of tiny data
# segments (about 50 KB of brotli; see wasm/cmd/mergedata). The .gz/.br twins are served to browsers that accept
# them; a stale .br is removed when the brotli command is missing.
wasm:
	GOEXPERIMENT=$(WASM_GOEXPERIMENT) GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -gcflags='$(WASM_GCFLAGS)' -o $(WASM) ./wasm
	$(GO) run ./wasm/cmd/mergedata $(WASM)
	cp $(WASM_LIB)/wasm_exec.js $(WASM_DIR)/wasm_exec.js
	gzip -9 -k -f -n $(WASM)
	@if command -v brotli >/dev/null 2>&1; then \
		brotli -q 11 -k -f $(WASM); \
	else \
		rm -f $(WASM).br; \
		echo "note: brotli not installed; serving gzip only (apt-get install brotli)"; \
	fi
	@ls -l $(WASM) $(WASM).gz $$(ls $(WASM).br 2>/dev/null)

run: build
	./$(BIN)

# Steps run in this order even under make -j.
test:
	@$(MAKE) --no-print-directory fmt-check
	@$(MAKE) --no-print-directory vet
	@$(MAKE) --no-print-directory wasm
	@$(MAKE) --no-print-directory wasm-budget
	@$(MAKE) --no-print-directory test-native
	@$(MAKE) --no-print-directory test-wasm

# The issues' budget for the wasm: at most 600 KB (read as 600,000 bytes)
# of brotli. Without brotli there is nothing to weigh: said, and under CI a
# failure (.ci/run installs it).
WASM_BUDGET ?= 600000
wasm-budget:
	@if [ ! -f $(WASM).br ]; then \
		echo "wasm budget: no $(WASM).br (install brotli)"; [ "$$CI" != true ] || exit 1; \
	else \
		size=$$(wc -c < $(WASM).br); \
		if [ "$$size" -gt $(WASM_BUDGET) ]; then \
			echo "wasm budget: $$size B of brotli, over $(WASM_BUDGET) B"; exit 1; \
		fi; \
		echo "wasm budget: $$size B of brotli, at most $(WASM_BUDGET): ok"; \
	fi

fmt-check:
	@files=$$(gofmt -l .); \
	if [ -n "$$files" ]; then \
		echo "gofmt needed on:"; echo "$$files"; exit 1; \
	fi; \
	echo "gofmt: ok"

# wasm/ only builds for js/wasm, so it gets vetted under that target too.
vet:
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./wasm/ ./protocol/...

test-native:
	$(GO) test -race ./...

# go_js_wasm_exec (in the toolchain's lib/wasm) runs the test binaries in Node.
test-wasm:
	PATH="$(WASM_LIB):$$PATH" GOEXPERIMENT=$(WASM_GOEXPERIMENT) GOOS=js GOARCH=wasm $(GO) test -gcflags='$(WASM_GCFLAGS)' ./protocol/... ./wasm/

# screenshots runs the browser tests with pictures of every section, both
# languages, both themes and presentation mode (make test takes none: they
# are for people to look at): make screenshots SHOTS=/tmp/shots.
SHOTS ?= $(CURDIR)/bin/screenshots
.PHONY: screenshots
screenshots: wasm
	mkdir -p $(SHOTS)
	WSPLAY_SCREENSHOTS=$(SHOTS) $(GO) test -count=1 ./server/pagetest/ ./server/nginxtest/
	@echo "screenshots are in $(SHOTS)"

clean:
	rm -rf bin dist $(WASM) $(WASM).gz $(WASM).br $(WASM_DIR)/wasm_exec.js

.PHONY: site bench-page bench-capture

# site writes dist/: the page as plain static files (the wasm with its .br and
# .gz twins next to it) that any static host or docs site can serve.
site: wasm
	rm -rf dist
	mkdir -p dist
	cp -R site/index.html site/embed.html site/css site/js site/i18n site/wasm dist/
	@echo "dist/ is ready: serve it with any static file server"

# bench-page prints the page's budgets, measured in headless Chromium: wasm
# brotli size, navigation to wsplay-ready (median of 10 loads) and one
# keystroke in the frame builder with a 1 KiB payload (median).
bench-page: site
	WSPLAY_BENCH_PAGE=1 $(GO) test -run '^TestBenchPage$$' -count=1 -v ./server/pagetest/

# bench-capture prints how long the page takes to open a 10 MB capture of
# large, mixed and small frames (budget 2 s), measured in headless Chromium.
bench-capture: wasm
	WSPLAY_BENCH_CAPTURE=1 $(GO) test -run '^TestBenchCapture$$' -count=1 -v -timeout 20m ./server/pagetest/

# Load measurements (server/loadgen). Each starts the server as a separate
# process on a free 127.0.0.1 port, drives it with wsplay's own raw client,
# verifies every echo byte for byte and stops at a count or a time. The
# loadgen raises its open-file limit to the hard limit itself (the server
# inherits it); the ulimit line does the same for the shell. Variables may
# come from the environment: SOAK_DURATION=20s SOAK_CONNS=200 make soak.
LOADGEN       := bin/loadgen
GORILLA_PEER  := bin/gorilla-peer
SOAK_DURATION ?= 2m
SOAK_CONNS    ?= 2000
SOAK_OPEN     ?= 500
SOAK_WARMUP   ?= 20s
IDLE_CONNS    ?= 1000 5000
# Per-IP caps do not apply to a load test from one loopback address.
SERVER_UNDER_LOAD = "./$(BIN) -log-level warn" -spawn-env WSPLAY_MAX_CONNS_PER_IP=0

loadgen:
	$(GO) build -o $(LOADGEN) ./server/loadgen

# The peers (gorilla/websocket, gobwas/ws and the hand-written floor) live
# in internal packages that only tests link (nothing that ships may link
# them), so they are served by the loadgen package's test binary, one kind
# at a time (WSPLAY_PEER); see peer_test.go.
gorilla-peer:
	$(GO) test -c -o $(GORILLA_PEER) ./server/loadgen

# Churn SOAK_CONNS connections, SOAK_OPEN at a time, for SOAK_DURATION, after
# a warm-up; fails on any error, any echo that differs, or RSS or goroutines
# ending more than 10 % above where they started. The start and end figures
# are read with every connection closed, after a garbage collection, once
# RSS has stopped falling (up to 60 s: Go hands freed memory back to the
# kernel gradually).
soak: build loadgen
	ulimit -n "$$(ulimit -Hn)" 2>/dev/null || true; \
	./$(LOADGEN) -mode churn -spawn $(SERVER_UNDER_LOAD) \
		-conns $(SOAK_OPEN) -count $(SOAK_CONNS) -duration $(SOAK_DURATION) \
		-warmup $(SOAK_WARMUP) -settle 5s -rss-wait 60s -progress 15s -max-growth 10

# RSS per idle connection at each of IDLE_CONNS, for wsplay and each peer,
# each on a freshly started server.
IDLE_SERVERS ?= wsplay gobwas gorilla floor
idle-mem: build loadgen gorilla-peer
	@ulimit -n "$$(ulimit -Hn)" 2>/dev/null || true; \
	out=$$(mktemp); summary=""; \
	for n in $(IDLE_CONNS); do \
		for server in $(IDLE_SERVERS); do \
			if [ $$server = wsplay ]; then spawn='-spawn $(SERVER_UNDER_LOAD)'; \
			else spawn="-spawn ./$(GORILLA_PEER) -spawn-env WSPLAY_PEER=$$server"; fi; \
			eval ./$(LOADGEN) -mode idle -conns $$n -hold 2s $$spawn >$$out; rc=$$?; cat $$out; \
			[ $$rc -eq 0 ] || { rm -f $$out; exit $$rc; }; \
			summary="$$summary$$(printf '%-8s %5d connections: ' $$server $$n)$$(grep -o 'RSS per idle connection: .*' $$out)\n"; \
		done; \
	done; \
	rm -f $$out; printf "\n$$summary"

# A classroom (issue 11): ROOM_STUDENTS students from this one address (the
# server's per-address cap left as it is: a room's seats count instead),
# each saying one message a second while the teacher broadcasts one a
# second, for ROOM_DURATION; fails on any loss, reordering or error.
ROOM_STUDENTS ?= 300
ROOM_DURATION ?= 60s
.PHONY: room-load
room-load: build loadgen
	ulimit -n "$$(ulimit -Hn)" 2>/dev/null || true; \
	./$(LOADGEN) -mode room -spawn "./$(BIN) -log-level warn" -conns $(ROOM_STUDENTS) -duration $(ROOM_DURATION)

# bench prints issue 13's figures in one run, which takes 5 to 10 minutes
# and is not part of make test: the echo loads and idle memory of the floor
# (a hand-written minimal echo), gorilla/websocket, gobwas/ws and wsplay,
# interleaved, median of BENCH_ROUNDS rounds, each with its ratio to the
# floor (server/measure_bench_test.go); Mask against gobwas/ws's AVX2 at
# 64 KiB and 1 MiB (median of the paired ratios, above 1: Mask is faster);
# the page's time to wsplay-ready through the wsplay server and from a
# plain static server. Every load is bounded in count and time.
BENCH_ROUNDS ?= 3
.PHONY: bench
bench: site
	@ulimit -n "$$(ulimit -Hn)" 2>/dev/null || true; \
	echo "== servers (WSPLAY_ROUNDS=$(BENCH_ROUNDS))"; \
	out=$$(mktemp); \
	WSPLAY_MEASURE=1 WSPLAY_ROUNDS=$(BENCH_ROUNDS) $(GO) test -count=1 -timeout 30m -run '^TestMeasureBench$$' -v ./server/ >$$out 2>&1 \
		|| { cat $$out; rm -f $$out; exit 1; }; \
	sed -n '/^median of/,/^--- /p' $$out | grep -v '^--- '; rm -f $$out; \
	echo "== Mask vs gobwas/ws (gobwas time / Mask time, median of $(BENCH_ROUNDS) runs; above 1: Mask is faster)"; \
	$(GO) test -run '^$$' -bench 'Mask/(64KiB|1MiB)/vs-gobwas' -benchtime 200ms -count $(BENCH_ROUNDS) ./protocol/ | \
		awk '/vs-gobwas/ { split($$1, p, "/"); for (i = 2; i <= NF; i++) if ($$i == "gobwas/wsplay") v[p[2]] = v[p[2]] " " $$(i-1) } \
		END { for (s in v) { n = split(v[s], a, " "); \
			for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }; \
			printf "  %-6s x%s (runs:%s)\n", s, a[int((n+1)/2)], v[s] } }' | sort; \
	echo "== the page"; \
	WSPLAY_BENCH_PAGE=1 $(GO) test -run '^TestBenchPage$$' -count=1 -v ./server/pagetest/ | grep -E '^  (wasm size|ready| {12})'

# fuzz runs every native fuzz target in the repository (each func FuzzXxx in a
# _test.go file) for FUZZTIME, one after the other: make fuzz FUZZTIME=10s.
# New interesting inputs go to the Go build cache; a failing input is saved
# under the package's testdata/fuzz/<Target>/, where it then runs with the
# ordinary tests.
FUZZTIME ?= 1m

.PHONY: fuzz
fuzz:
	@set -e; for dir in $$(grep -rl --include='*_test.go' '^func Fuzz' . | xargs -n1 dirname | sort -u); do \
		for target in $$(grep -ho '^func Fuzz[A-Za-z0-9_]*' $$dir/*_test.go | cut -c6- | sort); do \
			echo "== $$dir $$target for $(FUZZTIME)"; \
			$(GO) test -run '^$$' -fuzz "^$$target$$" -fuzztime $(FUZZTIME) $$dir; \
		done; \
	done
