module example.com/intl

go 1.21
