package handler

import (
	"embed"
	"net/http"
	"strings"
)

//go:embed templates/page.html
var page string

//go:embed static
var static embed.FS

// Page serves the embedded template, or with ?file= a file of the
// embedded static folder.
func Page(w http.ResponseWriter, r *http.Request) {
	if f := r.URL.Query().Get("file"); f != "" {
		b, err := static.ReadFile(f)
		if err != nil {
			http.Error(w, "no such embedded file: "+f, http.StatusNotFound)
			return
		}
		w.Write(b)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write([]byte(strings.Replace(page, "{{who}}", "embed", 1)))
}
