package quote

func Source() string { return "lib from the dev checkout (go.work)" }
