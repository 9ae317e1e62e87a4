package quote

func Source() string { return "lib from the release copy" }
