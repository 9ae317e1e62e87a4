package handler

import (
	"encoding/json"
	"net/http"
)

func JSON(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(newGreeting(r))
}
