//go:build cgo && linux

package handler

import "net/http"

// Excluded: functions build with CGO_ENABLED=0.
func Native(w http.ResponseWriter, r *http.Request) { w.Write([]byte("cgo")) }
