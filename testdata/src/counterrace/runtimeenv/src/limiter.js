// A rate limiter library: the namespace is the Worker's binding named by an
// option, looked up at run time in the env of `cloudflare:workers`. The
// config gives the Worker no binding but KV namespaces (and a var), so
// whatever name is chosen it is a KV namespace. The window's timestamps are
// read, pruned, appended to and written back: concurrent requests lose
// each other's entries. The period is asserted to be at least 60 seconds
// before it is used as the TTL.
export function createLimiter(opts = {}) {
  const binding = opts.binding || "KV";
  const limit = Math.floor(opts.limit);
  const period = Math.floor(opts.period);
  assert(Number.isFinite(period) && period >= 60, "period must be >= 60 seconds");

  let runtime = null;
  async function resolveKV() {
    if (!runtime) {
      runtime = await import("cloudflare:workers");
    }
    return runtime.env[binding];
  }

  return async function limiter(key) {
    const kv = await resolveKV();
    const now = Date.now();
    let stamps = await read(kv, key);
    stamps = stamps.filter((t) => t > now - period * 1000);
    if (stamps.length >= limit) {
      return false;
    }
    stamps.push(now);
    await write(kv, key, stamps, period); // want `this call puts a value computed from the get of the same key on KV`
    return true;
  };
}

function assert(condition, message) {
  if (!condition) throw new TypeError(message);
}

async function read(kv, key) {
  const v = await kv.get(key, "json");
  return Array.isArray(v) ? v : [];
}

async function write(kv, key, stamps, period) {
  await kv.put(key, JSON.stringify(stamps), { expirationTtl: period });
}
