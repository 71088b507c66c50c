// Package nginxtest runs wsplay behind a real nginx, configured with the
// documented server/nginx/wsplay.conf, in front of two wsplay instances on
// loopback. Its tests check the echo and each page's tap through the proxy,
// the page's live section in headless Chromium, and which client address
// wsplay counts with and without -trusted-proxies. nginx runs on a free
// port with its pid, logs and temporary files in a temporary directory.
// The tests skip when nginx (or, for the page, Chromium) is not installed,
// except under CI=true, where that fails them (.ci/run installs nginx).
package nginxtest
