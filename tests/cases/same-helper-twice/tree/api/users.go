package handler

import "net/http"

// Each handler file was written on its own, from the same template: the
// names router and response repeat in orders.go.
type response struct {
	Kind  string   `json:"kind"`
	Users []string `json:"users"`
}

var router = map[string]func() response{
	"GET": func() response { return response{Kind: "users", Users: []string{"ada", "bob"}} },
}

func Users(w http.ResponseWriter, r *http.Request) {
	h, ok := router[r.Method]
	if !ok {
		http.Error(w, "users: method not allowed", http.StatusMethodNotAllowed)
		return
	}
	writeJSON(w, h())
}
