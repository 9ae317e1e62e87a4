// No go.mod anywhere: the platform builds this in a module of its own and
// fetches the third-party package it imports.
package handler

import (
	"fmt"
	"net/http"

	"github.com/acme-labs/greetings"
)

func Greet(w http.ResponseWriter, r *http.Request) {
	fmt.Fprint(w, greetings.For(r.URL.Query().Get("name")))
}
