package blocks

import (
	"fmt"
	"net/http"
	"time"
)

var ready bool

// init waits for something that never comes (a lock, a dead network
// peer): it sleeps forever. The runtime's deadlock detector does not see
// a sleeping goroutine, so nothing ends it.
func init() {
	for {
		time.Sleep(time.Hour)
	}
}

func Handler(w http.ResponseWriter, r *http.Request) {
	fmt.Fprint(w, "ready=", ready)
}
