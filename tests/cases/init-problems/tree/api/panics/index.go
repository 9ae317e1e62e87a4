package panics

import (
	"fmt"
	"net/http"
	"os"
)

var dsn string

// init fails the way real ones do: a required setting is missing.
func init() {
	dsn = os.Getenv("FRAGILE_DATABASE_URL")
	if dsn == "" {
		panic("fragile: FRAGILE_DATABASE_URL is not set")
	}
}

func Handler(w http.ResponseWriter, r *http.Request) {
	fmt.Fprint(w, "connected to ", dsn)
}
