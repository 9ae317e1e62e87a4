package straße

import (
	"fmt"
	"net/http"
)

func Δelta(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprint(w, "Δelta in straße")
}
