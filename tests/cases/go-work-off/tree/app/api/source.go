package handler

import (
	"fmt"
	"net/http"

	"example.com/lib/quote"
)

func Source(w http.ResponseWriter, r *http.Request) {
	fmt.Fprint(w, quote.Source())
}
