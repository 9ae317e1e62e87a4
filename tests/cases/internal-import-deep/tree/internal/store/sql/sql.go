package sql

func Rows(table string) []string {
	if table == "users" {
		return []string{"ada", "bob", "cy"}
	}
	return nil
}

func Query(table string) string { return "SELECT * FROM " + table }
