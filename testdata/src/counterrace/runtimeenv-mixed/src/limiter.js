// Twin: the same limiter in a Worker that also has an R2 bucket: a binding
// named at run time may be either, so nothing is reported.
export function createLimiter(opts = {}) {
  const binding = opts.binding || "KV";
  let runtime = null;
  async function resolve() {
    if (!runtime) {
      runtime = await import("cloudflare:workers");
    }
    return runtime.env[binding];
  }
  return async function limiter(key) {
    const store = await resolve();
    const stamps = JSON.parse((await store.get(key)) ?? "[]");
    stamps.push(Date.now());
    await store.put(key, JSON.stringify(stamps));
  };
}
