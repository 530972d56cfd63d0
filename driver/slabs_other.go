//go:build !linux

package driver

func newSlab() []byte { return make([]byte, slabSize) }
