// Package runes classifies characters for slugify.
package runes

func Keep(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= '0' && r <= '9'
}
