// Package ianaports holds IANA's Service Name and Transport Protocol Port
// Number Registry as Go tables; import its ports package. This file only
// carries the go:generate line that rebuilds ports/ from data/.
package ianaports

//go:generate go run ./gen
