package handler

import "net/http"

// Handler also repeats response, and its name is the one products.go uses.
type response struct {
	Kind string `json:"kind"`
}

func Handler(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, response{Kind: "index"})
}
