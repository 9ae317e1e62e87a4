package handler

import "net/http"

// Excluded: the target is linux/amd64.
func Fast(w http.ResponseWriter, r *http.Request) { w.Write([]byte("arm64")) }
