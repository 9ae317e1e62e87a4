package user

import (
	"fmt"
	"net/http"
)

func Posts(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, "posts of user %s", userID(r))
}
