module github.com/acme-labs/greetings

go 1.18
