// JSDoc types in a .js file.

/**
 * @typedef {Object} CacheConfig
 * @property {KVNamespace} kv
 * @property {R2Bucket} blobs
 */

/**
 * @param {KVNamespace} ns
 * @param {string} key
 */
export async function readJS(ns, key) {
  return ns.get(key); // kv
}

/** @param {CacheConfig} config */
export async function viaTypedef(config) {
  await config.blobs.get("b");
  return config.kv.get("k"); // kv
}

/**
 * @param {R2Bucket} bucket
 * @param {Map<string, string>} memory
 */
export async function notKV(bucket, memory) {
  memory.get("m");
  return bucket.get("b");
}

export class Store {
  /** @param {KVNamespace} kv */
  constructor(kv) {
    /** @type {KVNamespace} */
    this.kv = kv;
  }
  async load(key) {
    return this.kv.get(key); // kv
  }
}
