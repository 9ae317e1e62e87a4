// +build ignore

package handler

import "net/http"

func Legacy(w http.ResponseWriter, r *http.Request) { w.Write([]byte("legacy")) }
