package docs

import (
	"fmt"
	"net/http"
)

func Docs(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, "docs page %q", r.URL.Query().Get("path"))
}
