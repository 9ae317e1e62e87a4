// A file name with characters that Ninja, depfiles or the shell treat
// specially: gogen must escape or work around each.
package h

import (
	"fmt"
	"net/http"
)

func H(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "ok:x/q'uote") }
