package user

import "net/http"

// userID is a helper shared by the two functions of the [id] folder.
func userID(r *http.Request) string { return "#" + r.URL.Query().Get("id") }
