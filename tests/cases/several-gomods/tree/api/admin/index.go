package admin

import (
	"fmt"
	"net/http"

	"example.com/admin/auth"
)

func Dashboard(w http.ResponseWriter, r *http.Request) {
	if auth.Role(r) != "admin" {
		http.Error(w, "admin module: forbidden", http.StatusForbidden)
		return
	}
	fmt.Fprint(w, "admin module: dashboard")
}
