// Package config loads the two kinds of configuration kvlint reads: the
// Worker's wrangler config (wrangler.toml, wrangler.jsonc, wrangler.json),
// which says which env bindings are KV namespaces and which are something
// else, and kvlint.toml, kvlint's own settings (rule severities, per-binding
// options, ignored paths).
//
// A configuration kvlint cannot read is an *Error that names the file, the
// line and the column, so that the user can fix it.
package config
