package main

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"testing"
)

// The same files give the same bytes, in every format, however many
// goroutines run and whatever order they finish in: runs over all the rule
// fixtures at GOMAXPROCS 1 and 2 and -j 1, 2 and 8 are compared byte for
// byte, twice each.
func TestDeterministicOutput(t *testing.T) {
	entries, err := os.ReadDir("../../testdata/src")
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, e := range entries {
		if e.IsDir() {
			dirs = append(dirs, "testdata/src/"+e.Name())
		}
	}
	if len(dirs) < 10 {
		t.Fatalf("only %d fixture directories", len(dirs))
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))

	for _, format := range []string{"text", "json", "sarif", "github", "gitlab"} {
		var first []byte
		var firstAt string
		for _, procs := range []int{1, 2} {
			runtime.GOMAXPROCS(procs)
			for _, jobs := range []string{"1", "2", "8"} {
				for round := 0; round < 2; round++ {
					args := append([]string{"--format", format, "-j", jobs}, dirs...)
					stdout, stderr, code := kvlint(t, args...)
					at := fmt.Sprintf("GOMAXPROCS=%d -j %s round %d", procs, jobs, round)
					if code != 1 || stderr != "" || len(stdout) < 1000 {
						t.Fatalf("%s --format %s: exit %d, stderr %q, %d bytes", at, format, code, stderr, len(stdout))
					}
					if first == nil {
						first, firstAt = []byte(stdout), at
						continue
					}
					if !bytes.Equal(first, []byte(stdout)) {
						t.Fatalf("--format %s: output at %s differs from %s:\n%s", format, at, firstAt, firstDiff(first, []byte(stdout)))
					}
				}
			}
		}
	}
}

// firstDiff shows the first line where a and b differ.
func firstDiff(a, b []byte) string {
	al, bl := bytes.Split(a, []byte("\n")), bytes.Split(b, []byte("\n"))
	for i := 0; i < len(al) && i < len(bl); i++ {
		if !bytes.Equal(al[i], bl[i]) {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("one output is a prefix of the other (%d vs %d lines)", len(al), len(bl))
}
