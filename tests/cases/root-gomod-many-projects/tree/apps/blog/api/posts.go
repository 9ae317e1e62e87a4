package handler

import (
	"fmt"
	"net/http"

	"example.com/mono/pkg/brand"
)

func Posts(w http.ResponseWriter, r *http.Request) {
	fmt.Fprint(w, brand.Banner("blog")+": no posts yet")
}
