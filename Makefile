# wsplay: `make run` serves the playground, `make test` checks everything.

GO        ?= go
GOROOT    := $(shell $(GO) env GOROOT)
WASM_LIB  := $(GOROOT)/lib/wasm
WASM_DIR  := site/wasm
WASM      := $(WASM_DIR)/wsplay.wasm
BIN       := bin/wsplay

.PHONY: build wasm run test fmt-check vet test-native test-wasm clean

# The server embeds site/, so the wasm must exist before the server compiles.
build: wasm
	$(GO) build -o $(BIN) ./server

# wasm_exec.js is copied from the toolchain on every build so that it always
# matches the compiler. The .gz/.br twins are served to browsers that accept
# them; a stale .br is removed when the brotli command is missing.
wasm:
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -o $(WASM) ./wasm
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
	@$(MAKE) --no-print-directory test-native
	@$(MAKE) --no-print-directory test-wasm

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
	PATH="$(WASM_LIB):$$PATH" GOOS=js GOARCH=wasm $(GO) test ./protocol/... ./wasm/

clean:
	rm -rf bin dist $(WASM) $(WASM).gz $(WASM).br $(WASM_DIR)/wasm_exec.js

# Planned targets, added with the features they serve:
#   site        - build only the static site (page + wasm) into dist/
#   fuzz        - run the protocol fuzz targets for a bounded time
#   soak        - long-running WebSocket load against 127.0.0.1
#   bench-page  - measure page load and wasm start-up in headless Chromium
