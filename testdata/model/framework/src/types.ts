// Binding types of an app with no wrangler config: the types decide.
export type SessionKV = KVNamespace<string>;

export type AppBindings = {
  SESSIONS: SessionKV;
  UPLOADS: R2Bucket;
};

export interface AppEnv {
  STATE: SessionKV;
  ROOMS: DurableObjectNamespace;
  FILES: R2Bucket;
}

// The same names bound to buckets in another Worker's env: only the type
// of each env tells them apart.
export interface LegacyEnv {
  STATE: R2Bucket;
  SESSIONS: R2Bucket;
}
