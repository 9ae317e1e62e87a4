package handler

func label() string { return "package handler" }
