// Package store is internal to the module: only code inside example.com/svc
// may import it.
package store

import "example.com/svc/internal/store/sql"

func UserCount() int { return len(sql.Rows("users")) }
