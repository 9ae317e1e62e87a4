package main

var greeting = "a package main helper"
