package lab_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
)

func newRecorder() *httptest.ResponseRecorder { return httptest.NewRecorder() }

func newPost(body string) *http.Request {
	return httptest.NewRequest(http.MethodPost, "/lab", strings.NewReader(body))
}
