package users

import (
	"fmt"
	"net/http"
)

func List(w http.ResponseWriter, r *http.Request) {
	fmt.Fprint(w, "all users")
}
