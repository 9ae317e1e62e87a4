package handler

import "net/http"

type response struct {
	Kind     string   `json:"kind"`
	Products []string `json:"products"`
}

func Handler(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, response{Kind: "products", Products: []string{"tea"}})
}
