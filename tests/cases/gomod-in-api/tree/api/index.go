package handler

import (
	"fmt"
	"net/http"

	"example.com/site/api/format"
)

func Index(w http.ResponseWriter, r *http.Request) {
	fmt.Fprint(w, format.Title("api root"))
}
