package portsvet

import (
	"go/constant"
	"go/types"

	"github.com/svcreg/ianaports/ports"
)

// portsAPI is what the analyzer knows of a package it recognised as a
// build of ports with the analyzer's own tables.
type portsAPI struct {
	// protocols maps the values of the package's Protocol constants to
	// the analyzer's own: the analyzed copy is matched by name, so that
	// nothing depends on the constants keeping their values.
	protocols map[int64]ports.Protocol
	// protoNames names those values for messages ("NoProtocol").
	protoNames map[int64]string
}

// recognizer remembers, for one pass, which packages are builds of ports.
type recognizer map[*types.Package]*portsAPI

// api returns the package's portsAPI, or nil when pkg is not a build of
// ports or is one with other tables.
//
// A build of ports is recognised by what it declares, not by its import
// path, so that a copy generated with -out or -pkg, or vendored, is
// checked too: a string constant TablesID and the functions Lookup,
// ByName and LookupPort with their signatures. A build whose TablesID
// differs from the analyzer's own (another registry version, a trimmed
// build) answers differently, so the analyzer says nothing about it
// rather than give wrong advice.
func (r recognizer) api(pkg *types.Package) *portsAPI {
	if pkg == nil {
		return nil
	}
	if a, ok := r[pkg]; ok {
		return a
	}
	a := recognize(pkg)
	r[pkg] = a
	return a
}

func recognize(pkg *types.Package) *portsAPI {
	scope := pkg.Scope()
	id, ok := scope.Lookup("TablesID").(*types.Const)
	if !ok || id.Val().Kind() != constant.String || constant.StringVal(id.Val()) != ports.TablesID {
		return nil
	}
	lookup := funcSig(scope, "Lookup")
	if lookup == nil || !params(lookup.Params(), isString, isNamedInteger) || !params(lookup.Results(), isAny, isBool) {
		return nil
	}
	protoType := lookup.Params().At(1).Type()
	if s := funcSig(scope, "ByName"); s == nil || !params(s.Params(), isString) || !params(s.Results(), isSeq) {
		return nil
	}
	if s := funcSig(scope, "LookupPort"); s == nil || !params(s.Params(), isString, isString) || !params(s.Results(), isInt, isError) {
		return nil
	}
	a := &portsAPI{protocols: make(map[int64]ports.Protocol), protoNames: make(map[int64]string)}
	for _, name := range []string{"NoProtocol", "TCP", "UDP", "SCTP", "DCCP"} {
		c, ok := scope.Lookup(name).(*types.Const)
		if !ok || !types.Identical(c.Type(), protoType) {
			continue
		}
		v, exact := constant.Int64Val(c.Val())
		if !exact {
			continue
		}
		p, err := ports.ParseProtocol(name)
		if err != nil {
			p = ports.NoProtocol
		}
		a.protocols[v] = p
		a.protoNames[v] = name
	}
	return a
}

// funcSig returns the signature of the package-level function name, or nil.
func funcSig(scope *types.Scope, name string) *types.Signature {
	fn, ok := scope.Lookup(name).(*types.Func)
	if !ok {
		return nil
	}
	sig := fn.Type().(*types.Signature)
	if sig.Recv() != nil || sig.Variadic() {
		return nil
	}
	return sig
}

// params reports whether the tuple's types satisfy the predicates, one each.
func params(t *types.Tuple, want ...func(types.Type) bool) bool {
	if t.Len() != len(want) {
		return false
	}
	for i, ok := range want {
		if !ok(t.At(i).Type()) {
			return false
		}
	}
	return true
}

func isBasic(t types.Type, kind types.BasicKind) bool {
	b, ok := t.(*types.Basic)
	return ok && b.Kind() == kind
}

func isString(t types.Type) bool { return isBasic(t, types.String) }
func isBool(t types.Type) bool   { return isBasic(t, types.Bool) }
func isInt(t types.Type) bool    { return isBasic(t, types.Int) }
func isAny(types.Type) bool      { return true }

// isSeq reports whether t is an iterator of one value, such as
// iter.Seq[Service]: func(yield func(V) bool).
func isSeq(t types.Type) bool {
	sig, ok := t.Underlying().(*types.Signature)
	if !ok || sig.Params().Len() != 1 || sig.Results().Len() != 0 {
		return false
	}
	yield, ok := sig.Params().At(0).Type().Underlying().(*types.Signature)
	return ok && yield.Params().Len() == 1 && params(yield.Results(), isBool)
}

func isError(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}

func isNamedInteger(t types.Type) bool {
	n, ok := t.(*types.Named)
	if !ok {
		return false
	}
	b, ok := n.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsInteger != 0
}
