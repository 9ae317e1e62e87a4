package v1

import (
	"fmt"
	"net/http"

	"example.com/svc/internal/store"
)

func Users(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, "v1 users: %d", store.UserCount())
}
