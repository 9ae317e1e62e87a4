// A handler written as a runnable program: `go run ./api` serves it on
// its own for local testing, the platform must serve Handler instead.
package main

import (
	"fmt"
	"net/http"
	"os"
)

func Handler(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, "package-main-ok from %s", greeting)
}

func main() {
	fmt.Fprintln(os.Stderr, "the user's own main ran: it must not")
	os.Exit(3)
}
