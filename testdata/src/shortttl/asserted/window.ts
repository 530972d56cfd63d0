// Window TTLs checked by an assertion helper (it throws unless its
// condition holds): past the call the period is at least 60. The twin
// asserts only that it is positive.
function assert(condition: unknown, message: string): asserts condition {
  if (!condition) {
    throw new TypeError(message);
  }
}

export function windowStore(kv: KVNamespace, opts: { period: number }) {
  const period = Math.floor(opts.period);
  assert(Number.isFinite(period) && period >= 60, "period must be at least 60 seconds");
  return {
    async save(key: string, stamps: number[]) {
      await kv.put(key, JSON.stringify(stamps), { expirationTtl: period });
    },
  };
}

export function looseWindowStore(kv: KVNamespace, opts: { period: number }) {
  const period = Math.floor(opts.period);
  assert(period > 0, "period must be positive");
  return {
    async save(key: string, stamps: number[]) {
      await kv.put(key, JSON.stringify(stamps), { expirationTtl: period }); // want `expirationTtl is computed from a parameter's property and not clamped`
    },
  };
}
