package brand

const Name = "Acme"

func Banner(app string) string { return Name + " " + app }
