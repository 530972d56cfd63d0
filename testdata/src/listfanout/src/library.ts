import { Archive, Catalog } from "./catalog";
import { listAll } from "./sessions";
import type { Env } from "./sessions";

// Methods of a class of another module, on an instance made here.
export async function purge(env: Env, prefix: string) {
  const catalog = new Catalog(env.DOCS);
  const names = await listAll(env.DOCS, prefix);
  for (const name of names) {
    await catalog.drop(name); // want "a call that makes a delete on DOCS once per key returned by list\\(\\) \\(sessions.ts:16\\)"
  }
}

// The instance kept in a field, private or not; helpers in an object.
const helpers = { list: listAll };

export class Admin {
  store: Catalog;
  #archive: Archive;
  #env: Env;

  constructor(env: Env, bucket: R2Bucket) {
    this.#env = env;
    this.store = new Catalog(env.DOCS);
    this.#archive = new Archive(bucket);
  }

  async export(prefix: string) {
    const names = await helpers.list(this.#env.DOCS, prefix);
    return Promise.all(names.map((n) => this.store.item(n))); // want "a call that makes a get on DOCS once per key"
  }

  // Fine: the archive's reads are R2's, the keys are not KV's.
  async backup(prefix: string) {
    const names = await helpers.list(this.#env.DOCS, prefix);
    const archived = [];
    for await (const o of this.#archive.items(prefix)) archived.push(o);
    return { names, archived };
  }

  // Fine: a Map of another module's class, per listed key.
  async sizes(prefix: string, memo: Map<string, number>) {
    const names = await helpers.list(this.#env.DOCS, prefix);
    return names.map((n) => memo.get(n));
  }
}
