package handler

import (
	"fmt"
	"net/http"
)

// Ok shares the project with two broken packages and must not suffer.
func Ok(w http.ResponseWriter, r *http.Request) {
	fmt.Fprint(w, "ok: unaffected by its neighbours")
}
