module example.com/web

go 1.21

require example.com/lib v0.0.0-00010101000000-000000000000

replace example.com/lib => ../lib
