//go:build premium

package handler

import (
	"fmt"
	"net/http"
)

// Premium exists only when GO_BUILD_FLAGS says -tags premium.
func Premium(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, "premium function, edition=%s", edition)
}
