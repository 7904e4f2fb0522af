// Command portsvet runs the portsvet and netsvc analyzers of
// github.com/svcreg/ianaports/portsvet: service names checked against the
// IANA registry at vet time, in calls to the ports package and in
// addresses given to net, crypto/tls and net/http.
//
// It runs under go vet, as a go tool or as a go fix tool:
//
//	go vet -vettool=$(command -v portsvet) ./...
//	go tool portsvet ./...            (after go get -tool github.com/svcreg/ianaports/cmd/portsvet)
//	go fix -fixtool=$(command -v portsvet) ./...
//
// -portsvet or -netsvc alone runs one analyzer; docs/portsvet.md in the
// repository has the details.
package main

import (
	"flag"
	"os"

	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/svcreg/ianaports/internal/clip"
	"github.com/svcreg/ianaports/portsvet"
)

func main() {
	// The flag package quotes a bad flag or value whole: what it writes
	// goes out one bounded line at a time (the usage text unchanged).
	flag.CommandLine.SetOutput(clip.LineWriter(os.Stderr))
	multichecker.Main(portsvet.Analyzer, portsvet.NetSvc)
}
