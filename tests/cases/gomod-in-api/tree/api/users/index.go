package users

import (
	"fmt"
	"net/http"

	"example.com/site/api/format"
)

func Users(w http.ResponseWriter, r *http.Request) {
	fmt.Fprint(w, format.Title("users of "+r.URL.Query().Get("team")))
}
