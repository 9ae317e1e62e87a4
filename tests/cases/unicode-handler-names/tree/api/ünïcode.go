package handler

import (
	"fmt"
	"net/http"
)

// Ünïcode is exported: Ü is an upper-case letter.
func Ünïcode(w http.ResponseWriter, r *http.Request) {
	fmt.Fprint(w, "ünïcode-ok")
}
