// Package quote belongs to the workspace's other module: app/go.mod does
// not require it, only go.work makes it visible.
package quote

func Of(day string) string { return "quote of " + day + " from the lib module" }
