package discover

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// tree creates files (and, for names ending in "/", directories) under
// root. A file's content is "x" unless given as "name=content".
func tree(t *testing.T, root string, entries ...string) {
	t.Helper()
	for _, e := range entries {
		name, content, ok := strings.Cut(e, "=")
		if !ok {
			content = "x"
		}
		p := filepath.Join(root, filepath.FromSlash(name))
		if strings.HasSuffix(name, "/") {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(strings.ReplaceAll(content, `\n`, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// project makes a temporary directory, fills it and makes it the current
// directory.
func project(t *testing.T, entries ...string) string {
	t.Helper()
	root := t.TempDir()
	tree(t, root, entries...)
	t.Chdir(root)
	return root
}

func symlink(t *testing.T, target, name string) {
	t.Helper()
	if err := os.Symlink(target, name); err != nil {
		t.Skipf("symlinks unavailable: %v", err)
	}
}

func rels(files []File) []string {
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = f.Rel
	}
	return out
}

// check runs Files and compares the Rel of the files found with want; it
// fails on any problem.
func check(t *testing.T, args []string, opt Options, want ...string) []File {
	t.Helper()
	files, probs := Files(args, opt)
	for _, p := range probs {
		t.Errorf("Files(%q): unexpected problem %v", args, p)
	}
	if got := rels(files); !slices.Equal(got, want) {
		t.Errorf("Files(%q):\n got %q\nwant %q", args, got, want)
	}
	return files
}

func TestExtensions(t *testing.T) {
	project(t,
		"a.ts", "b.tsx", "c.mts", "d.cts", "e.js", "f.jsx", "g.mjs", "h.cjs",
		"README.md", "wrangler.toml", "package.json", "x.ts.map", "noext", "i.TSX.bak",
		"src/deep/er/j.ts",
	)
	check(t, nil, Options{},
		"a.ts", "b.tsx", "c.mts", "d.cts", "e.js", "f.jsx", "g.mjs", "h.cjs", "src/deep/er/j.ts")
}

func TestSkippedDirectories(t *testing.T) {
	project(t,
		"src/index.ts",
		"node_modules/pkg/index.js", "src/node_modules/x.ts",
		"dist/worker.js", ".wrangler/tmp/bundle.js", ".git/hooks/x.js",
		".svelte-kit/out.js", ".next/a.js", ".output/b.js", "coverage/c.js",
		"build/kept.js", // not in the list
	)
	check(t, []string{"."}, Options{}, "build/kept.js", "src/index.ts")

	// Named on the command line, they are linted.
	check(t, []string{"node_modules/pkg/index.js"}, Options{}, "node_modules/pkg/index.js")
	check(t, []string{"dist"}, Options{}, "dist/worker.js")
	// A glob that spells out the directory enters it.
	check(t, []string{"src/node_modules/*.ts"}, Options{}, "src/node_modules/x.ts")
}

func TestGitignore(t *testing.T) {
	project(t,
		".git/",
		".gitignore=# generated\ngen/\n*.gen.ts\n/top-only.ts\npkg/out\n",
		"top-only.ts", "a.gen.ts", "index.ts",
		"gen/x.ts",
		"src/top-only.ts", // "/top-only.ts" is anchored at the root
		"src/gen/y.ts",    // "gen/" matches at any depth
		"src/b.gen.ts",
		"pkg/out/p.ts",     // "pkg/out" has a slash: anchored
		"sub/pkg/out/q.ts", // so this one is kept
		"sub/.gitignore=local.ts\n/only-here.ts\n",
		"sub/local.ts", "sub/deeper/local.ts", "sub/only-here.ts", "sub/deeper/only-here.ts",
		"local.ts", "only-here.ts", // the nested file does not apply outside sub/
	)
	check(t, nil, Options{},
		"index.ts", "local.ts", "only-here.ts", "src/top-only.ts",
		"sub/deeper/only-here.ts", "sub/pkg/out/q.ts")

	// Walking a subdirectory still applies the repository root's .gitignore
	// and those in between.
	t.Chdir("sub")
	check(t, []string{"."}, Options{Root: ".."},
		"sub/deeper/only-here.ts", "sub/pkg/out/q.ts")
}

func TestGitignoreNegation(t *testing.T) {
	project(t,
		".git/",
		".gitignore=*.ts\n!keep.ts\n/gen/*\n!/gen/also.js\nbuild/\n!build/lost.js\n",
		"drop.ts", "keep.ts", "src/keep.ts", "src/drop.ts", "x.js",
		"gen/a.js", "gen/also.js",
		"build/lost.js", // git cannot re-include a file in an excluded directory
	)
	check(t, nil, Options{}, "gen/also.js", "keep.ts", "src/keep.ts", "x.js")
}

func TestGitignoreWithoutRepository(t *testing.T) {
	// Outside a git repository the .gitignore files under Root still count.
	root := project(t,
		".gitignore=ignored/\n",
		"ignored/a.ts", "src/b.ts",
	)
	check(t, []string{"src", "ignored/a.ts"}, Options{}, "ignored/a.ts", "src/b.ts")
	check(t, nil, Options{Root: root}, "src/b.ts")
}

func TestGitignoreNestedRepository(t *testing.T) {
	project(t,
		".git/",
		".gitignore=*.js\n",
		"a.js", "a.ts",
		"vendor/lib/.git",
		"vendor/lib/b.js", // the outer repository's rules stop at the inner one
	)
	check(t, nil, Options{}, "a.ts", "vendor/lib/b.js")
}

func TestGitInfoExclude(t *testing.T) {
	project(t,
		".git/info/exclude=scratch/\n",
		"scratch/a.ts", "b.ts",
	)
	check(t, nil, Options{}, "b.ts")
}

func TestOptionsIgnore(t *testing.T) {
	root := project(t,
		".git/",
		".gitignore=generated.ts\n",
		"src/a.ts", "src/a.test.ts", "legacy/old.ts", "legacy/keep.ts",
		"generated.ts", "scripts/tool.js",
	)
	opt := Options{Ignore: []string{"*.test.ts", "legacy/**", "!legacy/keep.ts", "./scripts/", "!generated.ts"}}
	check(t, nil, opt, "generated.ts", "legacy/keep.ts", "src/a.ts")

	// The patterns are relative to Root, whatever the current directory.
	t.Chdir(filepath.Join(root, "legacy"))
	check(t, []string{"."}, Options{Root: root, Ignore: []string{"legacy/old.ts"}}, "legacy/keep.ts")
	check(t, []string{"."}, Options{Root: root, Ignore: []string{"/old.ts"}}, "legacy/keep.ts", "legacy/old.ts")

	_, probs := Files(nil, Options{Ignore: []string{"[z-a"}})
	if len(probs) != 1 || !errors.Is(probs[0].Err, ErrBadIgnore) {
		t.Errorf("bad ignore pattern: got problems %v", probs)
	}
}

func TestGlobs(t *testing.T) {
	project(t,
		".git/",
		".gitignore=ignored.ts\n",
		"src/a.ts", "src/b.js", "src/x/c.ts", "src/x/y/d.ts", "src/x/y/e.tsx",
		"src/ignored.ts", "src/node_modules/n.ts", "src/z.min.js",
		"test/t.ts", "top.ts",
	)
	opt := Options{}
	check(t, []string{"src/**/*.ts"}, opt, "src/a.ts", "src/x/c.ts", "src/x/y/d.ts")
	check(t, []string{"src/*.ts"}, opt, "src/a.ts")
	check(t, []string{"**/*.tsx"}, opt, "src/x/y/e.tsx")
	check(t, []string{"*.ts"}, opt, "top.ts")
	check(t, []string{"src/**/*.{ts,js}"}, opt, "src/a.ts", "src/b.js", "src/x/c.ts", "src/x/y/d.ts")
	check(t, []string{"{src,test}/*.ts"}, opt, "src/a.ts", "test/t.ts")
	check(t, []string{"src/x/**"}, opt, "src/x/c.ts", "src/x/y/d.ts", "src/x/y/e.tsx")
	check(t, []string{"src/?/c.ts"}, opt, "src/x/c.ts")
	// A directory matched by the pattern is walked.
	check(t, []string{"src/*"}, opt,
		"src/a.ts", "src/b.js", "src/x/c.ts", "src/x/y/d.ts", "src/x/y/e.tsx")
	// Absolute patterns work too.
	abs, err := filepath.Abs("src")
	if err != nil {
		t.Fatal(err)
	}
	check(t, []string{filepath.Join(abs, "**", "d.ts")}, opt, "src/x/y/d.ts")

	for _, pat := range []string{"src/**/*.vue", "nope/**/*.ts", "src/ignored.*"} {
		files, probs := Files([]string{pat}, opt)
		if len(files) != 0 || len(probs) != 1 || !errors.Is(probs[0].Err, ErrNoMatch) ||
			probs[0].Path != pat || !strings.HasPrefix(probs[0].Error(), pat+": ") {
			t.Errorf("Files(%q) = %q, %v; want one ErrNoMatch problem", pat, rels(files), probs)
		}
	}
	if _, probs := Files([]string{"src/[a-"}, opt); len(probs) != 1 || errors.Is(probs[0].Err, ErrNoMatch) {
		t.Errorf("malformed pattern: got %v", probs)
	}
}

func TestDeclarationFiles(t *testing.T) {
	project(t,
		"env.d.ts", "types/worker.d.mts", "types/x.d.cts", "styles.d.css.ts", "index.ts", "d.ts", "mod.d.js",
	)
	files := check(t, nil, Options{},
		"d.ts", "env.d.ts", "index.ts", "mod.d.js", "styles.d.css.ts", "types/worker.d.mts", "types/x.d.cts")
	decl := map[string]bool{"env.d.ts": true, "styles.d.css.ts": true, "types/worker.d.mts": true, "types/x.d.cts": true}
	for _, f := range files {
		if f.Decl != decl[f.Rel] {
			t.Errorf("%s: Decl = %v, want %v", f.Rel, f.Decl, decl[f.Rel])
		}
	}
}

func TestMinified(t *testing.T) {
	project(t, "vendor.min.js", "x.min.mjs", "y.min.ts", "admin.js", "min.js", "app.mini.js")
	check(t, nil, Options{}, "admin.js", "app.mini.js", "min.js")
	// Named explicitly, a minified file is kept (the caller may still judge
	// its content).
	check(t, []string{"vendor.min.js"}, Options{}, "vendor.min.js")
}

func TestSymlinks(t *testing.T) {
	outside := t.TempDir()
	tree(t, outside, "ext.ts", "extdir/e.ts")
	project(t, "src/a.ts", "src/sub/b.ts", "other/c.ts")

	symlink(t, "..", filepath.Join("src", "sub", "up"))                          // a cycle through a directory link
	symlink(t, "../other", filepath.Join("src", "other"))                        // leaves the walked root "src"
	symlink(t, "sub", filepath.Join("src", "alias"))                             // a second way to src/sub
	symlink(t, filepath.Join(outside, "ext.ts"), filepath.Join("src", "ext.ts")) // file links are followed
	symlink(t, filepath.Join(outside, "extdir"), filepath.Join("src", "extdir")) // leaves the root
	symlink(t, "gone.ts", filepath.Join("src", "dangling.ts"))                   // silently skipped
	symlink(t, "loop2.ts", filepath.Join("src", "loop1.ts"))                     // a link cycle: reported
	symlink(t, "loop1.ts", filepath.Join("src", "loop2.ts"))

	files, probs := Files([]string{"src"}, Options{})
	want := []string{"src/a.ts", "src/ext.ts", "src/sub/b.ts"}
	if got := rels(files); !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	var looped []string
	for _, p := range probs {
		looped = append(looped, p.Path)
	}
	if want := []string{filepath.Join("src", "loop1.ts"), filepath.Join("src", "loop2.ts")}; !slices.Equal(looped, want) {
		t.Errorf("problems %v, want one for each of %q", probs, want)
	}

	// From the top, "other" is inside the root, reached directly and
	// through src/other: listed once, under its direct path.
	files, _ = Files([]string{"."}, Options{})
	want = []string{"other/c.ts", "src/a.ts", "src/ext.ts", "src/sub/b.ts"}
	if got := rels(files); !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}

	// A linked directory named on the command line is walked.
	files, _ = Files([]string{"src/alias"}, Options{})
	if got := rels(files); !slices.Equal(got, []string{"src/alias/b.ts"}) {
		t.Errorf("src/alias: got %q", got)
	}
}

func TestMissingPath(t *testing.T) {
	project(t, "src/a.ts")
	nope := filepath.Join("src", "nope")
	files, probs := Files([]string{nope, "src"}, Options{})
	if got := rels(files); !slices.Equal(got, []string{"src/a.ts"}) {
		t.Errorf("got %q", got)
	}
	if len(probs) != 1 {
		t.Fatalf("got problems %v, want 1", probs)
	}
	p := probs[0]
	if p.Path != nope || !errors.Is(p, fs.ErrNotExist) || p.Error() != nope+": no such file or directory" {
		t.Errorf("problem = %#v (%q)", p, p.Error())
	}
}

func TestUnreadableDirectory(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads every directory")
	}
	project(t, "a.ts", "locked/b.ts", "z/c.ts")
	if err := os.Chmod("locked", 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod("locked", 0o755) })
	files, probs := Files(nil, Options{})
	if got := rels(files); !slices.Equal(got, []string{"a.ts", "z/c.ts"}) {
		t.Errorf("got %q", got)
	}
	if len(probs) != 1 || probs[0].Path != "locked" || !errors.Is(probs[0], fs.ErrPermission) {
		t.Errorf("problems = %v", probs)
	}
}

func TestSortedAndDeduplicated(t *testing.T) {
	project(t, "b/z.ts", "b/a.ts", "a-b.ts", "a/b.ts", "A.ts", "a.ts", "b.ts")
	want := []string{"A.ts", "a-b.ts", "a.ts", "a/b.ts", "b.ts", "b/a.ts", "b/z.ts"}
	args := []string{"b", ".", "a.ts", "./a.ts", "b/*.ts", "a"}
	first := check(t, args, Options{}, want...)
	for range 5 {
		again, _ := Files(args, Options{})
		if !slices.Equal(first, again) {
			t.Fatalf("second run differs:\n%v\n%v", first, again)
		}
	}
}

func TestExplicitFiles(t *testing.T) {
	root := project(t,
		".git/",
		".gitignore=ignored.ts\n",
		"src/ignored.ts", "src/a.ts", "notes.md",
	)
	// An ignored file named explicitly is kept; a non-source one is not.
	files := check(t, []string{"src/ignored.ts", "notes.md"}, Options{}, "src/ignored.ts")
	if files[0].Path != filepath.Join("src", "ignored.ts") {
		t.Errorf("Path = %q", files[0].Path)
	}
	// Paths keep the form given; Rel is relative to Root.
	abs := filepath.Join(root, "src", "a.ts")
	files = check(t, []string{abs}, Options{Root: root}, "src/a.ts")
	if files[0].Path != abs {
		t.Errorf("Path = %q, want %q", files[0].Path, abs)
	}
	files = check(t, []string{"./src/a.ts"}, Options{Root: "src"}, "a.ts")
	if files[0].Path != filepath.Join("src", "a.ts") {
		t.Errorf("Path = %q", files[0].Path)
	}
	// Outside Root, Rel is the path as given.
	files = check(t, []string{"src/a.ts"}, Options{Root: t.TempDir()}, "src/a.ts")
	if files[0].Path != filepath.Join("src", "a.ts") {
		t.Errorf("Path = %q", files[0].Path)
	}
}

func TestTestFilesSkippedByDefault(t *testing.T) {
	root := t.TempDir()
	// test/ and tests/ beside a package.json are a package's tests; a test/
	// elsewhere (no package.json beside it, or a route) is source.
	for _, p := range []string{"src/index.ts", "src/index.test.ts", "src/kv.spec.js", "src/__tests__/a.ts", "src/__mocks__/kv.ts", "test/helpers.ts",
		"pkg/package.json", "pkg/test/a.ts", "pkg/tests/b.ts", "pkg/src/routes/test/c.ts"} {
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte("export {}\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rels := func(files []File) []string {
		var out []string
		for _, f := range files {
			out = append(out, f.Rel)
		}
		return out
	}
	files, probs := Files([]string{root}, Options{Root: root})
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	if got, want := strings.Join(rels(files), " "), "pkg/src/routes/test/c.ts src/index.ts test/helpers.ts"; got != want {
		t.Errorf("default walk: got %q, want %q", got, want)
	}
	files, _ = Files([]string{root}, Options{Root: root, Tests: true})
	if len(files) != 9 {
		t.Errorf("with Tests: got %v, want all 9 sources", rels(files))
	}
	// A test file named on the command line is linted.
	files, _ = Files([]string{filepath.Join(root, "src/index.test.ts")}, Options{Root: root})
	if len(files) != 1 {
		t.Errorf("explicit test file: got %v", rels(files))
	}
}

func TestIgnoreAppliesToExplicitFiles(t *testing.T) {
	root := t.TempDir()
	for _, p := range []string{"worker/kvlint-ignored/gen.ts", "worker/src/index.ts"} {
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte("export {}\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Patterns are relative to the kvlint.toml's directory (worker/), paths
	// to the working directory (root).
	opt := Options{Root: root, Ignore: []string{"kvlint-ignored/"}, IgnoreBase: filepath.Join(root, "worker")}
	files, _ := Files([]string{filepath.Join(root, "worker/kvlint-ignored/gen.ts"), filepath.Join(root, "worker/src/index.ts")}, opt)
	if len(files) != 1 || files[0].Rel != "worker/src/index.ts" {
		t.Errorf("got %+v, want only worker/src/index.ts", files)
	}
}

// joinName is filepath.Join for the clean directories of a walk and the
// names of their entries.
func TestJoinName(t *testing.T) {
	for _, dir := range []string{"", ".", "..", "/", "src", "../src", "/home/me/w", "a/b"} {
		for _, name := range []string{"x.ts", "node_modules", ".git", "...", "a..b", " sp"} {
			if got, want := joinName(dir, name), filepath.Join(dir, name); got != want {
				t.Errorf("joinName(%q, %q) = %q, want %q", dir, name, got, want)
			}
		}
	}
}
