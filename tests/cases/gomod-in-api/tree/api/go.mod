module example.com/site/api

go 1.22
