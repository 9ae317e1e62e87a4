package handler

import (
	"fmt"
	"net/http"
)

// Hello is a static route beside the catch-all: it wins for /api/hello.
func Hello(w http.ResponseWriter, r *http.Request) {
	fmt.Fprint(w, "static hello")
}
