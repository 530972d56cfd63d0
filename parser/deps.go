//go:build tools

package parser

// The generated copy of esbuild's parser (internal/esbuild, see parser/gen)
// is not committed, so `go mod tidy` cannot see what it imports. These
// imports keep the esbuild module it is generated from, and the one module
// that copy needs, in go.mod and go.sum.
import (
	_ "github.com/evanw/esbuild/pkg/api"
	_ "golang.org/x/sys/unix"
)
