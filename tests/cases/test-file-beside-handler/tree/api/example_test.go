package handler_test

import (
	"fmt"
	"net/http/httptest"

	handler "example.com/tested/api"
)

func ExampleHandler() {
	rec := httptest.NewRecorder()
	handler.Handler(rec, httptest.NewRequest("GET", "/api", nil))
	fmt.Println(rec.Body.String())
	// Output: hello stranger
}
