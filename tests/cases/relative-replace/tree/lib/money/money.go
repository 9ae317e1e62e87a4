package money

import "fmt"

// Format prints cents as euros; it lives in a sibling folder of the app,
// reached through a relative replace.
func Format(cents int) string { return fmt.Sprintf("EUR %d.%02d", cents/100, cents%100) }
