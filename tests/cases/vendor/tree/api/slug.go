package handler

import (
	"fmt"
	"net/http"

	"github.com/acme-labs/slugify"
)

func Slug(w http.ResponseWriter, r *http.Request) {
	fmt.Fprint(w, slugify.Make(r.URL.Query().Get("title")))
}
