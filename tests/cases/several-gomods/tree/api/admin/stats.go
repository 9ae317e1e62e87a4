package admin

import (
	"fmt"
	"net/http"

	"example.com/admin/auth"
)

func Stats(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, "admin module: stats for %s", auth.Role(r))
}
