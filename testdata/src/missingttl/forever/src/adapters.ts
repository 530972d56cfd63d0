// Cache adapters of a library: the caller's TTL is in milliseconds, and
// Infinity asks for an entry that never expires.

type Entry = { value: unknown; ttl: number };

// Fine: the TTL is left out only where the code tested for "forever".
export async function setForever(store: KVNamespace, key: string, entry: Entry) {
  let expirationTtl: number | undefined = entry.ttl;
  if (expirationTtl === Infinity) {
    expirationTtl = undefined;
  } else {
    expirationTtl = Math.max(Math.ceil(expirationTtl / 1000), 60);
  }
  await store.put(key, JSON.stringify(entry.value), { expirationTtl });
}

// Fine: the same choice in a conditional.
export async function setFinite(bucket: KVNamespace, key: string, entry: Entry) {
  await bucket.put(key, JSON.stringify(entry.value), {
    expirationTtl: Number.isFinite(entry.ttl) ? Math.max(60, Math.ceil(entry.ttl / 1000)) : undefined,
  });
}

// Fine: a negated test, the forever arm first.
export async function setNegated(shelf: KVNamespace, key: string, entry: Entry) {
  const ttl = !isFinite(entry.ttl) ? undefined : Math.max(60, Math.floor(entry.ttl / 1000));
  await shelf.put(key, JSON.stringify(entry.value), { expirationTtl: ttl });
}

// Fine: a put without options in the branch that tested for forever.
export async function setBranch(vault: KVNamespace, key: string, entry: Entry) {
  if (entry.ttl === Infinity) {
    return vault.put(key, JSON.stringify(entry.value));
  }
  return putExpiring(vault, key, entry.value, entry.ttl);
}

function putExpiring(vault: KVNamespace, key: string, value: unknown, ttlMs: number) {
  return vault.put(key, JSON.stringify(value), { expirationTtl: Math.max(60, Math.ceil(ttlMs / 1000)) });
}

// Reported: 0 is a duration, not "forever": the code never tested for it.
export async function setZero(drawer: KVNamespace, key: string, entry: Entry) {
  let expirationTtl: number | undefined = entry.ttl;
  if (expirationTtl === 0) {
    expirationTtl = undefined;
  } else {
    expirationTtl = Math.max(Math.ceil(expirationTtl / 1000), 60);
  }
  await drawer.put(key, JSON.stringify(entry.value), { expirationTtl }); // want "put to the KV namespace never expires on some paths"
}

// Reported: "forever" or "no TTL given": a missing TTL is not a choice of forever.
export async function setMissing(box: KVNamespace, key: string, entry: Partial<Entry>) {
  const ttl = !entry.ttl || entry.ttl === Infinity ? undefined : Math.max(60, entry.ttl / 1000);
  await box.put(key, JSON.stringify(entry.value), { expirationTtl: ttl }); // want "put to the KV namespace never expires on some paths"
}

// Reported: the forever test is there, but the TTL is also undefined when
// it is not positive.
export async function setUnset(crate: KVNamespace, key: string, entry: Entry) {
  let expirationTtl: number | undefined;
  if (entry.ttl === Infinity) expirationTtl = undefined;
  else if (entry.ttl > 0) expirationTtl = Math.max(60, Math.ceil(entry.ttl / 1000));
  await crate.put(key, JSON.stringify(entry.value), { expirationTtl }); // want "put to the KV namespace never expires on some paths"
}

const FOREVER = Number.POSITIVE_INFINITY;

// Fine: Infinity through a constant, the test written the other way round.
export async function setConstant(tray: KVNamespace, key: string, entry: Entry) {
  const ttl = FOREVER !== entry.ttl ? Math.max(60, Math.ceil(entry.ttl / 1000)) : undefined;
  await tray.put(key, JSON.stringify(entry.value), { expirationTtl: ttl });
}
