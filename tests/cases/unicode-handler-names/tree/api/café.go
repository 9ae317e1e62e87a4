package handler

import (
	"fmt"
	"net/http"
)

// ñandú starts with a lower-case letter: not exported, not a handler.
func ñandú(w http.ResponseWriter, r *http.Request) {}

func Café(w http.ResponseWriter, r *http.Request) {
	fmt.Fprint(w, "café-ok")
}
