// The admin functions are their own module, with their own Go version.
module example.com/admin

go 1.22
