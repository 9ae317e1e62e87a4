package price

import (
	"fmt"
	"net/http"
	"strconv"

	"example.com/lib/money"
)

func Price(w http.ResponseWriter, r *http.Request) {
	cents, err := strconv.Atoi(r.URL.Query().Get("cents"))
	if err != nil {
		http.Error(w, "bad cents", http.StatusBadRequest)
		return
	}
	fmt.Fprint(w, "price: "+money.Format(cents))
}
