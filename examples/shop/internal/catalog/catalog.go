// Package catalog is shared by several functions; the platform's own
// builder cannot import internal packages from handlers, gogen can.
package catalog

import "sort"

// Product is one thing the shop sells.
type Product struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Cents int    `json:"cents"`
}

var products = map[string]Product{
	"1": {"1", "Gopher plush", 1999},
	"2": {"2", "Ninja headband", 899},
	"3": {"3", "Serverless mug", 1250},
}

// Lookup returns the product with the given id.
func Lookup(id string) (Product, bool) {
	p, ok := products[id]
	return p, ok
}

// All returns every product ordered by id.
func All() []Product {
	out := make([]Product, 0, len(products))
	for _, p := range products {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
