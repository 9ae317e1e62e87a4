package handler

import (
	"fmt"
	"net/http"

	"example.com/lib/quote"
)

func Quote(w http.ResponseWriter, r *http.Request) {
	fmt.Fprint(w, quote.Of(r.URL.Query().Get("day")))
}
