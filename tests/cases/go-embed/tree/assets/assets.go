// Package assets embeds data files for handlers in another folder.
package assets

import "embed"

//go:embed data/*.json
var Data embed.FS
