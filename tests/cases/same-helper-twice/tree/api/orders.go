package handler

import "net/http"

type response struct {
	Kind   string `json:"kind"`
	Orders []int  `json:"orders"`
}

var router = map[string]func() response{
	"GET":  func() response { return response{Kind: "orders", Orders: []int{1, 2, 3}} },
	"POST": func() response { return response{Kind: "orders-created"} },
}

func Orders(w http.ResponseWriter, r *http.Request) {
	h, ok := router[r.Method]
	if !ok {
		http.Error(w, "orders: method not allowed", http.StatusMethodNotAllowed)
		return
	}
	writeJSON(w, h())
}
