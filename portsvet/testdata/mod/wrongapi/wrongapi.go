// Package wrongapi declares the analyzer's TablesID but not the look-up
// functions of ports: it is not a build of ports either.
package wrongapi

const TablesID = "@TablesID@"

func Lookup(name string) bool { return false }

func ByName(name string) []string { return nil }

func LookupPort(network, service string) int { return 0 }
