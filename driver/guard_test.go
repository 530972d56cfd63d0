package driver

import (
	"bytes"
	"runtime"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"testing"
	"time"
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

// The memory limit follows a live heap that nears it: a big project's
// ASTs alone can exceed the budget, and a fixed limit then made the
// collector run all but continuously (65% of the CPU time of --parse-all
// on a 107 MB corpus, for a peak of 1.6 GB all the same). Below two
// thirds of the limit, which every single file stays within, the budget
// holds.
func TestMemoryLimitFollowsTheLiveHeap(t *testing.T) {
	const mb = 1 << 20
	for _, c := range []struct{ live, limit, want int64 }{
		{100 * mb, MemoryBudget, MemoryBudget},
		{500 * mb, MemoryBudget, MemoryBudget},
		{700 * mb, MemoryBudget, 1050 * mb},
		{2000 * mb, 1050 * mb, 3000 * mb},
	} {
		if got := nextMemoryLimit(c.live, c.limit); got != c.want {
			t.Errorf("live %d MB under a limit of %d MB: next limit %d MB, want %d MB", c.live/mb, c.limit/mb, got/mb, c.want/mb)
		}
	}

	// In the runtime: a live heap over the limit raises it after the
	// next collections.
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(64 * mb))
	followLiveHeap()
	live := make([][]byte, 0, 96)
	for range 96 {
		live = append(live, make([]byte, mb))
	}
	for range 3 {
		runtime.GC()
		time.Sleep(10 * time.Millisecond) // the finalizer runs after the collection
	}
	if got := debug.SetMemoryLimit(-1); got < 96*mb {
		t.Errorf("limit %d MB with %d MB live", got/mb, len(live))
	}
	runtime.KeepAlive(live)
}

// A command-line run collects nothing until its heap reaches HeapFloor;
// after the first collection the collector and the memory limit are as
// they were. GOGC or GOMEMLIMIT in the environment leaves them alone.
func TestHeapFloor(t *testing.T) {
	const mb = 1 << 20
	gcPercent := func() int {
		p := debug.SetGCPercent(100)
		debug.SetGCPercent(p)
		return p
	}
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(MemoryBudget))

	SetHeapFloor(func(k string) string {
		if k == "GOGC" {
			return "100"
		}
		return ""
	})
	if gcPercent() != 100 || debug.SetMemoryLimit(-1) != MemoryBudget {
		t.Fatal("GOGC is set, yet the collector was changed")
	}

	SetHeapFloor(func(string) string { return "" })
	if p, limit := gcPercent(), debug.SetMemoryLimit(-1); p != -1 || limit != HeapFloor {
		t.Fatalf("before the first collection: GOGC %d, limit %d MB; want off, %d MB", p, limit/mb, HeapFloor/mb)
	}
	for range 3 {
		runtime.GC()
		time.Sleep(10 * time.Millisecond) // the finalizer runs after the collection
	}
	if p, limit := gcPercent(), debug.SetMemoryLimit(-1); p != 100 || limit != MemoryBudget {
		t.Errorf("after the first collection: GOGC %d, limit %d MB; want 100, %d MB", p, limit/mb, MemoryBudget/mb)
	}
}

// Buffers from slabs are distinct, zeroed and of the length asked, each
// with no room to grow into the next; big ones are allocated alone.
func TestSlabs(t *testing.T) {
	s := &slabs{}
	var bufs [][]byte
	for _, n := range []int{1, 100, 4097, slabMaxFile, slabMaxFile + 1, 3, slabSize / 9} {
		b := s.alloc(n)
		if len(b) != n || cap(b) != n {
			t.Fatalf("alloc(%d): len %d, cap %d", n, len(b), cap(b))
		}
		for _, c := range b {
			if c != 0 {
				t.Fatalf("alloc(%d) is not zeroed", n)
			}
		}
		for i := range b {
			b[i] = byte(len(bufs) + 1)
		}
		bufs = append(bufs, b)
	}
	for k, b := range bufs {
		for _, c := range b {
			if c != byte(k+1) {
				t.Fatalf("buffer %d was overwritten", k)
			}
		}
	}
	var nilSlabs *slabs
	if b := nilSlabs.alloc(10); len(b) != 10 {
		t.Errorf("a nil *slabs allocates: len %d", len(b))
	}
}
