package driver

import (
	"bytes"
	"strings"
	"sync/atomic"
	"testing"
)

// A panic in one of parallel's calls does not stop the others, and comes
// back to the caller, where it can be recovered (a panic left in a
// goroutine would end the process).
func TestParallelRaisesPanicInCaller(t *testing.T) {
	var done atomic.Int32
	var got any
	func() {
		defer func() { got = recover() }()
		parallel(20, 4, func(i int) {
			if i == 3 {
				panic("boom")
			}
			done.Add(1)
		})
	}()
	if done.Load() != 19 {
		t.Errorf("%d calls completed, want 19", done.Load())
	}
	wp, ok := got.(*workerPanic)
	if !ok || wp.value != "boom" || !bytes.Contains(wp.stack, []byte("TestParallelRaisesPanicInCaller")) {
		t.Fatalf("recovered %#v, want the worker's panic with its stack", got)
	}
	r := &Result{}
	if r.guard("doing it", "", func() { panic(wp) }) {
		t.Error("guard reported success")
	}
	if len(r.Internal) != 1 || !strings.HasPrefix(r.Internal[0].Message, "internal error doing it: panic: boom\n") || r.Internal[0].File != "kvlint" {
		t.Errorf("internal errors: %+v", r.Internal)
	}
}

func TestSkipReason(t *testing.T) {
	code := []byte("export default { async fetch(r, env) { await env.KV.put(r.url, JSON.stringify({a: 1}), { expirationTtl: 60 }); } };\n")
	minified := bytes.Repeat(bytes.TrimSuffix(code, []byte("\n")), 2000)
	base64 := append([]byte("export const logo = \""), bytes.Repeat([]byte("iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB"), 10000)...)
	base64 = append(base64, "\";\n"...)
	cases := []struct {
		name string
		src  []byte
		want string
	}{
		{"code", code, ""},
		{"empty", nil, ""},
		{"NUL bytes", append([]byte{0x47, 0x40, 0x00, 0x10}, code...), "skipped: binary file"},
		{"UTF-16LE", []byte{0xFF, 0xFE, 'a', 0}, "skipped: UTF-16 text"},
		{"UTF-16BE", []byte{0xFE, 0xFF, 0, 'a'}, "skipped: UTF-16 text"},
		{"NUL after 8000 bytes", append(bytes.Repeat(code, 100), 0), ""},
		{"minified bundle", minified, "skipped: minified bundle ("},
		{"bundle with a licence header", append([]byte("/*! licence */\n/* more */\n"), minified...), "skipped: minified bundle ("},
		{"many ordinary lines", bytes.Repeat(code, 5000), ""},
		{"an embedded base64 asset", append(base64, bytes.Repeat(code, 20)...), ""},
		{"small and minified", minified[:50000], ""},
	}
	for _, c := range cases {
		got := skipReason(c.src)
		if c.want == "" && got != "" || !strings.HasPrefix(got, c.want) {
			t.Errorf("%s: skipReason = %q, want %q...", c.name, got, c.want)
		}
	}
}
