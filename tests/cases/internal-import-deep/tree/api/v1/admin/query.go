package admin

import (
	"fmt"
	"net/http"

	"example.com/svc/internal/store/sql"
)

func Query(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, "v1 admin: %s", sql.Query(r.URL.Query().Get("table")))
}
