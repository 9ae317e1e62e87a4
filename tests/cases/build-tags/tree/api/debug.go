//go:build debug

package handler

import "net/http"

func Debug(w http.ResponseWriter, r *http.Request) { w.Write([]byte("debug")) }
