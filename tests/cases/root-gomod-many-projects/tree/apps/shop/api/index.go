package handler

import (
	"fmt"
	"net/http"

	"example.com/mono/pkg/brand"
)

func Handler(w http.ResponseWriter, r *http.Request) {
	fmt.Fprint(w, brand.Banner("shop"))
}
