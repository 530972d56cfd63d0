// A window asserted to be at least 60 seconds, handed to a top-level write
// helper from two calls in one function that first reads the key: the
// helper is walked from the first call, before its caller's walk reaches
// the second, and the period it receives is still the asserted one at
// both. The twin asserts only that the period is positive.
function check(condition: unknown, message: string): asserts condition {
  if (!condition) {
    throw new TypeError(message);
  }
}

async function load(kv: KVNamespace, key: string): Promise<number[]> {
  const val = await kv.get(key, "json");
  return Array.isArray(val) ? val : [];
}

export function windowLimiter(kv: KVNamespace, opts: { period: number }) {
  const period = Math.floor(opts.period);
  check(period >= 60, "period must be at least 60 seconds");
  return async function hit(key: string) {
    const stamps = await load(kv, key);
    if (stamps.length < 3) {
      stamps.push(Date.now());
      await save(kv, key, stamps, period);
    } else {
      await save(kv, key, stamps.slice(1), period);
    }
  };
}

async function save(kv: KVNamespace, key: string, stamps: number[], period: number) {
  await kv.put(key, JSON.stringify(stamps), { expirationTtl: period });
}

export function looseWindowLimiter(kv: KVNamespace, opts: { period: number }) {
  const period = Math.floor(opts.period);
  check(period > 0, "period must be positive");
  return async function hit(key: string) {
    const stamps = await load(kv, key);
    if (stamps.length < 3) {
      stamps.push(Date.now());
      await saveLoose(kv, key, stamps, period);
    } else {
      await saveLoose(kv, key, stamps.slice(1), period);
    }
  };
}

async function saveLoose(kv: KVNamespace, key: string, stamps: number[], period: number) {
  await kv.put(key, JSON.stringify(stamps), { expirationTtl: period }); // want `expirationTtl is computed from a parameter's property and not clamped`
}
