package api

// label clashes with package handler's, but the two packages never meet.
func label() string { return "package api" }
