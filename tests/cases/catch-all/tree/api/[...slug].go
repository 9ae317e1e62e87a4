package handler

import (
	"fmt"
	"net/http"
	"strings"
)

// CatchAll answers every path under /api that no other function serves;
// the platform passes the matched segments as slug=a/b.
func CatchAll(w http.ResponseWriter, r *http.Request) {
	slug := r.URL.Query().Get("slug")
	fmt.Fprintf(w, "slug=%s parts=%d", slug, len(strings.Split(slug, "/")))
}
