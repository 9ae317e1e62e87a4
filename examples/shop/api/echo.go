package handler

import (
	"io"
	"net/http"
)

// Echo answers with the method and body it was sent.
func Echo(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"method": r.Method, "body": string(body)})
}
