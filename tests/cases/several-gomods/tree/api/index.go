package handler

import (
	"fmt"
	"net/http"

	"example.com/site/pkg/greet"
)

func Handler(w http.ResponseWriter, r *http.Request) {
	fmt.Fprint(w, greet.Hello("visitor"))
}
