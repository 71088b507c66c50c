// Package nginxtest runs wsplay behind a real nginx, configured with the
// documented server/nginx/wsplay.conf, in front of two wsplay instances on
// loopback. Its tests check the echo and each page's tap through the proxy.
// They skip when nginx is not installed, except under CI=true, where a
// missing nginx fails them (.ci/run installs it).
package nginxtest
