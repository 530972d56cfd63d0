package kvmodel

import (
	"testing"

	"github.com/kvlint/kvlint/config"
)

// Nuxt's and Nitro's auto-import folders are a Worker's own: utils and
// composables folders of vendored or installed libraries, or of a build's
// output, are not (their exports are no globals, and scanning a Worker's
// every file for calls of them made a file named on the command line of a
// project vendoring 26 MB of libraries pay for drizzle-orm's utils).
func TestAutoImportFolders(t *testing.T) {
	w := &config.Wrangler{Path: "wrangler.toml"}
	for file, want := range map[string]bool{
		"server/utils/expiry.ts":                    true,
		"utils/format.ts":                           true,
		"composables/useLink.ts":                    true,
		"app/composables/useLink.ts":                true,
		"shared/utils/slug.ts":                      true,
		"apps/web/server/utils/kv.ts":               true,
		"vendor/drizzle-orm/pg-core/utils/array.js": false,
		"node_modules/h3/dist/utils/index.mjs":      false,
		"dist/server/utils/kv.mjs":                  false,
		"server/api/links.ts":                       false,
		"src/index.ts":                              false,
		"src/utils.ts":                              false,
		"src/myutils/kv.ts":                         false,
		"/home/me/worker/utils/kv.ts":               true,
		"/home/me/build/worker/utils/kv.ts":         false,
	} {
		if got := inAutoImportDir(file, w); got != want {
			t.Errorf("%s: auto-import folder %v, want %v", file, got, want)
		}
	}
	if inAutoImportDir("server/utils/expiry.ts", nil) {
		t.Error("a file no wrangler config governs is in an auto-import folder")
	}
}
