package registry

// AdversarialSeeds returns a small document of each shape of
// BenchmarkAdversarial, for FuzzParse to start from.
func AdversarialSeeds() [][]byte {
	var seeds [][]byte
	for i := range advShapes {
		seeds = append(seeds, advShapes[i].doc(600))
	}
	return seeds
}
