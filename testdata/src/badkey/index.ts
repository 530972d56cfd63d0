type Env = { KV: KVNamespace; BUCKET: R2Bucket };

const PREFIX = "user";
const EMPTY = "";
const LONG_KEY = "k".repeat(600);
const TOO_LONG = `${"x".padEnd(10, "x")}` + "y".repeat(2);
const BIG = "z".repeat(1100);
const BIG_META = { note: BIG };

export default {
  async fetch(request: Request, env: Env) {
    await env.KV.get(""); // want `get key "": KV rejects empty keys`
    await env.KV.get(EMPTY); // want `empty keys`
    await env.KV.put(".", "v", { expirationTtl: 60 }); // want `KV rejects the keys "." and ".."`
    await env.KV.delete(".."); // want `"\.\."`
    await env.KV.get(`${PREFIX}:${"a".repeat(0)}`);
    await env.KV.get(["ok", ""]); // want `get key "": KV rejects empty keys`
    await env.KV.getWithMetadata("a".repeat(513)); // want `513 bytes, above KV's limit of 512 bytes`
    await env.KV.get("a".repeat(512));
    await env.KV.get(`${PREFIX}:${new URL(request.url).pathname}`);
    await env.KV.list({ limit: 5000 }); // want `list\(\) limit 5000 is above KV's maximum of 1000`
    await env.KV.list({ limit: 1000 });
    await env.KV.put("m", "v", { expirationTtl: 60, metadata: { note: BIG } }); // want `metadata serializes to 1111 bytes`
    await env.KV.put("n", "v", { expirationTtl: 60, metadata: { note: "small" } });
    await env.KV.put("o", "v", { expirationTtl: 60, metadata: BIG_META }); // want `metadata serializes`
    await env.KV.put("p", "v", { expirationTtl: 60, metadata: { at: Date.now() } });
    // Not KV.
    await env.BUCKET.get("");
    const m = new Map<string, string>();
    m.get("");
    return new Response(String(LONG_KEY.length + TOO_LONG.length));
  },
};
