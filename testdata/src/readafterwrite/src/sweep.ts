// A sweep over listed entries: an entry is either deleted (and the loop
// moves on) or read, never both in one iteration.
export async function sweep(kv: KVNamespace, now: number) {
  const { keys } = await kv.list<{ expires?: number }>({ prefix: "e:" });
  for (const k of keys) {
    if ((k.metadata?.expires ?? Infinity) < now) {
      await kv.delete(k.name);
      continue;
    }
    const v = await kv.get(k.name);
    console.log(v);
  }
  for (const k of keys) {
    switch (k.name) {
      case "skip":
        await kv.delete(k.name);
        break;
      default:
        console.log(await kv.get(k.name));
    }
  }
}

// But a break that leaves the loop leads to what follows it, and a
// continue in an inner loop does not skip the outer loop's read.
export async function drain(kv: KVNamespace, name: string, tries: number[]) {
  for (const t of tries) {
    if (t > 3) {
      await kv.delete(name);
      break;
    }
  }
  return kv.get(name); // want `get of a key on the KV namespace after a delete of the same key`
}

export async function retry(kv: KVNamespace, name: string, rounds: number[][]) {
  for (const round of rounds) {
    for (const t of round) {
      if (t > 3) {
        await kv.delete(name);
        continue;
      }
    }
    console.log(await kv.get(name)); // want `after a delete of the same key`
  }
}
