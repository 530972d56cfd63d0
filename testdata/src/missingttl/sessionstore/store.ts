// An express-session store: the lifetime comes from options whose type
// makes both TTL fields optional, so a store built without them writes
// sessions that never expire. The twin requires the TTL.
import { Store } from "express-session";

type StoreOptions = {
  expiration?: number;
  expirationTtl?: number;
};

export class KVSessionStore extends Store {
  constructor(private kv: KVNamespace, private options: StoreOptions) {
    super();
  }

  set(sid: string, session: object, done?: (err?: unknown) => void): void {
    this.kv
      .put(sid, JSON.stringify(session), { // want `never expires on some paths, where its expiration is undefined`
        expiration: this.options.expiration,
        expirationTtl: this.options.expirationTtl,
      })
      .then(() => done?.(), done);
  }
}

export const createStore = (kv: KVNamespace, options: { expiration?: number; expirationTtl?: number }) =>
  new KVSessionStore(kv, { expiration: options.expiration, expirationTtl: options.expirationTtl });

type BoundedOptions = { ttlSeconds: number };

export class BoundedSessionStore extends Store {
  constructor(private kv: KVNamespace, private options: BoundedOptions) {
    super();
  }

  set(sid: string, session: object, done?: (err?: unknown) => void): void {
    this.kv
      .put(sid, JSON.stringify(session), { expirationTtl: Math.max(60, this.options.ttlSeconds) })
      .then(() => done?.(), done);
  }
}
