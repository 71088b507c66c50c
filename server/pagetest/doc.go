// Package pagetest drives the page (site/) in headless Chromium, served by
// the real server in-process (server.New): every section, both languages,
// the keyboard, the themes, the live section and the page under its
// security policy. It holds tests only; they test site/, not the server.
package pagetest
