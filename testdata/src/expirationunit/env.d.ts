interface Env {
  TOKENS: KVNamespace;
  FILES: R2Bucket;
}
