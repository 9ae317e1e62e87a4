// Package format is a helper package inside api/: it has no handler.
package format

import "strings"

func Title(s string) string { return "[" + strings.ToUpper(s) + "]" }
