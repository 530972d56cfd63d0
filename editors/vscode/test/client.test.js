// Tests of the extension outside VS Code (no headless VS Code can be had
// here): the compiled out/find.js resolves kvlint as the extension does,
// and kvlint's language server answers the protocol library the extension's
// client is built on (vscode-languageserver-protocol, from
// vscode-languageclient's own dependencies) as VS Code would drive it.
// KVLINT_BIN names the kvlint binary to test (tests/integration/vscode.sh
// builds it); without it the server test is skipped.
const { test } = require("node:test");
const assert = require("node:assert");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const cp = require("node:child_process");
const { findKvlint } = require("../out/find.js");

function tmp() {
  return fs.mkdtempSync(path.join(os.tmpdir(), "kvlint-vscode-"));
}

function fakeExe(p) {
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, "#!/bin/sh\n");
  fs.chmodSync(p, 0o755);
  return p;
}

test("findKvlint: kvlint.path, then node_modules/.bin/kvlint, then PATH", { skip: process.platform === "win32" }, () => {
  const dir = tmp();
  const folder = path.join(dir, "ws");
  const onPath = fakeExe(path.join(dir, "bin", "kvlint"));
  const base = { folders: [folder], pathEnv: path.join(dir, "bin"), platform: process.platform, setting: "" };
  assert.strictEqual(findKvlint(base), onPath);
  const local = fakeExe(path.join(folder, "node_modules", ".bin", "kvlint"));
  assert.strictEqual(findKvlint(base), local);
  const custom = fakeExe(path.join(folder, "tools", "kvlint"));
  assert.strictEqual(findKvlint({ ...base, setting: "tools/kvlint" }), custom);
  assert.strictEqual(findKvlint({ ...base, setting: path.join(dir, "missing") }), undefined);
  assert.strictEqual(findKvlint({ ...base, folders: [], pathEnv: "" }), undefined);
});

test("kvlint lsp answers the extension's protocol client", { skip: !process.env.KVLINT_BIN && "KVLINT_BIN is not set" }, async () => {
  const rpc = require("vscode-languageserver-protocol/node");
  const dir = tmp();
  fs.mkdirSync(path.join(dir, "src"));
  fs.writeFileSync(path.join(dir, "wrangler.toml"), 'name = "w"\nmain = "src/index.ts"\nkv_namespaces = [{ binding = "CACHE", id = "1" }]\n');
  const text =
    "export default {\n  async fetch(req: Request, env: Env): Promise<Response> {\n    await env.CACHE.put(req.url, \"v\", { expirationTtl: 30 });\n    return new Response(\"ok\");\n  },\n};\n";
  fs.writeFileSync(path.join(dir, "src", "index.ts"), text);
  const proc = cp.spawn(process.env.KVLINT_BIN, ["lsp", "--stdio"], { stdio: ["pipe", "pipe", "inherit"] });
  const conn = rpc.createProtocolConnection(new rpc.StreamMessageReader(proc.stdout), new rpc.StreamMessageWriter(proc.stdin));
  const uri = "file://" + path.join(dir, "src", "index.ts");
  const published = new Promise((resolve) => {
    conn.onNotification(rpc.PublishDiagnosticsNotification.type, (p) => {
      if (p.uri === uri) resolve(p);
    });
  });
  conn.listen();
  const init = await conn.sendRequest(rpc.InitializeRequest.type, {
    processId: process.pid,
    rootUri: "file://" + dir,
    workspaceFolders: [{ uri: "file://" + dir, name: "w" }],
    capabilities: {},
    initializationOptions: { configFile: "" },
  });
  assert.strictEqual(init.serverInfo.name, "kvlint");
  await conn.sendNotification(rpc.InitializedNotification.type, {});
  await conn.sendNotification(rpc.DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: "typescript", version: 1, text },
  });
  const p = await published;
  const d = p.diagnostics.find((x) => x.code === "shortttl");
  assert.ok(d, JSON.stringify(p.diagnostics));
  assert.strictEqual(d.source, "kvlint");
  assert.strictEqual(d.severity, 1);
  assert.strictEqual(d.range.start.line, 2);
  assert.match(d.codeDescription.href, /#shortttl$/);
  const actions = await conn.sendRequest(rpc.CodeActionRequest.type, {
    textDocument: { uri },
    range: d.range,
    context: { diagnostics: [d] },
  });
  const titles = actions.map((a) => a.title);
  assert.ok(titles.some((t) => t.startsWith("Suppress with // kvlint-disable-next-line shortttl")), titles.join("; "));
  assert.ok(titles.includes("Show documentation for shortttl"), titles.join("; "));
  await conn.sendRequest(rpc.ShutdownRequest.type);
  const exited = new Promise((resolve) => proc.on("exit", resolve));
  await conn.sendNotification(rpc.ExitNotification.type);
  assert.strictEqual(await exited, 0);
  conn.dispose();
});
