package products

import (
	"encoding/json"
	"net/http"

	"example.com/shop/internal/catalog"
)

// Product answers /api/products/<id>; the platform passes the dynamic
// segment as the query parameter "id".
func Product(w http.ResponseWriter, r *http.Request) {
	p, ok := catalog.Lookup(r.URL.Query().Get("id"))
	if !ok {
		http.Error(w, "no such product", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(p)
}
