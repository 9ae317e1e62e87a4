// Package slugify turns titles into URL slugs.
package slugify

import (
	"strings"

	"github.com/acme-labs/runes"
)

func Make(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		if runes.Keep(r) {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-") + "~vendored"
}
