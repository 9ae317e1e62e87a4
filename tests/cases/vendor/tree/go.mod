module example.com/blog

go 1.21

require github.com/acme-labs/slugify v1.4.2

require github.com/acme-labs/runes v0.3.0 // indirect
