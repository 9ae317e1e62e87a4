package handler

import (
	"fmt"
	"net/http"
)

func Handler(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, "hello %s", name(r))
}

func name(r *http.Request) string {
	if n := r.URL.Query().Get("name"); n != "" {
		return n
	}
	return "stranger"
}
