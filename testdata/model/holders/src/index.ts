import { Provider, docsOf } from "./provider";
import type { Env } from "./provider";

// Namespaces reached through methods of an instance of another module's
// class, kept in a field (public or private), and through functions kept
// in a field or an object literal.
const pick = { docs: docsOf, files: (env: Env) => env.FILES };

class Api {
  provider: Provider;
  #provider: Provider;
  #docs = docsOf;

  constructor(private env: Env) {
    this.provider = new Provider(env);
    this.#provider = this.provider;
  }

  async read(k: string) {
    const doc = await this.provider.namespace().get(k); // kv: DOCS
    const again = await this.#provider.namespace().get(k); // kv: DOCS
    const held = await this.#docs(this.env).get(k); // kv: DOCS
    const picked = await pick.docs(this.env).get(k); // kv: DOCS
    // The bucket's reads are R2's.
    const file = await this.provider.bucket().get(k);
    const other = await this.#provider.bucket().get(k);
    const r2 = await pick.files(this.env).get(k);
    return [doc, again, held, picked, file, other, r2];
  }
}

export default {
  async fetch(req: Request, env: Env) {
    const p = new Provider(env);
    await p.namespace().put(req.url, "1"); // kv: DOCS
    await p.bucket().put(req.url, "1");
    return Response.json(await new Api(env).read(req.url));
  },
};
