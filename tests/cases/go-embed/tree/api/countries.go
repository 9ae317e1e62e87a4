package handler

import (
	"net/http"

	"example.com/docs/assets"
)

func Countries(w http.ResponseWriter, r *http.Request) {
	b, err := assets.Data.ReadFile("data/countries.json")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(b)
}
