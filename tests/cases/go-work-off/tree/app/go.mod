module example.com/app

go 1.22

require example.com/lib v0.0.0

// Without the workspace, the app builds against the release copy.
replace example.com/lib => ../lib-release
