package main

import (
	"net/http"
)

// Health lives beside index.go, whose main must stay out of this function
// too.
func Health(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain")
	w.Write([]byte("healthy"))
}
