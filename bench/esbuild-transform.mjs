// esbuild-transform.mjs: the raw-parse reference of bench/run.sh. It runs
// esbuild's transform (parse and print, no bundling, no output files) on
// every JavaScript and TypeScript file under a directory, through the npm
// package's API, which drives esbuild's native binary with up to
// CONCURRENCY transforms in flight.
//
//   node bench/esbuild-transform.mjs TOOLS_DIR CORPUS_DIR
//
// TOOLS_DIR is where the pinned esbuild package is installed (its
// node_modules). Prints files, bytes and errors; exit 0 even when some files
// fail (each still cost its parse).
import { createRequire } from "node:module";
import { readdir, readFile } from "node:fs/promises";
import { join, extname } from "node:path";

const [toolsDir, corpus] = process.argv.slice(2);
if (!toolsDir || !corpus) {
  console.error("usage: node esbuild-transform.mjs TOOLS_DIR CORPUS_DIR");
  process.exit(2);
}
const esbuild = createRequire(join(toolsDir, "package.json"))("esbuild");

// kvlint parses JSX in .js files too.
const loaders = {
  ".ts": "ts", ".mts": "ts", ".cts": "ts", ".tsx": "tsx",
  ".js": "jsx", ".jsx": "jsx", ".mjs": "jsx", ".cjs": "jsx",
};
const CONCURRENCY = 64;

async function walk(dir, out) {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) await walk(p, out);
    else if (e.isFile() && loaders[extname(e.name)]) out.push(p);
  }
  return out;
}

const files = await walk(corpus, []);
let next = 0, bytes = 0, errors = 0;
async function worker() {
  while (next < files.length) {
    const path = files[next++];
    const src = await readFile(path);
    bytes += src.length;
    try {
      await esbuild.transform(src, { loader: loaders[extname(path)], sourcefile: path, logLevel: "silent" });
    } catch {
      errors++;
    }
  }
}
await Promise.all(Array.from({ length: CONCURRENCY }, worker));
await esbuild.stop();
console.log(`esbuild transform: ${files.length} files, ${bytes} bytes, ${errors} errors`);
