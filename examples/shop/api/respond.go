package handler

import (
	"encoding/json"
	"net/http"
)

// writeJSON is a helper shared by every function of this folder: it has no
// handler, so gogen compiles it into each of them.
func writeJSON(w http.ResponseWriter, status int, v interface{}) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
