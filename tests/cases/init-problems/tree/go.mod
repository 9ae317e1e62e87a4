module example.com/fragile

go 1.21
