package handler

import (
	"fmt"
	"net/http"
)

func Plain(w http.ResponseWriter, r *http.Request) {
	fmt.Fprint(w, "plain: standard library only")
}
