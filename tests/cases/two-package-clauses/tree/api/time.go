// Copied in from another project, with its own package clause.
package api

import (
	"fmt"
	"net/http"
)

func Time(w http.ResponseWriter, r *http.Request) {
	fmt.Fprint(w, label()+": time")
}
