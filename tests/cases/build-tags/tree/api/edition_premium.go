//go:build premium

package handler

const edition = "premium"
