// A library class of its own module: it hands out the namespace and the
// bucket.
export interface Env {
  DOCS: KVNamespace;
  FILES: R2Bucket;
}

export class Provider {
  constructor(private env: Env) {}
  namespace() {
    return this.env.DOCS;
  }
  bucket() {
    return this.env.FILES;
  }
}

export function docsOf(env: Env) {
  return env.DOCS;
}
