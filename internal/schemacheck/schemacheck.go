// Package schemacheck validates kvlint's machine-readable reports against
// their published JSON schemas, kept in testdata/schema: the official
// SARIF 2.1.0 schema (OASIS, errata 01) and the GitLab Code Quality format.
// Tests use it; the command does not.
//
// It uses github.com/santhosh-tekuri/jsonschema/v6, a maintained validator
// that passes the JSON-Schema-Test-Suite for drafts 4 to 2020-12 (SARIF's
// schema is draft 4) and asserts formats such as uri and date-time.
package schemacheck

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The formats with a schema, and the schema file of each.
var files = map[string]string{
	"sarif":  "sarif-schema-2.1.0.json",
	"gitlab": "gitlab-codequality.json",
}

// Has reports whether format has a schema to validate against.
func Has(format string) bool { _, ok := files[format]; return ok }

var (
	mu       sync.Mutex
	compiled = map[string]*jsonschema.Schema{}
)

// Dir is the directory of the schema files.
func Dir() string {
	_, here, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(here), "..", "..", "testdata", "schema")
}

func schema(format string) (*jsonschema.Schema, error) {
	mu.Lock()
	defer mu.Unlock()
	if s, ok := compiled[format]; ok {
		return s, nil
	}
	name, ok := files[format]
	if !ok {
		return nil, fmt.Errorf("no schema for format %q", format)
	}
	path := filepath.Join(Dir(), name)
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(name, doc); err != nil {
		return nil, err
	}
	s, err := c.Compile(name)
	if err != nil {
		return nil, err
	}
	compiled[format] = s
	return s, nil
}

// Validate checks a report in format ("sarif" or "gitlab") against its
// schema; the error lists every violation with its JSON pointer.
func Validate(format string, data []byte) error {
	s, err := schema(format)
	if err != nil {
		return err
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("%s report is not JSON: %w", format, err)
	}
	if err := s.Validate(inst); err != nil {
		return fmt.Errorf("%s report does not match its schema: %w", format, err)
	}
	return nil
}
