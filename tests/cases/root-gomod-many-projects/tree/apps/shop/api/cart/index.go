package cart

import (
	"encoding/json"
	"net/http"

	"example.com/mono/pkg/brand"
)

func Cart(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"brand": brand.Name, "items": 0})
}
