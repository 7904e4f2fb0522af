package portsjson_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"slices"

	"github.com/svcreg/ianaports/ports"
	"github.com/svcreg/ianaports/ports/portsjson"
)

func ExampleFromService() {
	// Every field is present: what the registry leaves out is null, an
	// empty list is [].
	enc := json.NewEncoder(os.Stdout)
	for s := range ports.ByPort(0, ports.TCP) {
		enc.Encode(portsjson.FromService(s))
	}
	// Output:
	// {"index":0,"local":false,"name":null,"number":"0","port_low":0,"port_high":0,"protocol":"tcp","status":"reserved","description":"Reserved","assignees":[],"contacts":[],"registered":null,"modified":"2024-12-20","references":[{"type":"rfc","data":"rfc6335","section":null,"text":null,"label":"[RFC6335]"}],"service_code":null,"unauthorized":null,"note":null,"alias_of":null,"replaces":null}
}

func ExampleFromPerson() {
	s, _ := ports.Lookup("http", ports.TCP)
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false) // IANA writes "&" for "@"
	for p := range s.Assignees() {
		enc.Encode(portsjson.FromPerson(p))
	}
	// Output:
	// {"id":"IESG","name":null,"org":"IESG","uris":["mailto:iesg&ietf.org"],"updated":null,"listed":true}
}

func ExampleFromReference() {
	s, _ := ports.Lookup("ssh", ports.TCP)
	enc := json.NewEncoder(os.Stdout)
	for r := range s.References() {
		enc.Encode(portsjson.FromReference(r))
	}
	// Output:
	// {"type":"rfc","data":"rfc4251","section":null,"text":null,"label":"[RFC4251]"}
}

func ExampleFromRegistry() {
	// The version of the registry compiled into package ports, as every
	// document of the ports command carries it.
	m := portsjson.FromRegistry()
	b, _ := json.Marshal(m)
	var fields map[string]any
	json.Unmarshal(b, &fields)
	fmt.Println(slices.Sorted(maps.Keys(fields)))
	fmt.Println(m.Records == ports.NumRecords, m.SHA256 == ports.RegistrySHA256, m.OverlaySHA256 == nil)
	// Output:
	// [overlay_sha256 records sha256 tables_id title updated url]
	// true true true
}
