package handler

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestHandler is the test users keep beside their function (go test ./api).
func TestHandler(t *testing.T) {
	rec := httptest.NewRecorder()
	Handler(rec, httptest.NewRequest("GET", "/api?name=t", nil))
	if rec.Body.String() != "hello t" {
		t.Fatal(rec.Body.String())
	}
}

// FakeHandler has the handler signature but lives in a test file: it is
// never a function.
func FakeHandler(w http.ResponseWriter, r *http.Request) {}
