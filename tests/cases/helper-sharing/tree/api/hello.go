package handler

import (
	"fmt"
	"net/http"
)

// Greeting is declared here, in a handler file, and used by json.go too.
type Greeting struct {
	Message string `json:"message"`
	To      string `json:"to"`
}

func newGreeting(r *http.Request) Greeting {
	to := r.URL.Query().Get("to")
	if to == "" {
		to = "world"
	}
	return Greeting{Message: "hello", To: to}
}

func Hello(w http.ResponseWriter, r *http.Request) {
	g := newGreeting(r)
	fmt.Fprintf(w, "%s, %s", g.Message, g.To)
}
